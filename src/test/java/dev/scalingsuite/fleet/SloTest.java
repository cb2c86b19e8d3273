package dev.scalingsuite.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.fleet.finding.NotMeasured;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Each level of an SLO, both ways a KPI gets worse, and what a run that did not measure the KPI gets. */
class SloTest {

    private static final String SOURCE = "scenarios/x.yaml:3";
    /** Higher is worse: ms of wall time. */
    private static final Slo CONNECT = slo(Kpi.CONNECT_P95, 1500, 2500);
    /** Lower is worse: the answered calls. */
    private static final Slo ANSWERED = slo(Kpi.ANSWERED, 40, 30);

    private static Slo slo(Kpi kpi, double warning, double critical) {
        return new Slo(kpi, OptionalDouble.of(warning), OptionalDouble.of(critical), SOURCE);
    }

    private static Slo.Result judge(Slo slo, double value) {
        return slo.judge(Kpis.builder().measured(slo.kpi(), value).build());
    }

    @Test
    void higherIsWorseAValueAboveABoundReachesItsLevelAndTheBoundItselfIsWithin() {
        assertThat(judge(CONNECT, 1200).level()).isEqualTo(Slo.Level.OK);
        assertThat(judge(CONNECT, 1500).level()).isEqualTo(Slo.Level.OK);
        assertThat(judge(CONNECT, 1501).level()).isEqualTo(Slo.Level.WARNING);
        assertThat(judge(CONNECT, 2500).level()).isEqualTo(Slo.Level.WARNING);
        assertThat(judge(CONNECT, 2501).level()).isEqualTo(Slo.Level.CRITICAL);
    }

    @Test
    void lowerIsWorseAValueBelowABoundReachesItsLevel() {
        assertThat(judge(ANSWERED, 45).level()).isEqualTo(Slo.Level.OK);
        assertThat(judge(ANSWERED, 40).level()).isEqualTo(Slo.Level.OK);
        assertThat(judge(ANSWERED, 39).level()).isEqualTo(Slo.Level.WARNING);
        assertThat(judge(ANSWERED, 30).level()).isEqualTo(Slo.Level.WARNING);
        assertThat(judge(ANSWERED, 29).level()).isEqualTo(Slo.Level.CRITICAL);
    }

    @Test
    void eitherBoundMayBeAbsent() {
        Slo criticalOnly = new Slo(Kpi.PEAK_TASKS, OptionalDouble.empty(), OptionalDouble.of(6), SOURCE);
        Slo warningOnly = new Slo(Kpi.PEAK_TASKS, OptionalDouble.of(4), OptionalDouble.empty(), SOURCE);

        assertThat(judge(criticalOnly, 6).level()).isEqualTo(Slo.Level.OK);
        assertThat(judge(criticalOnly, 7).level()).isEqualTo(Slo.Level.CRITICAL);
        assertThat(judge(warningOnly, 40).level()).isEqualTo(Slo.Level.WARNING);
        assertThat(judge(criticalOnly, 7).describe()).isEqualTo("tasks.peak 7 tasks > critical 6 tasks");
        assertThat(judge(warningOnly, 5).describe()).isEqualTo("tasks.peak 5 tasks > warning 4 tasks");
        assertThat(judge(warningOnly, 3).describe()).isEqualTo("tasks.peak 3 tasks within warning 4 tasks");
    }

    @Test
    void eachLevelIsDescribedWithTheValueAndBothBounds() {
        assertThat(judge(CONNECT, 1840).describe()).isEqualTo("connect.p95 1840 ms > warning 1500 ms (critical 2500 ms)");
        assertThat(judge(CONNECT, 2600).describe()).isEqualTo("connect.p95 2600 ms > critical 2500 ms (warning 1500 ms)");
        assertThat(judge(CONNECT, 1200).describe()).isEqualTo("connect.p95 1200 ms within warning 1500 ms, critical "
                + "2500 ms");
        assertThat(judge(ANSWERED, 29).describe()).isEqualTo("calls.answered 29 calls < critical 30 calls (warning 40 "
                + "calls)");
    }

    @Test
    void aKpiTheRunDidNotMeasureIsNotMeasuredSayingWhy() {
        Slo.Result result = CONNECT.judge(Kpis.builder().notMeasured(Kpi.CONNECT_P95, "no call heard its far end")
                .build());

        assertThat(result.level()).isEqualTo(Slo.Level.NOT_MEASURED);
        assertThat(result.describe()).isEqualTo("connect.p95 not measured: no call heard its far end");
    }

    @Test
    void aWarningBoundMustComeBeforeTheCriticalOne() {
        assertThatThrownBy(() -> slo(Kpi.CONNECT_P95, 2500, 2500)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connect.p95: the warning bound 2500 ms is not below the critical bound 2500 ms");
        assertThatThrownBy(() -> slo(Kpi.ANSWERED, 30, 40)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("calls.answered: the warning bound 30 calls is not above the critical bound 40 calls");
        assertThatThrownBy(() -> new Slo(Kpi.ANSWERED, OptionalDouble.empty(), OptionalDouble.empty(), SOURCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("calls.answered: an SLO has a warning bound, a critical bound or both");
    }

    @Test
    void criticalFailsNamingEveryKpiAtCriticalAndAWarningNever() {
        Kpis kpis = Kpis.builder().measured(Kpi.CONNECT_P95, 2600).measured(Kpi.ANSWERED, 29).build();
        List<Slo.Result> critical = Slo.judge(List.of(CONNECT, ANSWERED), kpis);

        assertThatThrownBy(() -> SloAssert.assertNoneCritical(critical)).isExactlyInstanceOf(AssertionError.class)
                .hasMessage("slo: connect.p95 2600 ms > critical 2500 ms (warning 1500 ms); calls.answered 29 calls < "
                        + "critical 30 calls (warning 40 calls)");
        List<Slo.Result> warning = Slo.judge(List.of(CONNECT, ANSWERED), Kpis.builder().measured(Kpi.CONNECT_P95, 1840)
                .measured(Kpi.ANSWERED, 35).build());
        assertThat(SloAssert.of(warning, Slo.Level.WARNING)).hasSize(2);
        assertThatCode(() -> SloAssert.assertNoneCritical(warning)).doesNotThrowAnyException();
    }

    @Test
    void aKpiNotMeasuredIsNotMeasuredUnderTheCheckSlosAfterCritical() {
        Kpis kpis = Kpis.builder().measured(Kpi.ANSWERED, 29).notMeasured(Kpi.CONNECT_P95, "no call was placed").build();
        List<Slo.Result> both = Slo.judge(List.of(CONNECT, ANSWERED), kpis);

        assertThatThrownBy(() -> SloAssert.assertNoneCritical(both)).isExactlyInstanceOf(AssertionError.class)
                .hasMessageStartingWith("slo: calls.answered 29 calls < critical 30 calls");
        List<Slo.Result> notMeasured = Slo.judge(List.of(CONNECT), kpis);
        assertThatThrownBy(() -> SloAssert.assertNoneCritical(notMeasured)).isExactlyInstanceOf(NotMeasuredError.class)
                .hasMessage("not measured: slos: no connect.p95 in this run (no call was placed)");
        assertThat(SloAssert.notMeasured(notMeasured).map(NotMeasured::check)).hasValue(SloAssert.CHECK);
        assertThat(SloAssert.notMeasured(both.subList(1, 2))).isEmpty();
    }
}
