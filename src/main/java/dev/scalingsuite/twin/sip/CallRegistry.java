package dev.scalingsuite.twin.sip;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The per-call statistics the front door and the tasks record; thread-safe. */
final class CallRegistry {

    private final Map<String, Entry> calls = new LinkedHashMap<>();

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

        Entry(String callId, Instant invitedAt) {
            this.callId = callId;
            this.invitedAt = invitedAt;
        }

        CallStats snapshot() {
            return new CallStats(callId, taskId, invitedAt, answeredAt, endedAt, finalStatus, endReason,
                    taskInvites, rtpPackets, rtpBytes, List.copyOf(e2e));
        }
    }

    synchronized void invited(String callId, Instant at) {
        calls.putIfAbsent(callId, new Entry(callId, at));
    }

    synchronized void routed(String callId, String taskId) {
        entry(callId).taskId = taskId;
    }

    synchronized void taskInvite(String callId) {
        entry(callId).taskInvites++;
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

    synchronized void rtp(String callId, long packets, long bytes) {
        Entry e = entry(callId);
        e.rtpPackets = packets;
        e.rtpBytes = bytes;
    }

    synchronized void e2e(String callId, double millis) {
        entry(callId).e2e.add(millis);
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
