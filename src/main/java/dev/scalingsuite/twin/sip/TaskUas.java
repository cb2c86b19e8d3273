package dev.scalingsuite.twin.sip;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One task's voice agent in its Daily rooms, as a SIP UAS on its own port of the task's address: the front door
 * dials a room's SIP URI, {@code sip:<session id>@...}, once the agent started that session over
 * HTTP. If the agent holds the session it answers 200 OK with PCMU SDP on a fresh RTP port, else 404
 * (no such room). Once the front door ACKs the 200 (it has bridged the call), the agent speaks first:
 * its {@link Greeting} starts after the greeting delay. A BYE or a CANCEL ends the session. The task hangs up itself (BYE with a
 * {@code Reason} header) when the agent ends the session (crash, drain timeout, SIGKILL) or when no
 * RTP came for the inactivity timeout. It knows calls only by their session ids: the leg's Call-ID
 * is the front door's own. Guarded by its monitor.
 */
final class TaskUas implements AutoCloseable {

    /**
     * How the twin tunes the calls of every task.
     *
     * @param greetingDelay wall time from the front door's ACK to the greeting's first packet
     */
    record Tuning(Duration answerDelay, Duration rtpInactivity, int packetsPerTurn, Duration greetingDelay) { }

    private final String taskId;
    private final AgentPort agent;
    private final CallRegistry registry;
    private final Rooms rooms;
    private final ScheduledExecutorService timers;
    private final Tuning tuning;
    private final LatencyModel latency;
    private final InetAddress address;
    private final SipSocket socket;
    private final Map<String, Leg> legs = new HashMap<>();
    private final Map<String, Retransmission> pendingRequests = new HashMap<>();
    private volatile long lastActivityNanos = System.nanoTime();

    private static final class Leg {
        final SipMessage invite;
        final String sessionId;
        final InetSocketAddress frontDoor;
        final String tag = FrontDoor.newTag();
        SipMessage lastResponse;
        Retransmission finalRtx;
        ScheduledFuture<?> pendingAnswer;
        RtpReceiver rtp;
        Greeting greeting;
        boolean answered;
        boolean ended;

        Leg(SipMessage invite, InetSocketAddress frontDoor) {
            this.invite = invite;
            this.sessionId = sessionOf(invite.requestUri());
            this.frontDoor = frontDoor;
        }
    }

    TaskUas(String taskId, InetAddress address, AgentPort agent, CallRegistry registry, Rooms rooms,
            ScheduledExecutorService timers, Tuning tuning, LatencyModel latency) throws IOException {
        this.taskId = taskId;
        this.agent = agent;
        this.registry = registry;
        this.rooms = rooms;
        this.timers = timers;
        this.tuning = tuning;
        this.latency = latency;
        this.address = address;
        this.socket = new SipSocket("twin-sip-task-" + taskId, address, 0, this::handle);
    }

    InetSocketAddress address() {
        return socket.address();
    }

    String taskId() {
        return taskId;
    }

    /** Whether any call is up or any transaction still open; the twin keeps the port while so. */
    synchronized boolean busy() {
        return legs.values().stream().anyMatch(l -> !l.ended) || !pendingRequests.isEmpty();
    }

    long idleNanos() {
        return System.nanoTime() - lastActivityNanos;
    }

    /** The session id of a room's SIP URI: its user part, {@code sip:<session id>@host:port}. */
    static String sessionOf(String requestUri) {
        String uri = requestUri.startsWith("sip:") ? requestUri.substring(4) : requestUri;
        int at = uri.indexOf('@');
        return at < 0 ? "" : uri.substring(0, at);
    }

