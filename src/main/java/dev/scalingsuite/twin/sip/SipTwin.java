package dev.scalingsuite.twin.sip;

import dev.scalingsuite.twin.control.Agent;
import dev.scalingsuite.twin.control.ControlPlane;
import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.stack.TwinSettings;
import dev.scalingsuite.twin.stack.WallTimeout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * The twin's call path, as deployed: the SIP front door (the Asterisk role) on one UDP port of its
 * address (loopback unless set); the webhook's {@code POST /call} through the NLB listener, a TCP proxy
 * on one port of the same address that routes each connection on its own; each running task's agent
 * over HTTP on a port of its own (its port 8080), on the task's address (one of its own, or loopback); the session's room, which the front door dials and which reaches the task that started
 * the session, on a SIP port per task; the NLB's HTTP health checks of those agent ports; and the media
 * anchored at the front door. Task ports open when a task is first reached and close once it is gone and
 * its last transaction is over. Exposes the per-call statistics, the NLB's flows and its health checks
 * that tests assert on.
 */
public final class SipTwin implements AutoCloseable {

    /** Model seconds of received audio per {@code conversation_turn}. */
    public static final double TURN_MODEL_SECONDS = 15;
    /** RTP packetisation: 20 ms of audio per packet, never scaled. */
    public static final double PACKET_SECONDS = 0.02;

    private final StackModel stack;
    private final ControlPlane controlPlane;
    private final CallRegistry registry = new CallRegistry();
    private final Rooms rooms = new Rooms();
    private final ScheduledExecutorService timers;
    private final Map<String, TaskUas> tasks = new ConcurrentHashMap<>();
    private final TaskUas.Tuning tuning;
    private final LatencyModel latency;
    private final AgentPort agentPort;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final AgentServers agentServers;
    private final NlbListener nlb;
    private final NlbHealthChecks healthChecks;
    private final FrontDoor frontDoor;
    private final InetAddress sipAddress;
    private final TaskAddresses taskAddresses;

