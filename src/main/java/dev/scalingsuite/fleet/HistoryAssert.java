package dev.scalingsuite.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.AbstractAssert;

/**
 * Invariants over a run's history: what must hold throughout, not just at one snapshot. Each names
 * what was expected and, with model times, what happened instead. Durations given here are wall
 * time; messages show model time through the history's clock.
 */
public final class HistoryAssert extends AbstractAssert<HistoryAssert, RunHistory> {

    /** Below this chance under random routing, "all new calls on one task" is not luck. */
    static final double SPREAD_SIGNIFICANCE = 0.001;
    static final String CRASH = "EssentialContainerExited";

    private HistoryAssert(RunHistory actual) {
        super(actual, HistoryAssert.class);
    }

    public static HistoryAssert assertThat(RunHistory history) {
        return new HistoryAssert(history);
    }

    private String at(Instant instant) {
        return actual.clock().at(instant);
    }

    private String show(Duration wall) {
        return actual.clock().show(wall);
    }

    private static String shortId(String task) {
        return task.length() > 8 ? task.substring(0, 8) : task;
    }

    /** Desired does not rise, fall and rise again within {@code window}. */
    public HistoryAssert hasNoFlapping(Duration window) {
        isNotNull();
        List<RunHistory.ServicePoint> points = actual.service();
        List<int[]> changes = new ArrayList<>(); // index into points, direction
        for (int i = 1; i < points.size(); i++) {
            int delta = Integer.compare(points.get(i).desired(), points.get(i - 1).desired());
            if (delta != 0) {
                changes.add(new int[] {i, delta});
            }
        }
        for (int a = 0; a < changes.size(); a++) {
            if (changes.get(a)[1] < 0) {
                continue;
            }
            for (int b = a + 1; b < changes.size(); b++) {
                if (changes.get(b)[1] > 0) {
                    continue;
                }
                for (int c = b + 1; c < changes.size(); c++) {
                    RunHistory.ServicePoint rise = points.get(changes.get(a)[0]);
                    RunHistory.ServicePoint again = points.get(changes.get(c)[0]);
                    if (Duration.between(rise.at(), again.at()).compareTo(window) > 0) {
                        break;
                    }
                    if (changes.get(c)[1] > 0) {
                        failWithMessage("Expected no flapping (desired rising, falling and rising again within %s) "
                                + "but desired went %s, %s, %s", show(window), change(points, changes.get(a)[0]),
                                change(points, changes.get(b)[0]), change(points, changes.get(c)[0]));
                    }
                }
            }
        }
        return this;
    }

    private String change(List<RunHistory.ServicePoint> points, int i) {
        return points.get(i - 1).desired() + " -> " + points.get(i).desired() + " at " + at(points.get(i).at());
    }

    /**
     * Every rise of desired stays within what target tracking implies for the most sessions active in
     * the {@code lookback} before it: ceil(sessions / target), within min and max, plus {@code slack}.
     */
    public HistoryAssert hasNoOvershoot(double targetValue, int min, int max, int slack, Duration lookback) {
        isNotNull();
        List<RunHistory.ServicePoint> points = actual.service();
        List<Map.Entry<Instant, Map<String, Integer>>> sessions = actual.sessions();
        for (int i = 1; i < points.size(); i++) {
            RunHistory.ServicePoint p = points.get(i);
            if (p.desired() <= points.get(i - 1).desired()) {
                continue;
            }
            int most = 0;
            int holding = 0; // the sessions as the window opened: the last snapshot before it
            for (Map.Entry<Instant, Map<String, Integer>> s : sessions) {
                int total = s.getValue().values().stream().mapToInt(Integer::intValue).sum();
                if (s.getKey().isBefore(p.at().minus(lookback))) {
                    holding = total;
                } else if (!s.getKey().isAfter(p.at())) {
                    most = Math.max(most, total);
                }
            }
            most = Math.max(most, holding);
            int implied = Math.max(min, Math.min(max, (int) Math.ceil(most / targetValue - 1e-9)));
            if (p.desired() > implied + slack) {
                failWithMessage("Expected no overshoot (a raised desired count <= ceil(most active sessions / target %s)"
                        + " + slack %d) but desired rose to %d at %s while the most active sessions in the %s before "
                        + "were %d (the policy implies %d)", number(targetValue), slack, p.desired(), at(p.at()),
                        show(lookback), most, implied);
            }
        }
        return this;
    }

