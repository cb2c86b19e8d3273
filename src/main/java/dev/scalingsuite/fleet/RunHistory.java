package dev.scalingsuite.fleet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The timeline of a run read as the fleet's history, for invariants that hold over time rather than
 * at one snapshot: the service counts, each task's lifecycle and protection, the sessions per task,
 * target health, metric datapoints and the applications' readiness.
 *
 * @param now when the history is judged
 * @param readUpTo per source (the monitors' names: {@code ecs}, {@code sessions}, {@code targets},
 *     {@code metrics}, {@code logs}), when it was last read: something not seen yet is judged as of
 *     then, not as of {@code now}, so a late poll delays a verdict rather than deciding it
 */
public record RunHistory(List<Timeline.Event> events, ModelClock clock, Instant now, Map<String, Instant> readUpTo) {

    public RunHistory {
        events = events.stream().sorted(Comparator.comparing(Timeline.Event::at)).toList();
        readUpTo = Map.copyOf(readUpTo);
    }

    /** A history whose every source is read up to {@code now}. */
    public RunHistory(List<Timeline.Event> events, ModelClock clock, Instant now) {
        this(events, clock, now, Map.of());
    }

    public static RunHistory of(Timeline timeline, ModelClock clock, Instant now, Map<String, Instant> readUpTo) {
        return new RunHistory(timeline.events(), clock, now, readUpTo);
    }

    /**
     * The latest moment at which every one of {@code sources} had been read: what they have not shown
     * by then may still arrive. {@code now} for a source with no reading time recorded.
     */
    public Instant judgedAt(String... sources) {
        Instant at = now;
        for (String source : sources) {
            Instant read = readUpTo.getOrDefault(source, now);
            at = read.isBefore(at) ? read : at;
        }
        return at;
    }

    /** The desired and running counts each time they changed. */
    public record ServicePoint(Instant at, int desired, int running) {
    }

    /** A task's state as one task event reported it (later events carry the latest values). */
    public record TaskPoint(Instant at, String task, String ip, String lastStatus, String desiredStatus,
            boolean protectedFromScaleIn, Optional<Instant> createdAt, Optional<String> stopCode) {
        public boolean running() {
            return "RUNNING".equals(lastStatus) && "RUNNING".equals(desiredStatus);
        }
    }

    public List<ServicePoint> service() {
        List<ServicePoint> out = new ArrayList<>();
        for (Timeline.Event e : of("service")) {
            out.add(new ServicePoint(e.at(), integer(e.fields().get("desired")), integer(e.fields().get("running"))));
        }
        return out;
    }

    public List<TaskPoint> tasks() {
        List<TaskPoint> out = new ArrayList<>();
        for (Timeline.Event e : of("task")) {
            Map<String, Object> f = e.fields();
            out.add(new TaskPoint(e.at(), String.valueOf(f.get("task")), String.valueOf(f.getOrDefault("privateIp", "")),
                    String.valueOf(f.get("lastStatus")), String.valueOf(f.get("desiredStatus")),
                    Boolean.TRUE.equals(f.get("protected")) || "true".equals(String.valueOf(f.get("protected"))),
                    Optional.ofNullable(f.get("createdAt")).map(v -> Instant.parse(String.valueOf(v))),
                    Optional.ofNullable(f.get("stopCode")).map(String::valueOf)));
        }
        return out;
    }

    /** Sessions per task at each session-table poll that saw a change. */
    public List<Map.Entry<Instant, Map<String, Integer>>> sessions() {
        List<Map.Entry<Instant, Map<String, Integer>>> out = new ArrayList<>();
        for (Timeline.Event e : of("sessions")) {
            out.add(Map.entry(e.at(), byTask(e)));
        }
        return out;
    }

    /** The sessions per task a {@code sessions} event reported. */
    static Map<String, Integer> byTask(Timeline.Event sessions) {
        Map<String, Integer> byTask = new LinkedHashMap<>();
        if (sessions.fields().get("byTask") instanceof Map<?, ?> map) {
            map.forEach((k, v) -> byTask.put(String.valueOf(k), integer(v)));
        }
        return byTask;
    }

    /** Target health by IP at each targets poll that saw a change. */
    public List<Map.Entry<Instant, Map<String, String>>> targets() {
        List<Map.Entry<Instant, Map<String, String>>> out = new ArrayList<>();
        for (Timeline.Event e : of("targets")) {
            Map<String, String> byIp = new HashMap<>();
            if (e.fields().get("healthByIp") instanceof Map<?, ?> map) {
                map.forEach((k, v) -> byIp.put(String.valueOf(k), String.valueOf(v)));
            }
            out.add(Map.entry(e.at(), byIp));
        }
        return out;
    }

    /** The start of each metric period that got a datapoint of {@code metric}, oldest first, without repeats. */
    public List<Instant> datapoints(String metric) {
        return of("metrics").stream().filter(e -> e.fields().get(metric) != null)
                .map(e -> e.fields().get("datapointAt")).filter(v -> v != null)
                .map(v -> Instant.parse(String.valueOf(v))).distinct().sorted().toList();
    }

    /** A metric's datapoint: the start of its period and its value. */
    public record Datapoint(Instant periodStart, double value) {
    }

    /** Each period's datapoint of {@code metric}, oldest first, the value as first read. */
    public List<Datapoint> datapointValues(String metric) {
        Map<Instant, Double> byPeriod = new java.util.TreeMap<>();
        for (Timeline.Event e : of("metrics")) {
            Object value = e.fields().get(metric);
            Object at = e.fields().get("datapointAt");
            if (value != null && at != null) {
                byPeriod.putIfAbsent(Instant.parse(String.valueOf(at)), decimal(value));
            }
        }
        return byPeriod.entrySet().stream().map(d -> new Datapoint(d.getKey(), d.getValue())).toList();
    }

    /** When each task's application said it was ready ({@code app-ready} events), by task. */
    public Map<String, Instant> appReady() {
        Map<String, Instant> out = new LinkedHashMap<>();
        for (Timeline.Event e : of("app-ready")) {
            out.putIfAbsent(String.valueOf(e.fields().get("task")), Instant.parse(String.valueOf(e.fields().get("readyAt"))));
        }
        return out;
    }

    /**
     * The last read before the task with {@code ip} was first seen healthy at or after {@code after},
     * which still saw it not healthy: the change happened after it. The first healthy read itself when
     * the read before it is not recorded.
     */
    public Optional<Instant> lastSeenNotHealthy(String ip, Instant after) {
        for (Timeline.Event e : of("targets")) {
            if (!e.at().isBefore(after) && e.fields().get("healthByIp") instanceof Map<?, ?> map
                    && "healthy".equals(String.valueOf(map.get(ip)))) {
                Object previous = e.fields().get("previousReadAt");
                Instant before = previous == null ? e.at() : Instant.parse(String.valueOf(previous));
                return Optional.of(before.isBefore(after) ? after : before);
            }
        }
        return Optional.empty();
    }

    /** When the task with {@code ip} was first seen healthy at or after {@code after}. */
    public Optional<Instant> firstHealthy(String ip, Instant after) {
        for (Map.Entry<Instant, Map<String, String>> t : targets()) {
            if (!t.getKey().isBefore(after) && "healthy".equals(t.getValue().get(ip))) {
                return Optional.of(t.getKey());
            }
        }
        return Optional.empty();
    }

    private List<Timeline.Event> of(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).toList();
    }

    static double decimal(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(value));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static int integer(Object value) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        try {
            return (int) Double.parseDouble(String.valueOf(value));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
