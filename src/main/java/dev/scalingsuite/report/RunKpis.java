package dev.scalingsuite.report;

import dev.scalingsuite.fleet.CallOutcomes;
import dev.scalingsuite.fleet.Kpi;
import dev.scalingsuite.fleet.Kpis;
import dev.scalingsuite.fleet.Overshoot;
import dev.scalingsuite.fleet.ScalingConfiguration;
import dev.scalingsuite.fleet.SessionMetrics;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * A run's {@link Kpis}, taken from what its {@link RunAnalysis} computes for the reports (cold starts,
 * decisions, setup and connect times, metric statistics, task-minutes, calls), so the reports, the run
 * history and a comparison with a baseline run read the same numbers. A KPI the run could not measure says
 * why.
 */
public final class RunKpis {

    private final RunAnalysis analysis;
    private final RunRecord run;
    private final Kpis.Builder kpis = Kpis.builder();

    private RunKpis(RunAnalysis analysis) {
        this.analysis = analysis;
        this.run = analysis.run();
    }

    public static Kpis of(RunAnalysis analysis) {
        RunKpis of = new RunKpis(analysis);
        of.scaling();
        of.tasks();
        of.coldStarts();
        of.calls();
        return of.kpis.build();
    }

    private void scaling() {
        List<RunAnalysis.Decision> decisions = analysis.decisions();
        String none = "no scaling activity raised the desired count during the run";
        kpis.measured(Kpi.SCALE_OUTS, decisions.size());
        if (decisions.isEmpty()) {
            List.of(Kpi.FIRST_DECISION, Kpi.FIRST_SERVING, Kpi.BREACH_TO_ACTIVITY, Kpi.ACTIVITY_TO_SERVING)
                    .forEach(k -> kpis.notMeasured(k, none));
        } else {
            RunAnalysis.Decision first = decisions.get(0);
            kpis.measured(Kpi.FIRST_DECISION, first.activityAt());
            kpis.of(Kpi.FIRST_SERVING, first.servingAt(), "the first scale-out's capacity was never seen healthy");
            // the first only: a later scale-out's breach is cut at the one before it, which came while capacity was
            // still starting, so the later ones' times say more about the load's steps than about the pipeline
            kpis.measured(Kpi.BREACH_TO_ACTIVITY, first.activityAt() - first.breachAt());
            kpis.of(Kpi.ACTIVITY_TO_SERVING, RunAnalysis.median(decisions.stream().map(d -> d.servingAt().isPresent()
                    ? OptionalDouble.of(d.servingAt().getAsDouble() - d.activityAt()) : OptionalDouble.empty()).toList()),
                    "no scale-out's capacity was seen healthy");
        }
        OptionalDouble idle = analysis.idleAt();
        if (idle.isEmpty()) {
            kpis.notMeasured(Kpi.BACK_TO_MINIMUM, "the sessions never went back to none during the run");
        } else {
            OptionalDouble back = analysis.backAtMinimum(idle.getAsDouble());
            kpis.of(Kpi.BACK_TO_MINIMUM, back.isPresent() ? OptionalDouble.of(back.getAsDouble() - idle.getAsDouble())
                    : back, "running and desired were never both at the minimum capacity "
                    + run.configuration().minCapacity() + " after the last session ended");
        }
    }

    private void tasks() {
        int peak = analysis.peakRunning();
        if (run.events("service").isEmpty()) {
            List.of(Kpi.PEAK_TASKS, Kpi.POLICY_TASKS, Kpi.TASKS_OVER_POLICY)
                    .forEach(k -> kpis.notMeasured(k, "no ECS service counts were read"));
        } else {
            kpis.measured(Kpi.PEAK_TASKS, peak);
            ScalingConfiguration c = run.configuration();
            if (c.targetTracking().isEmpty()) {
                String why = "no target-tracking policy in the live configuration";
                kpis.notMeasured(Kpi.POLICY_TASKS, why).notMeasured(Kpi.TASKS_OVER_POLICY, why);
            } else {
                int sessions = analysis.peakDistribution().map(RunAnalysis.Distribution::total).orElse(0);
                int implied = Overshoot.implied(sessions, c.targetTracking().get(0).targetValue(), c.minCapacity(),
                        c.maxCapacity());
                kpis.measured(Kpi.POLICY_TASKS, implied).measured(Kpi.TASKS_OVER_POLICY, peak - implied);
            }
        }
        if (run.taskMinutes().tasks().isEmpty()) {
            kpis.notMeasured(Kpi.TASK_MINUTES, "no task of the service was seen during the run");
        } else {
            kpis.measured(Kpi.TASK_MINUTES, run.taskMinutes().total());
        }
        kpis.of(Kpi.COST, run.cost().usd(), run.cost().notMeasured());
    }

