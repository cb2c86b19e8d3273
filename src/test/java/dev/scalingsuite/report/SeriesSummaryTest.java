package dev.scalingsuite.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summary of a series, from recorded runs' results.json: the recorded steady-state run passed, the same run
 * recorded as failed, and a scenario whose class failed before its run; with Allure results of the series and
 * one older, which is not the series'.
 */
class SeriesSummaryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-11-23T21:00:00Z");
    private static final String FAILURE = "step 3. expect running tasks >= 2 within 8m: Condition with alias 'step 3: "
            + "running tasks >= 2 within 8m' didn't complete within 48 seconds";
    private static final String LOCK_HELD = "The run lock /scaling-suite/locks/c/s is held by ops@host pid 7 until "
            + "2026-11-23T22:00:00Z";

    @TempDir
    Path dir;
    private Path reports;
    private Path allure;

    @BeforeEach
    void recordedRuns() throws IOException {
        reports = dir.resolve("target/scaling-reports");
        allure = dir.resolve("allure-results");
        Files.createDirectories(allure);
    }

    @Test
    void eachScenarioHasItsVerdictDurationHeadlineNumbersAndLinks() throws IOException {
        SeriesSummary.Written written = SeriesSummary.write(series());

        assertThat(written.passed()).isFalse();
        assertThat(written.markdown()).isEqualTo(reports.resolve("series-2026-11-23-210000/summary.md"));
        String md = Files.readString(written.markdown());
        assertThat(md).startsWith("# Series: FAILED (1 of 3 passed)\n\n**Started**: 2026-11-23 21:00:00 UTC  \n"
                        + "**Wall time**: 30m 00s  \n"
                        + "**Target**: local twin (in-process), service voice-agent-poc-cluster/voice-agent-poc-service  \n"
                        + "**Suite commit**: 0123456789abcdef0123456789abcdef01234567  \n")
                .contains("| # | Scenario | Verdict | Model | Wall | Calls | Peak tasks | Task-minutes | Setup p95 | "
                        + "Connect p95 | Cold start median | Reports |\n")
                .contains("| 1 | steady-state | PASSED | 15m 41s | 1m 34s | 19 / 19 / 0 / 0 | 7 | 61.3 | 16 ms | 1218 ms "
                        + "| 1m 23s | [report.md](../steady-state-2026-11-23-210001/report.md), "
                        + "[results.json](../steady-state-2026-11-23-210001/results.json), Allure: story steady-state |\n")
                .contains("| 2 | steady-state | FAILED | 15m 41s |")
                .contains("| 3 | burst | NOT_RUN | - | - | - / - / - / - | - | - | - | - | - | - |\n")
                .contains("## Not passed\n\n- **steady-state** FAILED: " + FAILURE + "\n- **burst** NOT_RUN: "
                        + LOCK_HELD + "\n");
    }

    @Test
    void theAllureOverviewCountsTheSeriesResultsByScenarioAndCategory() throws IOException {
        String md = Files.readString(SeriesSummary.write(series()).markdown());

        assertThat(md).contains("## Allure\n\n4 test results of this series in [allure-results](../../../allure-results)"
                        + ": 2 passed, 1 failed, 0 broken, 1 skipped. Categories: 1 Invariant violations.\n")
                .contains("| steady-state | 1 | 0 | 0 | 0 | - |\n| steady-state | 1 | 1 | 0 | 1 | 1 Invariant violations |\n"
                        + "| burst | 0 | 0 | 0 | 0 | - |\n")
                .contains("[index.html](../../site/allure-maven-plugin/index.html)");
    }

    @Test
    void summaryJsonHoldsTheSameForMachines() throws IOException {
        JsonNode json = JSON.readTree(SeriesSummary.write(series()).json().toFile());

        assertThat(json.get("schemaVersion").asInt()).isEqualTo(SeriesSummary.SCHEMA_VERSION);
        assertThat(json.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(json.get("durationWallSeconds").asDouble()).isEqualTo(1800.0);
        assertThat(json.get("service").asText()).isEqualTo("voice-agent-poc-service");
        JsonNode passed = json.get("scenarios").get(0);
        assertThat(passed.get("outcome").asText()).isEqualTo("PASSED");
        assertThat(passed.get("durationModelSeconds").asDouble()).isEqualTo(941.46);
        assertThat(passed.get("seriesWallSeconds").asDouble()).isEqualTo(600.0);
        assertThat(passed.get("kpis").toString()).isEqualTo("{\"callsPlaced\":19,\"callsAnswered\":19,\"callsRejected\":0,"
                + "\"callsDropped\":0,\"peakTasks\":7,\"taskMinutes\":61.3,\"setupP95Millis\":16,\"connectP95Millis\":1218,"
                + "\"coldStartMedianSeconds\":82.7}");
        assertThat(passed.get("files").get("report").asText()).isEqualTo("../steady-state-2026-11-23-210001/report.md");
        assertThat(passed.get("tests").toString()).isEqualTo("{\"passed\":16,\"failed\":0,\"aborted\":0}");
        JsonNode failed = json.get("scenarios").get(1);
        assertThat(failed.get("reason").asText()).isEqualTo(FAILURE);
        assertThat(failed.get("allure").get("categories").toString()).isEqualTo("{\"Invariant violations\":1}");
        JsonNode notRun = json.get("scenarios").get(2);
        assertThat(notRun.get("outcome").asText()).isEqualTo("NOT_RUN");
        assertThat(notRun.get("kpis").get("callsPlaced").isNull()).isTrue();
        assertThat(notRun.get("files").size()).isZero();
        assertThat(json.get("allure").get("results").asText()).isEqualTo("../../../allure-results");
        assertThat(json.get("allure").get("statuses").toString())
                .isEqualTo("{\"passed\":2,\"failed\":1,\"broken\":0,\"skipped\":1}");
    }

    @Test
    void runsAgainstTwinsOfTheirOwnNameEachTarget() throws IOException {
        RunRecord recorded = RecordedRun.steadyState();
        RunRecord.Target other = new RunRecord.Target("local", "local twin (in-process, seed 7)", recorded.target().account(),
                recorded.target().region(), recorded.target().service());
        Path first = recorded("steady-state-2026-11-23-210001", recorded);
        Path second = recorded("steady-state-2026-11-23-211001", RecordedRun.withTarget(recorded, other));
        SeriesSummary.Written written = SeriesSummary.write(new SeriesSummary.Series(reports.resolve("series"), START,
                START.plusSeconds(60), List.of(scenario("steady-state", Optional.of(first), "", false, 0, 10),
                        scenario("steady-state", Optional.of(second), "", false, 10, 20)), allure, dir.resolve("index.html")));

        assertThat(Files.readString(written.markdown())).contains("**Targets**: steady-state: local twin (in-process); "
                + "steady-state: local twin (in-process, seed 7)  \n**Service**: voice-agent-poc-cluster/voice-agent-poc-service  \n");
        JsonNode json = JSON.readTree(written.json().toFile());
        assertThat(json.get("target").isNull()).isTrue();
        assertThat(json.get("scenarios").get(1).get("target").asText()).isEqualTo("local twin (in-process, seed 7)");
    }

    @Test
    void aSeriesPassesWhenEachScenarioPassedOrWasADryRun() throws IOException {
        Path run = recorded("steady-state-2026-11-23-210001", RecordedRun.steadyState());
        SeriesSummary.Written written = SeriesSummary.write(new SeriesSummary.Series(reports.resolve("series"), START,
                START.plusSeconds(60), List.of(scenario("steady-state", Optional.of(run), "", false, 0, 10),
                        scenario("burst", Optional.empty(), "", true, 10, 20)), allure, dir.resolve("index.html")));

        assertThat(written.passed()).isTrue();
        assertThat(Files.readString(written.markdown())).startsWith("# Series: PASSED (1 of 2 passed)")
                .contains("- **burst** DRY_RUN: dry run: nothing was changed\n");
        assertThat(written.console()).contains("  1. PASSED   steady-state         15m 41s model, 1m 34s wall; calls "
                + "19 / 19 / 0 / 0; peak 7 tasks; 61.3 task-minutes\n");
    }

    @Test
    void anInconclusiveRunFailsTheSeriesUnlessItsClassFailedNothing() throws IOException {
        RunRecord recorded = RecordedRun.steadyState();
        String saturated = "load generator saturated on sipp@127.0.0.1:2222: SIPp's minor watchdog tripped 5 times";
        Path run = recorded("steady-state-2026-11-23-210001", RecordedRun.withChecks(recorded, recorded.checks(),
                RunRecord.Outcome.INCONCLUSIVE, saturated));
        SeriesSummary.Scenario failedTest = new SeriesSummary.Scenario("steady-state", Optional.of(run), "", false,
                Map.of("passed", 15, "failed", 1, "aborted", 0), START, START.plusSeconds(10));
        SeriesSummary.Written failing = SeriesSummary.write(new SeriesSummary.Series(reports.resolve("series-1"), START,
                START.plusSeconds(60), List.of(failedTest), allure, dir.resolve("index.html")));
        assertThat(failing.passed()).isFalse();
        assertThat(Files.readString(failing.markdown())).startsWith("# Series: FAILED (0 of 1 passed)")
                .contains("- **steady-state** INCONCLUSIVE: " + saturated + "\n");

        SeriesSummary.Written allowed = SeriesSummary.write(new SeriesSummary.Series(reports.resolve("series-2"), START,
                START.plusSeconds(60), List.of(scenario("steady-state", Optional.of(run), "", false, 0, 10)), allure,
                dir.resolve("index.html")));
        assertThat(allowed.passed()).isTrue();
        assertThat(JSON.readTree(allowed.json().toFile()).get("scenarios").get(0).get("outcome").asText())
                .isEqualTo("INCONCLUSIVE");
    }

    private SeriesSummary.Series series() throws IOException {
        RunRecord recorded = RecordedRun.steadyState();
        Path passed = recorded("steady-state-2026-11-23-210001", recorded);
        Path failed = recorded("steady-state-2026-11-23-211001",
                RecordedRun.withChecks(recorded, recorded.checks(), RunRecord.Outcome.FAILED, FAILURE));
        allureResult("old", "passed", null, START.minusSeconds(3600));
        allureResult("a", "passed", null, START.plusSeconds(60));
        allureResult("b", "passed", null, START.plusSeconds(700));
        allureResult("c", "failed", "invariant 'no-flapping' violated: Expected no flapping within 10m", START.plusSeconds(800));
        allureResult("d", "skipped", "not run: step 3 failed: invariant 'no-flapping' violated", START.plusSeconds(900));
        Files.writeString(allure.resolve("e-result.json"), "{ half written");
        return new SeriesSummary.Series(reports.resolve("series-2026-11-23-210000"), START, START.plusSeconds(1800),
                List.of(scenario("steady-state", Optional.of(passed), "", false, 0, 600),
                        scenario("steady-state", Optional.of(failed), "", false, 600, 1200),
                        scenario("burst", Optional.empty(), LOCK_HELD, false, 1200, 1800)),
                allure, dir.resolve("target/site/allure-maven-plugin/index.html"));
    }

    private static SeriesSummary.Scenario scenario(String name, Optional<Path> runDir, String failure, boolean dryRun,
            int from, int to) {
        Map<String, Integer> tests = runDir.isPresent() ? Map.of("passed", 16, "failed", 0, "aborted", 0) : Map.of();
        return new SeriesSummary.Scenario(name, runDir, failure, dryRun, tests, START.plusSeconds(from),
                START.plusSeconds(to));
    }

    private Path recorded(String name, RunRecord run) throws IOException {
        Path runDir = Files.createDirectories(reports.resolve(name));
        Files.writeString(runDir.resolve(ReportFiles.RESULTS), ResultsJson.render(RunAnalysis.of(run),
                Map.of("report", ReportFiles.REPORT)));
        return runDir;
    }

    private void allureResult(String id, String status, String message, Instant start) throws IOException {
        var result = JSON.createObjectNode().put("name", id).put("status", status).put("start", start.toEpochMilli());
        if (message != null) {
            result.putObject("statusDetails").put("message", message);
        }
        result.putArray("labels").addObject().put("name", "story").put("value", "steady-state");
        Files.writeString(allure.resolve(id + "-result.json"), result.toString());
    }
}
