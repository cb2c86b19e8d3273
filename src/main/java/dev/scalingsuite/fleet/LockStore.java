package dev.scalingsuite.fleet;

import java.util.Optional;

/**
 * Named text records where a {@link RunLock} lives. Only {@link #createIfAbsent} must be atomic: it
 * is the one operation that grants a lock.
 */
public interface LockStore {

    Optional<String> read(String name);

    /** Creates the record; {@code false} when it exists already, whoever wrote it. */
    boolean createIfAbsent(String name, String value);

    /** Writes the record whether or not it exists. */
    void overwrite(String name, String value);

    /** Deletes the record; nothing happens when it does not exist. */
    void delete(String name);
}
