package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.CallReconciliation;
import dev.scalingsuite.fleet.ModelClock;
import dev.scalingsuite.fleet.PreflightWarning;
import dev.scalingsuite.fleet.ScalingConfiguration;
import dev.scalingsuite.fleet.TargetGroupSettings;
import dev.scalingsuite.fleet.Timeline;
import dev.scalingsuite.monitor.FleetMonitor;
import dev.scalingsuite.monitor.PollIntervals;
import dev.scalingsuite.scenario.LongestCalls;
import dev.scalingsuite.scenario.Scenario;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * What a scenario run is built from and never changes while it runs: the scenario, the suite, the
 * run's timeline, monitors and load, the calls in the stack's view, where its reports go, the
 * preflight's warnings, the invariants' guard, whether each check was measured, what the run may
 * spend, the rollouts it starts, its place in the run history and the watches of its load generators. {@link #start} starts the monitors and does the live reads the guard
 * compares with, so nothing else of a run reads the configuration of the live stack.
 */
record RunContext(Scenario scenario, Suite suite, Timeline timeline, FleetMonitor monitor, LoadDriver load,
        CallJudge calls, Path runDir, List<PreflightWarning> preflight, Instant startedAt, InvariantGuard guard,
        Measurements measurements, RunBounds bounds, Rollouts rollouts, HistoryKeeper history,
        GeneratorWatches generators) {

    private static final String TIMELINE = "timeline.ndjson";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss")
            .withZone(ZoneOffset.UTC);
    /** How long a monitor's poll may take before it counts as failed (model time). */
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(90);
    /**
     * Wall time past the scenario's longest run for ending the calls and writing the reports: the
     * captures beside SIPp end by themselves then even if the suite died without stopping them.
     */
    private static final Duration AFTER_THE_LAST_STEP = Duration.ofMinutes(10);

    RunContext {
        preflight = List.copyOf(preflight);
    }

    /** Starts the run's timeline and monitors, and reads the live configuration the invariants compare with. */
    static RunContext start(Suite suite, Scenario scenario, List<PreflightWarning> preflight) {
        Path runDir = suite.config().reportsDir().resolve(scenario.name() + "-" + STAMP.format(Clock.systemUTC().instant()));
        Timeline timeline = Timeline.writingTo(runDir.resolve(TIMELINE));
        TimeScale scale = suite.timeScale();
        var poll = suite.config().poll();
        CallReconciliation.Settings judging = CallReconciliation.Settings.MODEL_DEFAULTS.map(scale::wall);
        FleetMonitor monitor = new FleetMonitor(suite.ports(), new PollIntervals(scale.wall(poll.ecs()),
                scale.wall(poll.metrics()), scale.wall(poll.sessions()), scale.wall(poll.targets()),
                scale.wall(poll.logs()), scale.wall(poll.activities())), timeline, Clock.systemUTC(),
                scale.wall(POLL_TIMEOUT), suite.telemetry().events(), judging.judgedAfter());
        Instant startedAt = Instant.now();
        Optional<Instant> deadline = LongestCalls.run(scenario, Optional.empty())
                .map(longest -> startedAt.plus(scale.wall(longest)).plus(AFTER_THE_LAST_STEP));
        LoadDriver load = new LoadDriver(suite.loadHosts(), suite.sipHost(), suite.sipPort(), deadline);
        CallJudge calls = new CallJudge(load, monitor, suite.ports().logs(), suite.telemetry().events().calls(), judging,
                startedAt);
        HistoryKeeper history = new HistoryKeeper(suite.config(), runDir.getFileName().toString(), scenario);
        Measurements measurements = new Measurements(scenario, history.baseline().isPresent());
        InvariantGuard guard = guard(scenario, suite, new InvariantGuard.Sources(timeline, monitor, calls::live,
                suite.ports(), suite.telemetry().events().ready(), Clock.systemUTC()), startedAt, measurements);
        Rollouts rollouts = new Rollouts(suite.ports().ecs(), timeline, runDir.getFileName().toString());
        RunBounds bounds = new RunBounds(suite.config().bounds(), startedAt, scale, monitor::tasksSeen,
                Clock.systemUTC());
        GeneratorWatches generators = GeneratorWatches.start(suite.loadHosts(), suite.config().generators(), scale,
                timeline);
        return new RunContext(scenario, suite, timeline, monitor, load, calls, runDir, preflight, startedAt, guard,
                measurements, bounds, rollouts, history, generators);
    }

    /** The invariants' guard, with the live configuration they compare with read now. */
    private static InvariantGuard guard(Scenario scenario, Suite suite, InvariantGuard.Sources sources,
            Instant startedAt, Measurements measurements) {
        var invariants = scenario.invariants();
        var ports = suite.ports();
        ScalingConfiguration configuration = invariants.isEmpty() ? null : ports.scaling().configuration();
        TargetGroupSettings targetGroup = invariants.healthChecksAsConfigured() ? ports.targets().settings() : null;
        return new InvariantGuard(invariants, new ModelClock(startedAt, suite.timeScale().factor()), configuration,
                targetGroup, suite.timeScale().wall(suite.config().poll().targets()), sources, measurements);
    }

    TimeScale timeScale() {
        return suite.timeScale();
    }

    /** Writes the run's instants and durations in model time since its start, for failure messages. */
    ModelClock clock() {
        return new ModelClock(startedAt, suite.timeScale().factor());
    }

    /** Where the reports are written, and the timeline while the run lasts. */
    Path timelineFile() {
        return runDir.resolve(TIMELINE);
    }
}