    /** @param jitter the call setup latency draws (from the twin's seed) */
    public SipTwin(StackModel stack, ControlPlane controlPlane, RandomGenerator jitter) throws IOException {
        this.stack = stack;
        this.latency = new LatencyModel(jitter);
        this.controlPlane = controlPlane;
        TwinSettings settings = stack.settings();
        this.timers = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "twin-sip-timers");
            t.setDaemon(true);
            return t;
        });
        started.add(timers::shutdownNow);
        int scale = settings.timeScale();
        this.tuning = new TaskUas.Tuning(Duration.ofMillis(settings.sipAnswerDelayMillis()),
                stack.wall(settings.rtpInactivityTimeout()),
                (int) Math.max(1, Math.round(TURN_MODEL_SECONDS / scale / PACKET_SECONDS)),
                Greeting.wallDelay(settings.greetingDelay(), scale));
        this.agentPort = new ControlPlaneAgents();
        this.sipAddress = InetAddress.getByName(settings.sipAddress());
        this.taskAddresses = new TaskAddresses(settings.taskAddresses());
        try {
            this.agentServers = track(new AgentServers(agentPort, this::joined, taskAddresses));
            this.nlb = track(new NlbListener(sipAddress, 0, new NlbTargets()));
            this.healthChecks = track(new NlbHealthChecks(agentServers::address, nlb.address(),
                    WallTimeout.of(settings.healthCheckTimeout(), scale)));
            // stops the checks before their sender closes, so no check fails only because the twin stops
            track(controlPlane.sendHealthChecksThrough(healthChecks));
            MediaRelay media = track(new MediaRelay("twin-sip-media", sipAddress));
            ExecutorService webhooks = Executors.newCachedThreadPool(daemon("twin-sip-webhook"));
            started.add(webhooks::shutdownNow);
            Webhook webhook = new Webhook(nlb.address(), WallTimeout.of(settings.webhookTimeout(), scale));
            FrontDoor.Tuning doorTuning = new FrontDoor.Tuning(settings.refusal(),
                    settings.webhookDelay().dividedBy(scale), settings.webhookRetries());
            this.frontDoor = track(new FrontDoor(sipAddress, settings.sipPort(), new Router(), registry, timers,
                    webhooks, webhook, media, doorTuning));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        // the control plane calls listeners under the stack's monitor: hang up on the timer thread
        controlPlane.agents().addListener((taskId, sessionId, reason) -> timers.execute(() -> {
            TaskUas uas = tasks.get(taskId);
            if (uas != null) {
                uas.sessionEndedByAgent(sessionId, reason);
            }
        }));
        timers.scheduleWithFixedDelay(this::closeGoneTasks, 1, 1, TimeUnit.SECONDS);
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.add(resource);
        return resource;
    }

    /** The front door's port on its address (setting {@code sipAddress}). */
    public int port() {
        return frontDoor.port();
    }

    /** "address:port": where callers send their INVITEs. */
    public String hostPort() {
        return sipAddress.getHostAddress() + ":" + port();
    }

    /** The NLB listener's TCP port on the front door's address (port 80 of the deployed NLB). */
    public int nlbPort() {
        return nlb.port();
    }

    /** The flows the NLB listener accepted, oldest first (the last 10 000). */
    public List<NlbFlow> nlbFlows() {
        return nlb.flows();
    }

    /** The HTTP health checks the NLB sent to the agents, oldest first (the last 10 000). */
    public List<NlbHealthCheck> healthChecks() {
        return healthChecks.checks();
    }

    /**
     * The HTTP port of a task's agent (its container port 8080), opened if the agent serves;
     * empty while it initializes and once it has exited.
     */
    public Optional<Integer> agentPort(String taskId) {
        return agentServers.address(taskId).map(InetSocketAddress::getPort);
    }

    public List<CallStats> calls() {
        return registry.all();
    }

    public Optional<CallStats> call(String callId) {
        return registry.get(callId);
    }

    /** The SIP port of a task's UAS, if it has one open. */
    public Optional<Integer> taskPort(String taskId) {
        return Optional.ofNullable(tasks.get(taskId)).map(t -> t.address().getPort());
    }

    /**
     * An agent started a session: it waits in the session's room. If no call leg comes within the RTP
     * inactivity timeout (the caller left while the webhook ran), the agent gives up on it.
     */
    private void joined(String taskId, String sessionId) {
        rooms.joined(sessionId, taskId);
        timers.schedule(() -> rooms.abandon(sessionId).ifPresent(t -> agentPort.endSession(sessionId, "rtp_timeout")),
                tuning.rtpInactivity().toNanos(), TimeUnit.NANOSECONDS);
    }

    private final class Router implements FrontDoor.Router {
        @Override
        public Optional<FrontDoor.Room> room(String sessionId) throws IOException {
            Optional<String> taskId = rooms.task(sessionId);
            if (taskId.isEmpty()) {
                return Optional.empty();
            }
            try {
                TaskUas uas = tasks.computeIfAbsent(taskId.get(), id -> {
                    try {
                        return new TaskUas(id, taskAddresses.of(id), agentPort, registry, rooms, timers, tuning,
                                latency);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                return Optional.of(new FrontDoor.Room(taskId.get(), uas.address()));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }

    private final class NlbTargets implements NlbListener.Targets {
        @Override
        public Optional<String> route() {
            return controlPlane.route();
        }

        @Override
        public Optional<InetSocketAddress> agentAddress(String taskId) {
            return agentServers.address(taskId);
        }
    }

    private final class ControlPlaneAgents implements AgentPort {
        @Override
        public Optional<Status> status(String taskId) {
            synchronized (stack) {
                Optional<Agent> agent = controlPlane.agents().agent(taskId);
                if (agent.isEmpty()) {
                    return Optional.empty();
                }
                Agent a = agent.get();
                Instant now = stack.now();
                boolean protectedNow = stack.ecs().task(taskId).map(t -> t.protectedAt(now)).orElse(false);
                return Optional.of(new Status(a.initialized(now) && !a.exited(), a.draining(), a.activeSessions(),
                        a.maxConcurrentCalls(), List.copyOf(a.sessionIds()), protectedNow));
            }
        }

        @Override
        public Optional<String> startSession(String taskId, String sessionId) {
            return controlPlane.startSession(taskId, sessionId);
        }

        @Override
        public boolean hasSession(String taskId, String sessionId) {
            synchronized (stack) {
                return controlPlane.agents().agent(taskId).map(a -> a.hasSession(sessionId)).orElse(false);
            }
        }

        @Override
        public void endSession(String sessionId, String reason) {
            controlPlane.endSession(sessionId, reason);
        }

        @Override
        public void log(String taskId, String json) {
            controlPlane.log(taskId, json);
        }

        @Override
        public int activeSessions(String taskId) {
            synchronized (stack) {
                return controlPlane.agents().agent(taskId).map(a -> a.activeSessions()).orElse(0);
            }
        }

        @Override
        public boolean alive(String taskId) {
            synchronized (stack) {
                return controlPlane.agents().agent(taskId).map(a -> !a.exited()).orElse(false);
            }
        }

        @Override
        public void agentResponseLatency(String taskId, String callId, int turn, double millis) {
            controlPlane.agentResponseLatency(taskId, callId, turn, millis);
        }
    }

    /**
     * Frees the ports of tasks that are gone once their calls and transactions are over, and then their
     * addresses.
     */
    private void closeGoneTasks() {
        for (TaskUas uas : tasks.values()) {
            if (!agentPort.alive(uas.taskId()) && !uas.busy() && uas.idleNanos() > Duration.ofSeconds(1).toNanos()) {
                tasks.remove(uas.taskId(), uas);
                uas.close();
            }
        }
        agentServers.closeGone();
        for (String taskId : taskAddresses.holders()) {
            if (!agentPort.alive(taskId) && !tasks.containsKey(taskId) && agentServers.openAddress(taskId).isEmpty()) {
                taskAddresses.release(taskId);
            }
        }
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("twin: stopping the call path's " + started.get(i).getClass().getSimpleName()
                        + " failed: " + e);
            }
        }
        started.clear();
        tasks.values().forEach(TaskUas::close);
        tasks.clear();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
