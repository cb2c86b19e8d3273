package dev.scalingsuite.report;

import dev.scalingsuite.fleet.ScalingConfiguration;
import dev.scalingsuite.fleet.SessionMetrics;
import dev.scalingsuite.fleet.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a run's timeline says, computed once for the document and results.json alike: the
 * inflection points of the scaling timeline, the load balancer's distribution at peak, each new
 * task's cold-start phases, the decision pipeline of each scale-out, and statistics of the metrics
 * and call setup times. All times are model seconds since the start of the run.
 */
public final class RunAnalysis {

    static final List<String> METRICS = List.of(SessionMetrics.SESSIONS_PER_TASK,
            SessionMetrics.MAX_SESSIONS_PER_TASK, SessionMetrics.ACTIVE_COUNT, SessionMetrics.HEALTHY_TASK_COUNT,
            SessionMetrics.RUNNING_TASK_COUNT, SessionMetrics.DESIRED_TASK_COUNT, SessionMetrics.LATENCY_P50,
            SessionMetrics.LATENCY_P95, SessionMetrics.LATENCY_P99);
    private static final Pattern DESIRED_TO = Pattern.compile("desired count to (\\d+)");

    private final RunRecord run;

    private RunAnalysis(RunRecord run) {
        this.run = run;
    }

    public static RunAnalysis of(RunRecord run) {
        return new RunAnalysis(run);
    }

    public RunRecord run() {
        return run;
    }

    /** A point where the fleet changed: desired or running moved, or Application Auto Scaling acted. */
    public record Inflection(double at, String event, int running, int desired, OptionalDouble sessionsPerTask,
            OptionalDouble activeCount, String cause) {
    }

    /** The sessions of each task at the moment the most sessions were active. */
    public record Distribution(double at, int total, Map<String, Integer> byTask) {
    }

    /**
     * A task started during the run, its phases in model seconds: ENI attach and scheduling
     * (created to pull started), image pull, container start (pull stopped to RUNNING), application
     * init (RUNNING to its ready log line, {@code service_ready} as deployed) and NLB health checks (to
     * healthy).
     */
    public record ColdStart(String task, OptionalDouble scheduling, OptionalDouble imagePull,
            OptionalDouble containerStart, OptionalDouble appInit, OptionalDouble healthChecks, OptionalDouble total) {
    }

    /** One scale-out decision: the metric breach, the scaling activity, the new desired count seen, capacity serving. */
    public record Decision(double breachAt, double activityAt, OptionalDouble desiredSeenAt,
            OptionalDouble servingAt, int desiredBefore, int desiredAfter, String metric, String policy) {
    }

    /** Minimum, mean and maximum of one metric over the run's datapoints. */
    public record Stats(double min, double avg, double max, int datapoints) {
    }

    // ---- scaling timeline

    /** The scaling timeline's inflection points, oldest first. */
    public List<Inflection> inflections() {
        List<Inflection> out = new ArrayList<>();
        int running = -1;
        int desired = -1;
        String lastCause = "";
        List<Timeline.Event> events = run.events().stream()
                .filter(e -> e.kind().equals("service") || e.kind().equals("activity"))
                .sorted(Comparator.comparing(Timeline.Event::at)).toList();
        for (Timeline.Event e : events) {
            if (e.kind().equals("activity")) {
                lastCause = cause(e);
                out.add(new Inflection(run.modelSeconds(e.at()), "scaling activity: "
                        + e.fields().getOrDefault("description", ""), running, desired, metricAt(e.at(),
                        SessionMetrics.SESSIONS_PER_TASK), metricAt(e.at(), SessionMetrics.ACTIVE_COUNT), lastCause));
                continue;
            }
            int r = (int) ChartData.number(e.fields().get("running"));
            int d = (int) ChartData.number(e.fields().get("desired"));
            List<String> changes = new ArrayList<>();
            if (desired < 0) {
                changes.add("start: running " + r + ", desired " + d);
            } else {
                if (d != desired) {
                    changes.add("desired " + desired + " -> " + d);
                }
                if (r != running) {
                    changes.add("running " + running + " -> " + r);
                }
            }
            if (!changes.isEmpty()) {
                out.add(new Inflection(run.modelSeconds(e.at()), String.join(", ", changes), r, d,
                        metricAt(e.at(), SessionMetrics.SESSIONS_PER_TASK),
                        metricAt(e.at(), SessionMetrics.ACTIVE_COUNT), d != desired && desired >= 0 ? lastCause : ""));
            }
            running = r;
            desired = d;
        }
        return out;
    }

