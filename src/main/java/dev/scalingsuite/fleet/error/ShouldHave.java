package dev.scalingsuite.fleet.error;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * The failure messages of the fleet assertions: what was expected, what was seen, and the whole
 * snapshot it was seen in, so a timeout message alone tells why a step failed.
 */
public final class ShouldHave extends BasicErrorMessageFactory {

    private ShouldHave(String format, Object... arguments) {
        super(format, arguments);
    }

    /** e.g. {@code Expected running tasks >= 2 but was 1 (running 1, desired 2, pending 1; ...)}. */
    public static ErrorMessageFactory shouldHave(String expectation, long actual, String seen) {
        return shouldHave(expectation, String.valueOf(actual), seen);
    }

    /** As above, with the actual value as its quantity shows it, e.g. {@code in-progress}. */
    public static ErrorMessageFactory shouldHave(String expectation, String actual, String seen) {
        return new ShouldHave("%nExpected " + expectation + " but was " + actual + " (%s)", unquotedString(seen));
    }
}
