package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingsuite.twin.model.StackModel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;

/**
 * The telemetry the twin emits, read as an operator reads the deployed stack's: the agent's start-up
 * events, its response latency as EMF lines that CloudWatch turns into {@code VoiceAgent/Pipeline}
 * metrics, and the session counter's per-task metric and log line. Time scale 60: a metric period is
 * one wall second.
 */
class TwinTelemetryTest {

    @RegisterExtension
    static final TwinFixture TWIN = new TwinFixture().with("timeScale", "60");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.now().minusSeconds(600);

    private static CloudWatchClient cloudWatch;
    private static CloudWatchLogsClient logs;

    @BeforeAll
    static void clients() {
        cloudWatch = TWIN.client(CloudWatchClient.builder());
        logs = TWIN.client(CloudWatchLogsClient.builder());
    }

    @AfterAll
    static void close() {
        cloudWatch.close();
        logs.close();
    }

    private static String task() {
        StackModel stack = TWIN.twin().stack();
        synchronized (stack) {
            return stack.ecs().tasksWithStatus("RUNNING").get(0).id();
        }
    }

    private static List<FilteredLogEvent> events(String group, String pattern) {
        return logs.filterLogEvents(b -> b.logGroupName(group).filterPattern(pattern)).events();
    }

    /** One GetMetricData query over the last ten minutes; the period is model seconds. */
    private static MetricDataResult metric(String namespace, String name, String stat, Map<String, String> dims) {
        List<Dimension> dimensions = dims.entrySet().stream()
                .map(e -> Dimension.builder().name(e.getKey()).value(e.getValue()).build()).toList();
        return cloudWatch.getMetricData(b -> b.startTime(START).endTime(Instant.now().plusSeconds(60))
                .metricDataQueries(q -> q.id("m").metricStat(s -> s.stat(stat).period(60)
                        .metric(m -> m.namespace(namespace).metricName(name).dimensions(dimensions)))))
                .metricDataResults().get(0);
    }

    @Test
    void theAgentLogsServiceStartingThenServiceReadyAndNoAgentReady() {
        assertThat(events("/ecs/voice-agent-poc", "service_ready")).singleElement().satisfies(e -> {
            assertThat(e.logStreamName()).isEqualTo("voice-agent/voice-agent/" + task());
            assertThat(JSON.readTree(e.message()).get("event").asText()).isEqualTo("service_ready");
        });
        assertThat(events("/ecs/voice-agent-poc", "service_starting")).hasSize(1);
        assertThat(events("/ecs/voice-agent-poc", "agent_ready")).isEmpty();
    }

    @Test
    void theResponseLatencyIsAnEmfLineInTheTasksStreamAndAMetricByEnvironmentAndCallId() throws Exception {
        String task = task();
        TWIN.twin().controlPlane().agentResponseLatency(task, "call-emf-1", 1, 612.04);
        TWIN.twin().controlPlane().agentResponseLatency(task, "call-emf-1", 2, 700);

        List<FilteredLogEvent> lines = events("/ecs/voice-agent-poc", "turn_metrics");
        assertThat(lines).hasSize(2).allSatisfy(e -> assertThat(e.logStreamName()).endsWith("/" + task));
        JsonNode emf = JSON.readTree(lines.get(0).message());
        assertThat(emf.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("VoiceAgent/Pipeline");
        assertThat(emf.at("/_aws/CloudWatchMetrics/0/Dimensions").toString())
                .isEqualTo("[[\"Environment\"],[\"Environment\",\"CallId\"]]");
        assertThat(emf.at("/_aws/CloudWatchMetrics/0/Metrics").toString())
                .isEqualTo("[{\"Name\":\"AgentResponseLatency\",\"Unit\":\"Milliseconds\"}]");
        assertThat(emf.get("AgentResponseLatency").asDouble()).isEqualTo(612.0);
        assertThat(emf.get("CallId").asText()).isEqualTo("call-emf-1");
        assertThat(emf.get("Environment").asText()).isEqualTo("poc");
        assertThat(emf.at("/_aws/Timestamp").isIntegralNumber()).isTrue();

        MetricDataResult byEnvironment = metric("VoiceAgent/Pipeline", "AgentResponseLatency", "SampleCount",
                Map.of("Environment", "poc"));
        assertThat(byEnvironment.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(2.0);
        MetricDataResult byCall = metric("VoiceAgent/Pipeline", "AgentResponseLatency", "Maximum",
                Map.of("Environment", "poc", "CallId", "call-emf-1"));
        assertThat(byCall.values()).isNotEmpty().allSatisfy(v -> assertThat(v).isBetween(612.0, 700.0));
        assertThat(metric("VoiceAgent/Sessions", "E2ELatency", "SampleCount", Map.of("Environment", "poc")).values())
                .as("the deployed stack publishes no E2ELatency").isEmpty();
    }

    @Test
    void theSessionCounterPublishesSessionsPerTaskPerTaskAndLogsEachCount() throws Exception {
        String task = task();
        assertThat(TWIN.twin().controlPlane().startSession(task, "call-counted-1")).isEmpty();
        try {
            String shortId = task.substring(task.length() - 12);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(metric("VoiceAgent/Sessions",
                    "SessionsPerTask", "Maximum", Map.of("Environment", "poc", "TaskId", shortId)).values())
                    .contains(1.0));

            List<JsonNode> counts = events("/aws/lambda/voice-agent-poc-session-counter", "session_count_completed")
                    .stream().map(e -> {
                        try {
                            return JSON.readTree(e.message());
                        } catch (Exception x) {
                            throw new AssertionError(x);
                        }
                    }).collect(Collectors.toList());
            assertThat(counts).isNotEmpty().anySatisfy(line -> {
                assertThat(line.get("activeSessionCount").asInt()).isEqualTo(1);
                assertThat(line.get("healthyTaskCount").asInt()).isEqualTo(1);
                assertThat(line.at("/taskSessionCounts/" + task).asInt()).isEqualTo(1);
                assertThat(line.has("avgSessionsPerTask") && line.has("maxSessionsPerTask")
                        && line.has("reapedOrphanedSessions")).isTrue();
            });
        } finally {
            TWIN.twin().controlPlane().endSession("call-counted-1");
        }
    }

    @Test
    void theTaskDefinitionCarriesEnvironmentAndNoProtectionExpiryVariable() {
        try (EcsClient ecs = TWIN.client(EcsClient.builder())) {
            List<KeyValuePair> environment = ecs.describeTaskDefinition(b -> b.taskDefinition(
                    "voice-agent-poc-voice-agent")).taskDefinition().containerDefinitions().get(0).environment();
            Map<String, String> byName = environment.stream()
                    .collect(Collectors.toMap(KeyValuePair::name, KeyValuePair::value));
            assertThat(byName).containsEntry("ENVIRONMENT", "poc").doesNotContainKey("TASK_PROTECTION_EXPIRES_MINUTES");
        }
    }
}
