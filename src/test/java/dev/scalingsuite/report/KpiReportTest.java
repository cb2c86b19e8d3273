package dev.scalingsuite.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The document's sections on the run history, of the recorded run compared with a baseline run. */
class KpiReportTest {

    private final String report = MarkdownReport.render(RunAnalysis.of(RecordedRun.withHistory()),
            List.of(ReportFiles.SCALING_CHART, ReportFiles.DISTRIBUTION_CHART, ReportFiles.TREND_CHART));

    @Test
    void theRegressionSectionNamesTheBaselineRunAndEveryKpisVerdict() {
        assertThat(report).contains("## Regression against steady-state-2026-11-22-101500")
                .contains("1 regressed, 0 not measured, 29 within their allowances, 0 not compared, 5 reported only.")
                .contains("Compared under: differs from the baseline run: the scenario file (hash 0a1b2c3d4e5f, the "
                        + "baseline's 9f8e7d6c5b4a).")
                .contains("| `cold-start.image-pull.p50` | 37 s | 22 s | +15 s (+68.18 %) | +3.3 s | **REGRESSED** | "
                        + "differs: the scenario file |")
                .contains("| `cold-start.image-pull.p95` | 37 s | 37 s | +0 s (+0 %) | +5.6 s | within | differs: the "
                        + "scenario file |");
    }

    /** The comparison is a verdict: it stands beside the checks, before the timeline. */
    @Test
    void theRegressionComesAfterTheChecksAndTheTrendsAfterTheKpis() {
        assertThat(report.indexOf("## Regression against")).isGreaterThan(report.indexOf("## Checks Measured"))
                .isLessThan(report.indexOf("## Scaling Timeline"));
        assertThat(report.indexOf("## Trends")).isGreaterThan(report.indexOf("## KPIs"));
        assertThat(report).contains("## Trends (the last 2 runs of the scenario in the run history)",
                "![trends.png](trends.png)", "| 2 | steady-state-2026-11-23-212920 (this run) | 2026-11-23 21:29 UTC | "
                        + "FAILED |");
        assertThat(report).doesNotContain("![trends.png](trends.png)\n\n![");
    }

    @Test
    void everyKpiIsListedWithItsValueAndWhatItMeasures() {
        assertThat(report).contains("## KPIs")
                .contains("| `scale-out.first-decision` | 221.5 s | from the run's start to the first scaling activity "
                        + "that raised the desired count |")
                .contains("| `task-minutes` | 61.3 task-minutes | the run's tasks as Fargate bills them |");
    }

    @Test
    void aBaselineThatWasNotFoundIsSaidSo() {
        PastRuns none = new PastRuns(Optional.empty(), "not measured: regression: no PASSED run of steady-state before "
                + "this one in the run history /work/scaling-history", List.of());

        assertThat(KpiReport.regression(none)).isEqualTo("\n## Regression against a baseline run\n\nnot measured: "
                + "regression: no PASSED run of steady-state before this one in the run history /work/scaling-history.\n");
        assertThat(KpiReport.regression(PastRuns.NONE)).isEmpty();
    }
}
