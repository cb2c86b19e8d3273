package dev.scalingsuite.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.fleet.ScalingConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The document of a recorded steady-state run against its golden file (formatting is what a golden
 * file tests honestly), and the sections the operators' template asks for, filled from the run.
 * Regenerate the golden file after an intended change with {@code -Dgolden.update=true} and review the diff.
 */
class MarkdownReportTest {

    private static final Path GOLDEN = Path.of("src/test/resources/report/steady-state.report.md");
    private static final List<String> CHARTS = List.of(ReportFiles.SCALING_CHART, ReportFiles.DISTRIBUTION_CHART);

    private final String report = MarkdownReport.render(RunAnalysis.of(RecordedRun.steadyState()), CHARTS);

    @Test
    void matchesTheGoldenDocument() throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(GOLDEN, report, StandardCharsets.UTF_8);
        }
        assertThat(report).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    }

    @Test
    void hasEverySectionOfTheTemplateAndNoPlaceholder() {
        assertThat(report).contains("# Scaling Test Results: steady-state", "**Date**: 2026-11-23 21:29 UTC",
                "**Result**: PASSED", "## Scaling Configuration", "## Preflight", "## Cold Start Timing (Measured)", "## Assertions",
                "## Scaling Timeline", "## NLB Distribution (at peak", "## Metrics Summary (last 10 snapshots)",
                "## Call Summary", "## Log Events", "## Baseline for the Next Run", "![scaling.png](scaling.png)");
        assertThat(report).doesNotContain("populate", "TODO", "<scenario", "N/A", "null", "NaN");
    }

    @Test
    void oneLoadHostsPartIsTheCallSummaryAndGetsNoTableOfItsOwn() {
        assertThat(report).doesNotContain("## Load Hosts");
    }

    @Test
    void severalLoadHostsEachGetARowAndTheTotalsSumThem() {
        String twoHosts = MarkdownReport.render(RunAnalysis.of(RecordedRun.withTwoLoadHosts(RecordedRun.steadyState())),
                CHARTS);
        assertThat(twoHosts).contains("## Load Hosts", "| Load host | Address | Weight | SIPp instances | Placed | "
                + "Answered | Rejected (503) | Ended by the far end | Setup p50 / p95 | Connect p50 / p95 | Failure |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n"
                + "| sipp@198.19.0.2:40001 | 198.18.0.2 | 1 | 2 | 10 | 9 | 1 | 0 | 104 / 109 | 1004 / 1009 | - |\n"
                + "| sipp@198.19.0.2:40002 | 198.18.0.6 | 2 | 1 | 9 | 9 | 0 | 1 | 204 / 208 | - / - | its SIPp uac-2 exited "
                + "with 1 call(s) up |\n"
                + "| **total** |  | 3 | 3 | 19 | 18 | 1 | 1 | 109 / 208 | 1004 / 1009 |  |\n");
        assertThat(twoHosts.indexOf("## Load Hosts")).as("after the Call Summary, before the generators")
                .isGreaterThan(twoHosts.indexOf("## Call Summary")).isLessThan(twoHosts.indexOf("## Load Generators"));
    }

    @Test
    void statesTheTimeScaleAndModelDuration() {
        assertThat(report).contains("**Duration**: 15m 41s model time (1m 34s wall at time scale 10)")
                .contains("the target runs 10x faster than AWS");
    }

    @Test
    void showsTheLiveConfigurationNotACopy() {
        assertThat(report).contains("| Target tracking `voice-agent-sessions-target-tracking` | 3 (SessionsPerTask Average); "
                + "scale-out cooldown 1m 00s, scale-in cooldown 5m 00s; scale-in disabled |")
                .contains("| Scale-in step policy `voice-agent-scale-in` | -3 (ChangeInCapacity) when SessionsPerTask < 1 "
                        + "for 2 of 2 periods of 1m 00s (alarm `voice-agent-sessions-low`); cooldown 30s |")
                .contains("| MAX_CONCURRENT_CALLS | 10 |")
                .contains("| TASK_PROTECTION_EXPIRES_MINUTES | not set in the task definition |");
    }

    @Test
    void aStepAlarmWithoutDatapointsToAlarmNeedsEveryEvaluationPeriod() {
        // as CDK creates the deployed stack's scale-in alarm: SessionsPerTask <= 0 over 2 periods
        var cdk = new ScalingConfiguration.StepPolicy("voice-agent-scale-in", "ChangeInCapacity", List.of(-3), 30,
                "ScaleInLowerAlarm", "SessionsPerTask", "LessThanOrEqualToThreshold", 0.0, 60, 2, OptionalInt.empty());

        assertThat(MarkdownReport.describe(cdk)).isEqualTo("-3 (ChangeInCapacity) when SessionsPerTask <= 0 for 2 of 2 "
                + "periods of 1m 00s (alarm `ScaleInLowerAlarm`); cooldown 30s");
        assertThat(MarkdownReport.describe(RecordedRun.scaleIn(OptionalInt.empty())))
                .isEqualTo(MarkdownReport.describe(RecordedRun.scaleIn(OptionalInt.of(2))));
    }

    @Test
    void aFailedRunNamesTheFailedStepAndItsMessage() {
        RunRecord passed = RecordedRun.steadyState();
        List<RunRecord.StepRecord> steps = new java.util.ArrayList<>(passed.steps().subList(0, 2));
        steps.add(new RunRecord.StepRecord(3, "expect running tasks >= 2 within 8m", "running tasks >= 2 within 8m",
                "running tasks 1", RunRecord.StepRecord.Status.FAILED, 480, "Expected running tasks >= 2 but was 1"));
        steps.add(new RunRecord.StepRecord(4, "expect routable tasks >= 2 within 3m", "routable tasks >= 2 within 3m",
                "-", RunRecord.StepRecord.Status.NOT_RUN, 0, "an earlier step failed"));
        RunRecord failed = new RunRecord(passed.scenario(), passed.target(), passed.timeScale(), passed.startedAt(),
                passed.endedAt(), RunRecord.Outcome.FAILED, "step 3: Expected running tasks >= 2 but was 1",
                passed.suiteCommit(), passed.configuration(), passed.preflight(), steps, passed.checks(), passed.calls(), passed.setupTimes(),
                passed.connectTimes(), passed.metrics(), passed.logEvents(), passed.appReadyAt(), passed.pollFailures(), passed.baseline(),
                passed.events(), passed.telemetry(), passed.taskMinutes(), passed.bounds());

        String text = MarkdownReport.render(RunAnalysis.of(failed), List.of());

        assertThat(text).contains("**Result**: FAILED  \n**Reason**: step 3: Expected running tasks >= 2 but was 1")
                .contains("2 passed, 1 failed, 1 not run.")
                .contains("| 3 | expect running tasks >= 2 within 8m | running tasks >= 2 within 8m | running tasks 1 "
                        + "| FAILED | 8m 00s |")
                .contains("| 4 | expect routable tasks >= 2 within 3m | routable tasks >= 2 within 3m | - | NOT RUN | - |")
                .contains("Step 3 failed:\n\n```\nExpected running tasks >= 2 but was 1\n```")
                .doesNotContain("## Charts");
    }

    @Test
    void aPipeInATableCellDoesNotBreakTheTable() {
        assertThat(Fmt.cell("a | b\nc")).isEqualTo("a \\| b c");
    }

    @Test
    void aRunABoundEndedIsAbortedNamingTheBound() {
        RunRecord passed = RecordedRun.steadyState();
        List<RunRecord.StepRecord> steps = new java.util.ArrayList<>(passed.steps().subList(0, 9));
        String reason = "max-task-minutes 30 reached: 30.4 task-minutes over 6 tasks, during step 10. hold 2m";
        steps.add(new RunRecord.StepRecord(10, "hold 2m", "running tasks >= 3 throughout 2m", "running tasks 3",
                RunRecord.StepRecord.Status.ABORTED, 42, "aborted: max-task-minutes 30 reached: 30.4 task-minutes "
                        + "over 6 tasks"));
        steps.add(new RunRecord.StepRecord(11, "end-calls 9", "-", "-", RunRecord.StepRecord.Status.NOT_RUN, 0,
                "the run was aborted: " + reason));
        RunRecord aborted = new RunRecord(passed.scenario(), passed.target(), passed.timeScale(), passed.startedAt(),
                passed.endedAt(), RunRecord.Outcome.ABORTED, reason, passed.suiteCommit(), passed.configuration(),
                passed.preflight(), steps, passed.checks(), passed.calls(), passed.setupTimes(), passed.connectTimes(),
                passed.metrics(), passed.logEvents(),
                passed.appReadyAt(), passed.pollFailures(), passed.baseline(), passed.events(), passed.telemetry(),
                passed.taskMinutes(), new RunRecord.Bounds(java.time.Duration.ofMinutes(90), 30,
                        java.util.Optional.of("max-task-minutes")));

        String text = MarkdownReport.render(RunAnalysis.of(aborted), List.of());

        assertThat(text).contains("**Result**: ABORTED  \n**Reason**: " + reason + "  \n")
                .contains("9 passed, 0 failed, 1 aborted, 1 not run.")
                .contains("| 10 | hold 2m | running tasks >= 3 throughout 2m | running tasks 3 | ABORTED | 42s |")
                .contains("Step 10 was aborted:\n\n```\naborted: max-task-minutes 30 reached: 30.4 task-minutes over "
                        + "6 tasks\n```")
                .contains("**Cost**: 61.3 task-minutes over 7 tasks (as Fargate bills them; model time); bounds: "
                        + "max-run-time 1h 30m 00s, max-task-minutes 30 (max-task-minutes reached)  \n");
        assertThat(ResultsJson.render(RunAnalysis.of(aborted), java.util.Map.of()))
                .contains("\"outcome\" : \"ABORTED\",\n  \"reason\" : \"" + reason + "\",")
                .contains("\"reached\" : \"max-task-minutes\"");
    }
}
