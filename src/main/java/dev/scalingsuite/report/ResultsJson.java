package dev.scalingsuite.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingsuite.fleet.GeneratorLoad;
import dev.scalingsuite.fleet.CallTally;
import dev.scalingsuite.fleet.ConnectTimes;
import dev.scalingsuite.fleet.Kpis;
import dev.scalingsuite.fleet.FargatePrices;
import dev.scalingsuite.fleet.RunCost;
import dev.scalingsuite.fleet.ScalingConfiguration;
import dev.scalingsuite.fleet.SessionMetrics;
import dev.scalingsuite.fleet.Slo;
import dev.scalingsuite.fleet.TaskMinutes;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * {@code results.json}: the document's facts for machines, with stable field names (documented in
 * docs/reports.md; {@code schemaVersion} changes when a field does). Times are model seconds since
 * the start of the run, rounded to two decimals like the document shows them.
 */
public final class ResultsJson {

    /**
     * 3: a run {@code PASSED} only when every check was measured or allowed not to be, and {@code checks[]}
     * says which were; {@code calls.connectMillis} is measured, and {@code calls.connectNotMeasured} is there
     * only when some calls could not be (2: {@code calls.rejected} and {@code calls.dropped} are the stack's
     * view, and the latency keys name {@code AgentResponseLatency}; see docs/reports.md).
     */
    public static final int SCHEMA_VERSION = 3;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsJson() {
    }