    private void coldStarts() {
        List<RunAnalysis.ColdStart> starts = analysis.coldStarts();
        phase(starts, RunAnalysis.ColdStart::scheduling, Kpi.SCHEDULING_P50, Kpi.SCHEDULING_P95);
        phase(starts, RunAnalysis.ColdStart::imagePull, Kpi.IMAGE_PULL_P50, Kpi.IMAGE_PULL_P95);
        phase(starts, RunAnalysis.ColdStart::containerStart, Kpi.CONTAINER_START_P50, Kpi.CONTAINER_START_P95);
        phase(starts, RunAnalysis.ColdStart::appInit, Kpi.APP_INIT_P50, Kpi.APP_INIT_P95);
        phase(starts, RunAnalysis.ColdStart::healthChecks, Kpi.HEALTH_CHECKS_P50, Kpi.HEALTH_CHECKS_P95);
        phase(starts, RunAnalysis.ColdStart::total, Kpi.COLD_START_P50, Kpi.COLD_START_P95);
    }

    /** The median (as the report's Cold Start Timing shows it) and the p95 (nearest rank) of one phase. */
    private void phase(List<RunAnalysis.ColdStart> starts, Function<RunAnalysis.ColdStart, OptionalDouble> phase,
            Kpi p50, Kpi p95) {
        List<OptionalDouble> values = starts.stream().map(phase).toList();
        String why = starts.isEmpty() ? "no task was started during the run"
                : "no task started during the run got through this phase";
        kpis.of(p50, RunAnalysis.median(values), why).of(p95, RunAnalysis.percentile(values, 95), why);
    }

    private void calls() {
        String noAnswer = "no call was answered";
        kpis.of(Kpi.SETUP_P50, analysis.setupMillis(50), noAnswer).of(Kpi.SETUP_P95, analysis.setupMillis(95), noAnswer)
                .of(Kpi.SETUP_P99, analysis.setupMillis(99), noAnswer);
        String noConnect = run.connectTimes().notMeasured().isEmpty()
                ? "no call had a first RTP packet from the far end" : String.join("; ", run.connectTimes().notMeasured()
                        .stream().map(why -> why.replaceFirst("^not measured: ", "")).toList());
        kpis.of(Kpi.CONNECT_P50, analysis.connectMillis(50), noConnect)
                .of(Kpi.CONNECT_P95, analysis.connectMillis(95), noConnect)
                .of(Kpi.CONNECT_P99, analysis.connectMillis(99), noConnect);
        latency(Kpi.LATENCY_P50, SessionMetrics.LATENCY_P50);
        latency(Kpi.LATENCY_P95, SessionMetrics.LATENCY_P95);
        latency(Kpi.LATENCY_P99, SessionMetrics.LATENCY_P99);
        CallOutcomes calls = run.calls();
        if (calls.placed() == 0) {
            List.of(Kpi.ANSWERED, Kpi.REJECTED, Kpi.DROPPED)
                    .forEach(k -> kpis.notMeasured(k, "no call was placed, or SIPp's counts were not read"));
            return;
        }
        kpis.measured(Kpi.ANSWERED, calls.answered());
        if (calls.notJudgedYet() > 0) {
            String why = calls.notJudgedYet() + " far-end hang-up(s) were not judged from the agents' log";
            kpis.notMeasured(Kpi.REJECTED, why).notMeasured(Kpi.DROPPED, why);
        } else {
            kpis.measured(Kpi.REJECTED, calls.rejected()).measured(Kpi.DROPPED, calls.dropped());
        }
    }

    /** The worst period's value of one of the latency metric's percentiles, as the thresholds read its p95. */
    private void latency(Kpi kpi, String metric) {
        RunAnalysis.Stats stats = analysis.metricStats().get(metric);
        kpis.of(kpi, stats == null ? OptionalDouble.empty() : OptionalDouble.of(stats.max()),
                "no " + run.telemetry().metricName(metric) + " datapoint during the run");
    }
}
