package dev.scalingsuite.fleet;

import dev.scalingsuite.fleet.error.TimeFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Reads wall-clock instants of a run as model time since its start, for messages that read like an
 * AWS run: {@code at 03:42}, {@code 2m 10s}. Against AWS the factor is 1.
 */
public record ModelClock(Instant start, int factor) implements TimeFormat {

    public Duration wall(Duration model) {
        return model.dividedBy(factor);
    }

    public double modelSeconds(Duration wall) {
        return wall.toMillis() * (double) factor / 1000.0;
    }

    /** {@code 03:42}: model minutes and seconds since the start. */
    @Override
    public String at(Instant instant) {
        long s = Math.max(0, Math.round(modelSeconds(Duration.between(start, instant))));
        return String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }

    /** A wall duration in model time: {@code 45s}, {@code 2m 10s}. */
    @Override
    public String show(Duration wall) {
        return showModel(modelSeconds(wall));
    }

    public static String showModel(double modelSeconds) {
        long s = Math.round(modelSeconds);
        return s < 60 ? s + "s" : String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
}
