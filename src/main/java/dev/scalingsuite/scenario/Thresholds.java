package dev.scalingsuite.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Limits checked over the whole run, on the calls in the stack's view and the agent's response latency.
 * {@code maxE2eP95} bounds the worst period's p95 of the agent's response latency metric
 * ({@code AgentResponseLatency} as deployed), a measured latency, never scaled; a run with no datapoint of
 * it fails the bound. Every limit is optional but one: front-door failures (calls the front door answered,
 * then hung up with no agent event to explain it: lost calls) are bounded even when the scenario does not
 * say, by {@link #DEFAULT_MAX_FRONT_DOOR_FAILURES}.
 */
public record Thresholds(OptionalInt maxDropped, OptionalInt maxRejected, OptionalInt maxFrontDoorFailures,
        Optional<Duration> maxE2eP95) {

    /** The YAML keys, in the order reports list them. */
    public static final List<String> KEYS = List.of("max-dropped", "max-rejected", "max-front-door-failures",
            "max-e2e-p95");

    /** The most front-door failures a run may have when its scenario sets no {@code max-front-door-failures}. */
    public static final int DEFAULT_MAX_FRONT_DOOR_FAILURES = 0;

    /** None set: the front-door failures are bounded by the default all the same. */
    public static final Thresholds NONE = new Thresholds(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
            Optional.empty());

    public Thresholds {
        if (maxDropped == null || maxRejected == null || maxFrontDoorFailures == null || maxE2eP95 == null) {
            throw new IllegalArgumentException("use empty optionals, not null");
        }
    }

    /** The most front-door failures allowed: as set, else {@link #DEFAULT_MAX_FRONT_DOOR_FAILURES}. */
    public int frontDoorFailuresAllowed() {
        return maxFrontDoorFailures.orElse(DEFAULT_MAX_FRONT_DOOR_FAILURES);
    }

    /** The keys of the thresholds a run checks: those set, and {@code max-front-door-failures} always. */
    public List<String> enabledKeys() {
        List<String> keys = new ArrayList<>();
        maxDropped.ifPresent(n -> keys.add("max-dropped"));
        maxRejected.ifPresent(n -> keys.add("max-rejected"));
        keys.add("max-front-door-failures");
        maxE2eP95.ifPresent(d -> keys.add("max-e2e-p95"));
        return keys;
    }

    /** Whether the scenario sets none (the default bound on front-door failures applies all the same). */
    public boolean isEmpty() {
        return maxDropped.isEmpty() && maxRejected.isEmpty() && maxFrontDoorFailures.isEmpty() && maxE2eP95.isEmpty();
    }
}
