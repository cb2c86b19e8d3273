package dev.scalingsuite.fleet;

import java.time.Instant;

/** CloudWatch: every scaling metric's latest datapoint in {@code [from, to)}, in one call. */
public interface MetricsPort {

    SessionMetrics latest(Instant from, Instant to);
}
