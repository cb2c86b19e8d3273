package dev.scalingsuite.monitor;

import java.time.Duration;

/** How often each monitor polls, in wall time (model time already divided by the time scale). */
public record PollIntervals(Duration ecs, Duration metrics, Duration sessions, Duration targets, Duration logs,
        Duration activities) {

    /** How far before the start the metrics monitor reads datapoints: six of its polls, a metric period by default. */
    public Duration metricsLookback() {
        return metrics.multipliedBy(6);
    }
}