    /** The cause Application Auto Scaling gave, shortened to the alarm and the policy. */
    static String cause(Timeline.Event activity) {
        String cause = String.valueOf(activity.fields().getOrDefault("cause", ""));
        Matcher m = Pattern.compile("monitor alarm (\\S+) in state (\\S+) triggered policy (\\S+)").matcher(cause);
        return m.find() ? "alarm " + m.group(1) + " (" + m.group(2) + ") -> policy " + m.group(3) : cause;
    }

    /** The latest datapoint of {@code metric} whose period had begun at {@code at}. */
    OptionalDouble metricAt(Instant at, String metric) {
        OptionalDouble value = OptionalDouble.empty();
        for (SessionMetrics m : run.metrics()) {
            if (m.datapointAt() != null && !m.datapointAt().isAfter(at) && m.value(metric).isPresent()) {
                value = m.value(metric);
            }
        }
        return value;
    }

    // ---- distribution

    /** The session-table snapshot with the most active sessions (the first, if several tie). */
    public Optional<Distribution> peakDistribution() {
        Distribution best = null;
        for (Timeline.Event e : run.events("sessions")) {
            Map<String, Integer> byTask = new LinkedHashMap<>();
            ChartData.byTask(e).forEach((task, n) -> byTask.put(task, (int) Math.round(n)));
            int total = byTask.values().stream().mapToInt(Integer::intValue).sum();
            if (best == null || total > best.total()) {
                Map<String, Integer> sorted = new LinkedHashMap<>();
                byTask.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey())).forEach(t -> sorted.put(t.getKey(), t.getValue()));
                best = new Distribution(run.modelSeconds(e.at()), total, sorted);
            }
        }
        return Optional.ofNullable(best).filter(d -> d.total() > 0);
    }

    // ---- cold starts

    /** Every task created during the run, in order of creation. */
    public List<ColdStart> coldStarts() {
        Map<String, Map<String, Object>> lastSeen = new LinkedHashMap<>();
        for (Timeline.Event e : run.events("task")) {
            lastSeen.computeIfAbsent(String.valueOf(e.fields().get("task")), t -> new LinkedHashMap<>())
                    .putAll(e.fields());
        }
        List<ColdStart> out = new ArrayList<>();
        lastSeen.forEach((task, fields) -> {
            Optional<Instant> created = instant(fields, "createdAt");
            if (created.isEmpty() || created.get().isBefore(run.startedAt())) {
                return; // running before the run: no cold start to measure
            }
            Optional<Instant> pullStarted = instant(fields, "pullStartedAt");
            Optional<Instant> pullStopped = instant(fields, "pullStoppedAt");
            Optional<Instant> started = instant(fields, "startedAt");
            Optional<Instant> ready = Optional.ofNullable(run.appReadyAt().get(task));
            Optional<Instant> healthy = firstHealthy(String.valueOf(fields.getOrDefault("privateIp", "")),
                    started.orElse(created.get()));
            out.add(new ColdStart(task, between(created, pullStarted), between(pullStarted, pullStopped),
                    between(pullStopped, started), between(started, ready),
                    between(ready.isPresent() ? ready : started, healthy), between(created, healthy)));
        });
        return out;
    }

    private Optional<Instant> firstHealthy(String ip, Instant after) {
        for (Timeline.Event e : run.events("targets")) {
            if (!e.at().isBefore(after) && e.fields().get("healthByIp") instanceof Map<?, ?> health
                    && "healthy".equals(health.get(ip))) {
                return Optional.of(e.at());
            }
        }
        return Optional.empty();
    }

    private OptionalDouble between(Optional<Instant> from, Optional<Instant> to) {
        if (from.isEmpty() || to.isEmpty() || to.get().isBefore(from.get())) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Duration.between(from.get(), to.get()).toMillis() * (double) run.timeScale() / 1000.0);
    }

    private static Optional<Instant> instant(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        return value == null ? Optional.empty() : Optional.of(Instant.parse(String.valueOf(value)));
    }

    /** Median of the present values; empty when none is. */
    public static OptionalDouble median(List<OptionalDouble> values) {
        double[] v = values.stream().filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble)
                .sorted().toArray();
        if (v.length == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2);
    }

    public static OptionalDouble max(List<OptionalDouble> values) {
        return values.stream().filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble).max();
    }

    // ---- decision pipeline

    /**
     * Each scaling activity that raised the desired count: when the metric began to breach the
     * policy's threshold (the period of the first of the breaching datapoints before it), when the
     * activity started, when the monitors saw the new desired count, and when as many targets were
     * healthy.
     */
    public List<Decision> decisions() {
        List<Decision> out = new ArrayList<>();
        Map<String, Instant> previous = new java.util.HashMap<>();
        int desired = -1;
        // a service event is stamped with when its poll began, and the poll may have read the service after
        // the activity changed it: a change seen by the last poll before an activity, to exactly the count the
        // activity set, is that activity's, and the count before it is the one the activity changed
        int changedFrom = -1;
        int changedTo = -1;
        int lastActivityTo = -1;
        List<Timeline.Event> events = run.events().stream()
                .filter(e -> e.kind().equals("service") || e.kind().equals("activity"))
                .sorted(Comparator.comparing(Timeline.Event::at)).toList();
        for (Timeline.Event e : events) {
            if (e.kind().equals("service")) {
                int now = (int) ChartData.number(e.fields().get("desired"));
                boolean explained = now == lastActivityTo; // by the activity before it, in the usual order
                changedFrom = desired >= 0 && now != desired && !explained ? desired : -1;
                changedTo = changedFrom >= 0 ? now : -1;
                if (now != desired) {
                    lastActivityTo = -1;
                }
                desired = now;
                continue;
            }
            Matcher to = DESIRED_TO.matcher(String.valueOf(e.fields().getOrDefault("description", "")));
            if (!to.find() || desired < 0) {
                continue;
            }
            int after = Integer.parseInt(to.group(1));
            int before = after == changedTo ? changedFrom : desired;
            changedTo = -1;
            lastActivityTo = after;
            if (after <= before) {
                continue;
            }
            Breach breach = breachFor(String.valueOf(e.fields().getOrDefault("cause", "")));
            Instant breachStart = breachStart(breach, e.at(), previous.getOrDefault(breach.policy(), Instant.MIN));
            previous.put(breach.policy(), e.at());
            out.add(new Decision(run.modelSeconds(breachStart), run.modelSeconds(e.at()),
                    seen(e.at(), after), serving(e.at(), after), before, after, breach.describe(), breach.policy()));
        }
        return out;
    }

    /** The policy an activity names, as a comparison on a metric. */
    private record Breach(String policy, String metric, boolean greater, double threshold) {
        String describe() {
            return metric.isEmpty() ? "-" : metric + (greater ? " > " : " < ") + Fmt.number(threshold);
        }

        boolean breaches(SessionMetrics m) {
            OptionalDouble v = m.value(metric);
            return v.isPresent() && (greater ? v.getAsDouble() > threshold : v.getAsDouble() < threshold);
        }
    }

    private Breach breachFor(String cause) {
        ScalingConfiguration config = run.configuration();
        for (ScalingConfiguration.TargetTracking t : config.targetTracking()) {
            if (cause.contains(t.policyName())) {
                return new Breach(t.policyName(), t.metricName(), true, t.targetValue());
            }
        }
        for (ScalingConfiguration.StepPolicy p : config.stepPolicies()) {
            if (cause.contains(p.policyName()) || (!p.alarmName().isEmpty() && cause.contains(p.alarmName()))) {
                return new Breach(p.policyName(), p.metricName(), p.comparison().startsWith("Greater"), p.threshold());
            }
        }
        return new Breach("-", "", true, 0);
    }

    /**
     * The start of the run of breaching datapoints before {@code activity}, counting only periods
     * that began after the policy's previous activity: a breach that lasts across several scale-outs
     * (load added while capacity is still coming) starts a new decision each time.
     */
    private Instant breachStart(Breach breach, Instant activity, Instant previousActivity) {
        Instant start = activity;
        List<SessionMetrics> before = run.metrics().stream()
                .filter(m -> m.datapointAt() != null && m.datapointAt().isBefore(activity)
                        && !m.datapointAt().isBefore(previousActivity)).toList();
        for (int i = before.size() - 1; i >= 0; i--) {
            if (!breach.breaches(before.get(i))) {
                break;
            }
            start = before.get(i).datapointAt();
        }
        return start;
    }

    private OptionalDouble seen(Instant after, int desired) {
        for (Timeline.Event e : run.events("service")) {
            if (!e.at().isBefore(after) && ChartData.number(e.fields().get("desired")) >= desired) {
                return OptionalDouble.of(run.modelSeconds(e.at()));
            }
        }
        return OptionalDouble.empty();
    }

    private OptionalDouble serving(Instant after, int tasks) {
        for (Timeline.Event e : run.events("targets")) {
            if (!e.at().isBefore(after) && e.fields().get("healthByIp") instanceof Map<?, ?> health
                    && health.values().stream().filter("healthy"::equals).count() >= tasks) {
                return OptionalDouble.of(run.modelSeconds(e.at()));
            }
        }
        return OptionalDouble.empty();
    }

    // ---- statistics

    /** Min, mean and max of each metric that had datapoints, in {@link #METRICS} order. */
    public Map<String, Stats> metricStats() {
        Map<String, Stats> out = new LinkedHashMap<>();
        for (String name : METRICS) {
            double[] v = run.metrics().stream().map(m -> m.value(name)).filter(OptionalDouble::isPresent)
                    .mapToDouble(OptionalDouble::getAsDouble).toArray();
            if (v.length > 0) {
                out.put(name, new Stats(java.util.Arrays.stream(v).min().getAsDouble(),
                        java.util.Arrays.stream(v).average().getAsDouble(),
                        java.util.Arrays.stream(v).max().getAsDouble(), v.length));
            }
        }
        return out;
    }

    /** The last {@code n} datapoints, oldest first. */
    public List<SessionMetrics> lastMetrics(int n) {
        List<SessionMetrics> all = run.metrics().stream().filter(m -> m.datapointAt() != null).toList();
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    /** A percentile (nearest rank) of the call setup times in milliseconds; empty without answered calls. */
    public OptionalDouble setupMillis(double percentile) {
        return percentileMillis(run.setupTimes(), percentile);
    }

    /** A percentile (nearest rank) of the connect times in milliseconds; empty without a call that had one. */
    public OptionalDouble connectMillis(double percentile) {
        return percentileMillis(run.connectTimes().measured(), percentile);
    }

    private static OptionalDouble percentileMillis(List<Duration> times, double percentile) {
        return percentile(times.stream().map(t -> OptionalDouble.of(t.toMillis())).toList(), percentile);
    }

    /** A percentile (nearest rank) of the present values; empty when none is. */
    public static OptionalDouble percentile(List<OptionalDouble> values, double percentile) {
        double[] v = values.stream().filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble)
                .sorted().toArray();
        if (v.length == 0) {
            return OptionalDouble.empty();
        }
        int rank = (int) Math.ceil(percentile / 100.0 * v.length);
        return OptionalDouble.of(v[Math.max(0, Math.min(v.length - 1, rank - 1))]);
    }

    /** Where the SIP view and the stack's view of the calls differ, one sentence each, in model time. */
    public List<String> callDisagreements() {
        return CallViews.disagreements(run.calls(), d -> d.toMillis() * (double) run.timeScale() / 1000.0);
    }

    /** The worst response latency p95 of any period of the run ({@code AgentResponseLatency} as deployed). */
    public OptionalDouble worstLatencyP95() {
        return run.metrics().stream().map(m -> m.value(SessionMetrics.LATENCY_P95)).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).max();
    }

    /** Calls that got neither an answer nor a rejection (timed out or failed otherwise). */
    public long failedCalls() {
        return Math.max(0, run.calls().placed() - run.calls().answered() - run.calls().rejected503());
    }

    /** The most tasks running at once, and the most desired. */
    public int peakRunning() {
        return (int) run.events("service").stream().mapToDouble(e -> ChartData.number(e.fields().get("running")))
                .max().orElse(0);
    }

    public int peakDesired() {
        return (int) run.events("service").stream().mapToDouble(e -> ChartData.number(e.fields().get("desired")))
                .max().orElse(0);
    }

    /**
     * When the load was gone: the first session-table snapshot without a session after the last one with
     * some (model seconds); empty when no session was active, or sessions were still active at the end.
     */
    public OptionalDouble idleAt() {
        List<Timeline.Event> sessions = run.events("sessions");
        int lastBusy = -1;
        for (int i = 0; i < sessions.size(); i++) {
            if (ChartData.byTask(sessions.get(i)).values().stream().mapToDouble(Double::doubleValue).sum() > 0) {
                lastBusy = i;
            }
        }
        return lastBusy < 0 || lastBusy == sessions.size() - 1 ? OptionalDouble.empty()
                : OptionalDouble.of(run.modelSeconds(sessions.get(lastBusy + 1).at()));
    }

    /**
     * The first time at or after {@code after} (model seconds) that running and desired were both at the live
     * minimum capacity; empty when they never were.
     */
    public OptionalDouble backAtMinimum(double after) {
        int min = run.configuration().minCapacity();
        for (Timeline.Event e : run.events("service")) {
            double at = run.modelSeconds(e.at());
            if (at >= after && ChartData.number(e.fields().get("running")) == min
                    && ChartData.number(e.fields().get("desired")) == min) {
                return OptionalDouble.of(at);
            }
        }
        return OptionalDouble.empty();
    }

    /** The last service counts seen. */
    public Optional<int[]> finalCounts() {
        return run.events("service").stream().reduce((a, b) -> b).map(e -> new int[] {
                (int) ChartData.number(e.fields().get("running")), (int) ChartData.number(e.fields().get("desired"))});
    }
}
