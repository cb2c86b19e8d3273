package dev.scalingsuite.twin.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.model.TaskRecord;
import dev.scalingsuite.twin.stack.Fault;
import dev.scalingsuite.twin.stack.SessionTable;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The voice agents of the running tasks and what each does on its own: sessions with task
 * protection on at 0 -> 1 and off at 1 -> 0, protection renewal, heartbeats, structured log lines
 * with the deployed agent's event names (backend/voice-agent/app/service_main.py), its response
 * latency as EMF log lines (app/observability.py), and the drain on SIGTERM. Every method runs under the stack's monitor; DynamoDB writes go to the
 * I/O executor in order, so the twin's lock is never held across a network call.
 */
public final class Agents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StackModel stack;
    private final SessionTable table;
    private final Executor io;
    private final Map<String, Agent> byTask = new LinkedHashMap<>();
    private final Map<String, String> taskOfCall = new LinkedHashMap<>();
    /** Why {@link #startSession} refuses a session id the agent already holds (HTTP 400 on {@code /call}). */
    public static final String ALREADY_ACTIVE = "already active";

    private final List<SessionListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    Agents(StackModel stack, SessionTable table, Executor io) {
        this.stack = stack;
        this.table = table;
        this.io = io;
    }

    /** Told when the twin ends a session itself (drain timeout, SIGKILL, crash), so calls hang up. */
    public interface SessionListener {
        void sessionEndedByTask(String taskId, String sessionId, String reason);
    }

    public void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    /** The container started: the agent initializes, then heartbeats. */
    void started(TaskRecord task, Instant now) {
        double init = stack.settings().initSeconds() * EcsScheduler.coldStartFactor(stack.settings());
        Agent agent = new Agent(task.id(), stack.settings().maxConcurrentCalls(), now.plus(stack.wall(init)));
        byTask.put(task.id(), agent);
        log(task.id(), now, "{\"event\":\"service_starting\",\"port\":8080,\"region\":\""
                + stack.settings().region() + "\"}");
    }

    /** Adopts a task that was already running when the twin started. */
    void adopt(TaskRecord task, Instant now) {
        Agent agent = new Agent(task.id(), stack.settings().maxConcurrentCalls(), now);
        agent.nextHeartbeat(now.plus(stack.wall(stack.settings().heartbeatInterval())));
        agent.announceReady(); // it has served since before the twin started
        byTask.put(task.id(), agent);
    }

    public Optional<Agent> agent(String taskId) {
        return Optional.ofNullable(byTask.get(taskId));
    }

    public Collection<Agent> all() {
        return byTask.values();
    }

    /**
     * Starts a session on a task, as the agent's {@code POST /call} does: a session if the agent is
     * ready and does not hold this session id yet, else the reason it refused. A refusal while
     * draining or at capacity logs {@code call_rejected_draining} or {@code call_rejected_at_capacity}
     * as the deployed agent does, with no session id.
     *
     * @param sessionId the id the webhook gave the call ({@code sip-<8 hex>} on the call path)
     * @return empty when accepted, else why the task refused: {@link Agent#DRAINING}, a reason starting
     *     with {@link Agent#AT_CAPACITY}, {@link #ALREADY_ACTIVE}, or one the agent could not have
     *     answered with (initializing, stopped, no such task)
     */
    public Optional<String> startSession(String taskId, String sessionId) {
        Instant now = stack.now();
        Agent agent = byTask.get(taskId);
        if (agent == null) {
            return Optional.of("no such task");
        }
        if (!agent.ready(now)) {
            String reason = agent.notReadyReason(now);
            if (reason.equals(Agent.DRAINING)) {
                log(taskId, now, "warning", "{\"event\":\"call_rejected_draining\",\"active_sessions\":"
                        + agent.activeSessions() + "}");
            } else if (reason.startsWith(Agent.AT_CAPACITY)) {
                log(taskId, now, "warning", "{\"event\":\"call_rejected_at_capacity\",\"active_sessions\":"
                        + agent.activeSessions() + ",\"max_concurrent\":" + agent.maxConcurrentCalls() + "}");
            }
            return Optional.of(reason);
        }
        if (agent.hasSession(sessionId)) {
            return Optional.of(ALREADY_ACTIVE);
        }
        agent.add(sessionId, now);
        taskOfCall.put(sessionId, taskId);
        io.execute(() -> table.sessionStarted(sessionId, taskId, now));
        log(taskId, now, "{\"event\":\"session_started\",\"session_id\":\"" + sessionId + "\",\"active_sessions\":"
                + agent.activeSessions() + "}");
        if (agent.activeSessions() == 1) {
            protect(taskId, true, now);
        }
        return Optional.empty();
    }

    /** Ends a session the caller hung up; unknown session ids are ignored (BYE retransmissions). */
    public void endSession(String sessionId, String reason) {
        endSession(sessionId, reason, true);
    }

    /**
     * Ends a session; {@code recorded}: the agent marks its item ended in the session table, as it does
     * whenever its process lives on to do so.
     */
    private void endSession(String sessionId, String reason, boolean recorded) {
        String taskId = taskOfCall.remove(sessionId);
        Agent agent = taskId == null ? null : byTask.get(taskId);
        if (agent == null || !agent.hasSession(sessionId)) {
            return;
        }
        Instant now = stack.now();
        agent.remove(sessionId);
        if (recorded) {
            io.execute(() -> table.sessionEnded(sessionId, reason, now));
        }
        log(taskId, now, "{\"event\":\"session_ended\",\"session_id\":\"" + sessionId + "\",\"reason\":\"" + reason
                + "\",\"active_sessions\":" + agent.activeSessions() + "}");
        if (agent.activeSessions() == 0) {
            protect(taskId, false, now);
        }
    }

    public Optional<String> taskOf(String sessionId) {
        return Optional.ofNullable(taskOfCall.get(sessionId));
    }

    /** SIGTERM: stop accepting, let calls finish for up to the drain timeout. */
    void sigterm(String taskId, Instant now) {
        Agent agent = byTask.get(taskId);
        if (agent != null && !agent.draining()) {
            agent.startDrain(now);
            log(taskId, now, "{\"event\":\"drain_started\",\"active_sessions\":" + agent.activeSessions() + "}");
        }
    }

    /** Whether the agent has finished draining (no calls left, or it gave up at the drain timeout). */
    boolean drained(String taskId, Instant now) {
        Agent agent = byTask.get(taskId);
        if (agent == null || agent.exited()) {
            return true;
        }
        boolean timedOut = !now.isBefore(agent.drainStartedAt().plus(stack.wall(stack.settings().drainTimeout())));
        if (agent.activeSessions() == 0 || timedOut) {
            endAll(agent, "drain_timeout", now, true);
            log(taskId, now, "{\"event\":\"drain_complete\",\"timed_out\":" + timedOut + "}");
            // the heartbeat item stays and goes stale, as after a kill: the agent's drain ends by cancelling
            // every task, its heartbeat loop with them (backend/voice-agent/app/service_main.py:759-767), and
            // nothing deletes the item (session_tracker.py:377-386, stop_heartbeat_loop, only cancels the loop
            // and is never called), so the session counter counts the task until its last heartbeat is 90 s old
            agent.exit();
            return true;
        }
        return false;
    }

    /**
     * SIGKILL or a crash: every live call on the task is dropped. The process is gone, so nothing marks
     * its sessions ended: their items stay active until the session counter reaps them once the task's
     * heartbeat is stale ("If a container dies, end_session() never fires", handler.py:82-90).
     */
    void kill(String taskId, String reason, Instant now) {
        Agent agent = byTask.get(taskId);
        if (agent != null && !agent.exited()) {
            endAll(agent, reason, now, false);
            agent.exit();
        }
    }

    void remove(String taskId) {
        byTask.remove(taskId);
    }

    private void endAll(Agent agent, String reason, Instant now, boolean recorded) {
        for (String sessionId : agent.sessionIds()) {
            endSession(sessionId, reason, recorded);
            listeners.forEach(l -> l.sessionEndedByTask(agent.taskId(), sessionId, reason));
        }
    }

    /** Heartbeats and protection renewal, each on its own interval. */
    void tick(Instant now) {
        for (Agent agent : byTask.values()) {
            if (agent.exited() || !agent.initialized(now)) {
                continue;
            }
            if (!agent.announcedReady()) {
                agent.announceReady();
                // the app's line once it serves: cold-start reports time the container's init by it
                log(agent.taskId(), now, "{\"event\":\"service_ready\",\"port\":8080,"
                        + "\"endpoint\":\"http://0.0.0.0:8080\"}");
            }
            if (!now.isBefore(agent.nextHeartbeat())) {
                int active = agent.activeSessions();
                String taskId = agent.taskId();
                Instant expires = now.plus(stack.wall(SessionTable.HEARTBEAT_TTL_SECONDS));
                io.execute(() -> table.heartbeat(taskId, active, now, expires));
                agent.nextHeartbeat(now.plus(stack.wall(stack.settings().heartbeatInterval())));
            }
            if (agent.activeSessions() > 0 && agent.nextProtectionRenewal() != null
                    && !now.isBefore(agent.nextProtectionRenewal())) {
                protect(agent.taskId(), true, now);
            }
        }
    }

    /** Sets or clears the task's protection, unless the twin models an agent without protection. */
    private void protect(String taskId, boolean on, Instant now) {
        Optional<TaskRecord> task = stack.ecs().task(taskId);
        if (task.isEmpty() || !stack.settings().taskProtection()
                || stack.settings().hasFault(Fault.NO_TASK_PROTECTION)) {
            return;
        }
        int minutes = stack.settings().protectionExpiryMinutes();
        task.get().protect(on, now.plus(stack.wall(minutes * 60.0)));
        Agent agent = byTask.get(taskId);
        if (agent != null) {
            agent.nextProtectionRenewal(on ? now.plus(stack.wall(stack.settings().heartbeatInterval())) : null);
        }
        log(taskId, now, "{\"event\":\"task_protection_updated\",\"protected\":" + on + ",\"expires_in_minutes\":"
                + (on ? minutes : 0) + ",\"task_id\":\"" + taskId + "\"}");
    }

    /**
     * One turn's response latency, as the agent's EMFLogger prints it to stdout and the awslogs driver
     * ships it to the task's stream: an EMF object with {@code AgentResponseLatency} (ms) in
     * {@code VoiceAgent/Pipeline} by {@code [Environment]} and {@code [Environment, CallId]}. CloudWatch
     * turns it into metrics as it ingests it ({@code LogStore}).
     */
    void agentResponseLatency(String taskId, String callId, int turn, double millis, Instant at) {
        ObjectNode emf = JSON.createObjectNode();
        ObjectNode directive = emf.putObject("_aws").put("Timestamp", at.toEpochMilli())
                .putArray("CloudWatchMetrics").addObject().put("Namespace", StackModel.PIPELINE_NAMESPACE);
        ArrayNode dimensions = directive.putArray("Dimensions");
        dimensions.addArray().add("Environment");
        dimensions.addArray().add("Environment").add("CallId");
        directive.putArray("Metrics").addObject().put("Name", "AgentResponseLatency").put("Unit", "Milliseconds");
        emf.put("Environment", stack.settings().environment()).put("CallId", callId).put("TurnNumber", turn)
                .put("event", "turn_metrics").put("AgentResponseLatency", Math.round(millis * 10) / 10.0);
        // printed, not logged through structlog: no level
        stack.logs().append(stack.arns().logGroup(), stack.logStream(taskId), at, emf.toString());
    }

    void log(String taskId, Instant at, String json) {
        log(taskId, at, "info", json);
    }

    private void log(String taskId, Instant at, String level, String json) {
        stack.logs().append(stack.arns().logGroup(), stack.logStream(taskId), at,
                json.substring(0, json.length() - 1) + ",\"level\":\"" + level + "\"}");
    }
}
