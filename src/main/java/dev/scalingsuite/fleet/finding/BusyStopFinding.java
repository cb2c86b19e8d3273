package dev.scalingsuite.fleet.finding;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * ECS told task {@code task} to stop at {@code at} while it held {@code sessions} sessions, and the
 * latest read, {@code later} after that, still showed {@code sessionsLater}.
 *
 * @param stopCode as ECS reported it; empty while it has not
 * @param protectedFromScaleIn as ECS last reported it before the stop
 */
public record BusyStopFinding(String task, int sessions, Instant at, Optional<String> stopCode,
        boolean protectedFromScaleIn, int sessionsLater, Duration later) {
}
