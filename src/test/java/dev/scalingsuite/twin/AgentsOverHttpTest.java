package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.scalingsuite.twin.control.HealthCheckResult;
import dev.scalingsuite.twin.model.LogStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The twin's running task answers HTTP on its own port and through the NLB listener as the deployed
 * agent does: {@code POST /call} starts a session keyed by its session id (the session item, the log
 * lines), refuses with 503 at capacity and logs {@code call_rejected_at_capacity} without any session
 * id, and {@code /ready} turns 503 while {@code /health} stays 200; the NLB's health checks reach it
 * over HTTP too.
 */
class AgentsOverHttpTest {

    private static final int CAPACITY = 2;

    @RegisterExtension
    static final TwinFixture TWIN = new TwinFixture().with("minCapacity", "1").with("maxCapacity", "1")
            .with("maxConcurrentCalls", String.valueOf(CAPACITY));

    @Test
    void aTaskAnswersCallsOverHttpUntilItIsFull() throws Exception {
        Twin twin = TWIN.twin();
        String task;
        synchronized (twin.stack()) {
            task = twin.stack().ecs().tasksWithStatus("RUNNING").get(0).id();
        }
        int agentPort = twin.sip().agentPort(task).orElseThrow();
        int nlbPort = twin.sip().nlbPort();

        HttpResponse<String> first = post(agentPort, "sip-0000000a");
        HttpResponse<String> second = post(nlbPort, "sip-0000000b");
        HttpResponse<String> third = post(nlbPort, "sip-0000000c");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"status\":\"started\"").contains("\"session_id\":\"sip-0000000a\"");
        assertThat(second.statusCode()).as("through the NLB listener").isEqualTo(200);
        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.body()).isEqualTo("{\"status\":\"rejected\",\"error\":\"At capacity, try another instance\"}");
        assertThat(get(agentPort, "/ready").statusCode()).isEqualTo(503);
        assertThat(get(agentPort, "/ready").body()).contains("\"status\":\"at_capacity\"");
        assertThat(get(agentPort, "/health").statusCode()).as("liveness stays up when full").isEqualTo(200);
        assertThat(get(agentPort, "/status").body()).contains("\"session_ids\":[\"sip-0000000a\",\"sip-0000000b\"]");

        List<String> logs;
        synchronized (twin.stack()) {
            logs = twin.stack().logs().events(twin.stack().arns().logGroup()).stream()
                    .map(LogStore.LogEvent::message).toList();
        }
        assertThat(logs).filteredOn(m -> m.contains("\"event\":\"session_started\""))
                .anySatisfy(m -> assertThat(m).contains("\"session_id\":\"sip-0000000a\""));
        assertThat(logs).filteredOn(m -> m.contains("\"event\":\"call_rejected_at_capacity\"")).singleElement()
                .satisfies(m -> assertThat(m).contains("\"active_sessions\":2").contains("\"max_concurrent\":2")
                        .contains("\"level\":\"warning\"").doesNotContain("session_id").doesNotContain("call_id"));
        try (DynamoDbClient dynamo = TWIN.client(DynamoDbClient.builder())) {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(dynamo.getItem(b -> b
                    .tableName(twin.settings().sessionTable())
                    .key(Map.of("PK", AttributeValue.fromS("SESSION#sip-0000000a"),
                            "SK", AttributeValue.fromS("METADATA")))).item())
                    .containsEntry("session_id", AttributeValue.fromS("sip-0000000a"))
                    .containsEntry("task_id", AttributeValue.fromS(task)));
        }
        twin.controlPlane().endSession("sip-0000000a");
        twin.controlPlane().endSession("sip-0000000b");
        assertThat(twin.sip().nlbFlows()).hasSize(2).allSatisfy(f -> assertThat(f.taskId()).isEqualTo(task));
    }

    @Test
    void theNlbChecksTheTaskWithHttpRequestsToItsAgentPort() {
        Twin twin = TWIN.twin();
        String task;
        synchronized (twin.stack()) {
            task = twin.stack().ecs().tasksWithStatus("RUNNING").get(0).id();
        }
        // every 10 model seconds, 1 s of wall time at time scale 10
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(twin.sip().healthChecks())
                .anySatisfy(check -> {
                    assertThat(check.taskId()).isEqualTo(task);
                    assertThat(check.path()).as("the recommended stack's path").isEqualTo("/health");
                    assertThat(check.result()).isEqualTo(HealthCheckResult.answered(200));
                }));
    }

    private static HttpResponse<String> post(int port, String sessionId) throws Exception {
        String body = "{\"room_url\":\"https://twin.daily.co/r\",\"room_token\":\"t\",\"session_id\":\"" + sessionId + "\"}";
        // a client of its own per request: java.net.http pools connections, and a pooled one is one NLB flow
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/call"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
