package dev.scalingsuite.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kit's own logic, on plain test-cases classes that start no twin: finding a step, the failure
 * of the class, a run's directory, and what reaches the run.
 */
class ScenarioTestKitTest {

    @TempDir
    Path dir;

    private static final ScenarioResults STEPS = ScenarioTestKit.run(StepsTestCases.class).execute();

    @Test
    void aStepIsFoundByItsNameWithHowItEnded() {
        STEPS.assertThatStep("2. fails").isFailed().message().isEqualTo("expected 2 but was 1");
        STEPS.assertThatStep("3. is aborted").isAborted().message().isEqualTo("not run");
        STEPS.assertThatStep("1. passes").isSuccessful();
        assertThat(STEPS.startedSteps()).containsExactly("1. passes", "2. fails", "3. is aborted");
        assertThat(STEPS.failedSteps()).extracting(StepResult::name).containsExactly("2. fails");
        assertThat(STEPS.abortedSteps()).extracting(StepResult::name).containsExactly("3. is aborted");
        assertThat(STEPS.failedContainers()).isEmpty();
    }

    @Test
    void aStepThatDidNotEndIsToldWithTheNamesOfThoseThatDid() {
        assertThatThrownBy(() -> STEPS.assertThatStep("4. missing")).isInstanceOf(AssertionError.class)
                .hasMessage("No step named '4. missing' ended; the steps that did: "
                        + "[1. passes, 2. fails, 3. is aborted]");
    }

    @Test
    void aNameTwoStepsShareIsRefusedListingBoth() {
        ScenarioResults results = ScenarioTestKit.run(SameNameTestCases.class).execute();

        assertThatThrownBy(() -> results.step("1. twice")).hasMessage("2 steps are named '1. twice': "
                + "[1. twice: SUCCESSFUL, 1. twice: ABORTED (org.opentest4j.TestAbortedException: the second)]");
    }

    @Test
    void aStepThatEndedOtherwiseSaysHowAndWhy() {
        assertThatThrownBy(() -> STEPS.assertThatStep("3. is aborted").isFailed())
                .hasMessage("%nExpecting step '3. is aborted' to have ended FAILED but it ended ABORTED "
                        + "(org.opentest4j.TestAbortedException: not run)", "");
        assertThatThrownBy(() -> STEPS.assertThatStep("1. passes").message())
                .hasMessage("%nExpecting step '1. passes' to have thrown, but it ended SUCCESSFUL without a "
                        + "throwable", "");
    }

    @Test
    void aFailedStepsMessageIsNamedInTheFailureOfItsAssertion() {
        assertThatThrownBy(() -> STEPS.assertThatStep("2. fails").message().startsWith("expected 3"))
                .hasMessageStartingWith("[the message of step '2. fails'] ");
    }

    @Test
    void noClassFailureIsAnAssertionErrorNamingTheFailedSteps() {
        assertThatThrownBy(STEPS::classFailure).isInstanceOf(AssertionError.class)
                .hasMessage("No class failure: the setup and teardown of StepsTestCases passed; the failed steps: "
                        + "[2. fails: FAILED (java.lang.AssertionError: expected 2 but was 1)]");
    }

    @Test
    void theClassFailureIsWhatItsSetupThrewAndNoStepEnds() {
        ScenarioResults results = ScenarioTestKit.run(FailingSetupTestCases.class).execute();

        assertThat(results.classFailure()).isInstanceOf(IllegalStateException.class).hasMessage("no twin");
        assertThat(results.startedSteps()).isEmpty();
        assertThat(results.failedContainers())
                .containsExactly("ScenarioTestKitTest$FailingSetupTestCases: java.lang.IllegalStateException: no twin");
        assertThatThrownBy(() -> results.step("step()"))
                .hasMessage("No step named 'step()' ended; no step did; the class failed: "
                        + "ScenarioTestKitTest$FailingSetupTestCases: java.lang.IllegalStateException: no twin");
    }

    @Test
    void theConfigTextAndTheParametersReachTheRunAndTheConfigFileIsGoneAfter() {
        Path endpoints = dir.resolve("endpoints.json");
        ScenarioResults results = ScenarioTestKit.run(EchoTestCases.class).withConfig("twin:\n  maxCapacity: 1\n")
                .withEndpoints(endpoints).withScenario("burst").reportsIn(dir.resolve("reports")).execute();

        assertThat(results.published("config text")).isEqualTo("twin:\n  maxCapacity: 1\n");
        assertThat(results.published(ScenarioTestKit.ENDPOINTS)).isEqualTo(endpoints.toString());
        assertThat(results.published(ScenarioTestKit.SCENARIO)).isEqualTo("burst");
        assertThat(results.published(ScenarioTestKit.REPORTS_DIR)).isEqualTo(dir.resolve("reports").toString());
        assertThat(Path.of(results.published(ScenarioTestKit.CONFIG))).doesNotExist();
    }

