package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.CallOutcomes;
import dev.scalingsuite.fleet.CallsAssert;
import dev.scalingsuite.fleet.HistoryAssert;
import dev.scalingsuite.fleet.ModelClock;
import dev.scalingsuite.fleet.RunHistory;
import dev.scalingsuite.fleet.ScalingConfiguration;
import dev.scalingsuite.fleet.TargetGroupSettings;
import dev.scalingsuite.fleet.Timeline;
import dev.scalingsuite.scenario.Invariants;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import dev.scalingsuite.monitor.FleetMonitor;
import java.util.function.Supplier;

/**
 * A scenario's invariants, checked against the run's history on every poll of every step: the first
 * violation fails the step in progress, naming the invariant. The live configuration they compare
 * with (target value, capacity, health checks) is read once when the run starts.
 */
final class InvariantGuard {

    /** How far back a raised desired count may have seen the sessions that justify it (model time). */
    static final Duration OVERSHOOT_LOOKBACK = Duration.ofMinutes(5);
    /**
     * How long the session table may lag a task's calls (model time): a heartbeat interval (30 s) and a
     * sessions poll, with room. A busy task may look unprotected this long after its last call ended,
     * and a task stopped right after its last call still shows that call this long.
     */
    static final Duration HEARTBEAT_LAG = Duration.ofSeconds(60);
    /** How long a monitor may fail every poll before the run stops trusting what it sees (model time). */
    static final Duration MONITOR_FAILING_LIMIT = Duration.ofSeconds(90);
    /** The scaling metric's period (model time). */
    static final Duration METRIC_PERIOD = Duration.ofSeconds(60);

    private final Invariants invariants;
    private final Timeline timeline;
    private final ModelClock clock;
    private final ScalingConfiguration configuration;
    private final TargetGroupSettings targetGroup;
    private final Duration targetsPoll;
    private final Supplier<CallOutcomes> calls;
    private final FleetMonitor monitor;

    InvariantGuard(Invariants invariants, Timeline timeline, ModelClock clock, ScalingConfiguration configuration,
            TargetGroupSettings targetGroup, Duration targetsPoll, Supplier<CallOutcomes> calls, FleetMonitor monitor) {
        this.monitor = monitor;
        this.invariants = invariants;
        this.timeline = timeline;
        this.clock = clock;
        this.configuration = configuration;
        this.targetGroup = targetGroup;
        this.targetsPoll = targetsPoll;
        this.calls = calls;
    }

    /** Whether there are no invariants (the monitors' health is checked all the same). */
    boolean isEmpty() {
        return invariants.isEmpty();
    }

    /**
     * Checks that the monitors still see the fleet, then every invariant; an {@link AssertionError}
     * names the first that does not hold.
     */
    void check() {
        List<FleetMonitor.Failing> failing = monitor.failingLongerThan(clock.wall(MONITOR_FAILING_LIMIT));
        if (!failing.isEmpty()) {
            List<String> each = failing.stream().map(f -> "the '" + f.monitor() + "' monitor has failed its last "
                    + f.polls() + " polls, since " + clock.at(f.lastSuccess()) + " (last error: " + f.lastError() + ")")
                    .toList();
            throw new AssertionError("The monitors cannot see the fleet, so no expectation can be judged on fresh "
                    + "data: " + String.join("; ", each));
        }
        if (invariants.isEmpty()) {
            return;
        }
        RunHistory history = RunHistory.of(timeline, clock, Instant.now(), monitor.readUpTo());
        HistoryAssert that = HistoryAssert.assertThat(history);
        guard("no-flapping", () -> invariants.noFlapping().ifPresent(w -> that.hasNoFlapping(clock.wall(w))));
        guard("no-overshoot", () -> invariants.noOvershoot().ifPresent(slack -> configuration.targetTracking().stream()
                .findFirst().ifPresent(t -> that.hasNoOvershoot(t.targetValue(), configuration.minCapacity(),
                        configuration.maxCapacity(), slack, clock.wall(OVERSHOOT_LOOKBACK)))));
        guard("calls-spread", () -> {
            if (invariants.callsSpread()) {
                configuration.targetTracking().stream().findFirst().ifPresent(t -> that.spreadsNewCalls(t.targetValue()));
            }
        });
        guard("busy-tasks-protected", () -> {
            if (invariants.busyTasksProtected()) {
                that.protectsBusyTasks(clock.wall(HEARTBEAT_LAG));
            }
        });
        guard("no-busy-task-stopped", () -> {
            if (invariants.noBusyTaskStopped()) {
                that.neverStoppedABusyTask(clock.wall(HEARTBEAT_LAG));
            }
        });
        guard("max-dropped", () -> invariants.maxDropped().ifPresent(max ->
                CallsAssert.assertThat(calls.get(), clock).hasDroppedAtMost(max)));
        guard("max-front-door-failures", () -> invariants.maxFrontDoorFailures().ifPresent(max ->
                CallsAssert.assertThat(calls.get(), clock).hasFrontDoorFailuresAtMost(max)));
        // a cause before the symptom it causes: health checks slower than configured make the cold start
        // slow too, so when both are broken the health checks are named (cold start waits for the logs)
        guard("health-checks-as-configured", () -> {
            if (invariants.healthChecksAsConfigured()) {
                that.healthChecksWithin(targetGroup, targetsPoll);
            }
        });
        guard("cold-start-at-most", () -> invariants.coldStartAtMost().ifPresent(d -> that.coldStartsWithin(clock.wall(d))));
        guard("metrics-every-period", () -> {
            if (invariants.metricsEveryPeriod()) {
                that.hasMetricEveryPeriod(dev.scalingsuite.fleet.SessionMetrics.SESSIONS_PER_TASK,
                        clock.wall(METRIC_PERIOD), lateness());
            }
        });
    }

    /**
     * How late a datapoint may arrive: three periods of model time, the same on every target. The
     * check is judged as of the metrics monitor's last read, so a late poll of the suite's own does not
     * count against the source.
     */
    private Duration lateness() {
        return clock.wall(METRIC_PERIOD.multipliedBy(3));
    }

    private static void guard(String key, Runnable check) {
        try {
            check.run();
        } catch (AssertionError e) {
            throw new AssertionError("invariant '" + key + "' violated: " + e.getMessage().strip(), e);
        }
    }
}
