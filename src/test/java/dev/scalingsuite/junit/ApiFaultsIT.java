package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.testing.LogLines;
import dev.scalingsuite.testing.ScenarioResults;
import dev.scalingsuite.testing.ScenarioTestKit;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The suite against AWS APIs that misbehave: throttled, failing and slow answers cost retries, not
 * the verdict; an API that is down stops the run before anything changes, naming it.
 */
class ApiFaultsIT {

    /** Kept after the build (timeline, report, results.json), so that a failure can be read afterwards. */
    private static final Path REPORTS = Path.of("target", "api-faults");

    private ScenarioResults run(String twinSettings) {
        return ScenarioTestKit.run(SteadyStateTestCases.class).withConfig("twin:\n" + twinSettings)
                .reportsIn(REPORTS).execute();
    }

    @Test
    void steadyStatePassesWithAFifthOfCallsThrottledOneInTwentyFailingAndTwoSecondsOfLatency() {
        ScenarioResults results;
        List<String> twinLog;
        try (LogLines endpointLog = LogLines.of(AWS_ENDPOINT_LOGGER)) {
            twinLog = endpointLog.lines();
            results = run("""
                      timeScale: 20
                      apiThrottleRate: 0.2
                      api5xxRate: 0.05
                      apiLatency: 2s
                      seed: 7
                    """);
        }
        // the control: the faults were injected (the twin counts them and logs the count when it closes)
        String injected = twinLog.stream().filter(line -> line.startsWith("twin API faults injected: ")).findFirst()
                .orElseThrow(() -> new AssertionError("the twin logged no fault count; its log: " + twinLog));
        System.out.println("ApiFaultsIT: " + injected);
        assertThat(count(injected, "throttling")).as(injected).isGreaterThan(20);
        assertThat(count(injected, "5xx")).as(injected).isGreaterThan(3);
        assertThat(count(injected, "latency")).as(injected).isGreaterThan(100);
        assertThat(results.failedSteps()).as(results.report()).isEmpty();
        results.testEvents().assertStatistics(stats -> stats.aborted(0).succeeded(16));
        assertThat(results.resultsJson().get("outcome").asText()).isEqualTo("PASSED");
    }

    @Test
    void aDeadCloudWatchStopsTheRunBeforeAnythingChangesAndSaysSo() {
        ScenarioResults results = run("  timeScale: 20\n  apiDown: cloudwatch\n");

        assertThat(results.startedSteps()).isEmpty();
        assertThat(results.classFailure().getMessage())
                .startsWith("Cannot read the live scaling configuration (Application Auto Scaling, "
                        + "its CloudWatch alarms, the task definition), so the baseline cannot be checked: ")
                .contains("CloudWatch", "503");
    }

    /** The twin's endpoint, by name: this test must not import the twin, only read what it logs. */
    private static final String AWS_ENDPOINT_LOGGER = "dev.scalingsuite.twin.api.AwsEndpoint";

    /** The sum over services of one kind in the twin's summary ({@code ecs: 251 requests, 48 throttling}). */
    private static long count(String summary, String kind) {
        Matcher m = Pattern.compile("(\\d+) " + Pattern.quote(kind) + "\\b").matcher(summary);
        long sum = 0;
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
        }
        return sum;
    }

    @ScalingScenario("steady-state")
    static class SteadyStateTestCases implements ScenarioSteps {
    }
}
