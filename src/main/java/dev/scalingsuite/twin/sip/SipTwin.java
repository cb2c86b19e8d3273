package dev.scalingsuite.twin.sip;

import dev.scalingsuite.twin.control.ControlPlane;
import dev.scalingsuite.twin.model.StackModel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The twin's call path: the SIP front door on one loopback UDP port and a SIP UAS per task that
 * takes calls, each on its own port, opened when the task first gets a call leg and closed once the
 * task is gone and its last transaction is over. Exposes the per-call statistics tests assert on.
 */
public final class SipTwin implements AutoCloseable {

    /** Model seconds of received audio per {@code conversation_turn}. */
    public static final double TURN_MODEL_SECONDS = 15;
    /** RTP packetisation: 20 ms of audio per packet, never scaled. */
    public static final double PACKET_SECONDS = 0.02;

    private final StackModel stack;
    private final ControlPlane controlPlane;
    private final CallRegistry registry = new CallRegistry();
    private final ScheduledExecutorService timers;
    private final Map<String, TaskUas> tasks = new ConcurrentHashMap<>();
    private final TaskUas.Tuning tuning;
    private final LatencyModel latency;
    private final AgentPort agentPort;
    private final FrontDoor frontDoor;

    /** @param jitter the call setup latency draws (from the twin's seed) */
    public SipTwin(StackModel stack, ControlPlane controlPlane, RandomGenerator jitter) throws IOException {
        this.stack = stack;
        this.latency = new LatencyModel(jitter);
        this.controlPlane = controlPlane;
        this.timers = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "twin-sip-timers");
            t.setDaemon(true);
            return t;
        });
        int scale = stack.settings().timeScale();
        this.tuning = new TaskUas.Tuning(Duration.ofMillis(stack.settings().sipAnswerDelayMillis()),
                stack.wall(stack.settings().rtpInactivityTimeout()),
                (int) Math.max(1, Math.round(TURN_MODEL_SECONDS / scale / PACKET_SECONDS)));
        this.agentPort = new ControlPlaneAgents();
        try {
            this.frontDoor = new FrontDoor(stack.settings().sipPort(), new Router(), registry, timers);
        } catch (IOException | RuntimeException e) {
            timers.shutdownNow();
            throw e;
        }
        // the control plane calls listeners under the stack's monitor: hang up on the timer thread
        controlPlane.agents().addListener((taskId, callId, reason) -> timers.execute(() -> {
            TaskUas uas = tasks.get(taskId);
            if (uas != null) {
                uas.sessionEndedByAgent(callId, reason);
            }
        }));
        timers.scheduleWithFixedDelay(this::closeGoneTasks, 1, 1, TimeUnit.SECONDS);
    }

    /** The front door's port on 127.0.0.1. */
    public int port() {
        return frontDoor.port();
    }

    /** "127.0.0.1:port": where callers send their INVITEs. */
    public String hostPort() {
        return "127.0.0.1:" + port();
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

    private final class Router implements FrontDoor.Router {
        @Override
        public Optional<String> route() {
            return controlPlane.route();
        }

        @Override
        public InetSocketAddress taskAddress(String taskId) throws IOException {
            try {
                return tasks.computeIfAbsent(taskId, id -> {
                    try {
                        return new TaskUas(id, agentPort, registry, timers, tuning, latency);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).address();
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }

    private final class ControlPlaneAgents implements AgentPort {
        @Override
        public Optional<String> startSession(String taskId, String callId) {
            return controlPlane.startSession(taskId, callId);
        }

        @Override
        public void endSession(String callId, String reason) {
            controlPlane.endSession(callId, reason);
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

    /** Frees the ports of tasks that are gone once their calls and transactions are over. */
    private void closeGoneTasks() {
        for (TaskUas uas : tasks.values()) {
            if (!agentPort.alive(uas.taskId()) && !uas.busy() && uas.idleNanos() > Duration.ofSeconds(1).toNanos()) {
                tasks.remove(uas.taskId(), uas);
                uas.close();
            }
        }
    }

    @Override
    public void close() {
        frontDoor.close();
        tasks.values().forEach(TaskUas::close);
        tasks.clear();
        timers.shutdownNow();
    }
}
