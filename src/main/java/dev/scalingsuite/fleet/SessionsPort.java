package dev.scalingsuite.fleet;

import java.time.Instant;
import java.util.Map;

/** The session table: per-task heartbeats and the active sessions. */
public interface SessionsPort {

    /** Active sessions per task id, from heartbeats written after {@code freshAfter}. */
    Map<String, Integer> sessionsByTask(Instant freshAfter);

    /** Active session items (the session counter's ActiveCount, read directly). */
    int activeSessions();
}
