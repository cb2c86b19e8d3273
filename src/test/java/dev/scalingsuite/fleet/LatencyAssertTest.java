package dev.scalingsuite.fleet;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class LatencyAssertTest {

    private static final Duration MAX = Duration.ofMillis(250);
    private static final MetricName METRIC = new MetricName("VoiceAgent/Pipeline", "AgentResponseLatency",
            "Environment=poc");

    @Test
    void aWorstPeriodAboveTheThresholdFailsWithItsRoundedValue() {
        assertThatThrownBy(() -> LatencyAssert.assertThat(OptionalDouble.of(312.6), METRIC).hasP95AtMost(MAX))
                .isExactlyInstanceOf(AssertionError.class)
                .hasMessage("Expected the p95 of VoiceAgent/Pipeline AgentResponseLatency (Environment=poc) <= 250 ms "
                        + "but the worst period was 313 ms");
    }

    @Test
    void aWorstPeriodAtTheThresholdPasses() {
        assertThatCode(() -> LatencyAssert.assertThat(OptionalDouble.of(250.0), METRIC).hasP95AtMost(MAX))
                .doesNotThrowAnyException();
    }

    /**
     * A bound on data that never came is not met: it once passed, hiding a latency metric nobody published;
     * then it failed as a violation; now it is not measured, named where the datapoints were looked for.
     */
    @Test
    void noDatapointAtAllIsNotMeasuredNamingWhereItLooked() {
        assertThatThrownBy(() -> LatencyAssert.assertThat(OptionalDouble.empty(), METRIC)
                .hasP95AtMost(Duration.ofSeconds(10)))
                .isExactlyInstanceOf(NotMeasuredError.class)
                .hasMessage("not measured: the p95 of VoiceAgent/Pipeline AgentResponseLatency (Environment=poc) <= "
                        + "10000 ms: no AgentResponseLatency datapoint in VoiceAgent/Pipeline {Environment=poc}");
    }

    @Test
    void aDescriptionLeadsTheMessage() {
        assertThatThrownBy(() -> LatencyAssert.assertThat(OptionalDouble.of(900), METRIC).as("thresholds")
                .hasP95AtMost(MAX))
                .hasMessage("[thresholds] Expected the p95 of VoiceAgent/Pipeline AgentResponseLatency (Environment=poc) "
                        + "<= 250 ms but the worst period was 900 ms");
    }
}
