package dev.scalingsuite.junit;

import dev.scalingsuite.config.HistoryConfig;
import dev.scalingsuite.fleet.CallOutcomes;
import dev.scalingsuite.fleet.Regression;
import dev.scalingsuite.fleet.SessionMetrics;
import dev.scalingsuite.fleet.Slo;
import dev.scalingsuite.fleet.SloAssert;
import dev.scalingsuite.report.KpiReport;
import dev.scalingsuite.report.PastRuns;
import dev.scalingsuite.report.RunRecord;
import dev.scalingsuite.report.RunRecord.StepRecord;
import dev.scalingsuite.scenario.Scenario;
import dev.scalingsuite.scenario.Step;
import io.qameta.allure.Allure;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

/**
 * One scenario being run: its steps in order, one dynamic test and one Allure step each; after the
 * first failure the rest are reported as not run. The thresholds, the SLOs (when the scenario has any), the
 * comparison with a baseline run (when one is asked for) and the report are the last dynamic tests. Lives in
 * the test class's store, which closes it after the class: closing ends the scenario's calls, stops its
 * monitors, writes the reports if the report step did not, and prints the verdict.
 */
public final class ScenarioRun implements StepTests, AutoCloseable {

    /** The Allure parameter of each dynamic test that ran: the model time it took. */
    static final String MODEL_TIME = "model time";

    private final RunContext context;
    private final RunProgress progress;
    private final StepRunner steps;
    private final RunReporter reporter;
    private final LiveConsole console;
    private final Clock clock = Clock.systemUTC();
    private boolean closed;

    private ScenarioRun(RunContext context, Optional<String> cell) {
        this.context = context;
        this.progress = new RunProgress(context.scenario().steps().size() + 1
                + (context.scenario().slos().isEmpty() ? 0 : 1) + (context.history().baseline().isPresent() ? 1 : 0));
        this.steps = new StepRunner(context);
        this.reporter = new RunReporter(context, progress);
        this.console = LiveConsole.start(context, progress, cell);
    }

    /**
     * Starts a run: its monitors, the live reads its invariants need, the live console; a matrix cell's run names
     * its cell there ({@code cell 3/12 twin.targetSessionsPerTask=5 calls=40}).
     */
    static ScenarioRun start(RunContext context, Optional<String> cell) {
        ScenarioRun run = new ScenarioRun(context, cell);
        context.suite().started(run);
        System.out.println("scaling suite: " + context.scenario().name() + " against " + context.suite().target()
                + ", at time scale " + context.timeScale().factor() + "; timeline in " + context.timelineFile());
        return run;
    }

    /**
     * The steps as dynamic tests, then the scenario's thresholds, then its SLOs when it has any, then the
     * comparison with the baseline run when one is asked for ({@code baseline}), then the reports; named so they
     * sort in order.
     */
    @Override
    public Stream<DynamicTest> dynamicTests() {
        Scenario scenario = context.scenario();
        boolean baseline = context.history().baseline().isPresent();
        boolean slos = !scenario.slos().isEmpty();
        int count = scenario.steps().size() + 2 + (slos ? 1 : 0) + (baseline ? 1 : 0);
        Stream<DynamicTest> each = scenario.steps().stream().map(step -> DynamicTest.dynamicTest(
                StepText.testName(step.index(), count, step.describe()), () -> run(step)));
        int thresholds = scenario.steps().size() + 1;
        List<DynamicTest> judged = new ArrayList<>();
        judged.add(DynamicTest.dynamicTest(StepText.testName(thresholds, count, "thresholds"), this::checkThresholds));
        if (slos) {
            judged.add(DynamicTest.dynamicTest(StepText.testName(sloIndex(), count, "slos"), this::checkSlos));
        }
        if (baseline) {
            judged.add(DynamicTest.dynamicTest(StepText.testName(regressionIndex(), count, "regression"),
                    this::checkRegression));
        }
        judged.add(DynamicTest.dynamicTest(StepText.testName(count, count, "report"), this::writeReport));
        return Stream.concat(each, judged.stream());
    }

