package dev.scalingsuite.config;

import java.time.Duration;

/** How often each monitor polls, in model time (the harness divides by the time scale). */
public record Polls(Duration ecs, Duration metrics, Duration sessions, Duration targets, Duration logs,
        Duration activities) {

    public static final Polls DEFAULTS = new Polls(Duration.ofSeconds(2), Duration.ofSeconds(10),
            Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(10));
}
