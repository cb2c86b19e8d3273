package dev.scalingsuite.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scalingsuite.fleet.ConnectTimes;
import dev.scalingsuite.fleet.Kpi;
import dev.scalingsuite.fleet.Kpis;
import dev.scalingsuite.fleet.TaskMinutes;
import dev.scalingsuite.fleet.Timeline;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The KPIs of a recorded steady-state run (time scale 10), each checked against what the run's own report
 * sections show (RunAnalysis), and what a run that measured less says instead of a number.
 */
class RunKpisTest {

    private final RunAnalysis analysis = RunAnalysis.of(RecordedRun.steadyState());
    private final Kpis kpis = RunKpis.of(analysis);

    @Test
    void scalingTimesAreThoseOfTheDecisionPipeline() {
        RunAnalysis.Decision first = analysis.decisions().get(0);
        assertThat(kpis.value(Kpi.FIRST_DECISION)).hasValue(first.activityAt());
        assertThat(kpis.value(Kpi.FIRST_SERVING)).hasValue(first.servingAt().getAsDouble());
        assertThat(kpis.value(Kpi.FIRST_DECISION).getAsDouble()).isCloseTo(221.5, within(0.1));
        assertThat(kpis.value(Kpi.FIRST_SERVING).getAsDouble()).isCloseTo(304.7, within(0.1));
        assertThat(kpis.value(Kpi.SCALE_OUTS)).hasValue(4);
        assertThat(kpis.value(Kpi.BREACH_TO_ACTIVITY)).hasValue(first.activityAt() - first.breachAt());
        assertThat(kpis.value(Kpi.ACTIVITY_TO_SERVING).getAsDouble()).isCloseTo(83.2, within(0.1));
    }

    /** From the first session-table read without a session to running = desired = 1: the scale-in's 3m 44s. */
    @Test
    void backToTheMinimumIsFromTheLastSessionsEnd() {
        assertThat(kpis.value(Kpi.BACK_TO_MINIMUM).getAsDouble()).isCloseTo(224, within(0.5));
        assertThat(analysis.backAtMinimum(analysis.idleAt().getAsDouble()).getAsDouble()
                - analysis.idleAt().getAsDouble()).isEqualTo(kpis.value(Kpi.BACK_TO_MINIMUM).getAsDouble());
    }

    /** 19 sessions at the peak and a target of 3 imply 7 tasks; 7 ran. */
    @Test
    void peakTasksAgainstWhatThePolicyImplies() {
        assertThat(kpis.value(Kpi.PEAK_TASKS)).hasValue(7);
        assertThat(kpis.value(Kpi.POLICY_TASKS)).hasValue(7);
        assertThat(kpis.value(Kpi.TASKS_OVER_POLICY)).hasValue(0);
    }

    /** The twin's phases, every task the same: 14 s, 37 s, 1 s, 17 s, then the health checks. */
    @Test
    void coldStartPerPhaseIsTheMedianAndTheP95OverTheRunsTasks() {
        assertThat(kpis.value(Kpi.SCHEDULING_P50).getAsDouble()).isCloseTo(14, within(0.1));
        assertThat(kpis.value(Kpi.IMAGE_PULL_P95).getAsDouble()).isCloseTo(37, within(0.1));
        assertThat(kpis.value(Kpi.CONTAINER_START_P50).getAsDouble()).isCloseTo(1, within(0.1));
        assertThat(kpis.value(Kpi.APP_INIT_P95).getAsDouble()).isCloseTo(17, within(0.1));
        assertThat(kpis.value(Kpi.COLD_START_P50)).isEqualTo(RunAnalysis.median(analysis.coldStarts().stream()
                .map(RunAnalysis.ColdStart::total).toList()));
        assertThat(kpis.value(Kpi.COLD_START_P95).getAsDouble()).isCloseTo(82.8, within(0.1));
        assertThat(kpis.value(Kpi.HEALTH_CHECKS_P95).getAsDouble()).isCloseTo(13.8, within(0.1));
    }

    @Test
    void callsTheirTimesAndTheAgentsLatency() {
        assertThat(kpis.value(Kpi.SETUP_P50)).hasValue(4);
        assertThat(kpis.value(Kpi.SETUP_P99)).hasValue(16);
        assertThat(kpis.value(Kpi.CONNECT_P50)).hasValue(1209);
        assertThat(kpis.value(Kpi.CONNECT_P99)).hasValue(1218);
        assertThat(kpis.value(Kpi.LATENCY_P95)).isEqualTo(analysis.worstLatencyP95());
        assertThat(kpis.value(Kpi.LATENCY_P50)).hasValue(841);
        assertThat(kpis.value(Kpi.ANSWERED)).hasValue(19);
        assertThat(kpis.value(Kpi.REJECTED)).hasValue(0);
        assertThat(kpis.value(Kpi.DROPPED)).hasValue(0);
        assertThat(kpis.value(Kpi.TASK_MINUTES)).hasValue(analysis.run().taskMinutes().total());
    }

    @Test
    void everyKpiOfTheRecordedRunWasMeasured() {
        assertThat(kpis.all()).allSatisfy(r -> assertThat(r.measured()).as(r.kpi().key()).isTrue());
    }

    /** The first two minutes of the run: calls up on the one task, no decision yet, no task started. */
    @Test
    void aRunThatMeasuredLessSaysWhyForEachKpi() {
        RunRecord run = RecordedRun.steadyState();
        Instant cut = run.startedAt().plusSeconds(12);
        List<Timeline.Event> before = run.events().stream().filter(e -> e.at().isBefore(cut)).toList();
        RunRecord early = new RunRecord(run.scenario(), run.target(), run.timeScale(), run.startedAt(), cut,
                run.outcome(), run.reason(), run.suiteCommit(), run.configuration(), run.preflight(), run.steps(),
                run.checks(), run.calls(), List.of(), ConnectTimes.notMeasured("not measured: sipp@127.0.0.1:2222: "
                        + "tcpdump: permission denied"), RecordedRun.metrics(before), Map.of(), Map.of(), Map.of(),
                run.baseline(), before, run.telemetry(), TaskMinutes.NONE, run.bounds());

        Kpis less = RunKpis.of(RunAnalysis.of(early));

        assertThat(less.get(Kpi.FIRST_DECISION).notMeasured())
                .isEqualTo("no scaling activity raised the desired count during the run");
        assertThat(less.value(Kpi.SCALE_OUTS)).hasValue(0);
        assertThat(less.get(Kpi.COLD_START_P95).notMeasured()).isEqualTo("no task was started during the run");
        assertThat(less.get(Kpi.BACK_TO_MINIMUM).notMeasured())
                .isEqualTo("the sessions never went back to none during the run");
        assertThat(less.get(Kpi.SETUP_P50).notMeasured()).isEqualTo("no call was answered");
        assertThat(less.get(Kpi.CONNECT_P95).show())
                .isEqualTo("not measured: sipp@127.0.0.1:2222: tcpdump: permission denied");
        assertThat(less.get(Kpi.TASK_MINUTES).notMeasured())
                .isEqualTo("no task of the service was seen during the run");
    }
}
