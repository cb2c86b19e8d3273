package dev.scalingsuite.twin.sip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingsuite.twin.control.Agent;
import dev.scalingsuite.twin.control.Agents;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A task's agent over real HTTP: the routes, status codes and JSON bodies of upstream's
 * {@code service_main.py}, against an agent whose state the test sets.
 */
class AgentHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CALL = "{\"room_url\":\"https://x.daily.co/r\",\"room_token\":\"t\",\"session_id\":\"%s\"}";

    private final FakeAgent agent = new FakeAgent();
    private final List<String> joined = new CopyOnWriteArrayList<>();
    private AgentHttp http;

    @BeforeEach
    void start() throws IOException {
        http = new AgentHttp("task-1", agent, (task, session) -> joined.add(task + "/" + session),
                Executors.newSingleThreadExecutor());
    }

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void readyWhileItHasRoom() throws Exception {
        agent.sessions.add("sip-00000001");
        agent.protectedNow = true;
        HttpResponse<String> r = get("/ready");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(json(r)).isEqualTo(JSON.readTree(
                "{\"status\":\"ready\",\"active_sessions\":1,\"capacity_remaining\":1,\"protected\":true}"));
    }

    @Test
    void notReadyAtCapacityDrainingOrInitializing() throws Exception {
        agent.sessions.addAll(List.of("sip-00000001", "sip-00000002"));
        assertThat(get("/ready").statusCode()).isEqualTo(503);
        assertThat(json(get("/ready"))).isEqualTo(JSON.readTree("{\"status\":\"at_capacity\",\"active_sessions\":2}"));

        agent.draining = true;
        assertThat(json(get("/ready"))).isEqualTo(JSON.readTree("{\"status\":\"draining\",\"active_sessions\":2}"));

        agent.serving = false;
        HttpResponse<String> initializing = get("/ready");
        assertThat(initializing.statusCode()).isEqualTo(503);
        assertThat(json(initializing)).isEqualTo(JSON.readTree("{\"status\":\"initializing\"}"));
    }

    @Test
    void healthAndStatusAlwaysAnswer200WithThePipelineManagersStatus() throws Exception {
        agent.sessions.addAll(List.of("sip-00000001", "sip-00000002"));
        agent.draining = true;
        for (String path : List.of("/health", "/status")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path + ": a full, draining agent is alive").isEqualTo(200);
            assertThat(json(r)).isEqualTo(JSON.readTree("{\"status\":\"draining\",\"active_sessions\":2,"
                    + "\"session_ids\":[\"sip-00000001\",\"sip-00000002\"],\"draining\":true,\"protected\":false,"
                    + "\"capacity_remaining\":0}"));
        }
        agent.draining = false;
        agent.sessions.clear();
        assertThat(json(get("/health")).path("status").asText()).isEqualTo("healthy");
    }

    @Test
    void callStartsASessionAndJoinsItsRoom() throws Exception {
        HttpResponse<String> r = post("/call", String.format(CALL, "sip-0a1b2c3d"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("status").asText()).isEqualTo("started");
        assertThat(body.path("session_id").asText()).isEqualTo("sip-0a1b2c3d");
        assertThat(body.path("call_id").asText()).as("the agent's own correlation id, a UUID")
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(agent.sessions).containsExactly("sip-0a1b2c3d");
        assertThat(joined).containsExactly("task-1/sip-0a1b2c3d");
    }

    @Test
    void callIsRefusedWith503AtCapacityAndWhileDraining() throws Exception {
        agent.sessions.addAll(List.of("sip-00000001", "sip-00000002"));
        HttpResponse<String> full = post("/call", String.format(CALL, "sip-00000003"));
        assertThat(full.statusCode()).isEqualTo(503);
        assertThat(json(full)).isEqualTo(JSON.readTree(
                "{\"status\":\"rejected\",\"error\":\"At capacity, try another instance\"}"));

        agent.sessions.clear();
        agent.draining = true;
        HttpResponse<String> draining = post("/call", String.format(CALL, "sip-00000003"));
        assertThat(draining.statusCode()).isEqualTo(503);
        assertThat(json(draining)).isEqualTo(JSON.readTree(
                "{\"status\":\"rejected\",\"error\":\"Service is draining, not accepting new calls\"}"));
        assertThat(joined).isEmpty();
    }

    @Test
    void badCallsAre400Or500AsUpstreamAnswersThem() throws Exception {
        HttpResponse<String> missing = post("/call", "{\"session_id\":\"sip-00000001\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing)).isEqualTo(JSON.readTree(
                "{\"status\":\"error\",\"error\":\"Missing required fields: room_url, room_token, session_id\"}"));

        agent.sessions.add("sip-00000001");
        HttpResponse<String> duplicate = post("/call", String.format(CALL, "sip-00000001"));
        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(json(duplicate)).isEqualTo(JSON.readTree(
                "{\"status\":\"error\",\"error\":\"Session sip-00000001 already active\"}"));

        HttpResponse<String> notJson = post("/call", "room_url=x");
        assertThat(notJson.statusCode()).isEqualTo(500);
        assertThat(json(notJson).path("status").asText()).isEqualTo("error");

        agent.serving = false;
        HttpResponse<String> notUp = post("/call", String.format(CALL, "sip-00000002"));
        assertThat(notUp.statusCode()).isEqualTo(503);
        assertThat(json(notUp)).isEqualTo(JSON.readTree("{\"status\":\"error\",\"error\":\"Service not initialized\"}"));
    }

    @Test
    void otherPathsAndMethodsAnswerAsAiohttpDoes() throws Exception {
        assertThat(get("/metrics").statusCode()).isEqualTo(404);
        assertThat(get("/call").statusCode()).isEqualTo(405);
        assertThat(post("/ready", "{}").statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + http.address().getPort() + path);
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    /** An agent with MAX_CONCURRENT_CALLS 2 whose state the test sets; it refuses as the control plane does. */
    static final class FakeAgent implements AgentPort {
        volatile boolean serving = true;
        volatile boolean draining;
        volatile boolean protectedNow;
        final List<String> sessions = new CopyOnWriteArrayList<>();

        @Override
        public Optional<Status> status(String taskId) {
            return Optional.of(new Status(serving, draining, sessions.size(), 2, new ArrayList<>(sessions),
                    protectedNow));
        }

        @Override
        public Optional<String> startSession(String taskId, String sessionId) {
            if (draining) {
                return Optional.of(Agent.DRAINING);
            }
            if (sessions.size() >= 2) {
                return Optional.of(Agent.AT_CAPACITY + " (2 calls)");
            }
            if (sessions.contains(sessionId)) {
                return Optional.of(Agents.ALREADY_ACTIVE);
            }
            sessions.add(sessionId);
            return Optional.empty();
        }

        @Override
        public boolean hasSession(String taskId, String sessionId) {
            return sessions.contains(sessionId);
        }

        @Override
        public void endSession(String sessionId, String reason) {
            sessions.remove(sessionId);
        }

        @Override
        public void log(String taskId, String json) {
        }

        @Override
        public int activeSessions(String taskId) {
            return sessions.size();
        }

        @Override
        public boolean alive(String taskId) {
            return serving;
        }

        @Override
        public void agentResponseLatency(String taskId, String callId, int turn, double millis) {
        }
    }
}
