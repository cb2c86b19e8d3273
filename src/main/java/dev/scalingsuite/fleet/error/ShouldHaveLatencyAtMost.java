package dev.scalingsuite.fleet.error;

import java.time.Duration;
import org.assertj.core.error.ErrorMessageFactory;

/** The worst period's response latency p95 was above the bound. */
public final class ShouldHaveLatencyAtMost extends TextMessage {

    private ShouldHaveLatencyAtMost(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * e.g. {@code Expected the p95 of VoiceAgent/Pipeline AgentResponseLatency (Environment=poc) <= 250 ms but
     * the worst period was 312 ms}.
     */
    public static ErrorMessageFactory shouldHaveP95AtMost(String metric, Duration max, double worstMillis) {
        return new ShouldHaveLatencyAtMost("Expected the p95 of %s <= %s ms but the worst period was %s ms",
                metric, max.toMillis(), Math.round(worstMillis));
    }
}
