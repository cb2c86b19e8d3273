package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.CallOutcomes;
import dev.scalingsuite.fleet.CallsAssert;
import dev.scalingsuite.fleet.Evidence;
import dev.scalingsuite.fleet.HistoryAssert;
import dev.scalingsuite.fleet.ModelClock;
import dev.scalingsuite.fleet.NotMeasuredError;
import dev.scalingsuite.fleet.RunHistory;
import dev.scalingsuite.fleet.ScalingConfiguration;
import dev.scalingsuite.fleet.SessionMetrics;
import dev.scalingsuite.fleet.SourceNames;
import dev.scalingsuite.fleet.TargetGroupSettings;
import dev.scalingsuite.fleet.Timeline;
import dev.scalingsuite.fleet.finding.Missing;
import dev.scalingsuite.fleet.finding.NotMeasured;
import dev.scalingsuite.monitor.FleetMonitor;
import dev.scalingsuite.scenario.Invariants;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A scenario's invariants, checked against the run's history on every poll of every step: the first
 * violation fails the step in progress, naming the invariant. The live configuration they compare
 * with (target value, capacity, health checks) is read once when the run starts. An invariant whose
 * sources have shown nothing yet is not measured ({@link Measurements}): that fails no poll, since the
 * data may still come; the thresholds judge it at the end of the run.
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
    /**
     * How late the agents' log may show a task's ready line (model time): CloudWatch Logs delivers in
     * seconds, and the logs are polled every 30 s; a healthy task without one after this never logged it.
     */
    static final Duration READY_LINE_LATENESS = Duration.ofSeconds(60);

    /** What the guard reads and where it reports. */
    record Sources(Timeline timeline, FleetMonitor monitor, Supplier<CallOutcomes> calls, SourceNames names,
            String readyEvent, Clock wall) {
    }

    private final Invariants invariants;
    private final ModelClock clock;
    private final ScalingConfiguration configuration;
    private final TargetGroupSettings targetGroup;
    private final Duration targetsPoll;
    private final Sources sources;
    private final Measurements measurements;

    InvariantGuard(Invariants invariants, ModelClock clock, ScalingConfiguration configuration,
            TargetGroupSettings targetGroup, Duration targetsPoll, Sources sources, Measurements measurements) {
        this.invariants = invariants;
        this.clock = clock;
        this.configuration = configuration;
        this.targetGroup = targetGroup;
        this.targetsPoll = targetsPoll;
        this.sources = sources;
        this.measurements = measurements;
    }

    /** Whether there are no invariants (the monitors' health is checked all the same). */
    boolean isEmpty() {
        return invariants.isEmpty();
    }

    /**
     * Checks that the monitors still see the fleet, then every invariant; an {@link AssertionError}
     * names the first that does not hold. Whether each was measured goes to the run's measurements.
     */
    void check() {
        List<FleetMonitor.Failing> failing = sources.monitor().failingLongerThan(clock.wall(MONITOR_FAILING_LIMIT));
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
        RunHistory history = RunHistory.of(sources.timeline(), clock, sources.wall().instant(),
                sources.monitor().readUpTo());
        HistoryAssert that = HistoryAssert.assertThat(history, sources.names());
        guard("no-flapping", () -> invariants.noFlapping().ifPresent(w -> that.hasNoFlapping(clock.wall(w))));
        guard("no-overshoot", () -> invariants.noOvershoot().ifPresent(slack -> that.hasNoOvershoot(
                targetValue("no overshoot", Evidence.heartbeats(history, sources.names())),
                configuration.minCapacity(), configuration.maxCapacity(), slack, clock.wall(OVERSHOOT_LOOKBACK))));
        guard("calls-spread", () -> {
            if (invariants.callsSpread()) {
                that.spreadsNewCalls(targetValue("new calls spread", Evidence.targets(history, sources.names()),
                        Evidence.heartbeats(history, sources.names())));
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
                CallsAssert.assertThat(sources.calls().get(), clock).hasDroppedAtMost(max)));
        guard("max-front-door-failures", () -> invariants.maxFrontDoorFailures().ifPresent(max ->
                CallsAssert.assertThat(sources.calls().get(), clock).hasFrontDoorFailuresAtMost(max)));
        // a cause before the symptom it causes: health checks slower than configured make the cold start
        // slow too, so when both are broken the health checks are named (cold start waits for the logs)
        guard("health-checks-as-configured", () -> {
            if (invariants.healthChecksAsConfigured()) {
                that.healthChecksWithin(targetGroup, targetsPoll, sources.readyEvent(), clock.wall(READY_LINE_LATENESS));
            }
        });
        guard("cold-start-at-most", () -> invariants.coldStartAtMost().ifPresent(d -> that.coldStartsWithin(clock.wall(d))));
        guard("metrics-every-period", () -> {
            if (invariants.metricsEveryPeriod()) {
                that.hasMetricEveryPeriod(SessionMetrics.SESSIONS_PER_TASK, clock.wall(METRIC_PERIOD), lateness());
            }
        });
    }

    /**
     * The live target-tracking policy's target value; when the service has none, the invariant is not
     * measured, with what else its sources miss.
     */
    @SafeVarargs
    private double targetValue(String check, Optional<Missing>... alsoMissing) {
        Optional<Missing> noPolicy = Evidence.targetTracking(configuration, clock.start(), sources.names());
        if (noPolicy.isPresent()) {
            List<Missing> missing = new ArrayList<>(List.of(noPolicy.get()));
            Arrays.stream(alsoMissing).flatMap(Optional::stream).forEach(missing::add);
            throw new NotMeasuredError(new NotMeasured(check, missing));
        }
        return configuration.targetTracking().get(0).targetValue();
    }

    /**
     * How late a datapoint may arrive: three periods of model time, the same on every target. The
     * check is judged as of the metrics monitor's last read, so a late poll of the suite's own does not
     * count against the source.
     */
    private Duration lateness() {
        return clock.wall(METRIC_PERIOD.multipliedBy(3));
    }

    /**
     * Runs one invariant's check: a violation fails it, naming the invariant; data it could not find
     * leaves it not measured, and the next invariant is checked.
     */
    private void guard(String key, Runnable check) {
        try {
            check.run();
            measurements.invariant(key, Optional.empty());
        } catch (NotMeasuredError e) {
            measurements.invariant(key, Optional.of(e.as(key)));
        } catch (AssertionError e) {
            measurements.invariant(key, Optional.empty());
            throw new AssertionError("invariant '" + key + "' violated: " + e.getMessage().strip(), e);
        }
    }
}
