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
import dev.scalingsuite.fleet.finding.Missing;
import dev.scalingsuite.fleet.finding.MissingDatapointFinding;
import dev.scalingsuite.fleet.finding.NotMeasured;
import dev.scalingsuite.fleet.finding.OvershootFinding;
import dev.scalingsuite.fleet.finding.SkewFinding;
import dev.scalingsuite.fleet.finding.SlowHealthCheckFinding;
import dev.scalingsuite.fleet.finding.SlowStartFinding;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Invariants over a run's history: what must hold throughout, not just at one snapshot. Each check
 * asks its analysis for a finding and, when there is one, names what was expected and, with model
 * times, what happened instead. Durations given here are wall time; messages show model time through
 * the history's clock. A check whose sources showed nothing during the run ({@link Evidence}) is not
 * measured: it fails with a {@link NotMeasuredError} naming what was missing and where it was looked for
 * (as {@code names} says), never passes on it, and never fails on the absence alone.
 */
public final class HistoryAssert extends AbstractAssert<HistoryAssert, RunHistory> {

    private final SourceNames names;

    private HistoryAssert(RunHistory actual, SourceNames names) {
        super(actual, HistoryAssert.class);
        this.names = names;
    }

    public static HistoryAssert assertThat(RunHistory history) {
        return new HistoryAssert(history, SourceNames.GENERIC);
    }

    /** @param names where each source was read, for a failure that says a check was not measured */
    public static HistoryAssert assertThat(RunHistory history, SourceNames names) {
        return new HistoryAssert(history, names);
    }

    /** Desired does not rise, fall and rise again within {@code window}: see {@link Flapping}. */
    public HistoryAssert hasNoFlapping(Duration window) {
        isNotNull();
        measured("no flapping", Evidence.serviceCounts(actual, names));
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
        // without sessions every rise would look like an overshoot of an idle fleet
        measured("no overshoot", Evidence.heartbeats(actual, names));
        Optional<OvershootFinding> overshoot = Overshoot.find(actual, targetValue, min, max, slack, lookback);
        if (overshoot.isPresent()) {
            throw assertionError(shouldNotOvershoot(overshoot.get(), actual.clock()));
        }
        return this;
    }

    /** New calls spread over the routable tasks: see {@link CallSpread}. */
    public HistoryAssert spreadsNewCalls(double target) {
        isNotNull();
        measured("new calls spread", Evidence.targets(actual, names), Evidence.heartbeats(actual, names));
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
        measured("busy tasks protected", Evidence.heartbeats(actual, names));
        Optional<ExposureFinding> exposure = BusyTaskProtection.find(actual, grace);
        if (exposure.isPresent()) {
            throw assertionError(shouldProtectBusyTasks(exposure.get(), actual.clock()));
        }
        return this;
    }

    /** ECS never stops a task that holds sessions, as seen {@code settle} later: see {@link BusyTaskStops}. */
    public HistoryAssert neverStoppedABusyTask(Duration settle) {
        isNotNull();
        measured("no busy task stopped", Evidence.heartbeats(actual, names));
        Optional<BusyStopFinding> stop = BusyTaskStops.find(actual, settle);
        if (stop.isPresent()) {
            throw assertionError(shouldNotStopBusyTasks(stop.get(), actual.clock()));
        }
        return this;
    }

    /** Every task created during the run is healthy within {@code limit} of its creation: see {@link ColdStarts}. */
    public HistoryAssert coldStartsWithin(Duration limit) {
        isNotNull();
        // without targets no new task is ever seen healthy, and every one would look slow
        measured("cold start within " + actual.clock().show(limit), Evidence.targets(actual, names));
        Optional<SlowStartFinding> slow = ColdStarts.find(actual, limit);
        if (slow.isPresent()) {
            throw assertionError(shouldStartWithin(slow.get(), actual.clock()));
        }
        return this;
    }

    /**
     * A task whose application is ready turns healthy within the target group's health checks:
     * healthy threshold x interval, plus one interval and one poll. See {@link HealthChecks}. A new task
     * seen healthy {@code lateness} before the logs were last read without its ready event ({@code
     * readyEvent}) leaves the check not measured, once the tasks that have one are judged.
     */
    public HistoryAssert healthChecksWithin(TargetGroupSettings settings, Duration wallPoll, String readyEvent,
            Duration lateness) {
        isNotNull();
        String check = "health checks as configured";
        // without targets a ready task is never seen healthy, and every one would look slow
        measured(check, Evidence.targets(actual, names));
        Optional<SlowHealthCheckFinding> slow = HealthChecks.find(actual, settings, wallPoll);
        if (slow.isPresent()) {
            throw assertionError(shouldPassHealthChecksWithin(slow.get(), actual.clock()));
        }
        measured(check, Evidence.readyEvents(actual, readyEvent, lateness, names));
        return this;
    }

    /**
     * The scaling metric has a datapoint for every {@code period} between its first and its latest, and
     * since the latest; late ones count within {@code lateness}. See {@link MetricPeriods}.
     */
    public HistoryAssert hasMetricEveryPeriod(String metric, Duration wallPeriod, Duration lateness) {
        isNotNull();
        // a source that never published is not a gap: nothing about its periods was measured
        measured("a " + metric + " datapoint every " + actual.clock().show(wallPeriod),
                Evidence.datapoints(actual, metric, names));
        Optional<MissingDatapointFinding> missing = MetricPeriods.find(actual, metric, wallPeriod, lateness);
        if (missing.isPresent()) {
            throw assertionError(shouldHaveMetricEveryPeriod(missing.get(), actual.clock()));
        }
        return this;
    }

    @SafeVarargs
    private static void measured(String check, Optional<Missing>... sources) {
        List<Missing> missing = Arrays.stream(sources).flatMap(Optional::stream).toList();
        if (!missing.isEmpty()) {
            throw new NotMeasuredError(new NotMeasured(check, missing));
        }
    }
}
