package dev.scalingsuite.scenario;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Limits checked over the whole run; each is optional. {@code maxE2eP95} bounds the worst period's p95 of the
 * agent's response latency metric ({@code AgentResponseLatency} as deployed), a measured latency, never scaled;
 * a run with no datapoint of it fails the bound.
 */
public record Thresholds(OptionalInt maxDropped, OptionalInt maxRejected, Optional<Duration> maxE2eP95) {

    public static final Thresholds NONE = new Thresholds(OptionalInt.empty(), OptionalInt.empty(), Optional.empty());

    public Thresholds {
        if (maxDropped == null || maxRejected == null || maxE2eP95 == null) {
            throw new IllegalArgumentException("use empty optionals, not null");
        }
    }

    public boolean isEmpty() {
        return maxDropped.isEmpty() && maxRejected.isEmpty() && maxE2eP95.isEmpty();
    }
}