    @Test
    void aKitIsImmutableSoOneCanBeTheBaseOfSeveralRuns() {
        ScenarioTestKit base = ScenarioTestKit.run(EchoTestCases.class);
        base.withScenario("burst").withConfig("dry-run: true\n");

        ScenarioResults results = base.execute();

        assertThatThrownBy(() -> results.published(ScenarioTestKit.SCENARIO))
                .hasMessage("No report entry 'scaling.scenario' was published; the keys that were: []");
    }

    @Test
    void theRunDirectoryIsTheOneOfItsScenario() throws Exception {
        Path reports = Files.createDirectories(dir.resolve("reports"));
        ScenarioResults results = ScenarioTestKit.run(EchoTestCases.class).reportsIn(reports).execute();
        Path runDir = Files.createDirectories(reports.resolve("steady-state-2026-01-02-030405"));
        Files.writeString(runDir.resolve("report.md"), "**Result**: PASSED\n");
        Files.writeString(runDir.resolve("results.json"), "{\"outcome\": \"PASSED\"}");

        assertThat(results.runDir()).isEqualTo(runDir);
        assertThat(results.runDir("steady-state")).isEqualTo(runDir);
        assertThat(results.report("steady-state")).isEqualTo("**Result**: PASSED\n");
        assertThat(results.resultsJson().get("outcome").asText()).isEqualTo("PASSED");
        assertThatThrownBy(() -> results.runDir("burst")).hasMessage("Expected a run directory of scenario 'burst' in "
                + reports + " but found 0; it holds: [steady-state-2026-01-02-030405]");

        Files.createDirectories(reports.resolve("steady-state-2026-01-02-030406"));
        assertThatThrownBy(results::report).hasMessage("Expected a run directory in " + reports + " but found 2; "
                + "it holds: [steady-state-2026-01-02-030405, steady-state-2026-01-02-030406]");
    }

    @Test
    void aMissingReportOrReportsDirectoryIsNamed() throws Exception {
        Path reports = dir.resolve("reports");
        ScenarioResults results = ScenarioTestKit.run(EchoTestCases.class).reportsIn(reports).execute();

        assertThatThrownBy(results::runDir)
                .hasMessage("Expected a run directory in " + reports + " but found 0; it does not exist");
        Path runDir = Files.createDirectories(reports.resolve("burst-2026-01-02-030405"));
        Files.writeString(runDir.resolve("timeline.ndjson"), "");
        assertThatThrownBy(results::resultsJson)
                .hasMessage("No results.json in " + runDir + "; it holds: [timeline.ndjson]");
        assertThatThrownBy(() -> ScenarioTestKit.run(EchoTestCases.class).execute().runDir("burst"))
                .hasMessage("No reports directory to look for a run directory of scenario 'burst' in: give the run "
                        + "one with reportsIn(dir)");
    }

    static class StepsTestCases {

        @TestFactory
        Stream<DynamicTest> steps() {
            return Stream.of(dynamicTest("1. passes", () -> { }),
                    dynamicTest("2. fails", () -> {
                        throw new AssertionError("expected 2 but was 1");
                    }),
                    dynamicTest("3. is aborted", () -> Assumptions.abort("not run")));
        }
    }

    static class SameNameTestCases {

        @TestFactory
        Stream<DynamicTest> steps() {
            return Stream.of(dynamicTest("1. twice", () -> { }),
                    dynamicTest("1. twice", () -> Assumptions.abort("the second")));
        }
    }

    static class FailingSetupTestCases {

        @BeforeAll
        static void setUp() {
            throw new IllegalStateException("no twin");
        }

        @Test
        void step() {
        }
    }

    /** Publishes the kit's configuration parameters, and the text of the configuration file, as it runs. */
    @ExtendWith(Echo.class)
    static class EchoTestCases {

        @Test
        void step() {
        }
    }

    static class Echo implements BeforeAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            for (String key : new String[] {ScenarioTestKit.CONFIG, ScenarioTestKit.ENDPOINTS, ScenarioTestKit.SCENARIO,
                    ScenarioTestKit.REPORTS_DIR}) {
                context.getConfigurationParameter(key).ifPresent(value -> context.publishReportEntry(key, value));
            }
            var config = context.getConfigurationParameter(ScenarioTestKit.CONFIG);
            if (config.isPresent()) {
                context.publishReportEntry("config text", Files.readString(Path.of(config.get())));
            }
        }
    }
}
