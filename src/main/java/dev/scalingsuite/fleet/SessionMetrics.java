package dev.scalingsuite.fleet;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The latest datapoint of each scaling metric, read in one GetMetricData call: SessionsPerTask,
 * MaxSessionsPerTask, ActiveCount, HealthyTaskCount, E2E latency and the Container Insights counts.
 */
public record SessionMetrics(Instant datapointAt, Map<String, Double> values) {

    public static final String SESSIONS_PER_TASK = "SessionsPerTask";
    public static final String MAX_SESSIONS_PER_TASK = "MaxSessionsPerTask";
    public static final String ACTIVE_COUNT = "ActiveCount";
    public static final String HEALTHY_TASK_COUNT = "HealthyTaskCount";
    public static final String E2E_P50 = "E2ELatencyP50";
    public static final String E2E_P95 = "E2ELatencyP95";
    public static final String E2E_P99 = "E2ELatencyP99";
    public static final String RUNNING_TASK_COUNT = "RunningTaskCount";
    public static final String DESIRED_TASK_COUNT = "DesiredTaskCount";

    public static final SessionMetrics NONE = new SessionMetrics(null, Map.of());

    public SessionMetrics {
        values = Map.copyOf(values);
    }

    public OptionalDouble value(String name) {
        Double v = values.get(name);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    public String show(String name) {
        OptionalDouble v = value(name);
        return v.isPresent() ? format(v.getAsDouble()) : "-";
    }

    static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(java.util.Locale.ROOT, "%.2f", value);
    }
}
