package dev.scalingsuite.fleet.error;

import java.time.Duration;
import org.assertj.core.error.ErrorMessageFactory;

/** The worst period's end-to-end latency p95 was above the threshold. */
public final class ShouldHaveLatencyAtMost extends TextMessage {

    private ShouldHaveLatencyAtMost(String format, Object... arguments) {
        super(format, arguments);
    }

    /** e.g. {@code Expected E2E latency p95 <= 250 ms but the worst period was 312 ms}. */
    public static ErrorMessageFactory shouldHaveP95AtMost(Duration max, double worstMillis) {
        return new ShouldHaveLatencyAtMost("Expected E2E latency p95 <= %s ms but the worst period was %s ms",
                max.toMillis(), Math.round(worstMillis));
    }
}
