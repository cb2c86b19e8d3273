package dev.scalingsuite.twin.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.twin.model.EmbeddedMetrics.Datapoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What CloudWatch extracts from a log event in Embedded Metric Format, and what it leaves alone. */
class EmbeddedMetricsTest {

    private static final long T = 1_790_000_000_123L;

    /** The agent's turn line (app/observability.py, EMFLogger.emit_turn_metrics), trimmed to one metric. */
    private static final String TURN = "{\"_aws\":{\"Timestamp\":" + T + ",\"CloudWatchMetrics\":[{\"Namespace\":"
            + "\"VoiceAgent/Pipeline\",\"Dimensions\":[[\"Environment\"],[\"Environment\",\"CallId\"]],\"Metrics\":"
            + "[{\"Name\":\"AgentResponseLatency\",\"Unit\":\"Milliseconds\"}]}]},\"Environment\":\"poc\","
            + "\"CallId\":\"c-1\",\"TurnNumber\":2,\"event\":\"turn_metrics\",\"AgentResponseLatency\":612.5}";

    @Test
    void eachMetricIsPublishedOncePerDimensionSetAtTheEventsTimestamp() {
        List<Datapoint> points = EmbeddedMetrics.extract(TURN);

        assertThat(points).extracting(p -> p.id().dimensions()).containsExactly(Map.of("Environment", "poc"),
                Map.of("Environment", "poc", "CallId", "c-1"));
        assertThat(points).allSatisfy(p -> {
            assertThat(p.id().namespace()).isEqualTo("VoiceAgent/Pipeline");
            assertThat(p.id().metricName()).isEqualTo("AgentResponseLatency");
            assertThat(p.sample().timestamp()).isEqualTo(Instant.ofEpochMilli(T));
            assertThat(p.sample().values()).containsExactly(612.5);
            assertThat(p.sample().unit()).isEqualTo("Milliseconds");
        });
    }

    @Test
    void aListOfValuesIsOneSampleWithEveryValueAndNoDimensionsIsOneMetric() {
        List<Datapoint> points = EmbeddedMetrics.extract("{\"_aws\":{\"Timestamp\":" + T + ",\"CloudWatchMetrics\":"
                + "[{\"Namespace\":\"N\",\"Dimensions\":[],\"Metrics\":[{\"Name\":\"Lat\"}]}]},\"Lat\":[1,2,3]}");

        assertThat(points).singleElement().satisfies(p -> {
            assertThat(p.id().dimensions()).isEmpty();
            assertThat(p.sample().values()).containsExactly(1.0, 2.0, 3.0);
            assertThat(p.sample().sampleCount()).isEqualTo(3);
            assertThat(p.sample().unit()).isEqualTo("None");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"event\":\"service_ready\"}",
        "not json \"_aws\"",
        "{\"_aws\":{\"CloudWatchMetrics\":[]},\"x\":1}",
        // a dimension whose member is missing, or not a string
        "{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[[\"Env\"]],"
                + "\"Metrics\":[{\"Name\":\"M\"}]}]},\"M\":1}",
        "{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[[\"Env\"]],"
                + "\"Metrics\":[{\"Name\":\"M\"}]}]},\"M\":1,\"Env\":7}",
        // a value that is not a number
        "{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[],"
                + "\"Metrics\":[{\"Name\":\"M\"}]}]},\"M\":\"fast\"}",
        "{\"_aws\":{\"Timestamp\":\"now\",\"CloudWatchMetrics\":[]}}"
    })
    void anEventThatIsNotValidEmfYieldsNoMetric(String message) {
        assertThat(EmbeddedMetrics.extract(message)).isEmpty();
    }

    @Test
    void ingestingTheEventIntoTheLogsPublishesItsMetrics() {
        MetricStore metrics = new MetricStore();
        LogStore logs = new LogStore(metrics);

        logs.append("/ecs/voice-agent-poc", "voice-agent/voice-agent/t1", Instant.ofEpochMilli(T), TURN);

        assertThat(logs.events("/ecs/voice-agent-poc")).singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo(TURN));
        assertThat(metrics.samples(new MetricStore.MetricId("VoiceAgent/Pipeline", "AgentResponseLatency",
                Map.of("Environment", "poc")), Instant.EPOCH, Instant.ofEpochMilli(T + 1))).hasSize(1);
    }
}
