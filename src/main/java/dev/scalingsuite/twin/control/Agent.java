package dev.scalingsuite.twin.control;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The voice agent inside one task: its sessions, readiness and drain. The deployed agent answers
 * {@code /ready} with 503 while it initializes, drains, or holds {@code MAX_CONCURRENT_CALLS}
 * sessions, and {@code /health} with 200 whenever its HTTP server listens: from the end of its
 * initialization (it loads its configuration and secrets before it starts the server) until it exits,
 * draining included (backend/voice-agent/app/service_main.py, {@code main}, {@code handle_health}).
 * The NLB health check asks the path the target group is configured with; the call path asks
 * {@code /ready}.
 */
public final class Agent {

    private final String taskId;
    private final int maxConcurrentCalls;
    private final Instant initializedAt;
    private final Map<String, Instant> sessions = new LinkedHashMap<>();
    private Instant drainStartedAt;
    private boolean exited;
    private Instant nextHeartbeat;
    private boolean announcedReady;
    private Instant nextProtectionRenewal;
    private Instant busySince;

    Agent(String taskId, int maxConcurrentCalls, Instant initializedAt) {
        this.taskId = taskId;
        this.maxConcurrentCalls = maxConcurrentCalls;
        this.initializedAt = initializedAt;
        this.nextHeartbeat = initializedAt;
    }

    public String taskId() { return taskId; }
    public int activeSessions() { return sessions.size(); }
    public Set<String> sessionIds() { return Set.copyOf(sessions.keySet()); }
    public boolean draining() { return drainStartedAt != null; }
    public Instant drainStartedAt() { return drainStartedAt; }
    public boolean exited() { return exited; }
    /** Since when the agent has held at least one session without a break; null while idle. */
    public Instant busySince() { return busySince; }

    public boolean initialized(Instant now) {
        return !now.isBefore(initializedAt);
    }

    /** What {@code /ready} answers: 200 only when initialized, not draining and below capacity. */
    public boolean ready(Instant now) {
        return !exited && initialized(now) && !draining() && sessions.size() < maxConcurrentCalls;
    }

    /**
     * Whether the agent answers the NLB's health check on {@code path} with 200: {@code /ready} as
     * {@link #ready}; {@code /health} once initialized (before, nothing listens) and until the process
     * exits or is killed, whatever its calls or its drain.
     */
    public boolean answersHealthCheck(String path, Instant now) {
        return path.equals("/health") ? !exited && initialized(now) : ready(now);
    }

    /** Why {@code /ready} answers 503, for logs and SIP reason phrases. */
    public String notReadyReason(Instant now) {
        if (exited) {
            return "stopped";
        }
        if (!initialized(now)) {
            return "initializing";
        }
        if (draining()) {
            return "draining";
        }
        return "at capacity (" + maxConcurrentCalls + " calls)";
    }

    boolean hasSession(String callId) {
        return sessions.containsKey(callId);
    }

    void add(String callId, Instant at) {
        if (sessions.isEmpty()) {
            busySince = at;
        }
        sessions.put(callId, at);
    }

    Instant remove(String callId) {
        Instant started = sessions.remove(callId);
        if (sessions.isEmpty()) {
            busySince = null;
        }
        return started;
    }

    void startDrain(Instant at) {
        drainStartedAt = at;
    }

    void exit() {
        exited = true;
    }

    Instant nextHeartbeat() { return nextHeartbeat; }
    boolean announcedReady() { return announcedReady; }
    void announceReady() { announcedReady = true; }
    void nextHeartbeat(Instant at) { nextHeartbeat = at; }
    Instant nextProtectionRenewal() { return nextProtectionRenewal; }
    void nextProtectionRenewal(Instant at) { nextProtectionRenewal = at; }
}
