package dev.scalingsuite.fleet;

import java.time.Duration;
import java.util.Optional;

/**
 * How long a call of the scenario being run can be up, at most, in model time; derived from the
 * scenario's steps, so the preflight can compare it with how long scale-in protection lasts.
 *
 * @param upTo the bound; empty when a step between placing and ending a call has no bound
 * @param explanation how the bound was derived (which steps), or why there is none
 */
public record LongestCall(Optional<Duration> upTo, String explanation) {

    public static LongestCall bounded(Duration upTo, String explanation) {
        return new LongestCall(Optional.of(upTo), explanation);
    }

    public static LongestCall unbounded(String why) {
        return new LongestCall(Optional.empty(), why);
    }
}
