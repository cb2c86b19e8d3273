package dev.scalingsuite.monitor;

import dev.scalingsuite.fleet.AgentEvent;
import dev.scalingsuite.fleet.FleetPorts;
import dev.scalingsuite.fleet.FleetSnapshot;
import dev.scalingsuite.fleet.LogEventsPort;
import dev.scalingsuite.fleet.ScalingActivity;
import dev.scalingsuite.fleet.ServiceDeployment;
import dev.scalingsuite.fleet.ServiceEvent;
import dev.scalingsuite.fleet.ServiceState;
import dev.scalingsuite.fleet.SessionMetrics;
import dev.scalingsuite.fleet.TaskState;
import dev.scalingsuite.fleet.Telemetry;
import dev.scalingsuite.fleet.Timeline;
import dev.scalingsuite.fleet.finding.Source;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The background monitors: each port polled on its own interval, the pieces merged into one
 * {@link FleetSnapshot} that expectations read, and every change appended to the {@link Timeline}.
 * A failing poll is logged and counted; it never kills its poller.
 */
public final class FleetMonitor implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FleetMonitor.class.getName());

    private final FleetPorts ports;
    private final Telemetry.Events events;
    private final Timeline timeline;
    private final Clock clock;
    private final Duration heartbeatStaleAfter;
    private final Instant startedAt;
    private final ScheduledExecutorService pollers;
    private final AtomicReference<ServiceState> service = new AtomicReference<>(ServiceState.UNKNOWN);
    private final AtomicReference<List<TaskState>> tasks = new AtomicReference<>(List.of());
    /** Every task seen since the start, as last seen: ListTasks forgets a stopped task after a while. */
    private final Map<String, TaskState> tasksSeen = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> serviceSeenAt = new AtomicReference<>(Instant.EPOCH);
    /** When the latest DescribeServices had returned; set before its counts are published (see {@link #serviceReadBy}). */
    private final AtomicReference<Instant> serviceReadBy = new AtomicReference<>(Instant.EPOCH);
    private final AtomicReference<Map<String, Integer>> sessions = new AtomicReference<>(Map.of());
    private final AtomicReference<Map<String, String>> health = new AtomicReference<>(Map.of());
    private final AtomicReference<SessionMetrics> metrics = new AtomicReference<>(SessionMetrics.NONE);
    private final AtomicReference<Map<String, Long>> logCounts = new AtomicReference<>(Map.of());
    private final Set<String> seenActivities = ConcurrentHashMap.newKeySet();
    private final Map<Instant, Integer> seenDatapoints = new ConcurrentHashMap<>();
    private final Set<String> seenReady = ConcurrentHashMap.newKeySet();
    private final Duration metricsLookback;
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> totalFailures = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastSuccess = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastRead = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> targetsReadAt = new AtomicReference<>();
    private final Map<String, String> lastError = new ConcurrentHashMap<>();
    private final Map<String, String> lastTaskStatus = new ConcurrentHashMap<>();
    private final Map<String, String> lastDeployment = new ConcurrentHashMap<>();
    private final Set<String> seenEvents = ConcurrentHashMap.newKeySet();
    private final AgentEventLog agentEvents;

    /**
     * Starts polling at once.
     *
     * @param heartbeatStaleAfter heartbeats older than this (wall time) are ignored
     * @param events the agent's log events: those it counts, the one that says a task's agent serves, and
     *     those that say what became of a call, read with the other logs
     * @param callEventsDelay how late (wall time) the log may deliver an event: each read of the call
     *     events reaches this far back before the previous one
     */
    public FleetMonitor(FleetPorts ports, PollIntervals intervals, Timeline timeline, Clock clock,
            Duration heartbeatStaleAfter, Telemetry.Events events, Duration callEventsDelay) {
        this.ports = ports;
        this.events = events;
        this.timeline = timeline;
        this.clock = clock;
        this.heartbeatStaleAfter = heartbeatStaleAfter;
        this.startedAt = clock.instant();
        this.metricsLookback = intervals.metricsLookback();
        this.agentEvents = new AgentEventLog(ports.logs(), events.calls(), startedAt.minus(callEventsDelay), callEventsDelay);
        AtomicInteger n = new AtomicInteger();
        this.pollers = Executors.newScheduledThreadPool(3, r -> {
            Thread t = new Thread(r, "fleet-monitor-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        schedule("ecs", intervals.ecs(), this::pollEcs);
        schedule("sessions", intervals.sessions(), this::pollSessions);
        schedule("targets", intervals.targets(), this::pollTargets);
        schedule("metrics", intervals.metrics(), this::pollMetrics);
        schedule("activities", intervals.activities(), this::pollActivities);
        schedule("logs", intervals.logs(), this::pollLogs);
    }

    private void schedule(String name, Duration every, Runnable poll) {
        failures.put(name, new AtomicInteger());
        totalFailures.put(name, new AtomicInteger());
        lastSuccess.put(name, clock.instant());
        lastRead.put(name, startedAt); // nothing read yet: no verdict may rest on this source past the start
        // fixed rate: a change is seen within one interval, whatever the poll itself takes
        pollers.scheduleAtFixedRate(() -> {
            Instant began = clock.instant();
            try {
                poll.run();
                failures.get(name).set(0);
                lastSuccess.put(name, clock.instant());
                lastRead.put(name, began);
            } catch (RuntimeException | Error e) {
                lastError.put(name, String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString()));
                if (pollers.isShutdown()) {
                    return; // closing interrupts a poll in flight; that is not a failure
                }
                int count = failures.get(name).incrementAndGet();
                totalFailures.get(name).incrementAndGet();
                LOG.log(Level.WARNING, "monitor '" + name + "' poll failed (" + count + " in a row): " + e);
                timeline.append(clock.instant(), "poll-failed", Map.of("monitor", name, "error", String.valueOf(e)));
            }
        }, 0, Math.max(1, every.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** What the monitors last saw, merged; cheap, so expectations can poll it often. */
    public FleetSnapshot latest() {
        Map<String, String> byIp = health.get();
        Map<String, Integer> byTask = sessions.get();
        List<TaskState> merged = new ArrayList<>();
        for (TaskState task : tasks.get()) {
            merged.add(task.withHealth(byIp.getOrDefault(task.privateIp(), task.running() ? "unregistered" : "-"))
                    .withSessions(task.running() ? byTask.getOrDefault(task.id(), 0) : 0));
        }
        Set<Source> empty = EnumSet.noneOf(Source.class);
        if (serviceSeenAt.get().equals(Instant.EPOCH)) {
            empty.add(Source.ECS_SERVICE);
        }
        if (byTask.isEmpty()) {
            empty.add(Source.HEARTBEATS); // not one task has a fresh heartbeat: the sessions are not known
        }
        if (byIp.isEmpty()) {
            empty.add(Source.TARGETS); // not one target: the tasks' health is not known
        }
        return new FleetSnapshot(serviceSeenAt.get(), service.get(), merged, metrics.get(), empty);
    }

    /**
     * A time by which the service counts {@link #latest()} showed before this call were true: when the
     * DescribeServices call that read them, or a later one, had returned. It is set before the counts are
     * published, so it is never earlier than the answer they came from.
     */
    public Instant serviceReadBy() {
        return serviceReadBy.get();
    }

    /** Every task of the service the monitors have seen, each as last seen: what the run is billed for. */
    public List<TaskState> tasksSeen() {
        return List.copyOf(tasksSeen.values());
    }

    public Map<String, Long> logEventCounts() {
        return logCounts.get();
    }

    /**
     * The agents' call events since the start, as of the {@code logs} monitor's last read (see
     * {@link #readUpTo()}), oldest first.
     */
    public List<AgentEvent> callEvents() {
        return agentEvents.events();
    }

    /**
     * Per monitor, when its last successful poll began: what it saw held at that moment, so a verdict
     * judged "as of now" may only rest on it up to then. A poll that is late (a busy machine, a slow
     * API) then delays a verdict instead of making one (monitors {@code ecs}, {@code sessions},
     * {@code targets}, {@code metrics}, {@code activities}, {@code logs}).
     */
    public Map<String, Instant> readUpTo() {
        return Map.copyOf(lastRead);
    }

    /** Consecutive failed polls per monitor. */
    public Map<String, Integer> failures() {
        Map<String, Integer> out = new LinkedHashMap<>();
        failures.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** A monitor whose every poll has failed since {@code lastSuccess}. */
    public record Failing(String monitor, int polls, Instant lastSuccess, String lastError) {
    }

    /**
     * The monitors that have failed every poll for longer than {@code limit} (and at least three polls
     * in a row), each with its last error: what they report is stale, so no verdict may rest on it.
     */
    public List<Failing> failingLongerThan(Duration limit) {
        List<Failing> out = new ArrayList<>();
        Instant now = clock.instant();
        failures.forEach((name, count) -> {
            Instant ok = lastSuccess.getOrDefault(name, startedAt);
            if (count.get() >= 3 && Duration.between(ok, now).compareTo(limit) > 0) {
                out.add(new Failing(name, count.get(), ok, lastError.getOrDefault(name, "unknown")));
            }
        });
        return out;
    }

    /** Failed polls since the start, per monitor. */
    public Map<String, Integer> totalFailures() {
        Map<String, Integer> out = new LinkedHashMap<>();
        totalFailures.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    // Observations are stamped with when their poll began: the state they report held at some moment
    // during the poll, so a slow or retried call never makes a change look later than it was.
    private void pollEcs() {
        Instant at = clock.instant();
        ServiceState now = ports.ecs().service();
        serviceReadBy.set(clock.instant());
        List<TaskState> list = ports.ecs().tasks();
        ServiceState before = service.getAndSet(now);
        tasks.set(list);
        list.forEach(task -> tasksSeen.put(task.id(), task));
        serviceSeenAt.set(at);
        if (!now.sameCounts(before)) {
            timeline.append(at, "service", Map.of("desired", now.desired(), "running", now.running(),
                    "pending", now.pending()));
        }
        recordDeployments(at, now);
        for (TaskState task : list) {
            String status = task.lastStatus() + "/" + task.desiredStatus() + (task.protectedFromScaleIn() ? "/protected" : "")
                    + (task.stopCode() == null ? "" : "/" + task.stopCode());
            if (!status.equals(lastTaskStatus.put(task.id(), status))) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("task", task.id());
                fields.put("lastStatus", task.lastStatus());
                fields.put("desiredStatus", task.desiredStatus());
                fields.put("protected", task.protectedFromScaleIn());
                fields.put("privateIp", task.privateIp());
                if (task.taskDefinition() != null) {
                    fields.put("taskDefinition", task.taskDefinition());
                }
                if (task.stopCode() != null) {
                    fields.put("stopCode", task.stopCode());
                }
                // the lifecycle timestamps, for the cold-start phases in the reports
                putInstant(fields, "createdAt", task.createdAt());
                putInstant(fields, "pullStartedAt", task.pullStartedAt());
                putInstant(fields, "pullStoppedAt", task.pullStoppedAt());
                putInstant(fields, "startedAt", task.startedAt());
                putInstant(fields, "stoppingAt", task.stoppingAt());
                putInstant(fields, "stoppedAt", task.stoppedAt());
                timeline.append(at, "task", fields);
            }
        }
    }

    /**
     * Each deployment whenever its state or counts change ({@code deployment}), and each service event
     * ECS wrote since the run began ({@code ecs-event}), stamped with ECS's own time.
     */
    private void recordDeployments(Instant at, ServiceState now) {
        for (ServiceDeployment d : now.deployments()) {
            String state = d.status() + "/" + d.rolloutState() + "/" + d.desired() + "/" + d.running() + "/"
                    + d.pending() + "/" + d.failedTasks() + "/" + d.rolloutStateReason();
            if (!state.equals(lastDeployment.put(d.id(), state))) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("deployment", d.id());
                fields.put("status", d.status());
                fields.put("taskDefinition", d.taskDefinition());
                fields.put("rolloutState", d.rolloutState());
                fields.put("rolloutStateReason", d.rolloutStateReason());
                fields.put("desired", d.desired());
                fields.put("running", d.running());
                fields.put("pending", d.pending());
                fields.put("failedTasks", d.failedTasks());
                timeline.append(at, "deployment", fields);
            }
        }
        for (String gone : new ArrayList<>(lastDeployment.keySet())) {
            if (now.deployments().stream().noneMatch(d -> d.id().equals(gone))) {
                lastDeployment.remove(gone);
                timeline.append(at, "deployment", Map.of("deployment", gone, "status", "INACTIVE"));
            }
        }
        List<ServiceEvent> fresh = new ArrayList<>();
        for (ServiceEvent e : now.events()) {
            if (e.at() != null && !e.at().isBefore(startedAt) && seenEvents.add(e.id())) {
                fresh.add(0, e); // ECS lists them newest first
            }
        }
        fresh.forEach(e -> timeline.append(e.at(), "ecs-event", Map.of("message", e.message())));
    }

    private static void putInstant(Map<String, Object> fields, String name, Instant at) {
        if (at != null) {
            fields.put(name, at.toString());
        }
    }

    private void pollSessions() {
        Instant at = clock.instant();
        Map<String, Integer> now = ports.sessions().sessionsByTask(at.minus(heartbeatStaleAfter));
        Map<String, Integer> before = sessions.getAndSet(now);
        if (!now.equals(before)) {
            timeline.append(at, "sessions", Map.of("byTask", now));
        }
    }

    private void pollTargets() {
        Instant at = clock.instant();
        Map<String, String> now = ports.targets().healthByIp();
        Map<String, String> before = health.getAndSet(now);
        Instant previous = targetsReadAt.getAndSet(at);
        if (!now.equals(before)) {
            // when the state before this change was last seen: the change happened between the two reads,
            // so a verdict on how long it took can rest on the earlier one and not on a late poll
            timeline.append(at, "targets", previous == null ? Map.of("healthByIp", now)
                    : Map.of("healthByIp", now, "previousReadAt", previous.toString()));
        }
    }

    private void pollMetrics() {
        Instant now = clock.instant();
        // every datapoint since the start, so one failed poll leaves no hole in the timeline
        List<SessionMetrics> all = ports.metrics().history(startedAt.minus(metricsLookback), now);
        SessionMetrics latest = all.isEmpty() ? SessionMetrics.NONE : all.get(all.size() - 1);
        metrics.set(latest);
        for (SessionMetrics m : all) {
            // one event per new datapoint, and again when more of its metrics arrive (the session counter
            // publishes after Container Insights); the percentiles of a period still filling are not news
            if (m.datapointAt() != null && m.values().size() > seenDatapoints.getOrDefault(m.datapointAt(), 0)) {
                seenDatapoints.put(m.datapointAt(), m.values().size());
                Map<String, Object> fields = new LinkedHashMap<>(m.values());
                fields.put("datapointAt", m.datapointAt().toString());
                timeline.append(now, "metrics", fields);
            }
        }
    }

    private void pollActivities() {
        for (ScalingActivity activity : ports.scaling().activitiesSince(startedAt)) {
            if (seenActivities.add(activity.id())) {
                timeline.append(activity.startedAt(), "activity", Map.of("description", activity.description(),
                        "cause", activity.cause(), "status", activity.status()));
            }
        }
    }

    private void pollLogs() {
        Instant now = clock.instant();
        logCounts.set(ports.logs().count(events.counted(), startedAt, now));
        for (LogEventsPort.LogOccurrence ready : ports.logs().occurrences(events.ready(), startedAt, now)) {
            if (seenReady.add(ready.taskId())) {
                timeline.append(now, "app-ready", Map.of("task", ready.taskId(), "readyAt", ready.at().toString()));
            }
        }
        agentEvents.read(now);
    }

    /** Polls once more everything but the slow logs, so a final report starts from fresh data. */
    public void refresh() {
        pollEcs();
        pollSessions();
        pollTargets();
    }

    @Override
    public void close() {
        pollers.shutdownNow();
        try {
            pollers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
