package dev.scalingsuite.scenario;

/** One fleet condition of a step, e.g. {@code running-at-least: 2}, with the line it was written on. */
public record Condition(ConditionKind kind, int value, int line) {

    public Condition {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        if (value < 0) {
            throw new IllegalArgumentException(kind.key() + " must be >= 0, was " + value);
        }
    }

    /** As written in YAML: {@code running-at-least: 2}. */
    public String yaml() {
        return kind.key() + ": " + kind.yamlValue(value);
    }

    /** As reports read it: {@code running tasks >= 2}. */
    public String describe() {
        return kind.describe(value);
    }
}
