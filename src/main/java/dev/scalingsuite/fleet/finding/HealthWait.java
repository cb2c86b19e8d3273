package dev.scalingsuite.fleet.finding;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long task {@code task} waited, from {@code from}, to be seen healthy by the load balancer: until
 * {@code healthyAt}, or, while it is not, at least until {@code judgedAt} (when the sources it is
 * judged by were last read).
 */
public record HealthWait(String task, Instant from, Optional<Instant> healthyAt, Instant judgedAt) {

    /** From {@code from} to healthy, or to {@code judgedAt} while not healthy. */
    public Duration waited() {
        return Duration.between(from, healthyAt.orElse(judgedAt));
    }
}
