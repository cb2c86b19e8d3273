package dev.scalingsuite.fleet;

import dev.scalingsuite.fleet.finding.NotMeasured;
import java.util.List;

/**
 * The failure of an assertion that could not be evaluated: the data it judges never arrived. An
 * {@link AssertionError}, so a poll that meets it waits on like for any failed assertion; whoever runs the
 * checks tells it apart from a violation, which says what was measured, and may allow it.
 */
public final class NotMeasuredError extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final transient List<NotMeasured> notMeasured;

    public NotMeasuredError(List<NotMeasured> notMeasured) {
        super(String.join("; ", notMeasured.stream().map(NotMeasured::message).toList()));
        if (notMeasured.isEmpty()) {
            throw new IllegalArgumentException("a check not measured is needed");
        }
        this.notMeasured = List.copyOf(notMeasured);
    }

    public NotMeasuredError(NotMeasured notMeasured) {
        this(List.of(notMeasured));
    }

    /** Each check that could not be evaluated, with what it missed. */
    public List<NotMeasured> notMeasured() {
        return notMeasured;
    }

    /** Everything missed, as one check named {@code check}: the key a scenario gives what was asserted. */
    public NotMeasured as(String check) {
        return new NotMeasured(check, notMeasured.stream().flatMap(n -> n.missing().stream()).toList());
    }
}
