package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.CallReconciliation;
import dev.scalingsuite.fleet.ModelClock;
import dev.scalingsuite.fleet.PreflightWarning;
import dev.scalingsuite.fleet.ScalingConfiguration;
import dev.scalingsuite.fleet.TargetGroupSettings;
import dev.scalingsuite.fleet.Timeline;
import dev.scalingsuite.monitor.FleetMonitor;
import dev.scalingsuite.monitor.PollIntervals;
import dev.scalingsuite.scenario.Scenario;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * What a scenario run is built from and never changes while it runs: the scenario, the suite, the
 * run's timeline, monitors and load, the calls in the stack's view, where its reports go, the
 * preflight's warnings, the invariants' guard and the rollouts it starts. {@link #start} starts the monitors and does the live reads the guard compares
 * with, so nothing else of a run reads the configuration of the live stack.
 */
record RunContext(Scenario scenario, Suite suite, Timeline timeline, FleetMonitor monitor, LoadDriver load,
        CallJudge calls, Path runDir, List<PreflightWarning> preflight, Instant startedAt, InvariantGuard guard,
        Rollouts rollouts) {

    private static final String TIMELINE = "timeline.ndjson";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss")
            .withZone(ZoneOffset.UTC);
    /** How long a monitor's poll may take before it counts as failed (model time). */
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(90);
    /** The agents' events that say what became of a call; the stack's names until the configuration names them. */

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
        LoadDriver load = new LoadDriver(suite.loadHosts(), suite.sipHost(), suite.sipPort());
        Instant startedAt = Instant.now();
        CallJudge calls = new CallJudge(load, monitor, suite.ports().logs(), suite.telemetry().events().calls(), judging,
                startedAt);
        InvariantGuard guard = guard(scenario, suite, timeline, calls, monitor, startedAt);
        Rollouts rollouts = new Rollouts(suite.ports().ecs(), timeline, runDir.getFileName().toString());
        return new RunContext(scenario, suite, timeline, monitor, load, calls, runDir, preflight, startedAt, guard,
                rollouts);
    }

    /** The invariants' guard, with the live configuration they compare with read now. */
    private static InvariantGuard guard(Scenario scenario, Suite suite, Timeline timeline, CallJudge calls,
            FleetMonitor monitor, Instant startedAt) {
        var invariants = scenario.invariants();
        var ports = suite.ports();
        ScalingConfiguration configuration = invariants.isEmpty() ? null : ports.scaling().configuration();
        TargetGroupSettings targetGroup = invariants.healthChecksAsConfigured() ? ports.targets().settings() : null;
        return new InvariantGuard(invariants, timeline, new ModelClock(startedAt, suite.timeScale().factor()),
                configuration, targetGroup, suite.timeScale().wall(suite.config().poll().targets()), calls::live,
                monitor);
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
