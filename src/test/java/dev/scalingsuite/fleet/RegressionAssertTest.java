package dev.scalingsuite.fleet;

import static dev.scalingsuite.fleet.RegressionTest.kpis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.fleet.finding.Missing;
import dev.scalingsuite.fleet.finding.Source;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegressionAssertTest {

    private static final String BASELINE = "steady-state-2026-12-05-101500";

    @Test
    void aRegressionNamesTheKpiBothValuesTheAllowanceAndWhatItWasComparedUnder() {
        Regression r = Regression.compare(BASELINE, kpis(Kpi.IMAGE_PULL_P50, 37, Kpi.FIRST_DECISION, 180),
                kpis(Kpi.IMAGE_PULL_P50, 55.5, Kpi.FIRST_DECISION, 185), List.of("the twin's settings "
                        + "(coldStartFactor=1.5, the baseline's none)"));

        assertThatThrownBy(() -> RegressionAssert.assertThat(r).isWithinAllowances())
                .isExactlyInstanceOf(AssertionError.class)
                .hasMessage("Expected every KPI within its allowance of baseline run steady-state-2026-12-05-101500 but "
                        + "1 regressed: cold-start.image-pull.p50 55.5 s, baseline 37 s (+18.5 s, +50 %); allowance "
                        + "+5.6 s (15 %, at least 2 s: a lifecycle transition stamped up to 2 s of model time late) "
                        + "(compared under differs from the baseline run: the twin's settings (coldStartFactor=1.5, the "
                        + "baseline's none))");
    }

    @Test
    void aRegressionIsNamedBeforeAKpiNotMeasured() {
        Regression r = Regression.compare(BASELINE, kpis(Kpi.DROPPED, 0, Kpi.FIRST_DECISION, 180),
                Kpis.builder().measured(Kpi.DROPPED, 1).build(), List.of());

        assertThatThrownBy(() -> RegressionAssert.assertThat(r).isWithinAllowances())
                .isExactlyInstanceOf(AssertionError.class).hasMessageContaining("1 regressed: calls.dropped 1 calls");
    }

    @Test
    void aKpiTheBaselineMeasuredAndThisRunDidNotIsNotMeasured() {
        Regression r = Regression.compare(BASELINE, kpis(Kpi.FIRST_DECISION, 180), Kpis.builder()
                .notMeasured(Kpi.FIRST_DECISION, "no scaling activity raised the desired count during the run").build(),
                List.of());

        assertThatThrownBy(() -> RegressionAssert.assertThat(r).isWithinAllowances())
                .isExactlyInstanceOf(NotMeasuredError.class)
                .hasMessage("not measured: regression: no scale-out.first-decision in this run (no scaling activity "
                        + "raised the desired count during the run), which baseline run steady-state-2026-12-05-101500 "
                        + "measured (180 s)");
    }

    @Test
    void kpisWithinTheirAllowancesPass() {
        Regression r = Regression.compare(BASELINE, kpis(Kpi.COLD_START_P95, 80), kpis(Kpi.COLD_START_P95, 90),
                List.of());

        assertThatCode(() -> RegressionAssert.assertThat(r).isWithinAllowances()).doesNotThrowAnyException();
    }

    @Test
    void noBaselineRunIsNotMeasuredNamingWhereItWasLookedFor() {
        NotMeasuredError e = RegressionAssert.noBaseline(new Missing(Source.HISTORY,
                "PASSED run of steady-state before this one", "the run history /work/scaling-history", ""));

        assertThat(e).hasMessage("not measured: regression: no PASSED run of steady-state before this one in the run "
                + "history /work/scaling-history");
        assertThat(e.notMeasured()).extracting(n -> n.check()).containsExactly("regression");
    }
}
