/**
 * The twin's call path over real SIP/UDP on 127.0.0.1, so the suite's SIPp callers reach the twin as
 * they reach the deployed stack.
 *
 * <ul>
 *   <li>{@link dev.scalingsuite.twin.sip.FrontDoor}: the Asterisk role, a B2BUA on one port. 100
 *       Trying at once; the NLB model picks a task (none: 503); a second leg to the task with the
 *       caller's SDP; the task's 503 or 200 (its own SDP, so RTP flows caller -> task) relayed; BYE
 *       bridged both ways; CANCEL while ringing -> 200 + 487 and a CANCEL on the task leg; a BYE from
 *       the task (crash, drain timeout, SIGKILL, RTP timeout: its {@code Reason} header says which)
 *       becomes a BYE to the caller. INFO and OPTIONS get 200.</li>
 *   <li>{@link dev.scalingsuite.twin.sip.TaskUas}: each task's voice agent as a UAS on its own port,
 *       opened when the task first gets a leg and closed once the task is gone. INVITE -> session via
 *       the control plane (200 with PCMU SDP on a fresh RTP port, or 503 with the agent's reason);
 *       RTP counted; a {@code conversation_turn} log line and an {@code E2ELatency} datapoint per 15
 *       model seconds of received audio ({@link dev.scalingsuite.twin.sip.LatencyModel}); no RTP for
 *       {@code rtpInactivityTimeout} model seconds -> BYE with reason {@code rtp_timeout}.</li>
 *   <li>SIP timers (T1 500 ms, T2 4 s, 64 x T1) and RTP packetisation are wall-clock, never scaled;
 *       only the inactivity timeout and the turn interval are model time.</li>
 *   <li>The task leg keeps the caller's Call-ID, so the session ids in DynamoDB and the logs are the
 *       Call-IDs SIPp writes with {@code -trace_logs}.</li>
 * </ul>
 */
package dev.scalingsuite.twin.sip;