    public static String render(RunAnalysis analysis, Map<String, String> files) {
        RunRecord run = analysis.run();
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("scenario", run.scenario());
        root.put("outcome", run.outcome().name());
        root.put("reason", run.reason());
        root.put("startedAt", run.startedAt().toString());
        root.put("endedAt", run.endedAt().toString());
        root.put("timeScale", run.timeScale());
        root.put("durationModelSeconds", Fmt.round2(run.modelDurationSeconds()));
        root.put("durationWallSeconds",
                Fmt.round2(java.time.Duration.between(run.startedAt(), run.endedAt()).toMillis() / 1000.0));
        ObjectNode target = root.putObject("target");
        target.put("kind", run.target().kind());
        target.put("description", run.target().description());
        run.target().account().ifPresent(a -> target.put("account", a));
        run.target().region().ifPresent(r -> target.put("region", r));
        // names, also when the configuration gave ARNs: what Application Auto Scaling and Container Insights call them
        target.put("cluster", run.target().service().clusterName());
        target.put("service", run.target().service().serviceName());
        root.put("suiteCommit", run.suiteCommit());
        configuration(root.putObject("configuration"), run.configuration());
        ArrayNode preflight = root.putArray("preflight");
        run.preflight().forEach(w -> preflight.addObject().put("key", w.key()).put("read", w.read())
                .put("why", w.why()).put("todo", w.todo()));
        steps(root.putArray("steps"), run);
        ArrayNode checks = root.putArray("checks");
        run.checks().forEach(c -> checks.addObject().put("check", c.check()).put("scope", c.scope())
                .put("measurement", c.measurement().name()).put("allowed", c.allowed())
                .put("notMeasured", c.notMeasured()));
        calls(root.putObject("calls"), analysis);
        coldStarts(root.putObject("coldStart"), analysis);
        decisions(root.putArray("decisions"), analysis);
        timeline(root.putArray("timeline"), analysis);
        rollouts(root.putArray("rollouts"), run);
        distribution(root, analysis);
        metrics(root.putObject("metrics"), analysis);
        taskMinutes(root.putObject("taskMinutes"), run.taskMinutes());
        generators(root.putArray("generators"), run);
        loadHosts(root.putArray("loadHosts"), run);
        cost(root.putObject("cost"), run.cost());
        ObjectNode bounds = root.putObject("bounds");
        bounds.put("maxRunTimeSeconds", run.bounds().maxRunTime().toSeconds())
                .put("maxTaskMinutes", run.bounds().maxTaskMinutes())
                .put("reached", run.bounds().reached().orElse(null));
        ObjectNode logs = root.putObject("logEvents");
        run.logEvents().forEach(logs::put);
        ObjectNode failures = root.putObject("pollFailures");
        run.pollFailures().forEach(failures::put);
        ObjectNode baseline = root.putObject("baseline");
        baseline.put("clean", run.baseline().clean());
        run.baseline().problems().forEach(baseline.putArray("problems")::add);
        if (!baseline.has("problems")) {
            baseline.putArray("problems");
        }
        Kpis kpis = RunKpis.of(analysis);
        KpiJson.write(root.putObject("kpis"), kpis);
        KpiJson.slos(root.putArray("slos"), Slo.judge(run.slos(), kpis));
        KpiJson.regression(root, run.past());
        ObjectNode fileNode = root.putObject("files");
        files.forEach(fileNode::put);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("results.json could not be written: " + e.getMessage(), e);
        }
    }

    /**
     * The live scaling configuration as results.json writes it ({@code configuration}), in one line: what the
     * run history fingerprints to tell whether two runs ran under the same one.
     */
    public static String configuration(ScalingConfiguration c) {
        ObjectNode node = JSON.createObjectNode();
        configuration(node, c);
        return node.toString();
    }

    private static void configuration(ObjectNode node, ScalingConfiguration c) {
        node.put("minCapacity", c.minCapacity());
        node.put("maxCapacity", c.maxCapacity());
        put(node, "maxConcurrentCalls", c.maxConcurrentCalls());
        put(node, "protectionExpiryMinutes", c.protectionExpiryMinutes());
        ArrayNode tracking = node.putArray("targetTracking");
        for (ScalingConfiguration.TargetTracking t : c.targetTracking()) {
            tracking.addObject().put("policyName", t.policyName()).put("metricName", t.metricName())
                    .put("statistic", t.statistic()).put("targetValue", t.targetValue())
                    .put("scaleOutCooldownSeconds", t.scaleOutCooldown())
                    .put("scaleInCooldownSeconds", t.scaleInCooldown()).put("disableScaleIn", t.disableScaleIn());
        }
        ArrayNode steps = node.putArray("stepPolicies");
        for (ScalingConfiguration.StepPolicy p : c.stepPolicies()) {
            ObjectNode s = steps.addObject().put("policyName", p.policyName()).put("adjustmentType", p.adjustmentType());
            p.adjustments().forEach(s.putArray("adjustments")::add);
            s.put("cooldownSeconds", p.cooldown()).put("alarmName", p.alarmName()).put("metricName", p.metricName())
                    .put("comparison", p.comparison()).put("threshold", p.threshold())
                    .put("periodSeconds", p.period()).put("evaluationPeriods", p.evaluationPeriods());
            // null when the alarm has no DatapointsToAlarm, as AWS reports it; it then needs EvaluationPeriods
            put(s, "datapointsToAlarm", p.datapointsToAlarm());
        }
    }

    /** Each load host's generator: whether it was saturated, why, and what its polls saw. */
    private static void generators(ArrayNode node, RunRecord run) {
        for (GeneratorLoad load : run.generators()) {
            ObjectNode o = node.addObject().put("host", load.host()).put("saturated", load.saturated())
                    .put("evidence", load.evidence()).put("polls", load.polls());
            put(o, "peakSippCpu", load.peakSippCpu());
            put(o, "peakHostCpu", load.peakHostCpu());
            put(o, "peakLoadAverage", load.peakLoadAverage());
            o.put("watchdogMajor", load.watchdogMajor()).put("watchdogMinor", load.watchdogMinor())
                    .put("retransmissions", load.retransmissions());
            put(o, "worstRateShortfall", load.worstShortfall());
            o.put("latestPollLateMs", load.latestPoll().toMillis()).put("stoppedPolls", load.stoppedPolls());
        }
    }

    /**
     * Each load host's part, in the SIP view (the stack cannot tell which host a call came from): the totals
     * under {@code calls} are these summed.
     */
    private static void loadHosts(ArrayNode node, RunRecord run) {
        for (RunRecord.LoadHostRecord host : run.loadHosts()) {
            ObjectNode o = node.addObject().put("host", host.host()).put("address", host.address())
                    .put("weight", host.weight());
            host.runs().forEach(o.putArray("runs")::add);
            CallTally tally = host.tally();
            o.put("placed", tally.placed()).put("answered", tally.answered()).put("rejected503", tally.rejected503())
                    .put("endedByFarEnd", tally.endedByFarEnd()).put("completed", tally.completed());
            ObjectNode setup = o.putObject("setupMillis");
            put(setup, "p50", millis(host.setupTimes(), 50));
            put(setup, "p95", millis(host.setupTimes(), 95));
            ObjectNode connect = o.putObject("connectMillis");
            put(connect, "p50", millis(host.connectTimes().measured(), 50));
            put(connect, "p95", millis(host.connectTimes().measured(), 95));
            o.put("failure", host.failure().orElse(null));
            host.files().forEach(o.putArray("files")::add);
            if (!o.has("runs")) {
                o.putArray("runs");
            }
            if (!o.has("files")) {
                o.putArray("files");
            }
        }
    }

    private static OptionalDouble millis(List<java.time.Duration> times, double percentile) {
        return RunAnalysis.percentile(times.stream().map(t -> OptionalDouble.of(t.toMillis())).toList(), percentile);
    }

    private static void taskMinutes(ObjectNode node, TaskMinutes minutes) {
        node.put("total", Fmt.round2(minutes.total())).put("tasks", minutes.tasks().size());
        ArrayNode tasks = node.putArray("perTask");
        minutes.tasks().forEach(t -> tasks.addObject().put("task", t.id()).put("billedFrom", t.billedFrom())
                .put("running", t.running()).put("seconds", t.seconds()));
    }

    /**
     * The run's cost: {@code usd} (null when not measured, and {@code notMeasured} says why), the prices applied
     * (null fields when none could be had) and the cost per task size.
     */
    private static void cost(ObjectNode node, RunCost cost) {
        node.put("usd", cost.usd().isPresent() ? Double.valueOf(round6(cost.usd().getAsDouble())) : null);
        node.put("notMeasured", cost.notMeasured());
        node.put("taskMinutes", Fmt.round2(cost.taskMinutes()));
        ObjectNode prices = node.putObject("prices");
        var p = cost.prices();
        prices.put("region", p.map(FargatePrices::region).orElse(null));
        prices.put("vcpuHourUsd", p.map(x -> x.vcpuHour().usdPerHour()).orElse(null));
        prices.put("vcpuHourOrigin", p.map(x -> x.vcpuHour().origin()).orElse(null));
        prices.put("gbHourUsd", p.map(x -> x.gbHour().usdPerHour()).orElse(null));
        prices.put("gbHourOrigin", p.map(x -> x.gbHour().origin()).orElse(null));
        prices.put("builtInDate", FargatePrices.BUILT_IN_DATE);
        ArrayNode sizes = node.putArray("bySize");
        for (RunCost.BySize s : cost.sizes()) {
            sizes.addObject().put("taskDefinition", s.size().taskDefinition()).put("cpu", s.size().cpuUnits())
                    .put("memoryMib", s.size().memoryMib()).put("vcpu", s.size().vcpu())
                    .put("memoryGb", s.size().memoryGb()).put("tasks", s.tasks())
                    .put("taskMinutes", Fmt.round2(s.taskMinutes())).put("usd", round6(s.usd()));
        }
    }

    /** Dollars to a ten-thousandth of a cent. */
    private static double round6(double usd) {
        return Math.round(usd * 1_000_000) / 1_000_000.0;
    }

    /** Each rollout the run started, with what protection held and how it ended; the restore on the last. */
    private static void rollouts(ArrayNode node, RunRecord run) {
        var restore = RolloutTimeline.restore(run);
        for (RolloutTimeline.Rollout r : RolloutTimeline.of(run)) {
            ObjectNode o = node.addObject().put("step", r.step()).put("deployment", r.deployment())
                    .put("from", r.from()).put("to", r.to()).put("change", r.change())
                    .put("startedAt", Fmt.round2(r.startedAt()));
            put(o, "firstReplacementHealthyAt", r.firstReplacementHealthy());
            put(o, "completedAt", r.completedAt());
            put(o, "failedAt", r.failedAt());
            o.put("circuitBreakerFired", r.circuitBreakerFired()).put("failure", r.failure())
                    .put("failedTasks", r.failedTasks()).put("rolledBackTo", r.rolledBackTo());
            ArrayNode tasks = o.putArray("newTasks");
            r.newTasks().forEach(t -> put(tasks.addObject().put("task", t.task())
                    .put("createdAt", Fmt.round2(t.createdAt())), "healthyAt", t.healthyAt()));
            ArrayNode earlier = o.putArray("earlierTasks");
            for (RolloutTimeline.EarlierTask t : r.held()) {
                ObjectNode e = earlier.addObject().put("task", t.task()).put("protectedAtStart", t.protectedAtStart());
                put(e, "protectedUntil", t.protectedUntil());
                e.put("heldByProtectionSeconds", Fmt.round2(t.heldSeconds()));
                put(e, "stopDecidedAt", t.stopDecidedAt());
                put(e, "stoppedAt", t.stoppedAt());
            }
            ObjectNode back = o.putObject("restore");
            back.put("taskDefinition", restore.map(RolloutTimeline.Restore::taskDefinition).orElse(""));
            back.put("deployment", restore.map(RolloutTimeline.Restore::deployment).orElse(""));
            put(back, "startedAt", restore.map(x -> OptionalDouble.of(x.startedAt())).orElse(OptionalDouble.empty()));
        }
    }

    private static void steps(ArrayNode node, RunRecord run) {
        for (RunRecord.StepRecord s : run.steps()) {
            node.addObject().put("index", s.index()).put("expectation", s.expectation()).put("expected", s.expected())
                    .put("actual", s.actual()).put("status", s.status().name())
                    .put("modelSeconds", Fmt.round2(s.modelSeconds())).put("message", s.message());
        }
    }

    private static void calls(ObjectNode node, RunAnalysis analysis) {
        var calls = analysis.run().calls();
        node.put("placed", calls.placed()).put("answered", calls.answered()).put("completed", calls.completed())
                .put("rejected", calls.rejected()).put("failed", analysis.failedCalls()).put("dropped", calls.dropped());
        node.putObject("sip").put("answered", calls.answered()).put("endedByFarEnd", calls.endedByFarEnd())
                .put("rejected503", calls.rejected503());
        node.putObject("stack").put("rejected", calls.rejected()).put("refusedAfterAnswer", calls.refusedAfterAnswer())
                .put("dropped", calls.dropped()).put("frontDoorFailures", calls.frontDoorFailures())
                .put("notJudged", calls.notJudgedYet());
        ArrayNode disagreements = node.putArray("disagreements");
        var texts = analysis.callDisagreements();
        for (int i = 0; i < texts.size(); i++) {
            var d = calls.disagreements().get(i);
            ObjectNode each = disagreements.addObject().put("kind", d.kind().name()).put("calls", d.calls());
            ObjectNode events = each.putObject("events");
            d.events().forEach(events::put);
            each.put("text", texts.get(i));
        }
        ObjectNode setup = node.putObject("setupMillis");
        put(setup, "p50", analysis.setupMillis(50));
        put(setup, "p95", analysis.setupMillis(95));
        put(setup, "p99", analysis.setupMillis(99));
        ObjectNode connect = node.putObject("connectMillis");
        put(connect, "p50", analysis.connectMillis(50));
        put(connect, "p95", analysis.connectMillis(95));
        put(connect, "p99", analysis.connectMillis(99));
        ConnectTimes times = analysis.run().connectTimes();
        node.putObject("connectCalls").put("placed", times.calls().size())
                .put("measured", times.measured().size()).put("withoutRtp", times.withoutRtp());
        CallViews.connectNotMeasured(times).ifPresent(why -> node.put("connectNotMeasured", why));
        put(node, "agentResponseLatencyP95WorstMillis", analysis.worstLatencyP95());
    }

    private static void coldStarts(ObjectNode node, RunAnalysis analysis) {
        List<RunAnalysis.ColdStart> starts = analysis.coldStarts();
        ArrayNode tasks = node.putArray("tasks");
        for (RunAnalysis.ColdStart s : starts) {
            ObjectNode t = tasks.addObject().put("task", s.task());
            phases(t, s.scheduling(), s.imagePull(), s.containerStart(), s.appInit(), s.healthChecks(), s.total());
        }
        phases(node.putObject("median"), starts, RunAnalysis::median);
        phases(node.putObject("max"), starts, RunAnalysis::max);
    }

    private static void phases(ObjectNode node, List<RunAnalysis.ColdStart> starts,
            Function<List<OptionalDouble>, OptionalDouble> stat) {
        phases(node, stat.apply(starts.stream().map(RunAnalysis.ColdStart::scheduling).toList()),
                stat.apply(starts.stream().map(RunAnalysis.ColdStart::imagePull).toList()),
                stat.apply(starts.stream().map(RunAnalysis.ColdStart::containerStart).toList()),
                stat.apply(starts.stream().map(RunAnalysis.ColdStart::appInit).toList()),
                stat.apply(starts.stream().map(RunAnalysis.ColdStart::healthChecks).toList()),
                stat.apply(starts.stream().map(RunAnalysis.ColdStart::total).toList()));
    }

    private static void phases(ObjectNode node, OptionalDouble scheduling, OptionalDouble pull,
            OptionalDouble start, OptionalDouble init, OptionalDouble health, OptionalDouble total) {
        put(node, "schedulingSeconds", scheduling);
        put(node, "imagePullSeconds", pull);
        put(node, "containerStartSeconds", start);
        put(node, "appInitSeconds", init);
        put(node, "healthChecksSeconds", health);
        put(node, "totalSeconds", total);
    }

    private static void decisions(ArrayNode node, RunAnalysis analysis) {
        for (RunAnalysis.Decision d : analysis.decisions()) {
            ObjectNode n = node.addObject().put("desiredBefore", d.desiredBefore()).put("desiredAfter", d.desiredAfter())
                    .put("policy", d.policy()).put("breach", d.metric())
                    .put("breachAtSeconds", Fmt.round2(d.breachAt())).put("activityAtSeconds", Fmt.round2(d.activityAt()));
            put(n, "desiredSeenAtSeconds", d.desiredSeenAt());
            put(n, "capacityHealthyAtSeconds", d.servingAt());
        }
    }

    private static void timeline(ArrayNode node, RunAnalysis analysis) {
        for (RunAnalysis.Inflection i : analysis.inflections()) {
            ObjectNode n = node.addObject().put("atSeconds", Fmt.round2(i.at())).put("event", i.event())
                    .put("running", i.running()).put("desired", i.desired());
            put(n, "sessionsPerTask", i.sessionsPerTask());
            put(n, "activeCount", i.activeCount());
            n.put("cause", i.cause());
        }
    }

    private static void distribution(ObjectNode root, RunAnalysis analysis) {
        var peak = analysis.peakDistribution();
        if (peak.isEmpty()) {
            root.putNull("distributionAtPeak");
            return;
        }
        ObjectNode node = root.putObject("distributionAtPeak").put("atSeconds", Fmt.round2(peak.get().at()))
                .put("total", peak.get().total());
        ArrayNode tasks = node.putArray("tasks");
        peak.get().byTask().forEach((task, n) -> tasks.addObject().put("task", task).put("sessions", n)
                .put("percent", MarkdownReport.percent(n, peak.get().total())));
    }

    private static void metrics(ObjectNode node, RunAnalysis analysis) {
        ArrayNode last = node.putArray("last");
        for (SessionMetrics m : analysis.lastMetrics(10)) {
            ObjectNode n = last.addObject().put("atSeconds", Fmt.round2(analysis.run().modelSeconds(m.datapointAt())));
            RunAnalysis.METRICS.forEach(name -> put(n, name, m.value(name)));
        }
        ObjectNode stats = node.putObject("stats");
        analysis.metricStats().forEach((name, s) -> stats.putObject(name).put("min", Fmt.round2(s.min()))
                .put("avg", Fmt.round2(s.avg())).put("max", Fmt.round2(s.max())).put("datapoints", s.datapoints()));
    }

    /** A whole number, or null when it is unknown or unset. */
    private static void put(ObjectNode node, String name, OptionalInt value) {
        if (value.isPresent()) {
            node.put(name, value.getAsInt());
        } else {
            node.putNull(name);
        }
    }

    private static void put(ObjectNode node, String name, OptionalDouble value) {
        if (value.isPresent()) {
            node.put(name, Fmt.round2(value.getAsDouble()));
        } else {
            node.putNull(name);
        }
    }
}
