package dev.scalingsuite.load;

import java.time.Duration;
import java.util.Objects;

/**
 * The load shape of one SIPp caller instance, built in stages so that only a complete shape
 * compiles: how many calls, how fast, how many at once, and where to.
 * <pre>
 * UacSpec spec = Uac.calls(20).every(Duration.ofMillis(500)).atMostConcurrent(20).to("10.0.1.5", 5060);
 * UacSpec burst = Uac.calls(30).at(10, Duration.ofSeconds(1)).atMostConcurrent(30).to("10.0.1.5", 5060)
 *         .withAudio("caller-question.pcmu");
 * </pre>
 * The concurrency limit is never optional: without {@code -l} SIPp caps held calls at 3 x rate.
 */
public final class Uac {

    private Uac() {
    }

    /** The first stage: {@code count} calls in all ({@code -m}). */
    public static RateStage calls(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("A caller places at least 1 call, not " + count);
        }
        return new RateStage(count);
    }

    /** How fast the calls are placed. */
    public static final class RateStage {
        private final int count;

        private RateStage(int count) {
            this.count = count;
        }

        /** {@code calls} new calls every {@code period} ({@code -r calls -rp period}). */
        public LimitStage at(int calls, Duration period) {
            if (calls < 1) {
                throw new IllegalArgumentException("The call rate is at least 1 call per period, not " + calls);
            }
            Objects.requireNonNull(period, "period");
            if (period.toMillis() < 1) {
                throw new IllegalArgumentException("The rate period is at least 1 ms, not " + period);
            }
            return new LimitStage(count, calls, period);
        }

        /** One new call every {@code interval}. */
        public LimitStage every(Duration interval) {
            return at(1, interval);
        }

        /** {@code calls} new calls per second. */
        public LimitStage perSecond(int calls) {
            return at(calls, Duration.ofSeconds(1));
        }
    }

    /** How many calls may be up at once. */
    public static final class LimitStage {
        private final int count;
        private final int rate;
        private final Duration period;

        private LimitStage(int count, int rate, Duration period) {
            this.count = count;
            this.rate = rate;
            this.period = period;
        }

        /** At most {@code limit} calls up at once ({@code -l}). */
        public TargetStage atMostConcurrent(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("The concurrency limit is at least 1, not " + limit);
            }
            return new TargetStage(count, rate, period, limit);
        }
    }

    /** Where the calls go: the SIP front door. */
    public static final class TargetStage {
        private final int count;
        private final int rate;
        private final Duration period;
        private final int limit;

        private TargetStage(int count, int rate, Duration period, int limit) {
            this.count = count;
            this.rate = rate;
            this.period = period;
            this.limit = limit;
        }

        /** Calls go to {@code host:port} (the SIP front door, e.g. the NLB or Asterisk). */
        public UacSpec to(String host, int port) {
            return new UacSpec(count, rate, period, limit, host, port, UacSpec.DEFAULT_SCENARIO, null, null, false,
                    UacSpec.DEFAULT_CAPTURE_LIMIT);
        }
    }
}
