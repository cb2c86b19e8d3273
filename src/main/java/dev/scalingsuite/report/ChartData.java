package dev.scalingsuite.report;

import dev.scalingsuite.fleet.SessionMetrics;
import dev.scalingsuite.fleet.Timeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The series the two charts draw, in model minutes since the start of the run: task counts from
 * the ECS service events, SessionsPerTask and ActiveCount from the final metric datapoints (with the
 * names the stack publishes them under, for the legend), the steps as markers, and each task's active
 * sessions from the session-table events.
 */
public record ChartData(
        String title,
        int timeScale,
        List<Point> running,
        List<Point> desired,
        List<Point> sessionsPerTask,
        List<Point> activeCount,
        List<Marker> steps,
        Map<String, List<Point>> sessionsByTask,
        String sessionsPerTaskName,
        String activeCountName) {

    /** One value at a model minute. */
    public record Point(double minutes, double value) {
    }

    /** A step's start, labelled with its number. */
    public record Marker(double minutes, String label) {
    }

    public ChartData {
        running = List.copyOf(running);
        desired = List.copyOf(desired);
        sessionsPerTask = List.copyOf(sessionsPerTask);
        activeCount = List.copyOf(activeCount);
        steps = List.copyOf(steps);
        Map<String, List<Point>> copy = new LinkedHashMap<>();
        sessionsByTask.forEach((task, points) -> copy.put(task, List.copyOf(points)));
        sessionsByTask = java.util.Collections.unmodifiableMap(copy);
    }

    /** The series of a run, read from its timeline and final metric datapoints. */
    public static ChartData of(RunRecord run) {
        List<Point> running = new ArrayList<>();
        List<Point> desired = new ArrayList<>();
        List<Marker> steps = new ArrayList<>();
        List<Timeline.Event> sessionEvents = new ArrayList<>();
        for (Timeline.Event e : run.events()) {
            double minutes = run.modelSeconds(e.at()) / 60.0;
            switch (e.kind()) {
                case "service" -> {
                    running.add(new Point(minutes, number(e.fields().get("running"))));
                    desired.add(new Point(minutes, number(e.fields().get("desired"))));
                }
                case "step" -> {
                    if ("started".equals(e.fields().get("state"))) {
                        steps.add(new Marker(minutes, String.valueOf(e.fields().get("index"))));
                    }
                }
                case "sessions" -> sessionEvents.add(e);
                default -> { }
            }
        }
        List<Point> spt = new ArrayList<>();
        List<Point> active = new ArrayList<>();
        for (SessionMetrics m : run.metrics()) {
            if (m.datapointAt() == null) {
                continue;
            }
            double minutes = run.modelSeconds(m.datapointAt()) / 60.0;
            m.value(SessionMetrics.SESSIONS_PER_TASK).ifPresent(v -> spt.add(new Point(minutes, v)));
            m.value(SessionMetrics.ACTIVE_COUNT).ifPresent(v -> active.add(new Point(minutes, v)));
        }
        return new ChartData(run.scenario(), run.timeScale(), running, desired, spt, active, steps,
                sessionsByTask(run, sessionEvents), run.telemetry().sessions().sessionsPerTask(),
                run.telemetry().sessions().activeCount());
    }

    /** Every task that ever held a session, with a point at every session event (0 when absent). */
    private static Map<String, List<Point>> sessionsByTask(RunRecord run, List<Timeline.Event> events) {
        TreeSet<String> tasks = new TreeSet<>();
        for (Timeline.Event e : events) {
            byTask(e).forEach((task, n) -> {
                if (n > 0) {
                    tasks.add(task);
                }
            });
        }
        Map<String, List<Point>> series = new LinkedHashMap<>();
        for (String task : tasks) {
            series.put(shortId(task), new ArrayList<>());
        }
        for (Timeline.Event e : events) {
            double minutes = run.modelSeconds(e.at()) / 60.0;
            Map<String, Double> now = byTask(e);
            for (String task : tasks) {
                series.get(shortId(task)).add(new Point(minutes, now.getOrDefault(task, 0.0)));
            }
        }
        return series;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Double> byTask(Timeline.Event e) {
        Map<String, Double> out = new LinkedHashMap<>();
        Object raw = e.fields().get("byTask");
        if (raw instanceof Map<?, ?> map) {
            ((Map<Object, Object>) map).forEach((k, v) -> out.put(String.valueOf(k), number(v)));
        }
        return out;
    }

    static String shortId(String task) {
        return task.length() > 8 ? task.substring(0, 8) : task;
    }

    static double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(value));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
