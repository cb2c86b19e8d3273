package dev.scalingsuite.fleet.finding;

import java.time.Duration;
import java.time.Instant;

/**
 * Desired rose to {@code desired} at {@code at}, more than {@code slack} above the {@code implied}
 * count that target tracking on {@code targetValue} gives for the {@code mostSessions} active in the
 * {@code lookback} (wall time) before.
 */
public record OvershootFinding(double targetValue, int slack, int desired, Instant at, Duration lookback,
        int mostSessions, int implied) {
}
