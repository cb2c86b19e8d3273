package dev.scalingsuite.report;

import dev.scalingsuite.fleet.CallTally;
import dev.scalingsuite.fleet.GeneratorLoad;
import dev.scalingsuite.fleet.ScalingConfiguration;
import dev.scalingsuite.fleet.SessionMetrics;
import dev.scalingsuite.fleet.Slo;
import dev.scalingsuite.fleet.TaskMinutes;
import dev.scalingsuite.fleet.Telemetry;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The results document of one run, {@code report.md}: the operators' hand-written template, filled
 * from the run. Times are model time since the start of the run, with the time scale stated.
 */
public final class MarkdownReport {

    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final int LAST_SNAPSHOTS = 10;

    private final RunAnalysis analysis;
    private final RunRecord run;
    private final Markdown out = new Markdown();

    private MarkdownReport(RunAnalysis analysis) {
        this.analysis = analysis;
        this.run = analysis.run();
    }

    /** The document; {@code charts} names the chart files beside it (empty when none could be drawn). */
    public static String render(RunAnalysis analysis, List<String> charts) {
        MarkdownReport report = new MarkdownReport(analysis);
        report.header();
        report.configuration();
        report.preflight();
        report.coldStarts();
        report.assertions();
        report.measurements();
        KpiReport.slos(report.out, Slo.judge(report.run.slos(), RunKpis.of(analysis)));
        KpiReport.regression(report.out, report.run.past());
        report.timeline();
        report.rollouts();
        report.charts(charts.stream().filter(c -> !c.equals(ReportFiles.TREND_CHART)).toList());
        report.distribution();
        report.metrics();
        report.calls();
        report.loadHosts();
        report.generators();
        report.taskMinutes();
        KpiReport.kpis(report.out, RunKpis.of(analysis));
        KpiReport.trends(report.out, report.run.past(), charts.contains(ReportFiles.TREND_CHART));
        report.logEvents();
        report.baseline();
        return report.out.text();
    }

    private void line(String text) {
        out.line(text);
    }

    private void row(Object... cells) {
        out.row(cells);
    }

    private void table(String... headers) {
        out.table(headers);
    }

    private void section(String title) {
        out.section(title);
    }

    private void header() {
        line("# Scaling Test Results: " + run.scenario());
        line("");
        line("**Date**: " + DATE.format(run.startedAt()) + "  ");
        double wall = java.time.Duration.between(run.startedAt(), run.endedAt()).toMillis() / 1000.0;
        line("**Duration**: " + Fmt.duration(run.modelDurationSeconds()) + " model time ("
                + Fmt.duration(wall) + " wall at time scale " + run.timeScale() + ")  ");
        line("**Result**: " + run.outcome() + "  ");
        if (!run.reason().isBlank()) {
            line("**Reason**: " + run.reason().lines().findFirst().orElse("") + "  ");
        }
        line("**Target**: " + run.target().description() + "  ");
        line("**Service**: " + run.target().service() + "  ");
        line("**Cost**: " + run.taskMinutes() + " (as Fargate bills them; model time); bounds: max-run-time "
                + Fmt.duration(run.bounds().maxRunTime().toSeconds()) + ", max-task-minutes "
                + run.bounds().maxTaskMinutes() + run.bounds().reached().map(b -> " (" + b + " reached)").orElse("")
                + "  ");
        line("**Cost in dollars**: " + run.cost().show() + "  ");
        line("**Suite commit**: " + run.suiteCommit());
        line("");
        line(run.timeScale() == 1 ? "Times are wall-clock time since the start of the run."
                : "Times are model time since the start of the run: the target runs " + run.timeScale()
                        + "x faster than AWS, and every duration here is multiplied back, so the run reads like one on AWS.");
    }

