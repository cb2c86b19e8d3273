package dev.scalingsuite.fleet;

import static dev.scalingsuite.fleet.error.ShouldHaveLatencyAtMost.shouldHaveP95AtMost;

import dev.scalingsuite.fleet.finding.Missing;
import dev.scalingsuite.fleet.finding.NotMeasured;
import dev.scalingsuite.fleet.finding.Source;
import java.time.Duration;
import java.util.OptionalDouble;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on the worst p95 of the agent's response latency over the metric periods of a
 * run, in milliseconds; empty when no period had a datapoint, which leaves every bound not measured
 * ({@link NotMeasuredError}): a bound that cannot be checked is not met. {@code metric} says what was
 * read, for the messages:
 * <pre>
 * assertThat(worstP95Millis, new MetricName("VoiceAgent/Pipeline", "AgentResponseLatency", "Environment=poc"))
 *         .hasP95AtMost(Duration.ofMillis(2500));
 * </pre>
 */
public final class LatencyAssert extends AbstractAssert<LatencyAssert, OptionalDouble> {

    private final MetricName metric;

    private LatencyAssert(OptionalDouble worstP95Millis, MetricName metric) {
        super(worstP95Millis, LatencyAssert.class);
        this.metric = metric;
    }

    /** @param metric the metric the percentiles were read from: namespace, name and dimension */
    public static LatencyAssert assertThat(OptionalDouble worstP95Millis, MetricName metric) {
        return new LatencyAssert(worstP95Millis, metric);
    }

    /** The worst period's p95 is at most {@code max}; not measured when no period had a datapoint. */
    public LatencyAssert hasP95AtMost(Duration max) {
        isNotNull();
        if (actual.isEmpty()) {
            throw new NotMeasuredError(new NotMeasured("the p95 of " + metric.describe() + " <= " + max.toMillis()
                    + " ms", Missing.of(Source.METRICS, metric.metric() + " datapoint").in(metric.where())));
        }
        if (actual.getAsDouble() > max.toMillis()) {
            throw assertionError(shouldHaveP95AtMost(metric.describe(), max, actual.getAsDouble()));
        }
        return this;
    }
}
