package dev.scalingsuite.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What must hold throughout a scenario, checked on every poll of every step (the first violation
 * fails the step in progress and names the invariant) and once more over the whole run at the end.
 *
 * @param noFlapping desired must not rise, fall and rise again within this window (model time)
 * @param noOvershoot slack: a raised desired count must not exceed what the live target tracking policy
 *     implies for the most active sessions seen (ceil(sessions / target value)) plus this
 * @param callsSpread new calls spread over the routable tasks
 * @param busyTasksProtected a task holding sessions has scale-in protection
 * @param noBusyTaskStopped ECS never stops a task that holds sessions (a crash is not ECS stopping it)
 * @param maxDropped the most calls the stack accepted and the far end then ended, at any time
 * @param maxFrontDoorFailures the most calls the front door may answer and then hang up with no agent
 *     event to explain it (webhook timeout, connection error, failed start), at any time
 * @param coldStartAtMost every task started during the run is healthy this long after it was created
 * @param healthChecksAsConfigured a started task turns healthy within the health checks the target group
 *     reports (healthy threshold x interval, plus one interval and one poll)
 * @param metricsEveryPeriod the scaling metric has a datapoint for every period
 */
public record Invariants(Optional<Duration> noFlapping, OptionalInt noOvershoot, boolean callsSpread,
        boolean busyTasksProtected, boolean noBusyTaskStopped, OptionalInt maxDropped, OptionalInt maxFrontDoorFailures,
        Optional<Duration> coldStartAtMost, boolean healthChecksAsConfigured, boolean metricsEveryPeriod) {

    public static final Invariants NONE = new Invariants(Optional.empty(), OptionalInt.empty(), false, false, false,
            OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), false, false);

    /** The YAML keys, in the order reports list them. */
    public static final List<String> KEYS = List.of("no-flapping", "no-overshoot", "calls-spread",
            "busy-tasks-protected", "no-busy-task-stopped", "max-dropped", "max-front-door-failures", "cold-start-at-most",
            "health-checks-as-configured", "metrics-every-period");

    public Invariants {
        if (noFlapping == null || noOvershoot == null || maxDropped == null || maxFrontDoorFailures == null
                || coldStartAtMost == null) {
            throw new IllegalArgumentException("use empty optionals, not null");
        }
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    /** The keys of the invariants the scenario sets, in the order of {@link #KEYS}. */
    public List<String> enabledKeys() {
        List<String> keys = new ArrayList<>();
        noFlapping.ifPresent(w -> keys.add("no-flapping"));
        noOvershoot.ifPresent(s -> keys.add("no-overshoot"));
        if (callsSpread) {
            keys.add("calls-spread");
        }
        if (busyTasksProtected) {
            keys.add("busy-tasks-protected");
        }
        if (noBusyTaskStopped) {
            keys.add("no-busy-task-stopped");
        }
        maxDropped.ifPresent(n -> keys.add("max-dropped"));
        maxFrontDoorFailures.ifPresent(n -> keys.add("max-front-door-failures"));
        coldStartAtMost.ifPresent(d -> keys.add("cold-start-at-most"));
        if (healthChecksAsConfigured) {
            keys.add("health-checks-as-configured");
        }
        if (metricsEveryPeriod) {
            keys.add("metrics-every-period");
        }
        return keys;
    }

    /** How the invariants read in reports, one per entry. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        noFlapping.ifPresent(w -> out.add("no flapping within " + Durations.format(w)));
        noOvershoot.ifPresent(s -> out.add("no overshoot (slack " + s + ")"));
        if (callsSpread) {
            out.add("calls spread over routable tasks");
        }
        if (busyTasksProtected) {
            out.add("busy tasks protected from scale-in");
        }
        if (noBusyTaskStopped) {
            out.add("no busy task stopped");
        }
        maxDropped.ifPresent(n -> out.add("dropped calls <= " + n));
        maxFrontDoorFailures.ifPresent(n -> out.add("front-door failures <= " + n));
        coldStartAtMost.ifPresent(d -> out.add("cold start <= " + Durations.format(d)));
        if (healthChecksAsConfigured) {
            out.add("health checks as configured");
        }
        if (metricsEveryPeriod) {
            out.add("a metric datapoint every period");
        }
        return out;
    }
}