    private void configuration() {
        section("Scaling Configuration");
        ScalingConfiguration c = run.configuration();
        line("Read live from Application Auto Scaling, CloudWatch and the task definition at the end of the run.");
        line("");
        table("Parameter", "Value");
        row("Min capacity", c.minCapacity());
        row("Max capacity", c.maxCapacity());
        for (ScalingConfiguration.TargetTracking t : c.targetTracking()) {
            row("Target tracking `" + t.policyName() + "`", Fmt.number(t.targetValue()) + " (" + t.metricName() + " "
                    + t.statistic() + "); scale-out cooldown " + Fmt.duration(t.scaleOutCooldown())
                    + ", scale-in cooldown " + Fmt.duration(t.scaleInCooldown())
                    + (t.disableScaleIn() ? "; scale-in disabled" : "; scales in"));
        }
        for (ScalingConfiguration.StepPolicy p : c.stepPolicies()) {
            row((p.adjustments().stream().anyMatch(a -> a < 0) ? "Scale-in" : "Scale-out") + " step policy `"
                    + p.policyName() + "`", describe(p));
        }
        row("MAX_CONCURRENT_CALLS", c.maxConcurrentCalls().isPresent()
                ? String.valueOf(c.maxConcurrentCalls().getAsInt()) : "not set in the task definition");
        row("TASK_PROTECTION_EXPIRES_MINUTES", c.protectionExpiryMinutes().isPresent()
                ? String.valueOf(c.protectionExpiryMinutes().getAsInt()) : "not set in the task definition");
    }

    private void preflight() {
        section("Preflight");
        if (run.preflight().isEmpty()) {
            line("No known trap in the live configuration (read before the baseline).");
            return;
        }
        line(run.preflight().size() + " warning(s) on the live configuration, read before the baseline; "
                + "warnings do not fail the run.");
        line("");
        table("Warning", "Read", "Why it is a trap", "What to do");
        run.preflight().forEach(w -> row("`" + w.key() + "`", w.read(), w.why(), w.todo()));
    }

    static String describe(ScalingConfiguration.StepPolicy p) {
        List<String> adjustments = new ArrayList<>();
        p.adjustments().forEach(a -> adjustments.add((a > 0 ? "+" : "") + a));
        return String.join("/", adjustments) + " (" + p.adjustmentType() + ") when " + p.metricName() + " "
                + comparison(p.comparison()) + " " + Fmt.number(p.threshold()) + " for " + p.datapoints()
                + " of " + p.evaluationPeriods() + " periods of " + Fmt.duration(p.period()) + " (alarm `"
                + p.alarmName() + "`); cooldown " + Fmt.duration(p.cooldown());
    }

    private static String comparison(String operator) {
        return switch (operator) {
            case "GreaterThanThreshold" -> ">";
            case "GreaterThanOrEqualToThreshold" -> ">=";
            case "LessThanThreshold" -> "<";
            case "LessThanOrEqualToThreshold" -> "<=";
            default -> operator;
        };
    }

    private void coldStarts() {
        section("Cold Start Timing (Measured)");
        List<RunAnalysis.ColdStart> starts = analysis.coldStarts();
        if (starts.isEmpty()) {
            line("No task was started during the run.");
        } else {
            line("Per task from its ECS timestamps, its application's `" + run.telemetry().events().ready()
                    + "` log line and the NLB's target health (first seen healthy, so within one targets poll).");
            line("");
            table("Task", "ENI + scheduling", "Image pull", "Container start", "App init", "NLB health checks",
                    "Total (created -> healthy)");
            for (RunAnalysis.ColdStart s : starts) {
                row(ChartData.shortId(s.task()), d(s.scheduling()), d(s.imagePull()), d(s.containerStart()),
                        d(s.appInit()), d(s.healthChecks()), d(s.total()));
            }
            phaseRow("**Median**", starts, RunAnalysis::median);
            phaseRow("**Max**", starts, RunAnalysis::max);
        }
        line("");
        line("Decision pipeline of each scale-out (metric breach -> alarm and scaling activity -> desired count "
                + "changed -> new capacity healthy):");
        line("");
        List<RunAnalysis.Decision> decisions = analysis.decisions();
        if (decisions.isEmpty()) {
            line("No scaling activity raised the desired count during the run.");
            return;
        }
        table("Scale-out", "Metric breach began", "Scaling activity", "Desired seen", "Capacity healthy",
                "Breach -> healthy");
        for (RunAnalysis.Decision d : decisions) {
            row("desired " + d.desiredBefore() + " -> " + d.desiredAfter() + " (" + d.metric() + ")",
                    Fmt.clock(d.breachAt()), Fmt.clock(d.activityAt()) + " (+" + Fmt.duration(d.activityAt() - d.breachAt()) + ")",
                    after(d.desiredSeenAt(), d.activityAt()), after(d.servingAt(), d.desiredSeenAt().orElse(d.activityAt())),
                    d.servingAt().isPresent() ? Fmt.duration(d.servingAt().getAsDouble() - d.breachAt()) : "not reached");
        }
    }

