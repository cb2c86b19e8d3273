package dev.scalingsuite.twin.sip;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the twin saw of one call, for tests: the task that took it, when the front door got the
 * INVITE and answered it, how it ended, the RTP the task received and the E2E-latency samples.
 *
 * @param callId the caller's Call-ID (the task leg reuses it, so it is also the session id)
 * @param taskId the task the NLB picked, null when none could take the call
 * @param taskInvites INVITE transactions the task received for this call (1 unless something went wrong)
 * @param finalStatus the final response the caller got (200, 503, 487), 0 while none
 * @param endReason who ended it: caller_bye, or the reason the task gave (task_crashed, rtp_timeout, ...)
 */
public record CallStats(String callId, String taskId, Instant invitedAt, Instant answeredAt, Instant endedAt,
        int finalStatus, String endReason, int taskInvites, long rtpPackets, long rtpBytes,
        List<Double> e2eLatencyMillis) {

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
