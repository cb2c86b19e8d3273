package dev.scalingsuite.fleet;

import static dev.scalingsuite.fleet.Bound.AT_MOST;
import static dev.scalingsuite.fleet.CallQuantity.DROPPED_CALLS;
import static dev.scalingsuite.fleet.CallQuantity.REJECTED_CALLS;
import static dev.scalingsuite.fleet.error.ShouldHave.shouldHave;

import org.assertj.core.api.AbstractAssert;

/** AssertJ assertions on the calls, in the stack's view: see {@link CallOutcomes}. */
public final class CallsAssert extends AbstractAssert<CallsAssert, CallOutcomes> {

    public CallsAssert(CallOutcomes actual) {
        super(actual, CallsAssert.class);
    }

    public static CallsAssert assertThat(CallOutcomes actual) {
        return new CallsAssert(actual);
    }

    /** {@code quantity} is within {@code bound} of {@code n}, e.g. {@code has(DROPPED_CALLS, AT_MOST, 0)}. */
    public CallsAssert has(CallQuantity quantity, Bound bound, long n) {
        isNotNull();
        long seen = quantity.of(actual);
        if (!bound.admits(seen, n)) {
            throw assertionError(shouldHave(bound.describe(quantity, n), seen, "calls: " + actual));
        }
        return this;
    }

    public CallsAssert hasDroppedAtMost(long n) {
        return has(DROPPED_CALLS, AT_MOST, n);
    }

    public CallsAssert hasRejectedAtMost(long n) {
        return has(REJECTED_CALLS, AT_MOST, n);
    }
}