    private void phaseRow(String label, List<RunAnalysis.ColdStart> starts,
            Function<List<OptionalDouble>, OptionalDouble> stat) {
        row(label, d(stat.apply(starts.stream().map(RunAnalysis.ColdStart::scheduling).toList())),
                d(stat.apply(starts.stream().map(RunAnalysis.ColdStart::imagePull).toList())),
                d(stat.apply(starts.stream().map(RunAnalysis.ColdStart::containerStart).toList())),
                d(stat.apply(starts.stream().map(RunAnalysis.ColdStart::appInit).toList())),
                d(stat.apply(starts.stream().map(RunAnalysis.ColdStart::healthChecks).toList())),
                d(stat.apply(starts.stream().map(RunAnalysis.ColdStart::total).toList())));
    }

    private static String d(OptionalDouble seconds) {
        return seconds.isPresent() ? Fmt.duration(seconds.getAsDouble()) : "-";
    }

    private static String after(OptionalDouble at, double from) {
        return at.isPresent() ? Fmt.clock(at.getAsDouble()) + " (+" + Fmt.duration(at.getAsDouble() - from) + ")"
                : "not seen";
    }

    private void assertions() {
        section("Assertions");
        long passed = run.steps().stream().filter(s -> s.status() == RunRecord.StepRecord.Status.PASSED).count();
        long failed = run.steps().stream().filter(s -> s.status() == RunRecord.StepRecord.Status.FAILED).count();
        long aborted = run.steps().stream().filter(s -> s.status() == RunRecord.StepRecord.Status.ABORTED).count();
        long notRun = run.steps().size() - passed - failed - aborted;
        line(passed + " passed, " + failed + " failed, " + (aborted > 0 ? aborted + " aborted, " : "") + notRun
                + " not run.");
        line("");
        table("#", "Assertion", "Expected", "Actual", "Result", "Time to satisfy");
        for (RunRecord.StepRecord s : run.steps()) {
            row(s.index(), s.expectation(), s.expected(), s.actual(), s.status().name().replace('_', ' '),
                    s.status() == RunRecord.StepRecord.Status.NOT_RUN ? "-" : Fmt.duration(s.modelSeconds()));
        }
        run.steps().stream().filter(s -> s.status() == RunRecord.StepRecord.Status.FAILED
                        || s.status() == RunRecord.StepRecord.Status.ABORTED).findFirst()
                .ifPresent(s -> {
                    line("");
                    line("Step " + s.index() + (s.status() == RunRecord.StepRecord.Status.ABORTED ? " was aborted:"
                            : " failed:"));
                    line("");
                    line("```");
                    s.message().lines().limit(20).forEach(this::line);
                    line("```");
                });
    }

    /** Every check and whether the data it judges arrived: a check never passes on data that did not. */
    private void measurements() {
        section("Checks Measured");
        List<RunRecord.CheckRecord> checks = run.checks();
        long measured = checks.stream().filter(c -> c.measurement() == RunRecord.CheckRecord.Measurement.MEASURED)
                .count();
        long notMeasured = run.notMeasured().size();
        line(checks.size() + " checks (thresholds, invariants, step conditions): " + measured + " measured, "
                + notMeasured + " not measured, " + (checks.size() - measured - notMeasured) + " not run. A check whose "
                + "data never arrived is not measured, which fails the run unless the scenario lists it under "
                + "`allow-unmeasured`.");
        if (checks.isEmpty()) {
            return;
        }
        line("");
        table("Check", "Of", "Result", "What was missing");
        checks.forEach(c -> row("`" + c.check() + "`", c.scope(), c.result(),
                c.notMeasured().isEmpty() ? "-" : c.notMeasured()));
    }

