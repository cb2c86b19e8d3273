package dev.scalingsuite.twin;

import java.time.Duration;
import java.time.Instant;

/** Converts between wall time and the twin's model time in tests. */
final class TwinClock {

    private final int scale;
    private final long periodMillis;

    TwinClock(Twin twin, int scale) {
        this.scale = scale;
        this.periodMillis = twin.settings().metricPeriod() * 1000L / scale;
    }

    /** Model seconds between two wall instants. */
    double model(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() * scale / 1000.0;
    }

    /** Wall time for a model duration. */
    Duration wall(double modelSeconds) {
        return Duration.ofMillis(Math.round(modelSeconds * 1000 / scale));
    }

    /**
     * Waits until a quarter into a metric period, so what a test measures does not depend on where
     * in the period it started.
     */
    Instant syncToPeriod() {
        try {
            long now = System.currentTimeMillis();
            long target = now / periodMillis * periodMillis + periodMillis / 4;
            if (target <= now) {
                target += periodMillis;
            }
            Thread.sleep(target - now);
            return Instant.now();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
