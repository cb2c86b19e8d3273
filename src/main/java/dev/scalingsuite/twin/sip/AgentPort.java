package dev.scalingsuite.twin.sip;

import java.util.Optional;

/** What a task's SIP side needs from the voice agent inside it (the control plane's session API). */
interface AgentPort {

    /** @return empty when the agent took the call, else why it refused */
    Optional<String> startSession(String taskId, String callId);

    void endSession(String callId, String reason);

    /** Appends a structured log line to the task's log stream. */
    void log(String taskId, String json);

    int activeSessions(String taskId);

    /** Whether the task's agent is still running (not stopped, crashed or gone). */
    boolean alive(String taskId);

    /** Publishes one turn's response latency (the agent's EMF line, {@code AgentResponseLatency}). */
    void agentResponseLatency(String taskId, String callId, int turn, double millis);
}