    private void timeline() {
        section("Scaling Timeline");
        Telemetry.Sessions names = run.telemetry().sessions();
        table("Time", "Event", "Tasks (R/D)", names.sessionsPerTask(), names.activeCount(), "Cause");
        for (RunAnalysis.Inflection i : analysis.inflections()) {
            row(Fmt.clock(i.at()), i.event(), i.running() < 0 ? "-" : i.running() + "/" + i.desired(),
                    Fmt.number(i.sessionsPerTask()), Fmt.number(i.activeCount()), i.cause().isEmpty() ? "-" : i.cause());
        }
        analysis.finalCounts().ifPresent(c -> {
            line("");
            line("Peak: " + analysis.peakRunning() + " running, " + analysis.peakDesired() + " desired. Final: "
                    + c[0] + " running, " + c[1] + " desired.");
        });
    }

    /** Each rollout the run started: its timeline, what task protection held, and how it ended. */
    private void rollouts() {
        List<RolloutTimeline.Rollout> rollouts = RolloutTimeline.of(run);
        if (rollouts.isEmpty()) {
            return;
        }
        section("Deployments");
        for (RolloutTimeline.Rollout r : rollouts) {
            line("Step " + r.step() + " deployed `" + revision(r.to()) + "` over `" + revision(r.from()) + "` ("
                    + r.change() + "), deployment `" + r.deployment() + "`.");
            line("");
            table("Time", "Event");
            for (String[] event : RolloutText.events(r)) {
                row(event[0], event[1]);
            }
            line("");
            RolloutText.summary(r, run.modelDurationSeconds()).forEach(l -> line("- " + l));
        }
        RolloutTimeline.restore(run).ifPresent(restore -> {
            line("");
            line("- Restore: " + RolloutText.restore(restore));
        });
    }

    private static String revision(String taskDefinition) {
        return RolloutText.revision(taskDefinition);
    }

    private void charts(List<String> charts) {
        if (charts.isEmpty()) {
            return;
        }
        section("Charts");
        for (String chart : charts) {
            line("![" + chart + "](" + chart + ")");
            line("");
        }
    }

    private void distribution() {
        var peak = analysis.peakDistribution();
        if (peak.isEmpty()) {
            section("NLB Distribution (at peak)");
            line("No session was active during the run.");
            return;
        }
        section("NLB Distribution (at peak: " + Fmt.clock(peak.get().at()) + ", " + peak.get().total() + " sessions)");
        table("Task ID", "Active Sessions", "% of Total");
        for (Map.Entry<String, Integer> e : peak.get().byTask().entrySet()) {
            row(ChartData.shortId(e.getKey()), e.getValue(), Fmt.number(percent(e.getValue(), peak.get().total())) + " %");
        }
    }

    static double percent(int part, int total) {
        return total == 0 ? 0 : Fmt.round2(100.0 * part / total);
    }

    private void metrics() {
        section("Metrics Summary (last " + LAST_SNAPSHOTS + " snapshots)");
        List<SessionMetrics> last = analysis.lastMetrics(LAST_SNAPSHOTS);
        if (last.isEmpty()) {
            line("No metric datapoint was published during the run.");
            return;
        }
        line("One row per metric period (the final values, read after the run), time = start of the period.");
        line("");
        Telemetry telemetry = run.telemetry();
        table("Time", telemetry.metricName(SessionMetrics.SESSIONS_PER_TASK),
                telemetry.metricName(SessionMetrics.MAX_SESSIONS_PER_TASK),
                telemetry.metricName(SessionMetrics.ACTIVE_COUNT), telemetry.metricName(SessionMetrics.HEALTHY_TASK_COUNT),
                "Running", "Desired", telemetry.metricName(SessionMetrics.LATENCY_P95) + " (ms)");
        for (SessionMetrics m : last) {
            row(Fmt.clock(run.modelSeconds(m.datapointAt())), m.show(SessionMetrics.SESSIONS_PER_TASK),
                    m.show(SessionMetrics.MAX_SESSIONS_PER_TASK), m.show(SessionMetrics.ACTIVE_COUNT),
                    m.show(SessionMetrics.HEALTHY_TASK_COUNT), m.show(SessionMetrics.RUNNING_TASK_COUNT),
                    m.show(SessionMetrics.DESIRED_TASK_COUNT), m.show(SessionMetrics.LATENCY_P95));
        }
        line("");
        table("Metric", "Min", "Avg", "Max", "Datapoints");
        analysis.metricStats().forEach((name, s) -> row(telemetry.metricName(name), Fmt.number(s.min()),
                Fmt.number(s.avg()), Fmt.number(s.max()), s.datapoints()));
    }

