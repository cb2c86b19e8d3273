package dev.scalingsuite.fleet.finding;

import java.time.Duration;

/**
 * A task whose application was ready was not healthy within {@code bound} (wall time): the target
 * group's {@code healthyThreshold} checks every {@code intervalSeconds} (model time), one interval
 * more and one poll.
 */
public record SlowHealthCheckFinding(int healthyThreshold, int intervalSeconds, Duration bound, HealthWait healthWait) {
}
