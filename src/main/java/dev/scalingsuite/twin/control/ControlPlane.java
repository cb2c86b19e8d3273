package dev.scalingsuite.twin.control;

import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.model.TaskRecord;
import dev.scalingsuite.twin.stack.SessionTable;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The twin's control plane: one thread that ticks the ECS scheduler, the agents, the NLB, the
 * session counter and the alarms in model time, under the stack's monitor; one I/O thread for
 * DynamoDB, and the NLB's HTTP health checks sent through the call path ({@link #sendHealthChecksThrough})
 * with their results applied at a later tick, so the monitor is never held across a network call.
 */
public final class ControlPlane implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ControlPlane.class.getName());

    private final StackModel stack;
    private final ScheduledExecutorService ticker;
    private final ExecutorService io;
    private final Agents agents;
    private final EcsScheduler scheduler;
    private final LoadBalancer loadBalancer;
    private final SessionCounter counter;
    private final AlarmEvaluator alarms;
    private final TaskCrash taskCrash;
    private final Duration period;
    private Instant lastBoundary;

    /** @param routing the NLB's flow-hash draws (from the twin's seed, so routing can be replayed) */
    public ControlPlane(StackModel stack, SessionTable table, RandomGenerator routing) {
        this.stack = stack;
        this.io = Executors.newSingleThreadExecutor(daemon("twin-io"));
        this.agents = new Agents(stack, table, io);
        this.scheduler = new EcsScheduler(stack, agents);
        this.loadBalancer = new LoadBalancer(stack, routing);
        this.counter = new SessionCounter(stack, table);
        this.alarms = new AlarmEvaluator(stack, new AutoScaler(stack));
        this.taskCrash = new TaskCrash(stack, agents, this::crash);
        this.period = stack.wall(stack.settings().metricPeriod());
        synchronized (stack) {
            Instant now = stack.now();
            for (TaskRecord task : stack.ecs().tasksWithStatus("RUNNING")) {
                agents.adopt(task, now);
            }
            lastBoundary = boundary(now);
        }
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("twin-control"));
        long tickMicros = Math.max(5_000, stack.wall(0.5).toNanos() / 1000);
        ticker.scheduleAtFixedRate(this::tick, 0, tickMicros, TimeUnit.MICROSECONDS);
    }

    public Agents agents() {
        return agents;
    }

    public LoadBalancer loadBalancer() {
        return loadBalancer;
    }

    /**
     * Sends the NLB's health checks through {@code sender}, the call path that reaches each task's agent
     * port over HTTP, until the returned handle is closed. Before and after, no check is sent and every
     * target keeps its state.
     */
    public AutoCloseable sendHealthChecksThrough(HealthCheckSender sender) {
        synchronized (stack) {
            loadBalancer.sendHealthChecksThrough(java.util.Optional.of(sender));
        }
        return () -> {
            synchronized (stack) {
                loadBalancer.sendHealthChecksThrough(java.util.Optional.empty());
            }
        };
    }

    /**
     * The internal session API (the agents' {@code POST /call} uses it; tests may too): starts a
     * session on a task.
     *
     * @return empty when the task took the session, else why it refused (see {@link Agents#startSession})
     */
    public java.util.Optional<String> startSession(String taskId, String sessionId) {
        synchronized (stack) {
            return agents.startSession(taskId, sessionId);
        }
    }

    /** Ends a session because the caller hung up. */
    public void endSession(String sessionId) {
        endSession(sessionId, "caller_hangup");
    }

    /** Ends a session for a reason the call path knows (e.g. {@code rtp_timeout}); unknown ids are ignored. */
    public void endSession(String sessionId, String reason) {
        synchronized (stack) {
            agents.endSession(sessionId, reason);
        }
    }

    /** Appends a structured JSON log line (an object) to the task's log stream, as the agent logs. */
    public void log(String taskId, String json) {
        synchronized (stack) {
            agents.log(taskId, stack.now(), json);
        }
    }

    /**
     * One conversation turn's response latency on a task's call, which its agent publishes as an EMF line
     * in the task's log stream ({@code AgentResponseLatency} in {@code VoiceAgent/Pipeline}).
     */
    public void agentResponseLatency(String taskId, String callId, int turn, double millis) {
        synchronized (stack) {
            agents.agentResponseLatency(taskId, callId, turn, millis, stack.now());
        }
    }

    /** The task the NLB picks for a new flow, if any target can take one. */
    public java.util.Optional<String> route() {
        synchronized (stack) {
            return loadBalancer.route();
        }
    }

    /** Kills a task at once, as a crash does; its calls are dropped. */
    public void crash(String taskId) {
        synchronized (stack) {
            stack.ecs().task(taskId).ifPresent(task -> crash(task, stack.now()));
        }
    }

    private void crash(TaskRecord task, Instant now) {
        task.stopReason("EssentialContainerExited", "Essential container in task exited");
        scheduler.kill(task, now, "task_crashed");
    }

    private void tick() {
        try {
            synchronized (stack) {
                Instant now = stack.now();
                scheduler.tick(now);
                scheduler.checkStopping(now);
                agents.tick(now);
                loadBalancer.tick(now);
                taskCrash.tick(now);
                Instant boundary = boundary(now);
                // a tick that comes late (a stalled thread, a busy machine) must not skip a period: the
                // deployed counter runs on a schedule, so a missed run happens late, not never
                while (boundary.isAfter(lastBoundary)) {
                    Instant at = lastBoundary.plus(period);
                    lastBoundary = at;
                    SessionCounter.containerInsights(stack, at);
                    io.execute(() -> counter.count(at));
                }
                alarms.evaluateDue(now);
            }
        } catch (RuntimeException | LinkageError | AssertionError e) {
            // a failed tick must not end the control plane (a scheduled task that throws never runs
            // again): log it, and the next tick retries
            LOG.log(Level.WARNING, "twin control plane tick failed", e);
        }
    }

    private Instant boundary(Instant now) {
        long p = period.toMillis();
        return Instant.ofEpochMilli(now.toEpochMilli() / p * p);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        io.shutdown();
        try {
            if (!io.awaitTermination(5, TimeUnit.SECONDS)) {
                io.shutdownNow();
            }
            ticker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
