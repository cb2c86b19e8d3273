/**
 * The twin's call path as deployed, over real SIP/UDP, HTTP/TCP and RTP on 127.0.0.1 or, in the
 * network namespace topology, on the stack's own addresses (one per task), so the suite's SIPp callers
 * reach the twin as they reach the deployed stack.
 *
 * <ul>
 *   <li>{@link dev.scalingsuite.twin.sip.FrontDoor}: the Asterisk role, a B2BUA on one port. 100
 *       Trying at once; {@code Answer()} first (setting {@code refusal=bye-after-answer}: 200 with its
 *       own SDP at once) or not ({@code sip-503}); the webhook ({@link dev.scalingsuite.twin.sip.Webhook}):
 *       after {@code webhookDelay}, {@code POST /call} with a {@code sip-<8 hex>} session id through the
 *       NLB on a new connection, retried {@code webhookRetries} times on new connections; on
 *       {@code started} a second leg to the session's room on the task that took it, its own Call-ID
 *       and SDP, and RTP relayed both ways ({@link dev.scalingsuite.twin.sip.MediaRelay},
 *       {@code direct_media=no}); no agent: BYE to the answered caller, or 503. BYE bridged both ways;
 *       CANCEL before the answer; a BYE from the task (crash, drain timeout, SIGKILL, RTP timeout: its
 *       {@code Reason} header says which) becomes a BYE to the caller. INFO and OPTIONS get 200.</li>
 *   <li>{@link dev.scalingsuite.twin.sip.NlbListener}: the NLB's TCP listener; every connection a new
 *       flow, routed by the control plane's load balancer model and piped to the task's agent port.</li>
 *   <li>{@link dev.scalingsuite.twin.sip.NlbHealthChecks}: the NLB's health checks as HTTP requests,
 *       {@code GET <healthCheckPath>} on a new connection per check to each task's agent port, with
 *       {@code Connection: close}; sent for the control plane's load balancer model, which counts the
 *       results.</li>
 *   <li>{@link dev.scalingsuite.twin.sip.AgentHttp}: each serving task's agent over HTTP/1.1
 *       ({@code /ready}, {@code /health}, {@code /status}, {@code POST /call}) with upstream's codes
 *       and bodies; a started session joins its room ({@link dev.scalingsuite.twin.sip.Rooms}).</li>
 *   <li>{@link dev.scalingsuite.twin.sip.TaskUas}: each task's rooms as a SIP UAS on its own port.
 *       INVITE {@code sip:<session id>@...} -> 200 with PCMU SDP on a fresh RTP port if the agent holds
 *       the session, else 404; RTP counted; a {@code conversation_turn} log line and an
 *       {@code E2ELatency} datapoint per 15 model seconds of received audio
 *       ({@link dev.scalingsuite.twin.sip.LatencyModel}); no RTP for {@code rtpInactivityTimeout} model
 *       seconds -> BYE with reason {@code rtp_timeout}.</li>
 *   <li>SIP timers (T1 500 ms, T2 4 s, 64 x T1) and RTP packetisation are wall-clock, never scaled;
 *       the webhook delay, the webhook and health check timeouts (at least 2 s of wall time), the
 *       inactivity timeout and the turn interval are model time.</li>
 *   <li>No SIP Call-ID of the caller reaches the agent: session items and agent log lines carry the
 *       webhook's session id; {@link dev.scalingsuite.twin.sip.CallStats} links the two for tests.</li>
 * </ul>
 */
package dev.scalingsuite.twin.sip;
