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
     * What the latency percentiles are read from, for messages: namespace, metric and dimension, like
     * {@code VoiceAgent/Pipeline AgentResponseLatency (Environment=poc)}.
     */
    String latencyMetric();
}
