package dev.scalingsuite.monitor;

import java.time.Duration;

/** How often each monitor polls, in wall time (model time already divided by the time scale). */
public record PollIntervals(Duration ecs, Duration metrics, Duration sessions, Duration targets, Duration logs,
        Duration activities) {
}
