package dev.scalingsuite.junit;

import static org.awaitility.Awaitility.await;

import dev.scalingsuite.config.Waits;
import dev.scalingsuite.fleet.CallTally;
import dev.scalingsuite.fleet.CallsAssert;
import dev.scalingsuite.fleet.ModelClock;
import dev.scalingsuite.fleet.PreflightWarning;
import dev.scalingsuite.fleet.ScaleInBound;
import dev.scalingsuite.fleet.ScalingConfiguration;
import dev.scalingsuite.fleet.TargetGroupSettings;
import dev.scalingsuite.fleet.SessionMetrics;
import dev.scalingsuite.fleet.Timeline;
import dev.scalingsuite.monitor.FleetMonitor;
import dev.scalingsuite.report.RunRecord;
import dev.scalingsuite.report.RunRecord.StepRecord;
import dev.scalingsuite.scenario.Condition;
import dev.scalingsuite.scenario.Scenario;
import dev.scalingsuite.scenario.Step;
import io.qameta.allure.Allure;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

/**
 * One scenario being run: its steps in order against the monitors' latest snapshot and the load,
 * one Allure step each; after the first failure the rest are reported as not run. The thresholds
 * and the report are the last two dynamic tests. Lives in the test class's store; closing ends the
 * scenario's calls, stops its monitors and writes the reports if the report step did not.
 */
public final class ScenarioRun implements StepTests, AutoCloseable {

    private final Scenario scenario;
    private final Suite suite;
    private final Timeline timeline;
    private final FleetMonitor monitor;
    private final LoadDriver load;
    private final Path runDir;
    private final List<PreflightWarning> preflight;
    private final Instant startedAt;
    private final Clock clock = Clock.systemUTC();
    private final List<StepRecord> results = new ArrayList<>();
    private final LiveConsole console;
    private final RunReporter reporter;
    private final InvariantGuard guard;
    private volatile boolean failed;
    private volatile String failure = "";
    private volatile boolean aborted;
    private volatile int currentStep;
    private volatile String currentText = "starting";

    ScenarioRun(Scenario scenario, Suite suite, Timeline timeline, FleetMonitor monitor, LoadDriver load,
            Path runDir, List<PreflightWarning> preflight) {
        this.preflight = List.copyOf(preflight);
        this.scenario = scenario;
        this.suite = suite;
        this.timeline = timeline;
        this.monitor = monitor;
        this.load = load;
        this.runDir = runDir;
        this.startedAt = Instant.now();
        this.reporter = new RunReporter(this);
        this.guard = guard(scenario, suite, timeline, load, monitor, startedAt);
        this.console = LiveConsole.start(this);
        suite.started(this);
    }

    /** The invariants' guard, with the live configuration they compare with read now. */
    private static InvariantGuard guard(Scenario scenario, Suite suite, Timeline timeline, LoadDriver load,
            FleetMonitor monitor, Instant startedAt) {
        var invariants = scenario.invariants();
        var ports = suite.ports();
        ScalingConfiguration configuration = invariants.isEmpty() ? null : ports.scaling().configuration();
        TargetGroupSettings targetGroup = invariants.healthChecksAsConfigured() ? ports.targets().settings() : null;
        return new InvariantGuard(invariants, timeline, new ModelClock(startedAt, suite.timeScale().factor()),
                configuration, targetGroup, suite.timeScale().wall(suite.config().poll().targets()), load::tally, monitor);
    }

    Scenario scenario() { return scenario; }
    Suite suite() { return suite; }
    FleetMonitor monitor() { return monitor; }
    Timeline timeline() { return timeline; }
    LoadDriver load() { return load; }
    Path runDir() { return runDir; }
    /** The preflight's warnings on the live configuration, from before the baseline. */
    List<PreflightWarning> preflight() { return preflight; }
    Instant startedAt() { return startedAt; }
    TimeScale timeScale() { return suite.timeScale(); }
    String target() { return suite.target(); }
    CallTally calls() { return load.tally(); }
    int currentStep() { return currentStep; }
    String currentText() { return currentText; }
    /** The report directory's {@code report.md} once written. */
    Optional<Path> report() { return reporter.report(); }

    synchronized List<StepRecord> results() {
        return List.copyOf(results);
    }

    boolean failed() {
        return failed;
    }