    /**
     * New calls spread over the routable tasks: it fails when every new call since the routable set
     * last changed went to one task, that task is above {@code target} + 1 while another routable task
     * holds none, and random routing would do that with a chance below 0.1 %.
     */
    public HistoryAssert spreadsNewCalls(double target) {
        isNotNull();
        Map<String, String> ipOf = new HashMap<>();
        Set<String> runningTasks = new HashSet<>();
        Map<String, String> health = new HashMap<>();
        Set<String> routable = Set.of();
        Map<String, Integer> previous = new HashMap<>();
        Map<String, Integer> newCalls = new LinkedHashMap<>();
        Instant since = actual.clock().start();
        for (Timeline.Event e : actual.events()) {
            switch (e.kind()) {
                case "task" -> {
                    String task = String.valueOf(e.fields().get("task"));
                    ipOf.put(task, String.valueOf(e.fields().getOrDefault("privateIp", "")));
                    if ("RUNNING".equals(e.fields().get("lastStatus")) && "RUNNING".equals(e.fields().get("desiredStatus"))) {
                        runningTasks.add(task);
                    } else {
                        runningTasks.remove(task);
                    }
                }
                case "targets" -> {
                    health.clear();
                    if (e.fields().get("healthByIp") instanceof Map<?, ?> map) {
                        map.forEach((k, v) -> health.put(String.valueOf(k), String.valueOf(v)));
                    }
                }
                case "sessions" -> {
                    Map<String, Integer> byTask = new HashMap<>();
                    if (e.fields().get("byTask") instanceof Map<?, ?> map) {
                        map.forEach((k, v) -> byTask.put(String.valueOf(k), RunHistory.integer(v)));
                    }
                    for (String task : routable) {
                        int added = byTask.getOrDefault(task, 0) - previous.getOrDefault(task, 0);
                        if (added > 0) {
                            newCalls.merge(task, added, Integer::sum);
                        }
                    }
                    checkSpread(routable, newCalls, byTask, target, since);
                    previous = byTask;
                }
                default -> { }
            }
            Set<String> now = new HashSet<>();
            runningTasks.forEach(t -> {
                if ("healthy".equals(health.get(ipOf.get(t)))) {
                    now.add(t);
                }
            });
            if (!now.equals(routable)) {
                // a new routable set starts a new window: calls before it could not have reached the new tasks
                routable = now;
                newCalls.clear();
                since = e.at();
            }
        }
        return this;
    }

    private void checkSpread(Set<String> routable, Map<String, Integer> newCalls, Map<String, Integer> byTask,
            double target, Instant since) {
        int k = routable.size();
        int n = newCalls.values().stream().mapToInt(Integer::intValue).sum();
        if (k < 2 || newCalls.size() != 1) {
            return;
        }
        String busiest = newCalls.keySet().iterator().next();
        List<String> idle = routable.stream().filter(t -> byTask.getOrDefault(t, 0) == 0).sorted().toList();
        double chance = k * Math.pow(1.0 / k, n);
        if (byTask.getOrDefault(busiest, 0) > target + 1 && !idle.isEmpty() && chance < SPREAD_SIGNIFICANCE) {
            List<String> idleIds = idle.stream().map(HistoryAssert::shortId).toList();
            failWithMessage("Expected new calls to spread over the %d routable tasks but all %d new calls since %s went "
                    + "to task %s (%d sessions, above target %s + 1) while %s had none; random routing does that with "
                    + "p = %s", k, n, at(since), shortId(busiest), byTask.get(busiest), number(target),
                    String.join(", ", idleIds), String.format(java.util.Locale.ROOT, "%.2g", chance));
        }
    }

