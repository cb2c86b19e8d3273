package dev.scalingsuite.fleet;

import java.util.List;
import java.util.Objects;

/**
 * The names of the agent's log events that say what became of a call the front door answered: a
 * refusal (at capacity, draining), a failed start, a started session. The wiring passes them in, so
 * the names can come from the configuration; {@link #DEFAULTS} are those of the stack as deployed
 * (backend/voice-agent/app/service_main.py). None of them carries a SIP Call-ID or session id.
 */
public record AgentEvents(String rejectedAtCapacity, String rejectedDraining, String startFailed,
        String sessionStarted) {

    public static final AgentEvents DEFAULTS = new AgentEvents("call_rejected_at_capacity", "call_rejected_draining",
            "session_start_failed", "session_started");

    public AgentEvents {
        Objects.requireNonNull(rejectedAtCapacity, "rejectedAtCapacity");
        Objects.requireNonNull(rejectedDraining, "rejectedDraining");
        Objects.requireNonNull(startFailed, "startFailed");
        Objects.requireNonNull(sessionStarted, "sessionStarted");
    }

    /** The refusals: the agent answered {@code POST /call} with 503. */
    public List<String> rejections() {
        return List.of(rejectedAtCapacity, rejectedDraining);
    }

    public boolean isRejection(String event) {
        return rejectedAtCapacity.equals(event) || rejectedDraining.equals(event);
    }

    /** Every name, to read them all at once. */
    public List<String> all() {
        return List.of(rejectedAtCapacity, rejectedDraining, startFailed, sessionStarted);
    }
}
