package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalingsuite.testing.ScenarioResults;
import dev.scalingsuite.testing.ScenarioTestKit;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reports of a run against a twin with a non-default policy: the configuration they show is
 * the one the APIs report, and the cold-start phases they measure are the twin's within 10 %.
 */
class ReportsIT {

    @TempDir
    Path dir;

    @Test
    void theReportShowsTheLivePolicyAndMeasuresTheTwinsColdStart() {
        ScenarioResults results = ScenarioTestKit.run(OneScaleOutTestCases.class).withConfig("""
                twin:
                  timeScale: 30
                  targetSessionsPerTask: 4
                  maxCapacity: 8
                  maxConcurrentCalls: 7
                  coldStartFactor: 2
                """).reportsIn(dir.resolve("reports")).execute();
        results.testEvents().assertStatistics(stats -> stats.failed(0).aborted(0).succeeded(8));

        Path runDir = results.runDir("one-scale-out");
        assertThat(results.report("one-scale-out")).contains("**Result**: PASSED", "| Max capacity | 8 |",
                "| MAX_CONCURRENT_CALLS | 7 |",
                "| 4 (SessionsPerTask Average); scale-out cooldown 1m 00s");
        assertThat(runDir.resolve("scaling.png")).isNotEmptyFile();
        assertThat(runDir.resolve("sessions-per-task.png")).isNotEmptyFile();

        JsonNode json = results.resultsJson("one-scale-out");
        assertThat(json.get("configuration").get("targetTracking").get(0).get("targetValue").asDouble()).isEqualTo(4.0);
        assertThat(json.get("configuration").get("maxCapacity").asInt()).isEqualTo(8);
        assertThat(json.get("configuration").get("maxConcurrentCalls").asInt()).isEqualTo(7);
        JsonNode coldStart = json.get("coldStart").get("median");
        System.out.println("cold start medians with coldStartFactor 2 (model s): " + coldStart);
        // the twin's defaults (14 s scheduling, 37 s pull, 17 s init) times coldStartFactor 2, in model seconds
        assertThat(coldStart.get("schedulingSeconds").asDouble()).isCloseTo(28, within(2.8));
        assertThat(coldStart.get("imagePullSeconds").asDouble()).isCloseTo(74, within(7.4));
        assertThat(coldStart.get("appInitSeconds").asDouble()).isCloseTo(34, within(3.4));
        assertThat(json.get("coldStart").get("tasks")).hasSize(1);
        assertThat(json.get("decisions").get(0).get("desiredAfter").asInt()).isEqualTo(2);
        assertThat(json.get("calls").get("placed").asInt()).isEqualTo(5);
        connectTimeIsMeasuredOnTheLoadHostsPath(json.get("calls"), results.report("one-scale-out"));
    }

    /**
     * Connect time through the suite's own path (the load driver, the capture beside SIPp on the twin's
     * SSH load host, the reports): each of the 5 calls heard its agent's greeting, at least the greeting's
     * 1 s of wall time after its INVITE (time scale 30: 1.5 s of model time is floored to 1 s) and after
     * its SIP setup, and within the webhook's path (the front door answers first, then the webhook:
     * its delay, up to 3 attempts of 2 s) plus the greeting and a second of slack.
     */
    private static void connectTimeIsMeasuredOnTheLoadHostsPath(JsonNode calls, String report) {
        System.out.println("connect " + calls.get("connectMillis") + " " + calls.get("connectCalls") + ", setup "
                + calls.get("setupMillis"));
        assertThat(calls.has("connectNotMeasured")).as("the capture runs here (root): %s",
                calls.get("connectNotMeasured")).isFalse();
        assertThat(calls.get("connectCalls").toString()).isEqualTo("{\"placed\":5,\"measured\":5,\"withoutRtp\":0}");
        double bound = 2000 / 30.0 + 3 * 2000 + 1000 + 1000;
        assertThat(calls.get("connectMillis").get("p50").asDouble()).isGreaterThanOrEqualTo(1000)
                .isGreaterThan(calls.get("setupMillis").get("p99").asDouble());
        assertThat(calls.get("connectMillis").get("p99").asDouble()).isLessThan(bound);
        assertThat(report).contains("| Connect p50 / p95 / p99 (INVITE -> first RTP from the far end")
                .contains("(5 of 5 calls) |");
    }

    @ScalingScenario("src/test/resources/probes/one-scale-out.yaml")
    static class OneScaleOutTestCases implements ScenarioSteps {
    }
}
