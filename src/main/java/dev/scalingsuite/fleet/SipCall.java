package dev.scalingsuite.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One answered call as the load generator's own log shows it, with its own clock: when it was
 * answered, and when and by whom it ended.
 *
 * @param endedAt empty while the call is up
 */
public record SipCall(String callId, Instant answeredAt, Ending ending, Optional<Instant> endedAt) {

    /** Who ended the call. */
    public enum Ending {
        /** Still up. */
        UP,
        /** The suite hung up (its BYE, answered). */
        BY_SUITE,
        /** The far end hung up (its BYE). */
        BY_FAR_END
    }

    public SipCall {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(answeredAt, "answeredAt");
        Objects.requireNonNull(ending, "ending");
        Objects.requireNonNull(endedAt, "endedAt");
        if ((ending == Ending.UP) != endedAt.isEmpty()) {
            throw new IllegalArgumentException("A call has an end time exactly when it has ended: " + ending + ", "
                    + endedAt);
        }
    }

    public static SipCall up(String callId, Instant answeredAt) {
        return new SipCall(callId, answeredAt, Ending.UP, Optional.empty());
    }

    public static SipCall endedBySuite(String callId, Instant answeredAt, Instant endedAt) {
        return new SipCall(callId, answeredAt, Ending.BY_SUITE, Optional.of(endedAt));
    }

    public static SipCall endedByFarEnd(String callId, Instant answeredAt, Instant endedAt) {
        return new SipCall(callId, answeredAt, Ending.BY_FAR_END, Optional.of(endedAt));
    }

    /** How long after the answer the call ended; empty while it is up. */
    public Optional<Duration> sinceAnswer() {
        return endedAt.map(end -> Duration.between(answeredAt, end));
    }
}
