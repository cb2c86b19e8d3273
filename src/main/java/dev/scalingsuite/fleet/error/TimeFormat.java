package dev.scalingsuite.fleet.error;

import java.time.Duration;
import java.time.Instant;

/**
 * How a failure message writes a run's wall-clock instants and durations. The run's
 * {@code ModelClock} writes them as model time, so a message reads like an AWS run at any time scale.
 */
public interface TimeFormat {

    /** When something happened in the run, e.g. {@code 03:42}. */
    String at(Instant instant);

    /** How long something took, e.g. {@code 2m 10s}. */
    String show(Duration wall);
}
