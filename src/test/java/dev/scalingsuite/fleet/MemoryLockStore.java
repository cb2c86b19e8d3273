package dev.scalingsuite.fleet;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A lock store in memory whose only atomic operation is the one the lock relies on, as SSM's. */
public final class MemoryLockStore implements LockStore {

    final Map<String, String> records = new ConcurrentHashMap<>();

    @Override
    public Optional<String> read(String name) {
        return Optional.ofNullable(records.get(name));
    }

    @Override
    public boolean createIfAbsent(String name, String value) {
        return records.putIfAbsent(name, value) == null;
    }

    @Override
    public void overwrite(String name, String value) {
        records.put(name, value);
    }

    @Override
    public void delete(String name) {
        records.remove(name);
    }
}