    private void calls() {
        section("Call Summary");
        var calls = run.calls();
        table("Metric", "Value");
        row("Total calls", calls.placed());
        row("Answered", calls.answered());
        row("Completed (ended by the suite)", calls.completed());
        row("Rejected (503 or refused after answer)", calls.rejected());
        row("Failed (no final answer)", analysis.failedCalls());
        row("Dropped (accepted, then ended by the far end)", calls.dropped());
        row("Call setup p50 / p95 / p99 (INVITE -> 200, wall ms in SIPp's timer ticks)", Fmt.number(analysis.setupMillis(50)) + " / "
                + Fmt.number(analysis.setupMillis(95)) + " / " + Fmt.number(analysis.setupMillis(99)));
        row("Connect p50 / p95 / p99 (INVITE -> first RTP from the far end, wall ms, resolution "
                + CallViews.CONNECT_RESOLUTION + ")", CallViews.connect(analysis));
        row(run.telemetry().metricName(SessionMetrics.LATENCY_P95) + " (worst period, ms)",
                Fmt.number(analysis.worstLatencyP95()));
        line("");
        line("The calls in two views: what SIPp saw, and what the stack did with them (the SIP view reconciled "
                + "with the agents' refusal, failed-start and session-start log events, matched by time). The "
                + "thresholds and the `dropped`, `rejected` and `front-door-failures` conditions judge the stack's view; "
                + "a front-door failure fails the run unless the scenario allows it (`max-front-door-failures`, 0 when "
                + "not set), and so does a hang-up not judged.");
        line("");
        table("SIP view", "Calls");
        row("Answered", calls.answered());
        row("Ended by the far end", calls.endedByFarEnd());
        row("Rejected with 503", calls.rejected503());
        line("");
        table("Stack's view", "Calls");
        row("Rejected", calls.rejected() + " (503 " + calls.rejected503() + ", refused after answer "
                + calls.refusedAfterAnswer() + ")");
        row("Dropped", calls.dropped());
        row("Front-door failures", calls.frontDoorFailures());
        if (calls.notJudgedYet() > 0) {
            row("Not judged", calls.notJudgedYet());
        }
        line("");
        List<String> disagreements = analysis.callDisagreements();
        if (disagreements.isEmpty()) {
            line("The two views agree: no call the far end ended was refused or lost at the front door.");
        } else {
            line("Where the views differ:");
            line("");
            disagreements.forEach(d -> line("- " + d));
        }
    }

    /**
     * Each load host's part of the calls, when the run had more than one (one host's part is the Call Summary): in
     * the SIP view, as the stack cannot tell which host a call came from; the last row sums them.
     */
    private void loadHosts() {
        if (run.loadHosts().size() < 2) {
            return;
        }
        section("Load Hosts");
        line("Each place-calls step's calls were split over the load hosts by weight, one SIPp instance per host "
                + "that got calls, bound to that host's own address. Counts in the SIP view; times in wall ms.");
        line("");
        table("Load host", "Address", "Weight", "SIPp instances", "Placed", "Answered", "Rejected (503)",
                "Ended by the far end", "Setup p50 / p95", "Connect p50 / p95", "Failure");
        CallTally total = CallTally.NONE;
        List<Duration> setup = new ArrayList<>();
        List<Duration> connect = new ArrayList<>();
        for (RunRecord.LoadHostRecord host : run.loadHosts()) {
            CallTally t = host.tally();
            total = total.plus(t);
            setup.addAll(host.setupTimes());
            connect.addAll(host.connectTimes().measured());
            row(host.host(), host.address().isEmpty() ? "-" : host.address(), host.weight(), host.runs().size(),
                    t.placed(), t.answered(), t.rejected503(), t.endedByFarEnd(), pair(host.setupTimes()),
                    pair(host.connectTimes().measured()), host.failure().orElse("-"));
        }
        row("**total**", "", run.loadHosts().stream().mapToInt(RunRecord.LoadHostRecord::weight).sum(),
                run.loadHosts().stream().mapToInt(h -> h.runs().size()).sum(), total.placed(), total.answered(),
                total.rejected503(), total.endedByFarEnd(), pair(setup), pair(connect), "");
    }

