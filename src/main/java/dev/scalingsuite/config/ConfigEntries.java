package dev.scalingsuite.config;

import dev.scalingsuite.config.ConfigEntry.Shape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration as read: one flat map of dotted keys in the order they were read (a later source
 * replaces a value in place), and every problem found so far, each naming where its value came from.
 */
final class ConfigEntries {

    private final Map<String, ConfigEntry> entries = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    void put(ConfigEntry entry) {
        entries.put(entry.key(), entry);
    }

    Optional<ConfigEntry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    boolean contains(String key) {
        return entries.containsKey(key);
    }

    /** Whether {@code key} was read, as something other than {@code shape}. */
    boolean isNot(String key, Shape shape) {
        return get(key).filter(e -> e.shape() != shape).isPresent();
    }

    /** Every entry, in the order read. */
    List<ConfigEntry> all() {
        return List.copyOf(entries.values());
    }

    // ---- problems ----

    void problem(ConfigEntry entry, String what) {
        problems.add(entry.origin() + ": " + what);
    }

    /** A problem that names its origin itself. */
    void problem(String problem) {
        problems.add(problem);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    // ---- typed values ----

    /** The single value {@code key} has, if it is one and not empty. */
    Optional<ConfigEntry> value(String key) {
        return get(key).filter(e -> e.shape() == Shape.VALUE && !e.value().isEmpty());
    }

    Optional<String> text(String key) {
        return value(key).map(ConfigEntry::value);
    }

    boolean bool(String key, boolean fallback) {
        Optional<ConfigEntry> entry = value(key);
        if (entry.isEmpty()) {
            return fallback;
        }
        String v = entry.get().value().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        problem(entry.get(), "'" + key + "' must be true or false, was '" + entry.get().value() + "'");
        return fallback;
    }

    Duration duration(String key, Duration fallback) {
        Optional<ConfigEntry> entry = value(key);
        if (entry.isEmpty()) {
            return fallback;
        }
        Optional<Duration> d = ConfigKeys.positiveDuration(entry.get().value());
        if (d.isEmpty()) {
            problem(entry.get(), "'" + key + "' must be " + ConfigKeys.DURATION + " (more than 0s), was '"
                    + entry.get().value() + "'");
        }
        return d.orElse(fallback);
    }
}
