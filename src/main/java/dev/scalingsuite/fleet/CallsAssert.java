package dev.scalingsuite.fleet;

import static dev.scalingsuite.fleet.Bound.AT_MOST;
import static dev.scalingsuite.fleet.CallQuantity.DROPPED_CALLS;
import static dev.scalingsuite.fleet.CallQuantity.FRONT_DOOR_FAILURES;
import static dev.scalingsuite.fleet.CallQuantity.REJECTED_CALLS;
import static dev.scalingsuite.fleet.error.ShouldHave.shouldHave;
import static dev.scalingsuite.fleet.error.ShouldHaveCallsJudged.shouldHaveFrontDoorFailuresAtMost;
import static dev.scalingsuite.fleet.error.ShouldHaveCallsJudged.shouldHaveJudgedEveryHangUp;

import dev.scalingsuite.fleet.CallOutcomes.JudgedCall;
import dev.scalingsuite.fleet.CallOutcomes.StackView;
import dev.scalingsuite.fleet.error.TimeFormat;
import dev.scalingsuite.fleet.finding.LostCallsFinding;
import dev.scalingsuite.fleet.finding.LostCallsFinding.HungUpCall;
import dev.scalingsuite.fleet.finding.Missing;
import dev.scalingsuite.fleet.finding.NotMeasured;
import dev.scalingsuite.fleet.finding.Source;
import dev.scalingsuite.fleet.finding.UnjudgedCallsFinding;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on the calls, in the stack's view: see {@link CallOutcomes}. A failure about
 * front-door failures or hang-ups not judged names each call with its times, as {@code time} writes
 * them (the run's {@link ModelClock}; wall-clock instants when none is given). A bound met while some
 * caller instance's counts could not be read is not measured ({@link NotMeasuredError}): the totals leave
 * its calls out; one the counted calls already break fails as it would with every count.
 */
public final class CallsAssert extends AbstractAssert<CallsAssert, CallOutcomes> {

    /** Wall-clock instants and durations as they are. */
    private static final TimeFormat WALL = new TimeFormat() {
        @Override
        public String at(Instant instant) {
            return instant.toString();
        }

        @Override
        public String show(Duration wall) {
            return ModelClock.showModel(wall.toMillis() / 1000.0);
        }
    };

    private final TimeFormat time;

    public CallsAssert(CallOutcomes actual, TimeFormat time) {
        super(actual, CallsAssert.class);
        this.time = time;
    }

    public static CallsAssert assertThat(CallOutcomes actual) {
        return new CallsAssert(actual, WALL);
    }

    /** @param time writes the calls' times in failure messages, e.g. the run's {@link ModelClock} */
    public static CallsAssert assertThat(CallOutcomes actual, TimeFormat time) {
        return new CallsAssert(actual, time);
    }

    /** {@code quantity} is within {@code bound} of {@code n}, e.g. {@code has(DROPPED_CALLS, AT_MOST, 0)}. */
    public CallsAssert has(CallQuantity quantity, Bound bound, long n) {
        return has(quantity, bound, n, "");
    }

    /**
     * As {@link #has(CallQuantity, Bound, long)}, the failure saying {@code why} in parentheses after the
     * bound (e.g. that it is a default); nothing when it is empty. A failure about front-door failures
     * names each of them, with its times and what was missing.
     */
    public CallsAssert has(CallQuantity quantity, Bound bound, long n, String why) {
        isNotNull();
        long seen = quantity.of(actual);
        String expectation = bound.describe(quantity, n) + (why.isEmpty() ? "" : " (" + why + ")");
        if (!bound.admits(seen, n)) {
            throw assertionError(quantity == FRONT_DOOR_FAILURES
                    ? shouldHaveFrontDoorFailuresAtMost(new LostCallsFinding(expectation, seen, actual.toString(),
                            actual.judging().settings().refusalWindow(), each(StackView.FRONT_DOOR_FAILURE)), time)
                    : shouldHave(expectation, seen, "calls: " + actual));
        }
        if (!actual.sip().uncounted().isEmpty()) {
            throw new NotMeasuredError(new NotMeasured(expectation, actual.sip().uncounted().stream()
                    .map(where -> Missing.of(Source.SIPP_COUNTS).in(where)).toList()));
        }
        return this;
    }

    public CallsAssert hasDroppedAtMost(long n) {
        return has(DROPPED_CALLS, AT_MOST, n);
    }

    public CallsAssert hasRejectedAtMost(long n) {
        return has(REJECTED_CALLS, AT_MOST, n);
    }

    /** At most {@code n} calls answered, then hung up by the front door with no agent event to explain it. */
    public CallsAssert hasFrontDoorFailuresAtMost(long n) {
        return has(FRONT_DOOR_FAILURES, AT_MOST, n);
    }

    /**
     * Every call the far end ended was judged from the agents' log (none is {@linkplain
     * CallOutcomes#notJudgedYet() not judged yet}); a failure names each call that was not, and why.
     */
    public CallsAssert hasEveryHangUpJudged() {
        isNotNull();
        if (actual.notJudgedYet() > 0) {
            CallOutcomes.Judging judging = actual.judging();
            throw assertionError(shouldHaveJudgedEveryHangUp(new UnjudgedCallsFinding(actual.toString(),
                    each(StackView.NOT_JUDGED_YET), judging.logsReadAt(), judging.unread(),
                    judging.settings().clockSkew(), judging.settings().logDelay()), time));
        }
        return this;
    }

    private List<HungUpCall> each(StackView view) {
        return actual.judgedAs(view).stream().map(CallsAssert::hungUp).toList();
    }

    private static HungUpCall hungUp(JudgedCall c) {
        return new HungUpCall(c.call().callId(), c.call().answeredAt(), c.call().endedAt().orElseThrow(),
                c.events().stream().map(e -> new LostCallsFinding.Event(e.name(), e.at())).toList());
    }
}
