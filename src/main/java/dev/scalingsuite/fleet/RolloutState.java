package dev.scalingsuite.fleet;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where the service's rollout stands, as its deployments show it: a deployment in progress (a PRIMARY
 * IN_PROGRESS, or an earlier deployment still listed), completed (one PRIMARY deployment, COMPLETED),
 * failed (a deployment the circuit breaker marked FAILED is still listed) or unknown (nothing read yet).
 * Scenarios name them in {@code rollout} conditions.
 */
public enum RolloutState {
    UNKNOWN("unknown"),
    IN_PROGRESS("in-progress"),
    COMPLETED("completed"),
    FAILED("failed");

    private final String word;

    RolloutState(String word) {
        this.word = word;
    }

    /** As a scenario writes it, e.g. {@code in-progress}. */
    public String word() {
        return word;
    }

    public static Optional<RolloutState> ofWord(String word) {
        return Arrays.stream(values()).filter(s -> s.word.equals(word)).findFirst();
    }
}
