package dev.scalingsuite.twin.sip;

import dev.scalingsuite.twin.stack.TwinSettings.Refusal;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The Asterisk role: a UDP back-to-back user agent on one loopback port, with the deployed call
 * path's order of events.
 * <ol>
 *   <li>INVITE: 100 Trying at once. With {@link Refusal#BYE_AFTER_ANSWER} ({@code Answer()} first,
 *       the deployed dialplan) a 200 OK with the front door's own SDP follows at once; with
 *       {@link Refusal#SIP_503} the caller waits.</li>
 *   <li>The webhook: after the webhook delay (from the ACK, or from the INVITE with
 *       {@code sip-503}) a {@code POST /call} with a fresh {@code sip-<8 hex>} session id through the
 *       NLB, on a new connection ({@link Webhook}); a refusal is retried on a new connection up to
 *       the retries allowed.</li>
 *   <li>{@code started}: a second leg to the session's room ({@code sip:<session id>@task}, a
 *       Call-ID of its own, the front door's SDP), and RTP relayed both ways between the two legs
 *       ({@code direct_media=no}, {@link MediaRelay}); with {@code sip-503} the caller's 200 goes out
 *       when the room answers.</li>
 *   <li>No agent took the call: BYE to the answered caller, or a 503 with {@code sip-503}.</li>
 * </ol>
 * BYE is bridged both ways; a BYE from the task (crash, drain timeout, RTP timeout: its
 * {@code Reason} says which) becomes a BYE to the caller; CANCEL before the answer ends both legs.
 * No SIP Call-ID of the caller reaches the agent: the task sees the session id only.
 *
 * <p>All state is guarded by this object's monitor; webhook attempts run on their own executor and
 * come back through it.
 */
final class FrontDoor implements AutoCloseable {

    /** Where a started session's room takes its call. */
    interface Router {
        /** The room of a started session: the task that joined it and where its SIP side listens. */
        Optional<Room> room(String sessionId) throws IOException;
    }

    /** A room's task and SIP address. */
    record Room(String taskId, InetSocketAddress sip) { }

    /**
     * How the front door answers and asks.
     *
     * @param webhookDelay wall time from the answer (or INVITE) to the first {@code POST /call}
     * @param webhookRetries further attempts after a refusal
     */
    record Tuning(Refusal refusal, Duration webhookDelay, int webhookRetries) { }

    static final long PROVISIONAL_RESEND_MILLIS = 100;

    /** The caller's side of a call: before the final response, 200 sent, ACKed, over. */
    private enum State { CALLING, ANSWERED, CONFIRMED, TERMINATED }

    private final ScheduledExecutorService timers;
    private final Executor webhooks;
    private final Webhook webhook;
    private final Router router;
    private final CallRegistry registry;
    private final MediaRelay media;
    private final Tuning tuning;
    private final SipSocket socket;
    private final Map<String, Call> calls = new HashMap<>();
    private final Map<String, Call> byLeg = new HashMap<>();
    private final Map<String, Call> byTaskBranch = new HashMap<>();
    private final Map<String, Retransmission> pendingRequests = new HashMap<>();

    private static final class Call {
        final String callId;
        final SipMessage invite;
        final InetSocketAddress caller;
        final String tag = newTag();
        State state = State.CALLING;
        SipMessage lastInviteResponse;
        Retransmission inviteResponse;
        int callerCseq;
        boolean cancelled;
        long provisionalResentAt;
        MediaRelay.Session media;
        // the webhook
        String sessionId;
        int attempts;
        ScheduledFuture<?> webhookTimer;
        // the room leg
        String legCallId;
        String taskId;
        InetSocketAddress task;
        SipMessage taskInvite;
        Retransmission taskInviteRtx;
        String taskToTag;
        String taskContact;
        boolean taskLegEnded;

        Call(SipMessage invite, InetSocketAddress caller) {
            this.callId = invite.callId();
            this.invite = invite;
            this.caller = caller;
        }
    }

    FrontDoor(InetAddress address, int port, Router router, CallRegistry registry, ScheduledExecutorService timers,
            Executor webhooks, Webhook webhook, MediaRelay media, Tuning tuning) throws IOException {
        this.router = router;
        this.registry = registry;
        this.timers = timers;
        this.webhooks = webhooks;
        this.webhook = webhook;
        this.media = media;
        this.tuning = tuning;
        this.socket = new SipSocket("twin-sip-frontdoor", address, port, this::handle);
    }

    int port() {
        return socket.port();
    }

    private synchronized void handle(SipMessage m, InetSocketAddress from) {
        if (!m.isRequest()) {
            response(m);
            return;
        }
        Call leg = byLeg.get(m.callId());
        if (leg != null) {
            requestFromTask(leg, m, from);
            return;
        }
        Call call = calls.get(m.callId());
        switch (m.method()) {
            case "INVITE" -> invite(call, m, from);
            case "ACK" -> ack(call, m);
            case "CANCEL" -> cancel(call, m, from);
            case "BYE" -> {
                if (call == null) {
                    socket.send(m.respond(481, "Call/Transaction Does Not Exist", newTag()), from);
                } else {
                    byeFromCaller(call, m, from);
                }
            }
            case "INFO", "OPTIONS" -> socket.send(m.respond(200, "OK", call == null ? newTag() : call.tag), from);
            default -> socket.send(m.respond(501, "Not Implemented", newTag()), from);
        }
    }

    // ---- caller leg ------------------------------------------------------------------------

    private void invite(Call existing, SipMessage invite, InetSocketAddress from) {
        if (existing != null) {
            if (existing.invite.branch().equals(invite.branch())) {
                // a retransmission: the last response again, no second webhook
                resendLastResponse(existing, from);
            } else {
                socket.send(invite.respond(488, "Not Acceptable Here", existing.tag), from);
            }
            return;
        }
        Call call = new Call(invite, from);
        calls.put(call.callId, call);
        registry.invited(call.callId, Instant.now());
        call.lastInviteResponse = invite.respond(100, "Trying", null);
        socket.send(call.lastInviteResponse, from);
        try {
            call.media = media.open();
        } catch (IOException e) {
            reject(call, 503, "Service Unavailable (no RTP port)");
            return;
        }
        Sdp.audioTarget(invite.body()).ifPresent(call.media::caller);
        if (tuning.refusal() == Refusal.BYE_AFTER_ANSWER) {
            answerCaller(call); // Answer() first; the webhook follows the ACK
        } else {
            scheduleWebhook(call);
        }
    }

    /**
     * Answers a retransmitted INVITE with the last response (RFC 3261 17.2.1). A provisional one goes
     * out at most once per {@link #PROVISIONAL_RESEND_MILLIS}: SIPp answers a repeated 100 by repeating
     * its INVITE, and the two would otherwise loop at wire speed until the final response. An RFC 3261
     * UAC retransmits no faster than T1 (500 ms), so it never notices.
     */
    private void resendLastResponse(Call call, InetSocketAddress to) {
        if (call.lastInviteResponse.status() < 200) {
            long now = System.nanoTime();
            if (now - call.provisionalResentAt < TimeUnit.MILLISECONDS.toNanos(PROVISIONAL_RESEND_MILLIS)) {
                return;
            }
            call.provisionalResentAt = now;
        }
        socket.send(call.lastInviteResponse, to);
    }

    /** A final non-2xx response to the caller, retransmitted until its ACK (timers G and H). */
    private void reject(Call call, int code, String phrase) {
        call.state = State.TERMINATED;
        call.lastInviteResponse = call.invite.respond(code, phrase, call.tag);
        registry.finalStatus(call.callId, code, Instant.now());
        SipMessage response = call.lastInviteResponse;
        call.inviteResponse = Retransmission.start(timers, () -> socket.send(response, call.caller), true,
                () -> forgetLater(call));
        release(call);
    }

    /** 200 OK with the front door's own SDP: the caller's media ends here, not at the task. */
    private void answerCaller(Call call) {
        call.state = State.ANSWERED;
        SipMessage ok = call.invite.respond(200, "OK", call.tag)
                .add("Contact", "<sip:frontdoor@" + socket.hostPort() + ">")
                .body("application/sdp", Sdp.pcmu("frontdoor", socket.host(), call.media.callerPort()));
        call.lastInviteResponse = ok;
        registry.finalStatus(call.callId, 200, Instant.now());
        call.inviteResponse = Retransmission.start(timers, () -> socket.send(ok, call.caller), true, () -> {
            synchronized (this) {
                // the caller never ACKed the 200: end both legs (RFC 3261 13.3.1.4)
                if (call.state == State.ANSWERED) {
                    hangUp(call, "no_ack");
                }
            }
        });
    }

    private void ack(Call call, SipMessage ack) {
        if (call == null) {
            return;
        }
        Retransmission.stop(call.inviteResponse);
        if (call.state == State.ANSWERED && ack.cseq() == call.invite.cseq()) {
            call.state = State.CONFIRMED;
            if (call.sessionId == null) {
                scheduleWebhook(call);
            }
        }
    }

    private void cancel(Call call, SipMessage cancel, InetSocketAddress from) {
        if (call == null || !call.invite.branch().equals(cancel.branch())) {
            socket.send(cancel.respond(481, "Call/Transaction Does Not Exist", newTag()), from);
            return;
        }
        socket.send(cancel.respond(200, "OK", call.tag), from);
        if (call.state != State.CALLING) {
            return;
        }
        call.cancelled = true;
        reject(call, 487, "Request Terminated");
        cancelTaskLeg(call);
    }

    private void byeFromCaller(Call call, SipMessage bye, InetSocketAddress from) {
        socket.send(bye.respond(200, "OK", call.tag), from);
        if (call.state == State.TERMINATED) {
            return;
        }
        registry.ended(call.callId, "caller_bye", Instant.now());
        hangUpTask(call);
    }

    // ---- the webhook -----------------------------------------------------------------------

    private void scheduleWebhook(Call call) {
        call.sessionId = Webhook.newSessionId();
        registry.session(call.callId, call.sessionId);
        if (tuning.webhookDelay().isZero()) {
            attempt(call);
        } else {
            call.webhookTimer = timers.schedule(() -> {
                synchronized (this) {
                    attempt(call);
                }
            }, tuning.webhookDelay().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** One {@code POST /call} on a new connection, on the webhook executor; the answer comes back here. */
    private void attempt(Call call) {
        if (call.state == State.TERMINATED || call.cancelled) {
            return;
        }
        call.attempts++;
        String sessionId = call.sessionId;
        try {
            webhooks.execute(() -> {
                Webhook.Result result = webhook.post(sessionId);
                synchronized (this) {
                    answered(call, result);
                }
            });
        } catch (RejectedExecutionException e) {
            answered(call, new Webhook.Result(Webhook.Outcome.CONNECTION_ERROR, 0, "", "front door closing"));
        }
    }

    private void answered(Call call, Webhook.Result result) {
        registry.webhook(call.callId, result.cause());
        if (call.state == State.TERMINATED || call.cancelled) {
            // the caller is gone; a started session waits in its room until the agent gives up on it
            return;
        }
        if (result.started()) {
            dialRoom(call);
        } else if (call.attempts <= tuning.webhookRetries()) {
            attempt(call); // a new connection, so a new NLB flow
        } else {
            noAgent(call, "refused_" + result.cause());
        }
    }

    /** No agent took the call: the answered caller gets a BYE, a waiting one a 503. */
    private void noAgent(Call call, String reason) {
        if (call.state == State.CALLING) {
            reject(call, 503, "Service Unavailable");
        } else {
            registry.ended(call.callId, reason, Instant.now());
            hangUpCaller(call);
            release(call);
        }
    }

    // ---- room leg --------------------------------------------------------------------------

    private void dialRoom(Call call) {
        Optional<Room> room;
        try {
            room = router.room(call.sessionId);
        } catch (IOException e) {
            room = Optional.empty();
        }
        if (room.isEmpty()) {
            noAgent(call, "refused_no_room");
            return;
        }
        call.taskId = room.get().taskId();
        call.task = room.get().sip();
        registry.routed(call.callId, call.taskId);
        call.legCallId = newTag() + "@" + socket.hostPort();
        byLeg.put(call.legCallId, call);
        String branch = newBranch();
        String roomUri = "sip:" + call.sessionId + "@" + call.task.getAddress().getHostAddress() + ":"
                + call.task.getPort();
        SipMessage invite = SipMessage.request("INVITE", roomUri)
                .add("Via", "SIP/2.0/UDP " + socket.hostPort() + ";branch=" + branch + ";rport")
                .add("Max-Forwards", "70")
                .add("From", "<" + SipMessage.uri(call.invite.header("From").orElseThrow()) + ">;tag=" + call.tag)
                .add("To", "<" + roomUri + ">")
                .add("Call-ID", call.legCallId)
                .add("CSeq", "1 INVITE")
                .add("Contact", "<sip:frontdoor@" + socket.hostPort() + ">")
                .body("application/sdp", Sdp.pcmu("frontdoor", socket.host(), call.media.taskPort()));
        call.taskInvite = invite;
        byTaskBranch.put(branch, call);
        call.taskInviteRtx = Retransmission.start(timers, () -> socket.send(invite, call.task), false, () -> {
            synchronized (this) {
                roomFailed(call, 408);
            }
        });
    }

    private void response(SipMessage r) {
        Call call = byTaskBranch.get(r.branch());
        if (call != null && r.cseqMethod().equals("INVITE")) {
            roomInviteResponse(call, r);
            return;
        }
        Retransmission pending = pendingRequests.remove(r.branch());
        if (r.status() >= 200) {
            Retransmission.stop(pending);
        } else if (pending != null) {
            pendingRequests.put(r.branch(), pending);
        }
    }

    private void roomInviteResponse(Call call, SipMessage r) {
        Retransmission.stop(call.taskInviteRtx);
        if (r.status() < 200) {
            return;
        }
        if (r.status() >= 300) {
            // ACK for a non-2xx final response: same branch, hop by hop (RFC 3261 17.1.1.3)
            SipMessage ack = SipMessage.request("ACK", call.taskInvite.requestUri())
                    .copy(call.taskInvite, "Via", "Max-Forwards", "From")
                    .copy(r, "To").add("Call-ID", call.legCallId).add("CSeq", call.taskInvite.cseq() + " ACK");
            socket.send(ack, call.task);
            call.taskLegEnded = true;
            roomFailed(call, r.status());
            return;
        }
        boolean first = call.taskToTag == null;
        if (first) {
            call.taskToTag = r.toTag().orElse("");
            call.taskContact = r.header("Contact").map(SipMessage::uri).orElse(call.taskInvite.requestUri());
        }
        // the front door ACKs the room's 200 itself (each leg is a dialog of its own), and again for a repeat
        socket.send(taskRequest(call, "ACK", newBranch(), call.taskInvite.cseq()), call.task);
        if (!first) {
            return;
        }
        if (call.state == State.TERMINATED || call.cancelled) {
            // the caller left while the room rang: hang the room up too
            call.taskLegEnded = true;
            sendWithRetransmission(taskRequest(call, "BYE", newBranch(), call.taskInvite.cseq() + 1), call.task);
            return;
        }
        Sdp.audioTarget(r.body()).ifPresent(call.media::task);
        if (call.state == State.CALLING) {
            answerCaller(call); // sip-503: the caller is answered once the agent's room answered
        }
    }

    /** The room leg failed (404: the session is gone; 408: no answer): the caller learns no agent took it. */
    private void roomFailed(Call call, int status) {
        call.taskLegEnded = true;
        if (call.state == State.TERMINATED || call.cancelled) {
            return;
        }
        noAgent(call, "room_" + status);
    }

    private void requestFromTask(Call call, SipMessage m, InetSocketAddress from) {
        String toTag = call.taskToTag == null ? newTag() : call.taskToTag;
        switch (m.method()) {
            case "BYE" -> byeFromTask(call, m, from);
            case "INFO", "OPTIONS" -> socket.send(m.respond(200, "OK", toTag), from);
            case "ACK" -> { }
            default -> socket.send(m.respond(501, "Not Implemented", toTag), from);
        }
    }

    private void byeFromTask(Call call, SipMessage bye, InetSocketAddress from) {
        socket.send(bye.respond(200, "OK", call.taskToTag), from);
        call.taskLegEnded = true;
        if (call.state == State.TERMINATED) {
            return;
        }
        String reason = bye.header("Reason").flatMap(v -> SipMessage.param(v, "text"))
                .map(t -> t.replace("\"", "")).orElse("task_bye");
        registry.ended(call.callId, reason, Instant.now());
        if (call.state == State.CALLING) {
            reject(call, 503, "Service Unavailable");
        } else {
            hangUpCaller(call);
        }
        release(call);
    }

    // ---- hanging up ------------------------------------------------------------------------

    private void hangUp(Call call, String reason) {
        registry.ended(call.callId, reason, Instant.now());
        hangUpCaller(call);
        hangUpTask(call);
    }

    /** Ends the room leg: BYE once it answered, CANCEL while it rings, nothing before it was dialled. */
    private void hangUpTask(Call call) {
        call.state = State.TERMINATED;
        Retransmission.stop(call.inviteResponse);
        if (call.taskToTag != null && !call.taskLegEnded) {
            call.taskLegEnded = true;
            sendWithRetransmission(taskRequest(call, "BYE", newBranch(), call.taskInvite.cseq() + 1), call.task);
        } else {
            cancelTaskLeg(call);
        }
        release(call);
    }

    /** CANCELs a room leg that rings; a 200 that crosses it gets a BYE ({@link #roomInviteResponse}). */
    private void cancelTaskLeg(Call call) {
        if (call.taskInvite == null || call.taskToTag != null || call.taskLegEnded) {
            return;
        }
        Retransmission.stop(call.taskInviteRtx);
        SipMessage taskCancel = SipMessage.request("CANCEL", call.taskInvite.requestUri())
                .copy(call.taskInvite, "Via", "Max-Forwards", "From", "To", "Call-ID")
                .add("CSeq", call.taskInvite.cseq() + " CANCEL");
        sendWithRetransmission(taskCancel, call.task);
    }

    private void hangUpCaller(Call call) {
        call.state = State.TERMINATED;
        Retransmission.stop(call.inviteResponse);
        String callerContact = call.invite.header("Contact").map(SipMessage::uri)
                .orElse(SipMessage.uri(call.invite.header("From").orElseThrow()));
        SipMessage bye = SipMessage.request("BYE", callerContact)
                .add("Via", "SIP/2.0/UDP " + socket.hostPort() + ";branch=" + newBranch() + ";rport")
                .add("Max-Forwards", "70")
                .add("From", SipMessage.withTag(call.invite.header("To").orElseThrow(), call.tag))
                .add("To", call.invite.header("From").orElseThrow())
                .add("Call-ID", call.callId)
                .add("CSeq", ++call.callerCseq + " BYE");
        sendWithRetransmission(bye, call.caller);
        release(call);
    }

    /** The call is over: its media ports close, a pending webhook is dropped, and it is forgotten later. */
    private void release(Call call) {
        if (call.webhookTimer != null) {
            call.webhookTimer.cancel(false);
        }
        if (call.media != null) {
            call.media.close();
        }
        forgetLater(call);
    }

    private void sendWithRetransmission(SipMessage request, InetSocketAddress to) {
        String branch = request.branch();
        pendingRequests.put(branch, Retransmission.start(timers, () -> socket.send(request, to), true, () -> {
            synchronized (this) {
                pendingRequests.remove(branch);
            }
        }));
    }

    /** An in-dialog request on the room leg. */
    private SipMessage taskRequest(Call call, String method, String branch, int cseq) {
        return SipMessage.request(method, call.taskContact)
                .add("Via", "SIP/2.0/UDP " + socket.hostPort() + ";branch=" + branch + ";rport")
                .add("Max-Forwards", "70")
                .copy(call.taskInvite, "From")
                .add("To", SipMessage.withTag(call.taskInvite.header("To").orElseThrow(), call.taskToTag))
                .add("Call-ID", call.legCallId)
                .add("CSeq", cseq + " " + method);
    }

    /** Keeps a finished call for 64 x T1 to absorb retransmissions, then forgets it. */
    private void forgetLater(Call call) {
        timers.schedule(() -> {
            synchronized (this) {
                if (calls.get(call.callId) == call && call.state == State.TERMINATED) {
                    calls.remove(call.callId);
                    if (call.legCallId != null) {
                        byLeg.remove(call.legCallId, call);
                    }
                    byTaskBranch.values().removeIf(c -> c == call);
                }
            }
        }, Retransmission.GIVE_UP_MILLIS, TimeUnit.MILLISECONDS);
    }

    static String newTag() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    static String newBranch() {
        return "z9hG4bK" + newTag();
    }

    @Override
    public void close() {
        socket.close();
    }
}
