package dev.scalingsuite.fleet.finding;

import java.time.Duration;
import java.time.Instant;

/**
 * Task {@code task} has held {@code sessions} sessions unprotected from scale-in since {@code since},
 * longer than {@code grace} (wall time).
 */
public record ExposureFinding(String task, int sessions, Instant since, Duration grace) {
}
