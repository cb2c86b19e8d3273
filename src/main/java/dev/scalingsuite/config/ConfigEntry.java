package dev.scalingsuite.config;

/**
 * One key of the configuration as read, dotted ({@code recovery.allow}, {@code load-hosts.0.host}), with
 * where it was set ({@code config.yaml:7}, {@code -Dscaling.region}) and what it was written as.
 *
 * @param value the value, trimmed; null for a mapping or a list, whose members are entries of their own
 */
record ConfigEntry(String key, String value, String origin, Shape shape) {

    enum Shape { VALUE, GROUP, LIST }

    static ConfigEntry value(String key, String value, String origin) {
        return new ConfigEntry(key, value, origin, Shape.VALUE);
    }

    /** The shape, as problems say it. */
    String shown() {
        return switch (shape) {
            case GROUP -> "a mapping";
            case LIST -> "a list";
            case VALUE -> "a single value";
        };
    }
}
