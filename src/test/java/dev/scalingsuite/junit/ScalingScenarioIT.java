package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/**
 * The extensions, run through the JUnit engine test kit against their own twin: a fleet that cannot
 * scale fails the step that needs it with a message that names the expectation and what was seen;
 * a bad scenario fails the class before anything is started.
 */
class ScalingScenarioIT {

    @TempDir
    Path dir;

    private EngineExecutionResults run(Class<?> testCases, String configYaml) throws Exception {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, configYaml + "reports-dir: " + dir.resolve("reports") + "\n");
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("scaling.config", config.toString())
                .selectors(selectClass(testCases))
                .execute();
    }

    @Test
    void aFleetThatCannotScaleFailsTheScaleOutStepNamingTheExpectationAndTheLastValues() throws Exception {
        EngineExecutionResults results = run(SteadyStateTestCases.class,
                "twin:\n  maxCapacity: 1\n  timeScale: 30\n");

        results.testEvents().assertStatistics(stats -> stats.succeeded(3).failed(1).aborted(12));
        Event failed = results.testEvents().failed().list().get(0);
        assertThat(failed.getTestDescriptor().getDisplayName()).isEqualTo("3. expect running tasks >= 2 within 8m");
        Throwable why = failed.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        assertThat(why.getMessage())
                .startsWith("Condition with alias 'step 3: running tasks >= 2 within 8m' didn't complete within 16 seconds")
                .contains("Expected running tasks >= 2 but was 1 (running 1, desired 1, pending 0; sessions 5 on tasks ")
                .contains("Last timeline events:");
        List<String> notRun = results.testEvents().aborted().list().stream()
                .map(e -> e.getTestDescriptor().getDisplayName()).toList();
        assertThat(notRun).first().isEqualTo("4. expect routable tasks >= 2 within 3m");
        assertThat(notRun).last().isEqualTo("thresholds");
        assertTheReportsSayFailedAtStep3();
    }

    /** The report step still runs after a failure: the document and results.json name the failed step. */
    private void assertTheReportsSayFailedAtStep3() throws Exception {
        Path runDir;
        try (var dirs = Files.list(dir.resolve("reports"))) {
            runDir = dirs.filter(d -> d.getFileName().toString().startsWith("steady-state-")).findFirst().orElseThrow();
        }
        String report = Files.readString(runDir.resolve("report.md"));
        assertThat(report).contains("**Result**: FAILED")
                .contains("**Reason**: step 3. expect running tasks >= 2 within 8m: Condition with alias")
                .contains("2 passed, 1 failed, 12 not run.")
                .contains("| 3 | expect running tasks >= 2 within 8m | running tasks >= 2 within 8m | running tasks 1 | FAILED |")
                .contains("| 4 | expect routable tasks >= 2 within 3m | routable tasks >= 2 within 3m | - | NOT RUN | - |")
                .contains("| Max capacity | 1 |");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(runDir.resolve("results.json").toFile());
        assertThat(json.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(json.get("steps").get(2).get("status").asText()).isEqualTo("FAILED");
        assertThat(json.get("steps").get(3).get("status").asText()).isEqualTo("NOT_RUN");
        assertThat(json.get("configuration").get("maxCapacity").asInt()).isEqualTo(1);
    }

    @Test
    void anUnknownScenarioFailsTheClassBeforeAnythingIsStarted() throws Exception {
        EngineExecutionResults results = run(UnknownScenarioTestCases.class, "");

        Event failed = results.containerEvents().failed().list().get(0);
        Throwable why = failed.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        assertThat(why.getMessage()).isEqualTo("scenario 'no-such-scenario' not found: looked for "
                + "scenarios/no-such-scenario.yaml; available: burst, scale-in-protection, steady-state, sustained-24");
        assertThat(results.allEvents().filter(e -> e.getType() == EventType.STARTED
                && e.getTestDescriptor().isTest()).count()).isZero();
    }

    @Test
    void aClassThatNamesNoScenarioIsToldWhatToWrite() throws Exception {
        EngineExecutionResults results = run(NoScenarioTestCases.class, "");

        Event failed = results.containerEvents().failed().list().get(0);
        Throwable why = failed.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        assertThat(why).isInstanceOf(org.junit.jupiter.api.extension.ExtensionConfigurationException.class)
                .hasMessage("NoScenarioTestCases names no scenario: write @ScalingScenario(\"steady-state\") or "
                        + "pass -Dscaling.scenario=NAME");
        assertThat(results.allEvents().filter(e -> e.getType() == EventType.STARTED
                && e.getTestDescriptor().isTest()).count()).isZero();
    }

    @ScalingScenario
    static class NoScenarioTestCases implements ScenarioSteps {
    }

    @ScalingScenario("steady-state")
    static class SteadyStateTestCases implements ScenarioSteps {
    }

    @ScalingScenario("no-such-scenario")
    static class UnknownScenarioTestCases implements ScenarioSteps {
    }
}
