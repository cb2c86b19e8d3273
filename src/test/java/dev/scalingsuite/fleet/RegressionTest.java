package dev.scalingsuite.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegressionTest {

    private static final String BASELINE = "steady-state-2026-12-05-101500";

    @Test
    void aKpiWorseThanItsShareAndItsFloorRegressed() {
        Regression r = Regression.compare(BASELINE, kpis(Kpi.COLD_START_P95, 80), kpis(Kpi.COLD_START_P95, 121.4),
                List.of());

        Regression.Change c = change(r, Kpi.COLD_START_P95);
        assertThat(c.verdict()).isEqualTo(Regression.Verdict.REGRESSED);
        assertThat(c.allowed()).hasValue(15); // the floor: 15 % of 80 s is 12 s
        assertThat(c.describe()).isEqualTo("cold-start.total.p95 121.4 s, baseline 80 s (+41.4 s, +51.8 %); allowance "
                + "+15 s (15 %, at least 15 s: one health-check interval (10 s) and one targets poll (5 s))");
        assertThat(r.regressed()).containsExactly(c);
    }

    @Test
    void theShareWinsOverTheFloorForLargeValues() {
        Regression r = Regression.compare(BASELINE, kpis(Kpi.COLD_START_P95, 200), kpis(Kpi.COLD_START_P95, 229),
                List.of());

        assertThat(change(r, Kpi.COLD_START_P95).allowed()).hasValue(30);
        assertThat(change(r, Kpi.COLD_START_P95).verdict()).isEqualTo(Regression.Verdict.WITHIN);
    }

    @Test
    void exactlyTheAllowanceIsWithinAndBetterIsAlwaysWithin() {
        Regression r = Regression.compare(BASELINE, kpis(Kpi.FIRST_DECISION, 180, Kpi.TASK_MINUTES, 59),
                kpis(Kpi.FIRST_DECISION, 270, Kpi.TASK_MINUTES, 20), List.of());

        assertThat(change(r, Kpi.FIRST_DECISION).verdict()).isEqualTo(Regression.Verdict.WITHIN);
        assertThat(change(r, Kpi.TASK_MINUTES).verdict()).isEqualTo(Regression.Verdict.WITHIN);
    }

    @Test
    void oneTaskMoreOverThePolicyOrOneDroppedCallRegresses() {
        Regression r = Regression.compare(BASELINE, kpis(Kpi.TASKS_OVER_POLICY, 0, Kpi.DROPPED, 0),
                kpis(Kpi.TASKS_OVER_POLICY, 1, Kpi.DROPPED, 1), List.of());

        assertThat(r.regressed()).extracting(Regression.Change::kpi).containsExactly(Kpi.TASKS_OVER_POLICY, Kpi.DROPPED);
    }

    @Test
    void fewerAnsweredOrMoreRejectedCallsAreReportedNeverJudged() {
        Regression r = Regression.compare(BASELINE, kpis(Kpi.ANSWERED, 19, Kpi.REJECTED, 0),
                kpis(Kpi.ANSWERED, 16, Kpi.REJECTED, 3), List.of());

        assertThat(change(r, Kpi.ANSWERED).verdict()).isEqualTo(Regression.Verdict.REPORTED);
        assertThat(change(r, Kpi.REJECTED).verdict()).isEqualTo(Regression.Verdict.REPORTED);
        assertThat(change(r, Kpi.REJECTED).describe()).isEqualTo("calls.rejected 3 calls, baseline 0 calls (+3 calls); "
                + "allowance not judged: which calls a full task refuses is chance (the NLB routes each webhook attempt "
                + "at random); the scenario's max-rejected bounds them");
    }

    @Test
    void aKpiOnlyTheBaselineMeasuredIsNotMeasuredAndOneItDidNotIsNotCompared() {
        Kpis baseline = Kpis.builder().measured(Kpi.FIRST_DECISION, 180)
                .notMeasured(Kpi.CONNECT_P95, "capture needs tcpdump").build();
        Kpis now = Kpis.builder().notMeasured(Kpi.FIRST_DECISION, "no scaling activity raised the desired count")
                .measured(Kpi.CONNECT_P95, 420).build();

        Regression r = Regression.compare(BASELINE, baseline, now, List.of());

        assertThat(r.notMeasured()).extracting(Regression.Change::kpi).containsExactly(Kpi.FIRST_DECISION);
        assertThat(change(r, Kpi.FIRST_DECISION).why())
                .isEqualTo("this run did not measure it: no scaling activity raised the desired count");
        assertThat(change(r, Kpi.CONNECT_P95).verdict()).isEqualTo(Regression.Verdict.NOT_COMPARED);
        assertThat(change(r, Kpi.CONNECT_P95).why()).isEqualTo("the baseline run did not measure it: capture needs tcpdump");
    }

    @Test
    void everyComparisonSaysWhatDiffered() {
        Regression same = Regression.compare(BASELINE, kpis(), kpis(), List.of());
        Regression other = Regression.compare(BASELINE, kpis(), kpis(),
                List.of("the scenario file (hash aaa, the baseline's bbb)", "the time scale (20, the baseline's 10)"));

        assertThat(same.comparedUnder()).isEqualTo("the same configuration, scenario, task definition, target and time "
                + "scale");
        assertThat(other.comparedUnder()).isEqualTo("differs from the baseline run: the scenario file (hash aaa, the "
                + "baseline's bbb); the time scale (20, the baseline's 10)");
    }

    @Test
    void everyKpiHasAnAllowanceWithAMechanism() {
        assertThat(Arrays.stream(Kpi.values()).map(RegressionAllowances::of))
                .allSatisfy(a -> assertThat(a.mechanism()).isNotBlank());
    }

    /** KPIs given as pairs of {@link Kpi} and value; the rest not recorded. */
    static Kpis kpis(Object... pairs) {
        Kpis.Builder b = Kpis.builder();
        for (int i = 0; i < pairs.length; i += 2) {
            b.measured((Kpi) pairs[i], ((Number) pairs[i + 1]).doubleValue());
        }
        return b.build();
    }

    private static Regression.Change change(Regression r, Kpi kpi) {
        return r.changes().stream().filter(c -> c.kpi() == kpi).findFirst().orElseThrow();
    }
}
