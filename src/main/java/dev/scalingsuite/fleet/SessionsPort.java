package dev.scalingsuite.fleet;

import java.time.Instant;
import java.util.Map;

/** The session table: per-task heartbeats and the active sessions. */
public interface SessionsPort {

    /**
     * Active sessions per live task: every task with a heartbeat written after {@code freshAfter}, with
     * its active session items (0 when it has none).
     */
    Map<String, Integer> sessionsByTask(Instant freshAfter);

    /** Active session items (the session counter's ActiveCount, read directly). */
    int activeSessions();

    /** Where the heartbeats are read, for messages: e.g. {@code session table voice-agent-poc-sessions}. */
    String where();
}
