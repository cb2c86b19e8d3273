package dev.scalingsuite.twin.sip;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The per-call statistics the front door and the tasks record; thread-safe. The front door keys them
 * by the caller's Call-ID; a task knows only the session id, so its records go through
 * {@link #session}'s index.
 */
final class CallRegistry {

    private final Map<String, Entry> calls = new LinkedHashMap<>();
    private final Map<String, Entry> bySession = new HashMap<>();

    private static final class Entry {
        final String callId;
        final Instant invitedAt;
        String taskId;
        Instant answeredAt;
        Instant endedAt;
        int finalStatus;
        String endReason;
        int taskInvites;
        long rtpPackets;
        long rtpBytes;
        final List<Double> e2e = new ArrayList<>();
        String sessionId;
        final List<String> webhook = new ArrayList<>();
        Instant greetedAt;
        int greetingPackets;

        Entry(String callId, Instant invitedAt) {
            this.callId = callId;
            this.invitedAt = invitedAt;
        }

        CallStats snapshot() {
            return new CallStats(callId, taskId, invitedAt, answeredAt, endedAt, finalStatus, endReason,
                    taskInvites, rtpPackets, rtpBytes, List.copyOf(e2e), sessionId, List.copyOf(webhook), greetedAt,
                    greetingPackets);
        }
    }

    synchronized void invited(String callId, Instant at) {
        calls.putIfAbsent(callId, new Entry(callId, at));
    }

    synchronized void routed(String callId, String taskId) {
        entry(callId).taskId = taskId;
    }

    /** The webhook gave the call its session id. */
    synchronized void session(String callId, String sessionId) {
        Entry e = entry(callId);
        e.sessionId = sessionId;
        bySession.put(sessionId, e);
    }

    /** One webhook attempt ended so ({@code started}, {@code 503}, {@code timeout}, ...). */
    synchronized void webhook(String callId, String cause) {
        entry(callId).webhook.add(cause);
    }

    /** The task got the INVITE of the session's room leg. */
    synchronized void taskInvite(String sessionId) {
        Entry e = bySession.get(sessionId);
        if (e != null) {
            e.taskInvites++;
        }
    }

    synchronized void finalStatus(String callId, int status, Instant at) {
        Entry e = entry(callId);
        if (e.finalStatus == 0) {
            e.finalStatus = status;
            if (status == 200) {
                e.answeredAt = at;
            } else {
                e.endedAt = at;
                e.endReason = "rejected_" + status;
            }
        }
    }

    synchronized void ended(String callId, String reason, Instant at) {
        Entry e = entry(callId);
        if (e.endedAt == null) {
            e.endedAt = at;
            e.endReason = reason;
        }
    }

    /** RTP the session's task received so far. */
    synchronized void rtp(String sessionId, long packets, long bytes) {
        Entry e = bySession.get(sessionId);
        if (e != null) {
            e.rtpPackets = packets;
            e.rtpBytes = bytes;
        }
    }

    /** The session's task sent one more packet of its greeting. */
    synchronized void greeting(String sessionId, Instant at) {
        Entry e = bySession.get(sessionId);
        if (e != null) {
            if (e.greetedAt == null) {
                e.greetedAt = at;
            }
            e.greetingPackets++;
        }
    }

    synchronized void e2e(String sessionId, double millis) {
        Entry e = bySession.get(sessionId);
        if (e != null) {
            e.e2e.add(millis);
        }
    }

    synchronized Optional<CallStats> get(String callId) {
        return Optional.ofNullable(calls.get(callId)).map(Entry::snapshot);
    }

    synchronized List<CallStats> all() {
        return calls.values().stream().map(Entry::snapshot).toList();
    }

    private Entry entry(String callId) {
        return calls.computeIfAbsent(callId, id -> new Entry(id, Instant.now()));
    }
}