    /** The p50 / p95 of {@code times} in wall ms. */
    private static String pair(List<Duration> times) {
        List<OptionalDouble> ms = times.stream().map(t -> OptionalDouble.of(t.toMillis())).toList();
        return Fmt.number(RunAnalysis.percentile(ms, 50)) + " / " + Fmt.number(RunAnalysis.percentile(ms, 95));
    }

    /** Each load host's generator: whether it kept up, and the evidence when it did not. */
    private void generators() {
        section("Load Generators");
        if (run.generators().isEmpty()) {
            line("No load host was watched.");
            return;
        }
        line("Each load host was polled while the run placed calls: its CPUs and load average, and each SIPp "
                + "instance's CPU, state, watchdog trips, retransmissions and calls placed against its rate. A "
                + "saturated generator makes the run INCONCLUSIVE: it may have placed less load, or later, than asked.");
        line("");
        table("Load host", "Verdict", "Polls");
        for (GeneratorLoad load : run.generators()) {
            row(load.host(), load.saturated() ? "SATURATED: " + load.evidence() : "kept up",
                    GeneratorText.summary(load));
        }
    }

    private void taskMinutes() {
        section("Task-Minutes");
        TaskMinutes minutes = run.taskMinutes();
        line("As AWS Fargate bills them: each task from the start of its image pull (`pullStartedAt`) to its stop "
                + "(`stoppedAt`, or the end of the run while it runs), per second rounded up, at least a minute; a task "
                + "already running when the run started, from the run's start. " + minutes + ".");
        line("");
        line("In dollars, each task's minutes / 60 x (its task definition's vCPU x the price per vCPU-hour + its GB x "
                + "the price per GB-hour), Fargate Linux/x86 on-demand, compute only: " + run.cost().show() + ".");
        if (minutes.tasks().isEmpty()) {
            return;
        }
        line("");
        table("Task", "Billed from", "Until", "Task-minutes");
        for (TaskMinutes.Task t : minutes.tasks()) {
            row(t.id().length() > 8 ? t.id().substring(0, 8) : t.id(), t.billedFrom(),
                    t.running() ? "the end of the run (not stopped)" : "stoppedAt", Fmt.number(t.seconds() / 60.0));
        }
    }

    private void logEvents() {
        section("Log Events");
        if (run.logEvents().isEmpty()) {
            line("No log counts were read.");
        } else {
            table("Event", "Count");
            run.logEvents().forEach(this::row);
        }
        long failures = run.pollFailures().values().stream().mapToLong(Integer::longValue).sum();
        line("");
        if (failures == 0) {
            line("Monitors: every poll succeeded.");
        } else {
            List<String> parts = new ArrayList<>();
            run.pollFailures().forEach((m, n) -> {
                if (n > 0) {
                    parts.add(m + " " + n);
                }
            });
            line("Monitors: " + failures + " failed polls (" + String.join(", ", parts) + "); see timeline.csv.");
        }
    }

    private void baseline() {
        section("Baseline for the Next Run");
        if (run.baseline().clean()) {
            line("Clean: the next run can start without recovery.");
            return;
        }
        line("Not clean; the next run's baseline will recover it (or do it by hand):");
        line("");
        run.baseline().problems().forEach(p -> line("- " + p));
    }
}
