package dev.scalingsuite.fleet;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class LatencyAssertTest {

    private static final Duration MAX = Duration.ofMillis(250);

    @Test
    void aWorstPeriodAboveTheThresholdFailsWithItsRoundedValue() {
        assertThatThrownBy(() -> LatencyAssert.assertThat(OptionalDouble.of(312.6)).hasP95AtMost(MAX))
                .isExactlyInstanceOf(AssertionError.class)
                .hasMessage("Expected E2E latency p95 <= 250 ms but the worst period was 313 ms");
    }

    @Test
    void aWorstPeriodAtTheThresholdPasses() {
        assertThatCode(() -> LatencyAssert.assertThat(OptionalDouble.of(250.0)).hasP95AtMost(MAX))
                .doesNotThrowAnyException();
    }

    @Test
    void noDatapointFailsNoThreshold() {
        assertThatCode(() -> LatencyAssert.assertThat(OptionalDouble.empty()).hasP95AtMost(Duration.ZERO))
                .doesNotThrowAnyException();
    }

    @Test
    void aDescriptionLeadsTheMessage() {
        assertThatThrownBy(() -> LatencyAssert.assertThat(OptionalDouble.of(900)).as("thresholds").hasP95AtMost(MAX))
                .hasMessage("[thresholds] Expected E2E latency p95 <= 250 ms but the worst period was 900 ms");
    }
}
