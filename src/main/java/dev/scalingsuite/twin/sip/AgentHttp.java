package dev.scalingsuite.twin.sip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.scalingsuite.twin.control.Agent;
import dev.scalingsuite.twin.control.Agents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * One task's voice agent over HTTP/1.1 on its own port of the task's address (the container's port 8080), with the
 * routes, status codes and JSON bodies of upstream's {@code backend/voice-agent/app/service_main.py}:
 * <ul>
 *   <li>{@code GET /ready}: 200 {@code {"status": "ready", "active_sessions", "capacity_remaining",
 *       "protected"}}; 503 {@code {"status": "draining"|"at_capacity", "active_sessions"}} or
 *       {@code {"status": "initializing"}};</li>
 *   <li>{@code GET /health} and {@code GET /status}: 200 with the pipeline manager's status
 *       ({@code status} healthy or draining, {@code active_sessions}, {@code session_ids},
 *       {@code draining}, {@code protected}, {@code capacity_remaining});</li>
 *   <li>{@code POST /call} with {@code room_url}, {@code room_token}, {@code session_id}: 200
 *       {@code {"status": "started", "session_id", "call_id"}}; 503 {@code {"status": "rejected",
 *       "error"}} while draining or at capacity (the agent logs {@code call_rejected_draining} or
 *       {@code call_rejected_at_capacity}, without any session id); 400 for missing fields or a
 *       session id already active; 500 for a body that is not JSON.</li>
 * </ul>
 * A started session joins its room: the front door then dials the room's SIP URI and reaches this
 * task's SIP side. Other paths answer 404, other methods 405, as aiohttp does.
 */
final class AgentHttp implements AutoCloseable {

    /** Told when the agent started a session, i.e. joined the session's room. */
    interface RoomJoiner {
        void joined(String taskId, String sessionId);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String taskId;
    private final AgentPort agent;
    private final RoomJoiner rooms;
    private final HttpServer server;

    AgentHttp(String taskId, AgentPort agent, RoomJoiner rooms, Executor executor) throws IOException {
        this(taskId, InetAddress.getLoopbackAddress(), agent, rooms, executor);
    }

    /** The agent's server on a free port of {@code address}, the task's. */
    AgentHttp(String taskId, InetAddress address, AgentPort agent, RoomJoiner rooms, Executor executor)
            throws IOException {
        this.taskId = taskId;
        this.agent = agent;
        this.rooms = rooms;
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            // read once, when the first server starts: without it every answer waits for a delayed ACK
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        this.server = HttpServer.create(new InetSocketAddress(address, 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(server.getAddress().getAddress(), server.getAddress().getPort());
    }

    String taskId() {
        return taskId;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            boolean get = method.equals("GET") || method.equals("HEAD");
            switch (path) {
                case "/ready" -> respond(exchange, get ? ready() : methodNotAllowed());
                case "/health", "/status" -> respond(exchange, get ? status() : methodNotAllowed());
                case "/call" -> respond(exchange, method.equals("POST") ? call(exchange.getRequestBody())
                        : methodNotAllowed());
                default -> respond(exchange, new Answer(404, "text/plain; charset=utf-8", "404: Not Found"));
            }
        }
    }

    /** An HTTP answer: status, content type and body. */
    record Answer(int status, String contentType, String body) {
        static Answer json(int status, ObjectNode body) {
            return new Answer(status, "application/json; charset=utf-8", body.toString());
        }
    }

    private static Answer methodNotAllowed() {
        return new Answer(405, "text/plain; charset=utf-8", "405: Method Not Allowed");
    }

    Answer ready() {
        Optional<AgentPort.Status> status = agent.status(taskId).filter(AgentPort.Status::serving);
        if (status.isEmpty()) {
            return Answer.json(503, JSON.createObjectNode().put("status", "initializing"));
        }
        AgentPort.Status s = status.get();
        if (s.draining()) {
            return Answer.json(503, JSON.createObjectNode().put("status", "draining")
                    .put("active_sessions", s.activeSessions()));
        }
        if (s.activeSessions() >= s.maxConcurrentCalls()) {
            return Answer.json(503, JSON.createObjectNode().put("status", "at_capacity")
                    .put("active_sessions", s.activeSessions()));
        }
        return Answer.json(200, JSON.createObjectNode().put("status", "ready")
                .put("active_sessions", s.activeSessions())
                .put("capacity_remaining", s.maxConcurrentCalls() - s.activeSessions())
                .put("protected", s.protectedNow()));
    }

    /** {@code /health} and {@code /status}: both answer the pipeline manager's status, always 200. */
    Answer status() {
        Optional<AgentPort.Status> status = agent.status(taskId).filter(AgentPort.Status::serving);
        if (status.isEmpty()) {
            return Answer.json(200, JSON.createObjectNode().put("status", "initializing"));
        }
        AgentPort.Status s = status.get();
        ObjectNode body = JSON.createObjectNode().put("status", s.draining() ? "draining" : "healthy")
                .put("active_sessions", s.activeSessions());
        ArrayNode ids = body.putArray("session_ids");
        s.sessionIds().forEach(ids::add);
        return Answer.json(200, body.put("draining", s.draining()).put("protected", s.protectedNow())
                .put("capacity_remaining", s.maxConcurrentCalls() - s.activeSessions()));
    }

    Answer call(InputStream requestBody) throws IOException {
        if (agent.status(taskId).filter(AgentPort.Status::serving).isEmpty()) {
            return Answer.json(503, error("Service not initialized"));
        }
        JsonNode data;
        try {
            data = JSON.readTree(requestBody.readAllBytes());
        } catch (IOException e) {
            return Answer.json(500, error(e.getMessage()));
        }
        if (data == null || !data.isObject()) {
            return Answer.json(500, error("the body is not a JSON object"));
        }
        String roomUrl = data.path("room_url").asText("");
        String roomToken = data.path("room_token").asText("");
        String sessionId = data.path("session_id").asText("");
        if (roomUrl.isEmpty() || roomToken.isEmpty() || sessionId.isEmpty()) {
            return Answer.json(400, error("Missing required fields: room_url, room_token, session_id"));
        }
        Optional<String> refused = agent.startSession(taskId, sessionId);
        if (refused.isEmpty()) {
            rooms.joined(taskId, sessionId);
            return Answer.json(200, JSON.createObjectNode().put("status", "started").put("session_id", sessionId)
                    .put("call_id", UUID.randomUUID().toString()));
        }
        String reason = refused.get();
        if (reason.equals(Agent.DRAINING)) {
            return Answer.json(503, JSON.createObjectNode().put("status", "rejected")
                    .put("error", "Service is draining, not accepting new calls"));
        }
        if (reason.startsWith(Agent.AT_CAPACITY)) {
            return Answer.json(503, JSON.createObjectNode().put("status", "rejected")
                    .put("error", "At capacity, try another instance"));
        }
        if (reason.equals(Agents.ALREADY_ACTIVE)) {
            return Answer.json(400, error("Session " + sessionId + " already active"));
        }
        // the agent stopped or is not up yet between this request's check and its session: as before it
        return Answer.json(503, error("Service not initialized"));
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("status", "error").put("error", message);
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(answer.status(), head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
