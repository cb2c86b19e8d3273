package dev.scalingsuite.scenario;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The earlier side of an {@code expect}'s window: its conditions must not hold before it. Either a
 * duration counted from the step's start ({@code not-before: 90s}), or the earliest the live scaling
 * policy lets the fleet scale out or in ({@code not-before: scale-out-policy}, {@code scale-in-policy}),
 * which the harness derives when the step runs from the policy's alarm and the alarm metric's datapoints.
 *
 * @param duration the model duration from the step's start; zero for a policy's bound
 * @param policy the policy's bound asked for, empty for a duration
 */
public record NotBefore(Duration duration, Optional<Policy> policy) {

    /** The YAML key. */
    public static final String KEY = "not-before";

    /** A bound derived from the live policy. */
    public enum Policy {
        /** The earliest scale-out: the scale-out alarm's datapoints could have breached. */
        SCALE_OUT("scale-out-policy", "the earliest scale-out of the live policy"),
        /** The earliest scale-in: the scale-in alarm's datapoints could have breached. */
        SCALE_IN("scale-in-policy", "the earliest scale-in of the live policy");

        private final String key;
        private final String words;

        Policy(String key, String words) {
            this.key = key;
            this.words = words;
        }

        /** As a scenario writes it. */
        public String key() {
            return key;
        }

        /** As reports read it, e.g. {@code the earliest scale-out of the live policy}. */
        public String words() {
            return words;
        }

        public static Optional<Policy> ofKey(String key) {
            return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
        }

        /** Every policy key, comma-separated. */
        public static String keys() {
            return Arrays.stream(values()).map(Policy::key).collect(Collectors.joining(", "));
        }
    }

    public NotBefore {
        if (duration == null || policy == null || duration.isNegative()
                || (policy.isPresent() ? !duration.isZero() : duration.isZero())) {
            throw new IllegalArgumentException("not-before is a duration > 0 or a policy's bound, was " + duration
                    + " " + policy);
        }
    }

    /** Not before {@code duration} from the step's start. */
    public static NotBefore after(Duration duration) {
        return new NotBefore(duration, Optional.empty());
    }

    /** Not before the live policy's earliest scaling in {@code policy}'s direction. */
    public static NotBefore of(Policy policy) {
        return new NotBefore(Duration.ZERO, Optional.of(policy));
    }

    /** As written in YAML: {@code 90s}, {@code scale-out-policy}. */
    public String yaml() {
        return policy.map(Policy::key).orElseGet(() -> Durations.format(duration));
    }
}
