package dev.scalingsuite.twin.sip;

import java.util.List;
import java.util.Optional;

/** What a task's HTTP and SIP sides need from the voice agent inside it (the control plane's session API). */
interface AgentPort {

    /**
     * What the agent's {@code /ready}, {@code /health} and {@code /status} report.
     *
     * @param serving whether its HTTP server is up: initialized and not exited (a draining agent still serves)
     * @param protectedNow whether the task's scale-in protection is set
     */
    record Status(boolean serving, boolean draining, int activeSessions, int maxConcurrentCalls,
            List<String> sessionIds, boolean protectedNow) { }

    /** The agent's state; empty when the task has no agent (never started, or gone). */
    Optional<Status> status(String taskId);

    /** @return empty when the agent took the session, else why it refused (see the control plane's Agents) */
    Optional<String> startSession(String taskId, String sessionId);

    /** Whether the agent holds this session: it joined the session's room and waits for the call there. */
    boolean hasSession(String taskId, String sessionId);

    void endSession(String sessionId, String reason);

    /** Appends a structured log line to the task's log stream. */
    void log(String taskId, String json);

    int activeSessions(String taskId);

    /** Whether the task's agent is still running (not stopped, crashed or gone). */
    boolean alive(String taskId);

    /** Publishes one turn's response latency (the agent's EMF line, {@code AgentResponseLatency}). */
    void agentResponseLatency(String taskId, String callId, int turn, double millis);
}
