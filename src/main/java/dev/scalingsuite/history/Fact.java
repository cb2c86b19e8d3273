package dev.scalingsuite.history;

import java.util.Objects;
import java.util.Optional;

/**
 * A fact of a run read from the live stack that may not have been readable: its value, or why not (the
 * ports do not read it, or reading failed).
 */
public record Fact(Optional<String> value, String notMeasured) {

    public Fact {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(notMeasured, "notMeasured");
        if (value.isPresent() == !notMeasured.isEmpty()) {
            throw new IllegalArgumentException("a fact has a value or says why it has none");
        }
    }

    public static Fact of(String value) {
        return new Fact(Optional.of(value), "");
    }

    public static Fact notMeasured(String why) {
        return new Fact(Optional.empty(), why);
    }

    /** The value, or {@code not measured: <why>}. */
    public String show() {
        return value.orElse("not measured: " + notMeasured);
    }
}
