package dev.scalingsuite.fleet;

import java.time.Instant;
import java.util.List;

/** CloudWatch: the scaling metrics, read in one call per poll. */
public interface MetricsPort {

    /** Every scaling metric's latest datapoint in {@code [from, to)}. */
    SessionMetrics latest(Instant from, Instant to);

    /**
     * Every datapoint in {@code [from, to)} with the values it has now, oldest first: a period's
     * percentiles still move while it fills, so reports read them once the run is over.
     */
    List<SessionMetrics> history(Instant from, Instant to);

    /**
     * The metric a {@link SessionMetrics} key is read from, for messages: e.g. for
     * {@link SessionMetrics#LATENCY_P95}, {@code VoiceAgent/Pipeline AgentResponseLatency (Environment=poc)}.
     */
    MetricName metric(String key);
}