    /** The SLOs' step: right after the thresholds. */
    private int sloIndex() {
        return context.scenario().steps().size() + 2;
    }

    /** The regression step: after the thresholds and the SLOs' step, if there is one. */
    private int regressionIndex() {
        return sloIndex() + (context.scenario().slos().isEmpty() ? 0 : 1);
    }

    /**
     * Each dynamic test that ran carries the model time it took as the parameter {@code model time}, which
     * Allure shows beside its own duration (wall time).
     */
    private void modelTimeForAllure(Instant start) {
        Allure.parameter(MODEL_TIME, TimeScale.show(took(start)));
    }

    /** Every dynamic test of the run carries the scenario as its story and the target as a parameter. */
    private void labelForAllure() {
        Allure.feature("scaling scenarios");
        Allure.story(context.scenario().name());
        Allure.parameter("target", context.suite().targetInfo().kind());
        Allure.parameter("service", context.suite().targetInfo().service().toString());
    }

    private void run(Step step) {
        labelForAllure();
        String title = step.index() + ". " + step.describe();
        String name = StepText.testName(step.index(), context.scenario().steps().size() + 2, step.describe());
        String expected = StepText.expected(step);
        skipAfterAFailure(step.index(), step.describe(), expected);
        progress.at(step.index(), step.describe());
        Instant start = clock.instant();
        timeline(step, "started", Map.of());
        String[] actual = {"-"};
        try {
            context.bounds().check();
            Allure.step(name, allure -> {
                allure.parameter("expected", expected);
                try {
                    actual[0] = steps.execute(step);
                    steps.checkInvariants("step " + step.index() + " (" + step.describe() + ")");
                } finally {
                    allure.parameter("time to satisfy (model)", TimeScale.show(took(start)));
                    allure.parameter("actual", actual[0].equals("-") ? steps.observed(step) : actual[0]);
                    if (!StepText.conditions(step).isEmpty()) {
                        allure.parameter("measured", context.measurements().describe(Measurements.step(step.index())));
                    }
                }
            });
            progress.record(new StepRecord(step.index(), step.describe(), expected, actual[0],
                    StepRecord.Status.PASSED, took(start), ""));
            timeline(step, "passed", Map.of("modelSeconds", took(start)));
        } catch (Throwable thrown) {
            Throwable e = inconclusive(thrown);
            failed("step " + title, e);
            progress.record(new StepRecord(step.index(), step.describe(), expected, steps.observed(step),
                    status(e), took(start), String.valueOf(e.getMessage())));
            timeline(step, "failed", Map.of("modelSeconds", took(start)));
            throw e instanceof AssertionError a ? a : new AssertionError("step " + title + " failed: " + e, e);
        } finally {
            modelTimeForAllure(start);
        }
    }

    /**
     * The run has failed at {@code what}; an error that is not an assertion's aborts it, and so does a bound of
     * the run reached, which the reason names.
     */
    private void failed(String what, Throwable e) {
        if (e instanceof BoundReached bound) {
            progress.abort(bound.reason() + ", during " + what);
            System.out.println("scaling suite: " + context.scenario().name() + " aborted: " + bound.reason()
                    + ", during " + what + "; ending its calls and stopping SIPp");
        } else {
            progress.fail(what + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
                    !(e instanceof AssertionError));
        }
    }

    /**
     * A step that fails while a load generator is saturated may have failed for want of the load asked for: its
     * failure says so first ({@code load generator saturated on <host>: <evidence>; the step failed: ...}), as
     * Allure's category "INCONCLUSIVE: load generator saturated" matches. A bound reached stays what it is.
     */
    private Throwable inconclusive(Throwable e) {
        if (e instanceof BoundReached) {
            return e;
        }
        Optional<String> saturated = context.generators().reason();
        if (saturated.isEmpty()) {
            return e;
        }
        AssertionError inconclusive = new AssertionError(saturated.get() + "; the step failed: " + e.getMessage(), e);
        inconclusive.setStackTrace(e.getStackTrace());
        return inconclusive;
    }

    /** How a check that threw ended: cut by a bound of the run, or failed. */
    private static StepRecord.Status status(Throwable e) {
        return e instanceof BoundReached ? StepRecord.Status.ABORTED : StepRecord.Status.FAILED;
    }

