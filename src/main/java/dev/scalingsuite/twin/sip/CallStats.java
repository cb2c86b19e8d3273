package dev.scalingsuite.twin.sip;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the twin saw of one call, for tests: the session id the webhook gave it, each webhook attempt,
 * the task that took it, when the front door got the INVITE and answered it, how it ended, the RTP the
 * task received, the E2E-latency samples and the task's greeting.
 *
 * @param callId the caller's Call-ID; it never reaches the agent
 * @param taskId the task that started the session and took the call's room leg, null when none did
 * @param taskInvites INVITE transactions the task received for this call (1 unless something went wrong)
 * @param finalStatus the final response the caller got (200, 503, 487), 0 while none
 * @param endReason who ended it: caller_bye, the reason the task gave (task_crashed, rtp_timeout, ...),
 *     {@code rejected_<status>} for a SIP refusal, or {@code refused_<cause>} for an answered call the
 *     front door hung up because no agent took it (cause: the last webhook attempt's)
 * @param sessionId the {@code sip-<8 hex>} session id of the webhook's {@code POST /call}, the key of the
 *     session item and the agent's log lines; null while the webhook has not run
 * @param webhook each {@code POST /call} attempt's cause, in order: {@code started}, the HTTP status of a
 *     refusal ({@code 503}, {@code 400}), {@code timeout}, {@code connection_error}
 * @param greetedAt when the task sent the first packet of its greeting, null while it has not
 * @param greetingPackets the greeting's packets the task sent so far
 */
public record CallStats(String callId, String taskId, Instant invitedAt, Instant answeredAt, Instant endedAt,
        int finalStatus, String endReason, int taskInvites, long rtpPackets, long rtpBytes,
        List<Double> e2eLatencyMillis, String sessionId, List<String> webhook, Instant greetedAt,
        int greetingPackets) {

    /** INVITE received to 200 OK sent, measured at the front door (wall time, never scaled). */
    public Duration setupTime() {
        return answeredAt == null ? null : Duration.between(invitedAt, answeredAt);
    }

    /** How long the call was up (to now while it still is). */
    public Duration duration() {
        if (answeredAt == null) {
            return Duration.ZERO;
        }
        return Duration.between(answeredAt, endedAt == null ? Instant.now() : endedAt);
    }

    public boolean ended() {
        return endedAt != null;
    }
}
