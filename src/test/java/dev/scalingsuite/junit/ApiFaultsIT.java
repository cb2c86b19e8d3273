package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The suite against AWS APIs that misbehave: throttled, failing and slow answers cost retries, not
 * the verdict; an API that is down stops the run before anything changes, naming it.
 */
class ApiFaultsIT {

    @TempDir
    Path dir;

    private EngineExecutionResults run(String twinSettings) throws Exception {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "reports-dir: " + dir.resolve("reports") + "\ntwin:\n" + twinSettings);
        return EngineTestKit.engine("junit-jupiter").configurationParameter("scaling.config", config.toString())
                .selectors(selectClass(SteadyStateTestCases.class)).execute();
    }

    @Test
    void steadyStatePassesWithAFifthOfCallsThrottledOneInTwentyFailingAndTwoSecondsOfLatency() throws Exception {
        EngineExecutionResults results = run("""
                  timeScale: 20
                  apiThrottleRate: 0.2
                  api5xxRate: 0.05
                  apiLatency: 2s
                  apiFaultSeed: 7
                """);
        Path runDir;
        try (var dirs = Files.list(dir.resolve("reports"))) {
            runDir = dirs.findFirst().orElseThrow();
        }
        assertThat(results.testEvents().failed().list()).as(Files.readString(runDir.resolve("report.md"))).isEmpty();
        results.testEvents().assertStatistics(stats -> stats.aborted(0).succeeded(16));
        JsonNode json = new ObjectMapper().readTree(runDir.resolve("results.json").toFile());
        assertThat(json.get("outcome").asText()).isEqualTo("PASSED");
    }

    @Test
    void aDeadCloudWatchStopsTheRunBeforeAnythingChangesAndSaysSo() throws Exception {
        EngineExecutionResults results = run("  timeScale: 20\n  apiDown: cloudwatch\n");

        assertThat(results.testEvents().started().count()).isZero();
        Throwable why = results.containerEvents().failed().list().get(0).getPayload(TestExecutionResult.class)
                .orElseThrow().getThrowable().orElseThrow();
        assertThat(why.getMessage()).startsWith("Cannot read the live scaling configuration (Application Auto Scaling, "
                + "its CloudWatch alarms, the task definition), so the baseline cannot be checked: ")
                .contains("CloudWatch", "503");
    }

    @ScalingScenario("steady-state")
    static class SteadyStateTestCases implements ScenarioSteps {
    }
}