    /**
     * A running task that holds sessions is protected from scale-in within {@code grace}: an exposure
     * still going on is judged as of when the tasks and the sessions were both last read. One that has
     * ended is not judged again: its end was seen by a poll that may have come late, and the guard
     * runs on every poll of every step, so an exposure longer than the grace is caught while it lasts.
     */
    public HistoryAssert protectsBusyTasks(Duration grace) {
        isNotNull();
        Map<String, Boolean> protectedNow = new HashMap<>();
        Map<String, Boolean> runningNow = new HashMap<>();
        Map<String, Integer> sessionsNow = new HashMap<>();
        Map<String, Instant> exposedSince = new HashMap<>();
        for (Timeline.Event e : actual.events()) {
            if (e.kind().equals("task")) {
                String task = String.valueOf(e.fields().get("task"));
                protectedNow.put(task, Boolean.TRUE.equals(e.fields().get("protected")));
                runningNow.put(task, "RUNNING".equals(e.fields().get("lastStatus"))
                        && "RUNNING".equals(e.fields().get("desiredStatus")));
            } else if (e.kind().equals("sessions")) {
                sessionsNow.clear();
                if (e.fields().get("byTask") instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> sessionsNow.put(String.valueOf(k), RunHistory.integer(v)));
                }
            } else {
                continue;
            }
            for (String task : runningNow.keySet()) {
                boolean exposed = runningNow.get(task) && !protectedNow.getOrDefault(task, false)
                        && sessionsNow.getOrDefault(task, 0) > 0;
                if (!exposed) {
                    exposedSince.remove(task);
                } else {
                    exposedSince.putIfAbsent(task, e.at());
                }
            }
        }
        // judged only as of when both sources were last read: a late sessions poll must not turn a call
        // that ended (protection already cleared) into a long exposure
        exposedTooLong(exposedSince, sessionsNow, grace, actual.judgedAt("ecs", "sessions"));
        return this;
    }

    private void exposedTooLong(Map<String, Instant> exposedSince, Map<String, Integer> sessions, Duration grace,
            Instant now) {
        for (Map.Entry<String, Instant> x : exposedSince.entrySet()) {
            if (Duration.between(x.getValue(), now).compareTo(grace) > 0) {
                failWithMessage("Expected tasks holding sessions to be protected from scale-in but task %s has held "
                        + "%d sessions unprotected since %s (longer than %s)", shortId(x.getKey()),
                        sessions.getOrDefault(x.getKey(), 0), at(x.getValue()), show(grace));
            }
        }
    }

    /**
     * ECS never stops a task that holds sessions: the session table showed sessions on it when ECS
     * told it to stop and still did {@code settle} later (the monitors see a stop and the end of a call
     * a poll late, so a task whose last call was just ending is not judged busy). A crash (stop code
     * {@code EssentialContainerExited}) is not ECS stopping it.
     */
    public HistoryAssert neverStoppedABusyTask(Duration settle) {
        isNotNull();
        List<Map.Entry<Instant, Map<String, Integer>>> sessions = actual.sessions();
        Set<String> judged = new HashSet<>();
        for (RunHistory.TaskPoint t : actual.tasks()) {
            if (!"STOPPED".equals(t.desiredStatus()) || t.stopCode().filter(CRASH::equals).isPresent()
                    || !judged.add(t.task())) {
                continue;
            }
            Instant later = t.at().plus(settle);
            Instant read = actual.judgedAt("ecs", "sessions");
            if (read.isBefore(later)) {
                judged.remove(t.task()); // judged once a call that was just ending would show as ended
                continue;
            }
            int before = sessionsAt(sessions, t.task(), t.at());
            // as the latest read shows them (at or after 'later'): a sessions poll that came late but saw
            // the calls ended counts, rather than the stale state from before it
            int after = sessionsAt(sessions, t.task(), read);
            if (before > 0 && after > 0) {
                failWithMessage("Expected ECS never to stop a task holding sessions but it stopped task %s with %d "
                        + "sessions at %s (stop code %s, %s; still %d sessions %s later)", shortId(t.task()), before,
                        at(t.at()), t.stopCode().orElse("not reported yet"), protectedBefore(t.task(), t.at())
                                ? "protected from scale-in" : "not protected", after, show(Duration.between(t.at(), read)));
            }
        }
        return this;
    }

    /** Whether the task was protected from scale-in as ECS last reported it before {@code at}. */
    private boolean protectedBefore(String task, Instant at) {
        boolean value = false;
        for (RunHistory.TaskPoint p : actual.tasks()) {
            if (p.task().equals(task) && p.at().isBefore(at)) {
                value = p.protectedFromScaleIn();
            }
        }
        return value;
    }

    private static int sessionsAt(List<Map.Entry<Instant, Map<String, Integer>>> sessions, String task, Instant at) {
        int value = 0;
        for (Map.Entry<Instant, Map<String, Integer>> s : sessions) {
            if (s.getKey().isAfter(at)) {
                break;
            }
            value = s.getValue().getOrDefault(task, 0);
        }
        return value;
    }

    /** Every task created during the run is healthy within {@code limit} of its creation. */
    public HistoryAssert coldStartsWithin(Duration limit) {
        isNotNull();
        for (Map.Entry<String, RunHistory.TaskPoint> t : firstSeen().entrySet()) {
            Optional<Instant> created = t.getValue().createdAt();
            if (created.isEmpty() || created.get().isBefore(actual.clock().start())) {
                continue;
            }
            Optional<Instant> healthy = actual.firstHealthy(t.getValue().ip(), created.get());
            // as of when the targets and the logs were last read: the logs say when the application was
            // ready, and a slow health check must be named as the cause before the slow start it causes
            Instant judged = healthy.orElse(actual.judgedAt("targets", "logs"));
            // a task that turned healthy is judged by the last read that still saw it not healthy, so a
            // late targets poll cannot stretch its start
            Instant decided = healthy.isPresent() ? actual.lastSeenNotHealthy(t.getValue().ip(), created.get())
                    .orElse(judged) : judged;
            if (Duration.between(created.get(), decided).compareTo(limit) > 0 && stillStarting(t.getKey(), healthy)) {
                failWithMessage("Expected every new task to be healthy within %s of its creation but task %s created "
                        + "at %s %s", show(limit), shortId(t.getKey()), at(created.get()), healthy.isPresent()
                                ? "was healthy only at " + at(healthy.get()) + " (" + show(Duration.between(created.get(),
                                        healthy.get())) + ")"
                                : "was not healthy after " + show(Duration.between(created.get(), judged)));
            }
        }
        return this;
    }

    /**
     * A task whose application is ready turns healthy within the target group's health checks:
     * healthy threshold x interval, plus one interval (the first check after ready) and one poll.
     */
    public HistoryAssert healthChecksWithin(TargetGroupSettings settings, Duration wallPoll) {
        isNotNull();
        Duration model = Duration.ofSeconds((long) settings.healthyThreshold() * settings.healthCheckIntervalSeconds()
                + settings.healthCheckIntervalSeconds());
        Duration bound = actual.clock().wall(model).plus(wallPoll);
        Map<String, RunHistory.TaskPoint> tasks = firstSeen();
        for (Map.Entry<String, Instant> ready : actual.appReady().entrySet()) {
            RunHistory.TaskPoint task = tasks.get(ready.getKey());
            if (task == null || task.createdAt().map(c -> c.isBefore(actual.clock().start())).orElse(true)) {
                continue;
            }
            Optional<Instant> healthy = actual.firstHealthy(task.ip(), ready.getValue());
            Instant judged = healthy.orElse(actual.judgedAt("targets"));
            Instant decided = healthy.isPresent() ? actual.lastSeenNotHealthy(task.ip(), ready.getValue())
                    .orElse(judged) : judged;
            if (Duration.between(ready.getValue(), decided).compareTo(bound) > 0 && stillStarting(task.task(), healthy)) {
                failWithMessage("Expected a ready task to turn healthy within the target group's health checks (%d x "
                        + "%ds, plus one interval and one poll: %s) but task %s was ready at %s and %s",
                        settings.healthyThreshold(), settings.healthCheckIntervalSeconds(), show(bound),
                        shortId(task.task()), at(ready.getValue()), healthy.isPresent()
                                ? "healthy only at " + at(healthy.get()) + " ("
                                        + show(Duration.between(ready.getValue(), healthy.get())) + ")"
                                : "not healthy after " + show(Duration.between(ready.getValue(), judged)));
            }
        }
        return this;
    }

    /** Whether a task not yet healthy is still meant to start (not stopped on the way). */
    private boolean stillStarting(String task, Optional<Instant> healthy) {
        if (healthy.isPresent()) {
            return true;
        }
        List<RunHistory.TaskPoint> points = actual.tasks().stream().filter(t -> t.task().equals(task)).toList();
        return points.isEmpty() || !"STOPPED".equals(points.get(points.size() - 1).desiredStatus());
    }

    private Map<String, RunHistory.TaskPoint> firstSeen() {
        Map<String, RunHistory.TaskPoint> first = new LinkedHashMap<>();
        actual.tasks().forEach(t -> first.putIfAbsent(t.task(), t));
        return first;
    }

    /**
     * The scaling metric has a datapoint for every {@code period} between its first and its latest. A
     * datapoint may arrive late, so a period counts as missing only once it ended {@code lateness} ago.
     */
    public HistoryAssert hasMetricEveryPeriod(String metric, Duration wallPeriod, Duration lateness) {
        isNotNull();
        List<Instant> points = actual.datapoints(metric);
        Instant judged = actual.judgedAt("metrics");
        for (int i = 1; i < points.size(); i++) {
            Duration gap = Duration.between(points.get(i - 1), points.get(i));
            Instant missing = points.get(i - 1).plus(wallPeriod);
            boolean overdue = judged.isAfter(missing.plus(wallPeriod).plus(lateness));
            if (gap.compareTo(wallPeriod.multipliedBy(3).dividedBy(2)) > 0 && overdue) {
                failWithMessage("Expected a %s datapoint every %s but none was published for the period at %s "
                        + "(datapoints at %s and %s)", metric, show(wallPeriod), at(missing),
                        at(points.get(i - 1)), at(points.get(i)));
            }
        }
        // a source that stopped (or never started) publishing leaves no gap between datapoints to find
        Instant last = points.isEmpty() ? actual.clock().start() : points.get(points.size() - 1);
        if (judged.isAfter(last.plus(wallPeriod.multipliedBy(2)).plus(lateness))) {
            failWithMessage("Expected a %s datapoint every %s but none was published since %s (read up to %s): the metric "
                    + "source is dead or cannot be read", metric, show(wallPeriod),
                    points.isEmpty() ? "the start" : at(last), at(judged));
        }
        return this;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
