package dev.scalingsuite.fleet;

import static dev.scalingsuite.fleet.error.ShouldHave.shouldHave;

import org.assertj.core.api.AbstractAssert;

/** AssertJ assertions on the calls the load generator counted. */
public final class CallsAssert extends AbstractAssert<CallsAssert, CallTally> {

    public CallsAssert(CallTally actual) {
        super(actual, CallsAssert.class);
    }

    public static CallsAssert assertThat(CallTally actual) {
        return new CallsAssert(actual);
    }

    public CallsAssert hasDroppedAtMost(long n) {
        isNotNull();
        return check(actual.dropped() <= n, "dropped calls <= " + n, actual.dropped());
    }

    public CallsAssert hasRejectedAtMost(long n) {
        isNotNull();
        return check(actual.rejected() <= n, "rejected calls <= " + n, actual.rejected());
    }

    private CallsAssert check(boolean holds, String expectation, long seen) {
        isNotNull();
        if (!holds) {
            throw assertionError(shouldHave(expectation, seen, "calls " + actual));
        }
        return this;
    }
}
