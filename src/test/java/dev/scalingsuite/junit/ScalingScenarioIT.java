package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalingsuite.testing.ScenarioResults;
import dev.scalingsuite.testing.ScenarioTestKit;
import dev.scalingsuite.testing.StepResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extensions, run through the JUnit engine test kit against their own twin: a fleet that cannot
 * scale fails the step that needs it with a message that names the expectation and what was seen;
 * a bad scenario fails the class before anything is started.
 */
class ScalingScenarioIT {

    @TempDir
    Path dir;

    private ScenarioResults run(Class<?> testCases, String configYaml) {
        return ScenarioTestKit.run(testCases).withConfig(configYaml).reportsIn(dir.resolve("reports")).execute();
    }

    @Test
    void aFleetThatCannotScaleFailsTheScaleOutStepNamingTheExpectationAndTheLastValues() {
        ScenarioResults results = run(SteadyStateTestCases.class, "twin:\n  maxCapacity: 1\n  timeScale: 30\n");

        results.testEvents().assertStatistics(stats -> stats.succeeded(3).failed(1).aborted(12));
        results.assertThatStep("03. expect running tasks >= 2 within 8m").isFailed().message()
                .startsWith("Condition with alias 'step 3: running tasks >= 2 within 8m' didn't complete within 16 seconds")
                .contains("Expected running tasks >= 2 but was 1 (running 1, desired 1, pending 0; sessions 5 on tasks ")
                .contains("Last timeline events:");
        assertThat(results.abortedSteps()).extracting(StepResult::name)
                .startsWith("04. expect routable tasks >= 2 within 3m").endsWith("15. thresholds");
        assertTheReportsSayFailedAtStep3(results);
    }

    /** The report step still runs after a failure: the document and results.json name the failed step. */
    private static void assertTheReportsSayFailedAtStep3(ScenarioResults results) {
        assertThat(results.report("steady-state")).contains("**Result**: FAILED")
                .contains("**Reason**: step 3. expect running tasks >= 2 within 8m: Condition with alias")
                .contains("2 passed, 1 failed, 12 not run.")
                .contains("| 3 | expect running tasks >= 2 within 8m | running tasks >= 2 within 8m | running tasks 1 | FAILED |")
                .contains("| 4 | expect routable tasks >= 2 within 3m | routable tasks >= 2 within 3m | - | NOT RUN | - |")
                .contains("| Max capacity | 1 |");
        JsonNode json = results.resultsJson("steady-state");
        assertThat(json.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(json.get("steps").get(2).get("status").asText()).isEqualTo("FAILED");
        assertThat(json.get("steps").get(3).get("status").asText()).isEqualTo("NOT_RUN");
        assertThat(json.get("configuration").get("maxCapacity").asInt()).isEqualTo(1);
    }

    @Test
    void anUnknownScenarioFailsTheClassBeforeAnythingIsStarted() {
        ScenarioResults results = run(UnknownScenarioTestCases.class, "");

        assertThat(results.classFailure()).hasMessage("scenario 'no-such-scenario' not found: looked for "
                + "scenarios/no-such-scenario.yaml; available: burst, deploy-under-load, scale-in-protection, "
                + "steady-state, sustained-24");
        assertThat(results.startedSteps()).isEmpty();
    }

    @Test
    void aClassThatNamesNoScenarioIsToldWhatToWrite() {
        ScenarioResults results = run(NoScenarioTestCases.class, "");

        assertThat(results.classFailure()).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("NoScenarioTestCases names no scenario: write @ScalingScenario(\"steady-state\") or "
                        + "pass -Dscaling.scenario=NAME");
        assertThat(results.startedSteps()).isEmpty();
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
