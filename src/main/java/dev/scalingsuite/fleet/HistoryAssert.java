package dev.scalingsuite.fleet;

import static dev.scalingsuite.fleet.error.ShouldHaveMetricEveryPeriod.shouldHaveMetricEveryPeriod;
import static dev.scalingsuite.fleet.error.ShouldNotFlap.shouldNotFlap;
import static dev.scalingsuite.fleet.error.ShouldNotOvershoot.shouldNotOvershoot;
import static dev.scalingsuite.fleet.error.ShouldNotStopBusyTasks.shouldNotStopBusyTasks;
import static dev.scalingsuite.fleet.error.ShouldProtectBusyTasks.shouldProtectBusyTasks;
import static dev.scalingsuite.fleet.error.ShouldSpreadNewCalls.shouldSpreadNewCalls;
import static dev.scalingsuite.fleet.error.ShouldTurnHealthy.shouldPassHealthChecksWithin;
import static dev.scalingsuite.fleet.error.ShouldTurnHealthy.shouldStartWithin;

import dev.scalingsuite.fleet.finding.BusyStopFinding;
import dev.scalingsuite.fleet.finding.ExposureFinding;
import dev.scalingsuite.fleet.finding.FlapFinding;
import dev.scalingsuite.fleet.finding.MissingDatapointFinding;
import dev.scalingsuite.fleet.finding.OvershootFinding;
import dev.scalingsuite.fleet.finding.SkewFinding;
import dev.scalingsuite.fleet.finding.SlowHealthCheckFinding;
import dev.scalingsuite.fleet.finding.SlowStartFinding;
import java.time.Duration;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Invariants over a run's history: what must hold throughout, not just at one snapshot. Each check
 * asks its analysis for a finding and, when there is one, names what was expected and, with model
 * times, what happened instead. Durations given here are wall time; messages show model time through
 * the history's clock.
 */
public final class HistoryAssert extends AbstractAssert<HistoryAssert, RunHistory> {

    private HistoryAssert(RunHistory actual) {
        super(actual, HistoryAssert.class);
    }

    public static HistoryAssert assertThat(RunHistory history) {
        return new HistoryAssert(history);
    }

    /** Desired does not rise, fall and rise again within {@code window}: see {@link Flapping}. */
    public HistoryAssert hasNoFlapping(Duration window) {
        isNotNull();
        Optional<FlapFinding> flap = Flapping.find(actual, window);
        if (flap.isPresent()) {
            throw assertionError(shouldNotFlap(flap.get(), actual.clock()));
        }
        return this;
    }

    /**
     * Every rise of desired stays within what target tracking implies for the most sessions active in
     * the {@code lookback} before it, plus {@code slack}: see {@link Overshoot}.
     */
    public HistoryAssert hasNoOvershoot(double targetValue, int min, int max, int slack, Duration lookback) {
        isNotNull();
        Optional<OvershootFinding> overshoot = Overshoot.find(actual, targetValue, min, max, slack, lookback);
        if (overshoot.isPresent()) {
            throw assertionError(shouldNotOvershoot(overshoot.get(), actual.clock()));
        }
        return this;
    }

    /** New calls spread over the routable tasks: see {@link CallSpread}. */
    public HistoryAssert spreadsNewCalls(double target) {
        isNotNull();
        Optional<SkewFinding> skew = CallSpread.find(actual, target);
        if (skew.isPresent()) {
            throw assertionError(shouldSpreadNewCalls(skew.get(), actual.clock()));
        }
        return this;
    }

    /**
     * A running task that holds sessions is protected from scale-in within {@code grace}: see
     * {@link BusyTaskProtection}.
     */
    public HistoryAssert protectsBusyTasks(Duration grace) {
        isNotNull();
        Optional<ExposureFinding> exposure = BusyTaskProtection.find(actual, grace);
        if (exposure.isPresent()) {
            throw assertionError(shouldProtectBusyTasks(exposure.get(), actual.clock()));
        }
        return this;
    }

    /** ECS never stops a task that holds sessions, as seen {@code settle} later: see {@link BusyTaskStops}. */
    public HistoryAssert neverStoppedABusyTask(Duration settle) {
        isNotNull();
        Optional<BusyStopFinding> stop = BusyTaskStops.find(actual, settle);
        if (stop.isPresent()) {
            throw assertionError(shouldNotStopBusyTasks(stop.get(), actual.clock()));
        }
        return this;
    }

    /** Every task created during the run is healthy within {@code limit} of its creation: see {@link ColdStarts}. */
    public HistoryAssert coldStartsWithin(Duration limit) {
        isNotNull();
        Optional<SlowStartFinding> slow = ColdStarts.find(actual, limit);
        if (slow.isPresent()) {
            throw assertionError(shouldStartWithin(slow.get(), actual.clock()));
        }
        return this;
    }

    /**
     * A task whose application is ready turns healthy within the target group's health checks:
     * healthy threshold x interval, plus one interval and one poll. See {@link HealthChecks}.
     */
    public HistoryAssert healthChecksWithin(TargetGroupSettings settings, Duration wallPoll) {
        isNotNull();
        Optional<SlowHealthCheckFinding> slow = HealthChecks.find(actual, settings, wallPoll);
        if (slow.isPresent()) {
            throw assertionError(shouldPassHealthChecksWithin(slow.get(), actual.clock()));
        }
        return this;
    }

    /**
     * The scaling metric has a datapoint for every {@code period} between its first and its latest, and
     * since the latest; late ones count within {@code lateness}. See {@link MetricPeriods}.
     */
    public HistoryAssert hasMetricEveryPeriod(String metric, Duration wallPeriod, Duration lateness) {
        isNotNull();
        Optional<MissingDatapointFinding> missing = MetricPeriods.find(actual, metric, wallPeriod, lateness);
        if (missing.isPresent()) {
            throw assertionError(shouldHaveMetricEveryPeriod(missing.get(), actual.clock()));
        }
        return this;
    }
}
