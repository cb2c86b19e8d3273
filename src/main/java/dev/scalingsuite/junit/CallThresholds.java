package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.Bound;
import dev.scalingsuite.fleet.CallOutcomes;
import dev.scalingsuite.fleet.CallQuantity;
import dev.scalingsuite.fleet.CallsAssert;
import dev.scalingsuite.fleet.NotMeasuredError;
import dev.scalingsuite.fleet.error.TimeFormat;
import dev.scalingsuite.fleet.finding.NotMeasured;
import dev.scalingsuite.scenario.Thresholds;
import java.util.ArrayList;
import java.util.List;

/**
 * A scenario's thresholds on the calls, in the stack's view once settled: the bounds it sets on dropped
 * and rejected calls, the bound on front-door failures (the scenario's, else
 * {@link Thresholds#DEFAULT_MAX_FRONT_DOOR_FAILURES}: a call answered, then hung up with no agent taking or
 * refusing it is a lost call), then every far-end hang-up judged, since a call not judged is counted as
 * none of these. A bound the judged calls already break is the failure named.
 */
final class CallThresholds {

    /** Why the front-door failures are bounded when the scenario does not bound them. */
    static final String FRONT_DOOR_DEFAULT = "the default when a scenario sets no max-front-door-failures";

    private CallThresholds() {
    }

    /**
     * Fails with an {@link AssertionError} naming the first threshold {@code calls} break; returns the
     * thresholds the calls meet but could not measure (a caller instance whose counts were not read).
     */
    static List<NotMeasured> check(Thresholds thresholds, CallOutcomes calls, TimeFormat time) {
        CallsAssert that = CallsAssert.assertThat(calls, time);
        List<NotMeasured> notMeasured = new ArrayList<>();
        thresholds.maxDropped().ifPresent(n -> measure("max-dropped", () -> that.hasDroppedAtMost(n), notMeasured));
        thresholds.maxRejected().ifPresent(n -> measure("max-rejected", () -> that.hasRejectedAtMost(n), notMeasured));
        measure("max-front-door-failures", () -> that.has(CallQuantity.FRONT_DOOR_FAILURES, Bound.AT_MOST,
                thresholds.frontDoorFailuresAllowed(), thresholds.maxFrontDoorFailures().isPresent() ? ""
                        : FRONT_DOOR_DEFAULT), notMeasured);
        that.hasEveryHangUpJudged();
        return notMeasured;
    }

    /** Runs one threshold's check; one it could not measure is noted under {@code key}, and the next is checked. */
    private static void measure(String key, Runnable check, List<NotMeasured> notMeasured) {
        try {
            check.run();
        } catch (NotMeasuredError e) {
            notMeasured.add(e.as(key));
        }
    }

    /** How the thresholds on the calls read, e.g. {@code dropped <= 0, front-door failures <= 0 (default), ...}. */
    static List<String> expected(Thresholds thresholds) {
        List<String> parts = new ArrayList<>();
        thresholds.maxDropped().ifPresent(n -> parts.add("dropped <= " + n));
        thresholds.maxRejected().ifPresent(n -> parts.add("rejected <= " + n));
        parts.add("front-door failures <= " + thresholds.frontDoorFailuresAllowed()
                + (thresholds.maxFrontDoorFailures().isPresent() ? "" : " (default)"));
        return parts;
    }

    /** What the settled view saw of the calls, e.g. {@code dropped 0, rejected 1 (503 0, ...), front-door failures 0, ...}. */
    static String actual(CallOutcomes calls) {
        return "dropped " + calls.dropped() + ", rejected " + calls.rejected() + " (503 " + calls.rejected503()
                + ", refused after answer " + calls.refusedAfterAnswer() + "), front-door failures "
                + calls.frontDoorFailures() + (calls.notJudgedYet() == 0 ? "" : ", not judged " + calls.notJudgedYet())
                + ", ended by the far end " + calls.endedByFarEnd();
    }
}