    /** How the run ends if it ends now: passed only when every step and the thresholds passed. */
    RunRecord.Outcome outcome() {
        if (aborted) {
            return RunRecord.Outcome.ABORTED;
        }
        if (failed) {
            return RunRecord.Outcome.FAILED;
        }
        boolean complete = results().size() == scenario.steps().size() + 1;
        return complete ? RunRecord.Outcome.PASSED : RunRecord.Outcome.ABORTED;
    }

    String failure() {
        return failure;
    }

    /** The steps as dynamic tests, then the scenario's thresholds, then the reports. */
    @Override
    public Stream<DynamicTest> dynamicTests() {
        Stream<DynamicTest> steps = scenario.steps().stream()
                .map(step -> DynamicTest.dynamicTest(step.index() + ". " + step.describe(), () -> run(step)));
        return Stream.of(steps, Stream.of(DynamicTest.dynamicTest("thresholds", this::checkThresholds),
                DynamicTest.dynamicTest("report", this::writeReport))).flatMap(s -> s);
    }

    /** Every dynamic test of the run carries the scenario as its story and the target as a parameter. */
    private void labelForAllure() {
        Allure.feature("scaling scenarios");
        Allure.story(scenario.name());
        Allure.parameter("target", suite.targetInfo().kind());
    }

    private void run(Step step) {
        labelForAllure();
        String title = step.index() + ". " + step.describe();
        String expected = expected(step);
        if (failed) {
            record(new StepRecord(step.index(), step.describe(), expected, "-", StepRecord.Status.NOT_RUN, 0,
                    "an earlier step failed"));
            Assumptions.abort("not run: an earlier step failed");
        }
        currentStep = step.index();
        currentText = step.describe();
        Instant start = clock.instant();
        timeline.append(start, "step", Map.of("index", step.index(), "step", step.describe(), "state", "started"));
        String[] actual = {"-"};
        try {
            Allure.step(title, context -> {
                context.parameter("expected", expected);
                try {
                    actual[0] = execute(step);
                    checkInvariants("step " + step.index() + " (" + step.describe() + ")");
                } finally {
                    context.parameter("time to satisfy (model)", TimeScale.show(took(start)));
                    context.parameter("actual", actual[0].equals("-") ? observed(step) : actual[0]);
                }
            });
            record(new StepRecord(step.index(), step.describe(), expected, actual[0], StepRecord.Status.PASSED,
                    took(start), ""));
            timeline.append(clock.instant(), "step", Map.of("index", step.index(), "step", step.describe(),
                    "state", "passed", "modelSeconds", took(start)));
        } catch (Throwable e) {
            failed = true;
            aborted = !(e instanceof AssertionError);
            failure = "step " + title + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            record(new StepRecord(step.index(), step.describe(), expected, observed(step), StepRecord.Status.FAILED,
                    took(start), String.valueOf(e.getMessage())));
            timeline.append(clock.instant(), "step", Map.of("index", step.index(), "step", step.describe(),
                    "state", "failed", "modelSeconds", took(start)));
            throw e instanceof AssertionError a ? a : new AssertionError("step " + title + " failed: " + e, e);
        }
    }

    private double took(Instant start) {
        return Math.round(timeScale().modelSeconds(Duration.between(start, clock.instant())) * 100) / 100.0;
    }

    private synchronized void record(StepRecord result) {
        results.add(result);
    }

    /** What a step expects, as the report's "Expected" column reads it. */
    private static String expected(Step step) {
        if (step instanceof Step.Expect e) {
            return describe(e.conditions()) + " within " + (e.scaleInPolicy()
                    ? "the scale-in bound of the live policy" : show(e.within()));
        } else if (step instanceof Step.Hold h) {
            return h.expect().isEmpty() ? "wait " + show(h.duration())
                    : describe(h.expect()) + " throughout " + show(h.duration());
        } else if (step instanceof Step.PlaceCalls p) {
            return p.count() + " calls started";
        } else if (step instanceof Step.EndCalls e) {
            return e.count() + " calls ended by BYE";
        } else {
            return "every call ended by BYE";
        }
    }

