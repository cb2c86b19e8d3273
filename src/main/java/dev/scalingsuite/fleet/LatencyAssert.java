package dev.scalingsuite.fleet;

import static dev.scalingsuite.fleet.error.ShouldHaveLatencyAtMost.shouldHaveP95AtMost;

import java.time.Duration;
import java.util.OptionalDouble;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on the worst end-to-end latency p95 of any metric period of a run, in
 * milliseconds; empty when no period had a datapoint, which no threshold fails:
 * <pre>
 * assertThat(worstE2eP95Millis).hasP95AtMost(Duration.ofMillis(250));
 * </pre>
 */
public final class LatencyAssert extends AbstractAssert<LatencyAssert, OptionalDouble> {

    private LatencyAssert(OptionalDouble worstE2eP95Millis) {
        super(worstE2eP95Millis, LatencyAssert.class);
    }

    public static LatencyAssert assertThat(OptionalDouble worstE2eP95Millis) {
        return new LatencyAssert(worstE2eP95Millis);
    }

    /** The worst period's p95 is at most {@code max}; passes when there was no datapoint. */
    public LatencyAssert hasP95AtMost(Duration max) {
        isNotNull();
        if (actual.isPresent() && actual.getAsDouble() > max.toMillis()) {
            throw assertionError(shouldHaveP95AtMost(max, actual.getAsDouble()));
        }
        return this;
    }
}