    private synchronized void handle(SipMessage m, InetSocketAddress from) {
        lastActivityNanos = System.nanoTime();
        if (!m.isRequest()) {
            if (m.status() >= 200) {
                Retransmission.stop(pendingRequests.remove(m.branch()));
            }
            return;
        }
        Leg leg = legs.get(m.callId());
        switch (m.method()) {
            case "INVITE" -> invite(leg, m, from);
            case "ACK" -> {
                if (leg != null) {
                    Retransmission.stop(leg.finalRtx);
                    greet(leg);
                }
            }
            case "CANCEL" -> cancel(leg, m, from);
            case "BYE" -> bye(leg, m, from);
            case "INFO", "OPTIONS" -> socket.send(m.respond(200, "OK", leg == null ? FrontDoor.newTag() : leg.tag), from);
            default -> socket.send(m.respond(501, "Not Implemented", FrontDoor.newTag()), from);
        }
    }

    private void invite(Leg existing, SipMessage invite, InetSocketAddress from) {
        if (existing != null) {
            if (existing.lastResponse != null) {
                socket.send(existing.lastResponse, from);
            }
            return;
        }
        Leg leg = new Leg(invite, from);
        legs.put(invite.callId(), leg);
        rooms.arrived(leg.sessionId);
        registry.taskInvite(leg.sessionId);
        leg.lastResponse = invite.respond(100, "Trying", null);
        socket.send(leg.lastResponse, from);
        if (tuning.answerDelay().isZero()) {
            answer(leg);
        } else {
            leg.pendingAnswer = timers.schedule(() -> {
                synchronized (this) {
                    answer(leg);
                }
            }, tuning.answerDelay().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void answer(Leg leg) {
        if (leg.ended || leg.answered) {
            return;
        }
        String sessionId = leg.sessionId;
        if (!agent.hasSession(taskId, sessionId)) {
            // the agent never started this session, or has ended it since: the room is gone
            leg.ended = true;
            finalResponse(leg, leg.invite.respond(404, "Not Found (no room " + sessionId + ")", leg.tag));
            forgetLater(leg);
            return;
        }
        try {
            leg.rtp = new RtpReceiver("twin-rtp-" + sessionId, address, tuning.rtpInactivity(),
                    tuning.packetsPerTurn(), rtpListener(sessionId));
        } catch (SocketException e) {
            agent.endSession(sessionId, "rtp_port_unavailable");
            leg.ended = true;
            finalResponse(leg, leg.invite.respond(500, "Server Internal Error (no RTP port)", leg.tag));
            return;
        }
        leg.answered = true;
        finalResponse(leg, leg.invite.respond(200, "OK", leg.tag)
                .add("Contact", "<sip:" + sessionId + "@" + socket.hostPort() + ">")
                .body("application/sdp", Sdp.pcmu("voice-agent", socket.host(), leg.rtp.port())));
    }

    /**
     * The front door ACKed the room's 200: the call is bridged and the agent greets the caller, from the
     * call's RTP port to where the front door's offer asked for the task's audio. Once per call.
     */
    private void greet(Leg leg) {
        if (!leg.answered || leg.ended || leg.greeting != null) {
            return;
        }
        Optional<InetSocketAddress> frontDoor = Sdp.audioTarget(leg.invite.body());
        if (frontDoor.isEmpty()) {
            return; // an offer without audio: nobody to speak to
        }
        RtpReceiver rtp = leg.rtp;
        String sessionId = leg.sessionId;
        leg.greeting = Greeting.start(timers, tuning.greetingDelay(), datagram -> {
            rtp.send(datagram, frontDoor.get());
            registry.greeting(sessionId, Instant.now());
        });
    }

    private void finalResponse(Leg leg, SipMessage response) {
        leg.lastResponse = response;
        leg.finalRtx = Retransmission.start(timers, () -> socket.send(response, leg.frontDoor), true, () -> { });
    }

    private void cancel(Leg leg, SipMessage cancel, InetSocketAddress from) {
        if (leg == null) {
            socket.send(cancel.respond(481, "Call/Transaction Does Not Exist", FrontDoor.newTag()), from);
            return;
        }
        socket.send(cancel.respond(200, "OK", leg.tag), from);
        if (!leg.answered && !leg.ended) {
            leg.ended = true;
            if (leg.pendingAnswer != null) {
                leg.pendingAnswer.cancel(false);
            }
            finalResponse(leg, leg.invite.respond(487, "Request Terminated", leg.tag));
            // the caller gave up while the room rang: the agent's session ends with it
            agent.endSession(leg.sessionId, "caller_cancel");
            forgetLater(leg);
        }
    }

    private void bye(Leg leg, SipMessage bye, InetSocketAddress from) {
        if (leg == null) {
            socket.send(bye.respond(481, "Call/Transaction Does Not Exist", FrontDoor.newTag()), from);
            return;
        }
        socket.send(bye.respond(200, "OK", leg.tag), from);
        if (!leg.ended) {
            leg.ended = true;
            Retransmission.stop(leg.finalRtx);
            closeRtp(leg);
            agent.endSession(leg.sessionId, "caller_hangup");
            forgetLater(leg);
        }
    }

    /** The agent ended the session itself: hang up the session's leg towards the front door. */
    synchronized void sessionEndedByAgent(String sessionId, String reason) {
        for (Leg leg : legs.values()) {
            if (leg.sessionId.equals(sessionId) && !leg.ended && leg.answered) {
                hangUp(leg, reason);
                return;
            }
        }
    }

    private void hangUp(Leg leg, String reason) {
        leg.ended = true;
        Retransmission.stop(leg.finalRtx);
        closeRtp(leg);
        String branch = FrontDoor.newBranch();
        SipMessage bye = SipMessage.request("BYE", leg.invite.header("Contact").map(SipMessage::uri)
                        .orElse("sip:frontdoor@" + leg.frontDoor.getAddress().getHostAddress() + ":"
                                + leg.frontDoor.getPort()))
                .add("Via", "SIP/2.0/UDP " + socket.hostPort() + ";branch=" + branch + ";rport")
                .add("Max-Forwards", "70")
                .add("From", SipMessage.withTag(leg.invite.header("To").orElseThrow(), leg.tag))
                .add("To", leg.invite.header("From").orElseThrow())
                .add("Call-ID", leg.invite.callId())
                .add("CSeq", "1 BYE")
                .add("Reason", "SIP;cause=200;text=\"" + reason + "\"");
        pendingRequests.put(branch, Retransmission.start(timers, () -> socket.send(bye, leg.frontDoor), true, () -> {
            synchronized (this) {
                pendingRequests.remove(branch);
            }
        }));
        forgetLater(leg);
    }

    private RtpReceiver.Listener rtpListener(String sessionId) {
        return new RtpReceiver.Listener() {
            @Override
            public void received(long packets, long bytes) {
                lastActivityNanos = System.nanoTime();
                registry.rtp(sessionId, packets, bytes);
            }

            @Override
            public void turn(int turn) {
                double millis = latency.sample(agent.activeSessions(taskId));
                registry.e2e(sessionId, millis);
                agent.agentResponseLatency(taskId, sessionId, turn, millis);
                agent.log(taskId, "{\"event\":\"conversation_turn\",\"session_id\":\"" + sessionId + "\",\"turn\":"
                        + turn + ",\"e2e_latency_ms\":" + Math.round(millis) + ",\"task_id\":\"" + taskId + "\"}");
            }

            @Override
            public void inactive() {
                synchronized (TaskUas.this) {
                    for (Leg leg : legs.values()) {
                        if (leg.sessionId.equals(sessionId) && !leg.ended) {
                            agent.endSession(sessionId, "rtp_timeout");
                            hangUp(leg, "rtp_timeout");
                            return;
                        }
                    }
                }
            }
        };
    }

    private void closeRtp(Leg leg) {
        if (leg.greeting != null) {
            leg.greeting.stop();
        }
        if (leg.rtp != null) {
            leg.rtp.close();
        }
    }

    private void forgetLater(Leg leg) {
        timers.schedule(() -> {
            synchronized (this) {
                legs.remove(leg.invite.callId(), leg);
            }
        }, Retransmission.GIVE_UP_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        synchronized (this) {
            legs.values().forEach(this::closeRtp);
            legs.values().forEach(l -> Retransmission.stop(l.finalRtx));
            pendingRequests.values().forEach(r -> r.stop());
        }
        socket.close();
    }
}
