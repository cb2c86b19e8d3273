package dev.scalingsuite.twin.sip;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The Asterisk role: a UDP back-to-back user agent on one loopback port. It answers the caller's
 * INVITE with 100 Trying, asks the NLB model for a task, and calls that task on a second leg with the
 * caller's SDP; the task's 503 or 200 (with the task's SDP, so RTP flows straight to the task) goes
 * back to the caller. BYE is bridged both ways, CANCEL before the answer ends both legs, and a BYE
 * from the task (crash, drain timeout, RTP timeout) becomes a BYE to the caller. The task leg keeps
 * the caller's Call-ID, so the session id the agents record is the Call-ID SIPp logs.
 *
 * <p>All state is guarded by this object's monitor; the NLB call takes the stack's monitor inside it
 * (never the other way round).
 */
final class FrontDoor implements AutoCloseable {

    /** Picks a task for a new call and tells where its SIP UAS listens. */
    interface Router {
        Optional<String> route();

        InetSocketAddress taskAddress(String taskId) throws IOException;
    }

    static final long PROVISIONAL_RESEND_MILLIS = 100;

    private enum State { CALLING, ANSWERED, CONFIRMED, TERMINATED }

    private final ScheduledExecutorService timers;
    private final Router router;
    private final CallRegistry registry;
    private final SipSocket socket;
    private final Map<String, Call> calls = new HashMap<>();
    private final Map<String, Call> byTaskBranch = new HashMap<>();

    private static final class Call {
        final String callId;
        final SipMessage invite;
        final InetSocketAddress caller;
        final String tag = newTag();
        State state = State.CALLING;
        SipMessage lastInviteResponse;
        Retransmission inviteResponse;
        int callerCseq;
        String taskId;
        InetSocketAddress task;
        SipMessage taskInvite;
        Retransmission taskInviteRtx;
        String taskToTag;
        String taskContact;
        boolean cancelled;
        long provisionalResentAt;

        Call(SipMessage invite, InetSocketAddress caller) {
            this.callId = invite.callId();
            this.invite = invite;
            this.caller = caller;
        }
    }

    FrontDoor(int port, Router router, CallRegistry registry, ScheduledExecutorService timers) throws IOException {
        this.router = router;
        this.registry = registry;
        this.timers = timers;
        this.socket = new SipSocket("twin-sip-frontdoor", port, this::handle);
    }

    int port() {
        return socket.port();
    }

    private synchronized void handle(SipMessage m, InetSocketAddress from) {
        if (!m.isRequest()) {
            response(m, from);
            return;
        }
        Call call = calls.get(m.callId());
        boolean fromTask = call != null && from.equals(call.task);
        switch (m.method()) {
            case "INVITE" -> invite(call, m, from);
            case "ACK" -> ack(call, m);
            case "CANCEL" -> cancel(call, m, from);
            case "BYE" -> {
                if (call == null) {
                    socket.send(m.respond(481, "Call/Transaction Does Not Exist", newTag()), from);
                } else if (fromTask) {
                    byeFromTask(call, m, from);
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
                // a retransmission: the last response again, no second task leg
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
        Optional<String> taskId = router.route();
        if (taskId.isEmpty()) {
            reject(call, 503, "Service Unavailable (no healthy target)");
            return;
        }
        try {
            call.task = router.taskAddress(taskId.get());
        } catch (IOException e) {
            reject(call, 503, "Service Unavailable (task unreachable)");
            return;
        }
        call.taskId = taskId.get();
        registry.routed(call.callId, call.taskId);
        callTask(call);
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
        forgetLater(call);
    }

    private void answer(Call call, SipMessage taskOk) {
        call.state = State.ANSWERED;
        call.taskToTag = taskOk.toTag().orElse("");
        call.taskContact = taskOk.header("Contact").map(SipMessage::uri).orElse(call.taskInvite.requestUri());
        SipMessage ok = call.invite.respond(200, "OK", call.tag)
                .add("Contact", "<sip:frontdoor@" + socket.hostPort() + ">")
                .body(taskOk.header("Content-Type").orElse("application/sdp"), taskOk.body());
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
            socket.send(taskRequest(call, "ACK", newBranch(), call.taskInvite.cseq()), call.task);
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
        if (call.taskInvite != null) {
            Retransmission.stop(call.taskInviteRtx);
            SipMessage taskCancel = SipMessage.request("CANCEL", call.taskInvite.requestUri())
                    .copy(call.taskInvite, "Via", "Max-Forwards", "From", "To", "Call-ID")
                    .add("CSeq", call.taskInvite.cseq() + " CANCEL");
            sendWithRetransmission(taskCancel, call.task);
        }
    }

    private void byeFromCaller(Call call, SipMessage bye, InetSocketAddress from) {
        socket.send(bye.respond(200, "OK", call.tag), from);
        if (call.state == State.TERMINATED) {
            return;
        }
        registry.ended(call.callId, "caller_bye", Instant.now());
        hangUpTask(call);
    }

    // ---- task leg --------------------------------------------------------------------------

    private void callTask(Call call) {
        String branch = newBranch();
        SipMessage invite = SipMessage.request("INVITE", "sip:agent@127.0.0.1:" + call.task.getPort())
                .add("Via", "SIP/2.0/UDP " + socket.hostPort() + ";branch=" + branch + ";rport")
                .add("Max-Forwards", "70")
                .add("From", "<" + SipMessage.uri(call.invite.header("From").orElseThrow()) + ">;tag=" + call.tag)
                .add("To", "<sip:agent@127.0.0.1:" + call.task.getPort() + ">")
                .add("Call-ID", call.callId)
                .add("CSeq", "1 INVITE")
                .add("Contact", "<sip:frontdoor@" + socket.hostPort() + ">")
                .body(call.invite.header("Content-Type").orElse("application/sdp"), call.invite.body());
        call.taskInvite = invite;
        byTaskBranch.put(branch, call);
        call.taskInviteRtx = Retransmission.start(timers, () -> socket.send(invite, call.task), false, () -> {
            synchronized (this) {
                if (call.state == State.CALLING && !call.cancelled) {
                    reject(call, 408, "Request Timeout");
                }
            }
        });
    }

    private void response(SipMessage r, InetSocketAddress from) {
        Call call = byTaskBranch.get(r.branch());
        if (call != null && r.cseqMethod().equals("INVITE")) {
            taskInviteResponse(call, r);
            return;
        }
        Retransmission pending = pendingRequests.remove(r.branch());
        if (r.status() >= 200) {
            Retransmission.stop(pending);
        } else if (pending != null) {
            pendingRequests.put(r.branch(), pending);
        }
    }

    private void taskInviteResponse(Call call, SipMessage r) {
        Retransmission.stop(call.taskInviteRtx);
        if (r.status() < 200) {
            return;
        }
        if (r.status() >= 300) {
            // ACK for a non-2xx final response: same branch, hop by hop (RFC 3261 17.1.1.3)
            SipMessage ack = SipMessage.request("ACK", call.taskInvite.requestUri())
                    .copy(call.taskInvite, "Via", "Max-Forwards", "From")
                    .copy(r, "To").add("Call-ID", call.callId).add("CSeq", call.taskInvite.cseq() + " ACK");
            socket.send(ack, call.task);
            if (call.state == State.CALLING && !call.cancelled) {
                reject(call, r.status(), r.reason());
            }
            return;
        }
        if (call.state == State.CALLING && !call.cancelled) {
            answer(call, r);
        } else if (call.state == State.CONFIRMED) {
            // a retransmitted 200: the ACK again
            socket.send(taskRequest(call, "ACK", newBranch(), call.taskInvite.cseq()), call.task);
        } else if (call.cancelled && call.taskToTag == null) {
            // the task answered across our CANCEL: confirm and hang up its leg
            call.taskToTag = r.toTag().orElse("");
            call.taskContact = r.header("Contact").map(SipMessage::uri).orElse(call.taskInvite.requestUri());
            socket.send(taskRequest(call, "ACK", newBranch(), call.taskInvite.cseq()), call.task);
            sendWithRetransmission(taskRequest(call, "BYE", newBranch(), call.taskInvite.cseq() + 1), call.task);
        }
    }

    private void byeFromTask(Call call, SipMessage bye, InetSocketAddress from) {
        socket.send(bye.respond(200, "OK", call.taskToTag), from);
        if (call.state == State.TERMINATED) {
            return;
        }
        String reason = bye.header("Reason").flatMap(v -> SipMessage.param(v, "text"))
                .map(t -> t.replace("\"", "")).orElse("task_bye");
        registry.ended(call.callId, reason, Instant.now());
        hangUpCaller(call);
    }

    // ---- hanging up ------------------------------------------------------------------------

    private void hangUp(Call call, String reason) {
        registry.ended(call.callId, reason, Instant.now());
        hangUpCaller(call);
        hangUpTask(call);
    }

    private void hangUpTask(Call call) {
        call.state = State.TERMINATED;
        Retransmission.stop(call.inviteResponse);
        if (call.taskToTag != null) {
            sendWithRetransmission(taskRequest(call, "BYE", newBranch(), call.taskInvite.cseq() + 1), call.task);
        }
        forgetLater(call);
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
        forgetLater(call);
    }

    private final Map<String, Retransmission> pendingRequests = new HashMap<>();

    private void sendWithRetransmission(SipMessage request, InetSocketAddress to) {
        String branch = request.branch();
        pendingRequests.put(branch, Retransmission.start(timers, () -> socket.send(request, to), true, () -> {
            synchronized (this) {
                pendingRequests.remove(branch);
            }
        }));
    }

    /** An in-dialog request on the task leg. */
    private SipMessage taskRequest(Call call, String method, String branch, int cseq) {
        return SipMessage.request(method, call.taskContact)
                .add("Via", "SIP/2.0/UDP " + socket.hostPort() + ";branch=" + branch + ";rport")
                .add("Max-Forwards", "70")
                .copy(call.taskInvite, "From")
                .add("To", SipMessage.withTag(call.taskInvite.header("To").orElseThrow(), call.taskToTag))
                .add("Call-ID", call.callId)
                .add("CSeq", cseq + " " + method);
    }

    /** Keeps a finished call for 64 x T1 to absorb retransmissions, then forgets it. */
    private void forgetLater(Call call) {
        timers.schedule(() -> {
            synchronized (this) {
                if (calls.get(call.callId) == call && call.state == State.TERMINATED) {
                    calls.remove(call.callId);
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
