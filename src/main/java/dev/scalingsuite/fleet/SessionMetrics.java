package dev.scalingsuite.fleet;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The latest datapoint of each scaling metric, read in one GetMetricData call: the session counter's
 * four metrics, the agent's response latency percentiles and the Container Insights counts. The keys
 * name what each value is whatever the stack calls it (they are the deployed stack's names, and
 * results.json's); {@link Telemetry#metricName} gives the name the stack publishes it under.
 */
public record SessionMetrics(Instant datapointAt, Map<String, Double> values) {

    public static final String SESSIONS_PER_TASK = "SessionsPerTask";
    public static final String MAX_SESSIONS_PER_TASK = "MaxSessionsPerTask";
    public static final String ACTIVE_COUNT = "ActiveCount";
    public static final String HEALTHY_TASK_COUNT = "HealthyTaskCount";
    /** Percentiles of the agent's response latency in milliseconds ({@code AgentResponseLatency} as deployed). */
    public static final String LATENCY_P50 = "AgentResponseLatencyP50";
    public static final String LATENCY_P95 = "AgentResponseLatencyP95";
    public static final String LATENCY_P99 = "AgentResponseLatencyP99";
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