    /** After a failure the later checks are recorded as not run and reported as aborted. */
    private void skipAfterAFailure(int index, String what, String expected) {
        if (progress.failed()) {
            progress.record(new StepRecord(index, what, expected, "-", StepRecord.Status.NOT_RUN, 0,
                    progress.whyNotRun()));
            Assumptions.abort("not run: " + progress.whyNotRun());
        }
    }

    private void timeline(Step step, String state, Map<String, Object> more) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("index", step.index());
        fields.put("step", step.describe());
        fields.put("state", state);
        fields.putAll(more);
        context.timeline().append(clock.instant(), "step", fields);
    }

    private double took(Instant start) {
        return Math.round(context.timeScale().modelSeconds(Duration.between(start, clock.instant())) * 100) / 100.0;
    }

    private void checkThresholds() {
        labelForAllure();
        int index = context.scenario().steps().size() + 1;
        String expected = thresholdsExpected();
        skipAfterAFailure(index, "thresholds", expected);
        progress.at(index, "thresholds");
        Instant start = clock.instant();
        String[] actual = {"-"};
        var thresholds = context.scenario().thresholds();
        try {
            context.bounds().check();
            Optional<String> saturated = context.generators().reason();
            if (saturated.isPresent() && !context.generators().allowInconclusive()) {
                // the thresholds would judge load that may not have been placed as asked
                throw new AssertionError(saturated.get());
            }
            CallOutcomes calls = settledCalls();
            ThresholdsCheck.Latency latency = worstLatencyP95();
            OptionalDouble worst = latency.worstP95Millis();
            actual[0] = CallThresholds.actual(calls) + ", worst " + latencyP95() + " "
                    + (worst.isPresent() ? Math.round(worst.getAsDouble()) + " ms" : "-");
            Allure.step(StepText.testName(index, index + 1, "thresholds"), allure -> {
                allure.parameter("expected", expected);
                allure.parameter("actual", actual[0]);
                allure.parameter("calls (SIP view)", calls.sipView());
                allure.parameter("calls (stack's view)", calls.stackView());
                try {
                    String allowed = ThresholdsCheck.check(thresholds, context.guard(), context.measurements(), calls,
                            latency, context.clock());
                    actual[0] += allowed.isEmpty() ? "" : "; " + allowed;
                    actual[0] += saturated.map(why -> "; INCONCLUSIVE (allow-inconclusive): " + why).orElse("");
                } finally {
                    allure.parameter("time to satisfy (model)", TimeScale.show(took(start)));
                    allure.parameter("measured", context.measurements().describe(Measurements.THRESHOLDS) + "; "
                            + "invariants: " + context.measurements().describe(Measurements.INVARIANTS));
                }
            });
            progress.record(new StepRecord(index, "thresholds", expected, actual[0], StepRecord.Status.PASSED,
                    took(start), ""));
        } catch (AssertionError | RuntimeException e) {
            if (e instanceof BoundReached) {
                failed("thresholds", e);
            } else {
                progress.fail("thresholds: " + e.getMessage(), !(e instanceof AssertionError));
            }
            progress.record(new StepRecord(index, "thresholds", expected, actual[0], status(e),
                    took(start), String.valueOf(e.getMessage())));
            throw e;
        } finally {
            modelTimeForAllure(start);
        }
    }

    /**
     * Compares the run's KPIs with the baseline run's. The run ends here (its calls, SIPp, the monitors), since
     * the KPIs are read from its final state, which the report step then writes.
     */
    private void checkRegression() {
        labelForAllure();
        int index = regressionIndex();
        String asked = context.history().baseline().orElseThrow();
        String expected = "every KPI within its allowance of " + (asked.equals(HistoryConfig.LATEST)
                ? "the latest PASSED run of " + context.scenario().name() : "run " + asked);
        skipAfterAFailure(index, "regression against " + asked, expected);
        progress.at(index, "regression against " + asked);
        Instant start = clock.instant();
        String[] actual = {"-"};
        String[] title = {"regression against " + asked};
        try {
            console.close();
            progress.doing("comparing the KPIs with the baseline run");
            PastRuns past = reporter.compareWithBaseline();
            title[0] = "regression against " + past.regression().map(Regression::baselineRun).orElse(asked);
            actual[0] = past.regression().map(r -> r.regressed().size() + " regressed, " + r.notMeasured().size()
                    + " not measured, " + r.of(Regression.Verdict.WITHIN).size() + " within").orElse("no baseline run");
            Allure.step(title[0], allure -> {
                allure.parameter("expected", expected);
                allure.parameter("actual", actual[0]);
                Allure.addAttachment(title[0], "text/markdown", KpiReport.regression(past), ".md");
                try {
                    String allowed = RegressionCheck.check(past, context.history()::missingBaseline,
                            context.measurements());
                    actual[0] += allowed.isEmpty() ? "" : "; " + allowed;
                } finally {
                    allure.parameter("measured", context.measurements().describe(Measurements.REGRESSION));
                }
            });
            progress.record(new StepRecord(index, title[0], expected, actual[0], StepRecord.Status.PASSED, took(start),
                    ""));
        } catch (AssertionError | RuntimeException e) {
            progress.fail("regression: " + e.getMessage(), !(e instanceof AssertionError));
            progress.record(new StepRecord(index, title[0], expected, actual[0], StepRecord.Status.FAILED, took(start),
                    String.valueOf(e.getMessage())));
            if (e instanceof AssertionError a) {
                throw asRegression(a);
            }
            throw e;
        } finally {
            modelTimeForAllure(start);
        }
    }

    /**
     * Judges the scenario's SLOs on the run's KPIs. The run ends here (its calls, SIPp, the monitors), since the
     * KPIs are read from its final state. A KPI beyond its critical bound fails with a message that starts
     * {@code slo: } (Allure's category "SLOs at critical" matches it); one beyond its warning bound is printed on
     * the console and carried by the step as its {@code warnings} parameter, and the step passes.
     */
    private void checkSlos() {
        labelForAllure();
        int index = sloIndex();
        List<Slo> slos = context.scenario().slos();
        String expected = String.join(", ", slos.stream().map(ScenarioRun::sloExpected).toList());
        skipAfterAFailure(index, "slos", expected);
        progress.at(index, "slos");
        Instant start = clock.instant();
        String[] actual = {"-"};
        try {
            console.close();
            progress.doing("judging the SLOs on the run's KPIs");
            List<Slo.Result> results = reporter.slos();
            List<Slo.Result> warnings = SloAssert.of(results, Slo.Level.WARNING);
            warnings.forEach(w -> System.out.println("scaling suite: SLO warning: " + w.describe()));
            actual[0] = SloCheck.summary(results);
            Allure.step(StepText.testName(index, index + 1, "slos"), allure -> {
                allure.parameter("expected", expected);
                allure.parameter("actual", actual[0]);
                if (!warnings.isEmpty()) {
                    allure.parameter("warnings", String.join("; ", warnings.stream().map(Slo.Result::describe)
                            .toList()));
                }
                Allure.addAttachment("SLOs", "text/markdown", KpiReport.slos(results), ".md");
                try {
                    String allowed = SloCheck.check(results, context.measurements());
                    actual[0] += allowed.isEmpty() ? "" : "; " + allowed;
                } finally {
                    allure.parameter("measured", context.measurements().describe(Measurements.SLOS));
                }
            });
            progress.record(new StepRecord(index, "slos", expected, actual[0], StepRecord.Status.PASSED, took(start),
                    ""));
        } catch (AssertionError | RuntimeException e) {
            // a critical SLO's message starts slo: and a KPI not measured's not measured: slos:, each naming it
            progress.fail(e instanceof AssertionError ? e.getMessage() : "slos: " + e.getMessage(),
                    !(e instanceof AssertionError));
            progress.record(new StepRecord(index, "slos", expected, actual[0], StepRecord.Status.FAILED, took(start),
                    String.valueOf(e.getMessage())));
            throw e;
        } finally {
            modelTimeForAllure(start);
        }
    }

    /** {@code connect.p95 warning 1500 ms, critical 2500 ms}: what one SLO expects, as the step's expected reads. */
    private static String sloExpected(Slo slo) {
        List<String> bounds = new ArrayList<>();
        slo.warning().ifPresent(w -> bounds.add("warning " + slo.showWarning()));
        slo.critical().ifPresent(c -> bounds.add("critical " + slo.showCritical()));
        return slo.kpi().key() + " " + String.join(", ", bounds);
    }

    /**
     * A KPI beyond its allowance fails the step with a message that starts {@code regression: }, the contract
     * Allure's category "Regressions against the baseline run" matches (report.AllureFiles); a check not
     * measured keeps its own {@code not measured: } message.
     */
    private static AssertionError asRegression(AssertionError e) {
        if (String.valueOf(e.getMessage()).startsWith("not measured: ")) {
            return e;
        }
        AssertionError regression = new AssertionError("regression: " + e.getMessage(), e);
        regression.setStackTrace(e.getStackTrace());
        return regression;
    }

    /**
     * The calls judged once the agents' log can show the latest hang-up; when the log cannot be read,
     * the SIP view with every far-end hang-up not judged, saying why (the thresholds then fail on them).
     */
    private CallOutcomes settledCalls() {
        try {
            return context.calls().settled();
        } catch (RuntimeException e) {
            return context.calls().unjudged("reading the agents' call events failed: " + e.getMessage());
        }
    }

    private String thresholdsExpected() {
        var thresholds = context.scenario().thresholds();
        List<String> parts = new ArrayList<>(CallThresholds.expected(thresholds));
        thresholds.maxE2eP95().ifPresent(d -> parts.add(latencyP95() + " <= " + d.toMillis() + " ms"));
        parts.add("every far-end hang-up judged");
        parts.addAll(context.scenario().invariants().describe());
        return String.join(", ", parts);
    }

    /** {@code AgentResponseLatency p95}: the latency metric's p95, as the stack names the metric. */
    private String latencyP95() {
        return context.suite().telemetry().metricName(SessionMetrics.LATENCY_P95);
    }

    /** The worst response latency p95 of any metric period of the run, from the final datapoints. */
    private ThresholdsCheck.Latency worstLatencyP95() {
        Instant from = context.startedAt().minus(context.timeScale().wall(Duration.ofMinutes(1)));
        return ThresholdsCheck.Latency.read(context.suite().ports().metrics(), from, clock.instant());
    }

    /** The last dynamic test: ends the run and writes its reports, attached to the Allure report. */
    private void writeReport() {
        labelForAllure();
        Instant start = clock.instant();
        progress.doing("writing the reports");
        try {
            Path report = finish(progress.outcome(), progress.failure());
            Allure.step("reports in " + report.getParent(), reporter::attachToAllure);
        } finally {
            modelTimeForAllure(start);
        }
    }

    /**
     * Ends the run once: stops the live console, ends the calls and stops SIPp, reads the final
     * state, stops the monitors and writes the reports. Later calls return the same document.
     */
    private synchronized Path finish(RunRecord.Outcome outcome, String reason) {
        console.close();
        return reporter.finish(outcome, reason);
    }

    /**
     * Ends the run if its report step did not (a failure, an error, the JVM stopping), then prints
     * the verdict; only the first call does anything.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        context.suite().ended(this);
        try {
            console.close();
            if (reporter.report().isEmpty()) {
                boolean stopping = Thread.currentThread().getName().equals(Suite.SHUTDOWN_THREAD);
                String failure = progress.failure();
                finish(RunRecord.Outcome.ABORTED, stopping ? "the JVM is stopping (Ctrl-C or SIGTERM) during "
                        + progress.currentText() : failure.isEmpty() ? "the run ended before its report step" : failure);
            }
            reporter.close();
        } finally {
            System.out.println(Verdict.of(context, progress, reporter.outcome().orElse(progress.outcome()),
                    reporter.report(), reporter.calls(), reporter.taskMinutes(), reporter.cost()));
        }
    }

    /** The report's path once written, for tests that read it. */
    Optional<Path> report() {
        return reporter.report();
    }
}