    /** What the fleet showed of a step's quantities, after it ended. */
    private String observed(Step step) {
        List<Condition> conditions = step instanceof Step.Expect e ? e.conditions()
                : step instanceof Step.Hold h ? h.expect() : List.of();
        if (conditions.isEmpty()) {
            return "-";
        }
        try {
            return Expectations.observed(conditions, monitor.latest(), load::tally);
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** Runs a step; returns what it did or saw. */
    private String execute(Step step) {
        if (step instanceof Step.PlaceCalls p) {
            var run = load.place(p.count(), p.rate(), timeScale().wall(p.period()), p.limit().orElse(p.count()));
            return "SIPp " + run.runId() + " placing " + p.count() + " calls";
        } else if (step instanceof Step.Expect e) {
            expect(e.index(), e.conditions(), e.scaleInPolicy() ? scaleInBound() : e.within(),
                    e.scaleInPolicy() ? " (the live policy's scale-in bound)" : "");
            return observed(step);
        } else if (step instanceof Step.Hold h) {
            hold(h.index(), h.expect(), h.duration());
            return h.expect().isEmpty() ? "waited" : observed(step);
        } else if (step instanceof Step.EndCalls e) {
            return load.end(e.count()) + " calls ended";
        } else if (step instanceof Step.EndAllCalls) {
            load.endAll();
            return "INFO sent to every SIPp instance";
        }
        throw new IllegalStateException("No runner for step " + step.describe());
    }

    private Duration pollInterval() {
        return Duration.ofMillis(Math.max(50, Math.min(1000, timeScale().wall(Duration.ofSeconds(2)).toMillis())));
    }

    /** The bound for scaling in from the current desired count, derived from the live policy now. */
    private Duration scaleInBound() {
        var ports = suite.ports();
        int desired = monitor.latest().service().desired();
        ScaleInBound bound = ScaleInBound.of(ports.scaling().configuration(), ports.targets().settings(), desired)
                .orElseThrow(() -> new AssertionError("within: " + Step.Expect.SCALE_IN_POLICY + " needs a scale-in "
                        + "policy, but the live configuration has none (a step policy with a negative adjustment, or "
                        + "target tracking with scale-in enabled); write a duration instead"));
        timeline.append(clock.instant(), "bound", Map.of("scaleIn", bound.explanation()));
        return bound.model();
    }

    private void expect(int index, List<Condition> conditions, Duration within, String why) {
        Duration atMost = timeScale().wall(within);
        String alias = "step " + index + ": " + describe(conditions) + " within " + show(within) + why;
        if (suite.config().waits() == Waits.FIXED) {
            sleep(atMost);
            verify(alias, () -> Expectations.check(conditions, monitor.latest(), load::tally));
            return;
        }
        try {
            await().alias(alias).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(pollInterval())
                    .failFast("an invariant does not hold", guard::check)
                    .untilAsserted(() -> Expectations.check(conditions, monitor.latest(), load::tally));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + withTimeline(), e);
        } catch (TerminalFailureException e) {
            throw invariantViolated(alias, e);
        }
    }

    private AssertionError invariantViolated(String alias, TerminalFailureException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return new AssertionError(cause.getMessage() + " (during " + alias + ")" + withTimeline(), cause);
    }

    /** Checks the invariants once, after a step that does not poll. */
    private void checkInvariants(String during) {
        try {
            guard.check();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (after " + during + ")" + withTimeline(), e);
        }
    }

    private void hold(int index, List<Condition> conditions, Duration duration) {
        Duration wall = timeScale().wall(duration);

        String alias = "step " + index + ": " + (conditions.isEmpty() ? "the invariants" : describe(conditions))
                + " throughout " + show(duration);
        try {
            await().alias(alias).during(wall).atMost(wall.plus(pollInterval().multipliedBy(4)))
                    .pollDelay(Duration.ZERO).pollInterval(pollInterval())
                    .failFast("an invariant does not hold", guard::check)
                    .until(() -> holds(conditions));
        } catch (ConditionTimeoutException e) {
            verify(alias, () -> Expectations.check(conditions, monitor.latest(), load::tally));
            throw new AssertionError(e.getMessage() + withTimeline(), e);
        } catch (TerminalFailureException e) {
            throw invariantViolated(alias, e);
        }
    }

    private boolean holds(List<Condition> conditions) {
        try {
            Expectations.check(conditions, monitor.latest(), load::tally);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    private void verify(String alias, Runnable check) {
        try {
            check.run();
        } catch (AssertionError e) {
            throw new AssertionError(alias + ": " + e.getMessage() + withTimeline(), e);
        }
    }

    private String withTimeline() {
        return System.lineSeparator() + "Last timeline events:" + System.lineSeparator() + timeline.excerpt(12);
    }

    private void checkThresholds() {
        labelForAllure();
        int index = scenario.steps().size() + 1;
        String expected = thresholdsExpected();
        if (failed) {
            record(new StepRecord(index, "thresholds", expected, "-", StepRecord.Status.NOT_RUN, 0,
                    "an earlier step failed"));
            Assumptions.abort("not run: an earlier step failed");
        }
        currentStep = index;
        currentText = "thresholds";
        Instant start = clock.instant();
        CallTally calls = load.tally();
        OptionalDouble worst = worstE2eP95();
        String actual = "dropped " + calls.dropped() + ", rejected " + calls.rejected() + ", worst E2E p95 "
                + (worst.isPresent() ? Math.round(worst.getAsDouble()) + " ms" : "-");
        try {
            Allure.step("thresholds", context -> {
                context.parameter("expected", expected);
                context.parameter("actual", actual);
                guard.check();
                scenario.thresholds().maxDropped().ifPresent(max -> CallsAssert.assertThat(calls).hasDroppedAtMost(max));
                scenario.thresholds().maxRejected().ifPresent(max -> CallsAssert.assertThat(calls).hasRejectedAtMost(max));
                scenario.thresholds().maxE2eP95().ifPresent(max -> {
                    if (worst.isPresent() && worst.getAsDouble() > max.toMillis()) {
                        throw new AssertionError("Expected E2E latency p95 <= " + max.toMillis() + " ms but the worst "
                                + "period was " + Math.round(worst.getAsDouble()) + " ms");
                    }
                });
            });
            record(new StepRecord(index, "thresholds", expected, actual, StepRecord.Status.PASSED, took(start), ""));
        } catch (AssertionError e) {
            failed = true;
            failure = "thresholds: " + e.getMessage();
            record(new StepRecord(index, "thresholds", expected, actual, StepRecord.Status.FAILED, took(start),
                    String.valueOf(e.getMessage())));
            throw e;
        }
    }

    private String thresholdsExpected() {
        List<String> parts = new ArrayList<>();
        scenario.thresholds().maxDropped().ifPresent(n -> parts.add("dropped <= " + n));
        scenario.thresholds().maxRejected().ifPresent(n -> parts.add("rejected <= " + n));
        scenario.thresholds().maxE2eP95().ifPresent(d -> parts.add("E2E p95 <= " + d.toMillis() + " ms"));
        parts.addAll(scenario.invariants().describe());
        return parts.isEmpty() ? "none set" : String.join(", ", parts);
    }

    /** The worst E2E p95 of any metric period of the run, from the final datapoints. */
    OptionalDouble worstE2eP95() {
        Instant now = clock.instant();
        return suite.ports().metrics().history(startedAt.minus(timeScale().wall(Duration.ofMinutes(1))), now).stream()
                .map(m -> m.value(SessionMetrics.E2E_P95)).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).max();
    }

    /** The last dynamic test: ends the run and writes its reports, attached to the Allure report. */
    private void writeReport() {
        labelForAllure();
        currentText = "writing the reports";
        Path report = finish(outcome(), failure);
        Allure.step("reports in " + report.getParent(), reporter::attachToAllure);
    }

    /**
     * Ends the run once: stops the live console, ends the calls and stops SIPp, reads the final
     * state, stops the monitors and writes the reports. Later calls return the same document.
     */
    synchronized Path finish(RunRecord.Outcome outcome, String reason) {
        console.close();
        return reporter.finish(outcome, reason);
    }

    private static String describe(List<Condition> conditions) {
        List<String> parts = new ArrayList<>();
        conditions.forEach(c -> parts.add(c.kind().describe(c.value())));
        return String.join(" and ", parts);
    }

    private static String show(Duration model) {
        return TimeScale.show(model.toMillis() / 1000.0);
    }

    private static void sleep(Duration wall) {
        try {
            Thread.sleep(wall.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        suite.ended(this);
        console.close();
        if (reporter.report().isEmpty()) {
            boolean stopping = Thread.currentThread().getName().equals(SuiteExtension.SHUTDOWN_THREAD);
            finish(RunRecord.Outcome.ABORTED, stopping ? "the JVM is stopping (Ctrl-C or SIGTERM) during "
                    + currentText : failure.isEmpty() ? "the run ended before its report step" : failure);
        }
        reporter.close();
    }
}
