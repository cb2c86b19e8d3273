package dev.scalingsuite.report;

import dev.scalingsuite.fleet.GeneratorLimits;
import dev.scalingsuite.fleet.GeneratorLoad;
import dev.scalingsuite.fleet.GeneratorSample;
import java.util.OptionalDouble;
import dev.scalingsuite.fleet.Kpi;
import dev.scalingsuite.fleet.Kpis;
import dev.scalingsuite.fleet.Regression;
import dev.scalingsuite.fleet.ServiceRef;
import dev.scalingsuite.fleet.FargatePrices;
import dev.scalingsuite.fleet.RunCost;
import dev.scalingsuite.fleet.TaskMinutes;
import dev.scalingsuite.fleet.TaskSize;
import dev.scalingsuite.fleet.TaskState;
import dev.scalingsuite.fleet.CallOutcomes;
import dev.scalingsuite.fleet.Telemetry;
import dev.scalingsuite.fleet.CallTally;
import dev.scalingsuite.fleet.ConnectTimes;
import dev.scalingsuite.fleet.Preflight;
import dev.scalingsuite.fleet.PreflightWarning;
import dev.scalingsuite.fleet.ScaleInBound;
import dev.scalingsuite.fleet.TargetGroupSettings;
import dev.scalingsuite.scenario.Condition;
import dev.scalingsuite.scenario.LongestCalls;
import dev.scalingsuite.scenario.Scenario;
import dev.scalingsuite.scenario.Scenarios;
import dev.scalingsuite.scenario.Step;
import dev.scalingsuite.fleet.ScalingConfiguration;
import dev.scalingsuite.fleet.SessionMetrics;
import dev.scalingsuite.fleet.Timeline;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A steady-state run recorded against the twin ({@code /report/steady-state.ndjson}), turned into
 * the {@link RunRecord} the harness would have gathered: steps from the timeline's step events,
 * metric datapoints from its metrics events, and the facts the timeline does not hold (the live
 * configuration, the call counts, the setup times, the log counts) as the run reported them.
 */
final class RecordedRun {

    static final int TIME_SCALE = 10;

    private RecordedRun() {
    }

    static List<Timeline.Event> events() {
        try {
            return Timeline.read(Path.of(RecordedRun.class.getResource("/report/steady-state.ndjson").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static RunRecord steadyState() {
        return steadyState(configuration());
    }

    /** The same run, as if the live configuration had read {@code configuration}. */
    static RunRecord steadyState(ScalingConfiguration configuration) {
        List<Timeline.Event> events = events();
        Instant start = events.get(0).at();
        Instant end = events.get(events.size() - 1).at();
        return new RunRecord("steady-state",
                new RunRecord.Target("local", "local twin (in-process)", java.util.Optional.of("000000000000"),
                        java.util.Optional.of("us-east-1"), ServiceRef.of(
                                "arn:aws:ecs:us-east-1:000000000000:cluster/voice-agent-poc-cluster",
                                "voice-agent-poc-service")),
                TIME_SCALE, start, end, RunRecord.Outcome.PASSED, "", "0123456789abcdef0123456789abcdef01234567",
                configuration, preflight(), steps(events), checks(), CallOutcomes.ofCounts(new CallTally(19, 19, 0, 0, 19)),
                List.of(Duration.ofMillis(16), Duration.ofMillis(4), Duration.ZERO, Duration.ofMillis(4), Duration.ZERO,
                        Duration.ofMillis(8)),
                connectTimes(start), metrics(events), logEvents(), appReady(events), Map.of("ecs", 0, "metrics", 2),
                new RunRecord.BaselineState(false, List.of("7 tasks with fresh heartbeats; the baseline is 1")), events,
                Telemetry.DEPLOYED, TaskMinutes.of(tasks(events), start, end, TIME_SCALE),
                new RunRecord.Bounds(Duration.ofMinutes(90), 600, java.util.Optional.empty()))
                .withGenerators(List.of(generator(start, 0)))
                .withCost(cost(TaskMinutes.of(tasks(events), start, end, TIME_SCALE)));
    }

    /**
     * The load host's generator over the run: 12 polls, SIPp at 2 % of a core, the host busy with the twin, and
     * {@code minorTrips} trips of SIPp's minor watchdog in its last poll.
     */
    static GeneratorLoad generator(Instant start, int minorTrips) {
        List<GeneratorSample> samples = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            samples.add(new GeneratorSample(start.plusSeconds(5L * i), Duration.ofMillis(3 + i), OptionalDouble.of(0.8),
                    i == 0 ? OptionalDouble.empty() : OptionalDouble.of(0.61), List.of(new GeneratorSample.Instance(
                            "uac-20261123-212920-1", "S", i == 0 ? OptionalDouble.empty() : OptionalDouble.of(0.02),
                            Math.min(19, 2L * i), -1, 1, 0, i == 11 ? minorTrips : 0, i == 11 && minorTrips > 0
                                    ? "Overload warning: the minor watchdog timer 500ms has been tripped (612), 115 "
                                            + "trips remaining" : ""))));
        }
        return GeneratorLoad.of("sipp@127.0.0.1:2222", samples, GeneratorLimits.DEFAULTS);
    }

    /** The deployed task's size (4 vCPU, 8 GB), as the twin answers DescribeTaskDefinition. */
    static final TaskSize DEPLOYED_SIZE = new TaskSize(
            "arn:aws:ecs:us-east-1:000000000000:task-definition/voice-agent-poc-voice-agent:7", 4096, 8192);

    /**
     * The cost of the recorded run at us-east-1's built-in prices; its task events predate naming their task
     * definition, so every task is given the deployed one's size.
     */
    static RunCost cost(TaskMinutes minutes) {
        Map<String, TaskSize> sizes = new java.util.HashMap<>();
        minutes.tasks().forEach(t -> sizes.put(t.id(), DEPLOYED_SIZE));
        return RunCost.of(minutes, sizes, FargatePrices.of(Optional.of("us-east-1"), Optional.empty(), Optional.empty()));
    }

    /** The id the recorded run has in the run history of {@link #withHistory}. */
    static final String BASELINE_RUN = "steady-state-2026-11-22-101500";

    /**
     * The run as a run history sees it: compared with a baseline run whose image pull took 22 s (the twin's
     * 37 s, sped up) under another scenario file, which fails it; its trend the baseline run and this one.
     */
    static RunRecord withHistory() {
        RunRecord run = steadyState();
        Kpis now = RunKpis.of(RunAnalysis.of(run));
        Kpis.Builder then = Kpis.builder();
        now.all().forEach(r -> then.put(r.kpi() == Kpi.IMAGE_PULL_P50 ? Kpis.Reading.of(Kpi.IMAGE_PULL_P50, 22) : r));
        Regression regression = Regression.compare(BASELINE_RUN, then.build(), now,
                List.of("the scenario file (hash 0a1b2c3d4e5f, the baseline's 9f8e7d6c5b4a)"));
        PastRuns past = new PastRuns(Optional.of(regression), "", List.of(
                new PastRuns.Run(BASELINE_RUN, run.startedAt().minusSeconds(86400), "PASSED", then.build()),
                new PastRuns.Run("steady-state-2026-11-23-212920", run.startedAt(), "FAILED", now)));
        return run.ended(RunRecord.Outcome.FAILED, "regression: Expected every KPI within its allowance of baseline run "
                + BASELINE_RUN + " but 1 regressed", run.steps(), run.checks(), past);
    }

    /** {@code run} with other calls. */
    static RunRecord withCalls(RunRecord run, CallOutcomes calls) {
        return new RunRecord(run.scenario(), run.target(), run.timeScale(), run.startedAt(), run.endedAt(), run.outcome(),
                run.reason(), run.suiteCommit(), run.configuration(), run.preflight(), run.steps(), run.checks(), calls,
                run.setupTimes(), run.connectTimes(), run.metrics(), run.logEvents(), run.appReadyAt(), run.pollFailures(), run.baseline(),
                run.events(), run.telemetry(), run.taskMinutes(), run.bounds()).withCost(run.cost());
    }

    /**
     * {@code run} as if placed from two load hosts: the first (weight 1) placed 10 calls, answered 9, one 503;
     * the second (weight 2, in its own namespace's address) placed 9, all answered, one ended by the far end, and
     * failed at the end. Setup 100..109 ms and 200..208 ms; connect 1000..1009 ms on the first, none on the second.
     */
    static RunRecord withTwoLoadHosts(RunRecord run) {
        List<Duration> firstSetup = new ArrayList<>();
        List<ConnectTimes.CallConnect> firstConnect = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            firstSetup.add(Duration.ofMillis(100 + i));
            firstConnect.add(new ConnectTimes.CallConnect(i + "-1@198.18.0.2", run.startedAt().plusSeconds(i),
                    Optional.of(Duration.ofMillis(1000 + i))));
        }
        List<Duration> secondSetup = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            secondSetup.add(Duration.ofMillis(200 + i));
        }
        return run.withLoadHosts(List.of(
                new RunRecord.LoadHostRecord("sipp@198.19.0.2:40001", "198.18.0.2", 1, List.of("uac-1", "uac-3"),
                        new CallTally(10, 9, 1, 0, 9), firstSetup, new ConnectTimes(firstConnect, List.of()),
                        Optional.empty(), List.of("sipp/uac-1-caller_1_rtt.csv", "sipp/uac-3-caller_1_rtt.csv")),
                new RunRecord.LoadHostRecord("sipp@198.19.0.2:40002", "198.18.0.6", 2, List.of("uac-2"),
                        new CallTally(9, 9, 0, 1, 8), secondSetup,
                        ConnectTimes.notMeasured("no tcpdump on sipp@198.19.0.2:40002"),
                        Optional.of("its SIPp uac-2 exited with 1 call(s) up"), List.of("sipp/uac-2-caller_1_rtt.csv"))));
    }

    /** Every task the run's ECS monitor saw, as last seen, from its task events. */
    static List<TaskState> tasks(List<Timeline.Event> events) {
        Map<String, TaskState> last = new java.util.LinkedHashMap<>();
        for (Timeline.Event e : events) {
            if (e.kind().equals("task")) {
                Map<String, Object> f = e.fields();
                last.put((String) f.get("task"), new TaskState((String) f.get("task"), (String) f.get("privateIp"),
                        (String) f.get("lastStatus"), (String) f.get("desiredStatus"), instant(f, "createdAt"),
                        instant(f, "pullStartedAt"), instant(f, "pullStoppedAt"), instant(f, "startedAt"),
                        instant(f, "stoppingAt"), instant(f, "stoppedAt"), Boolean.TRUE.equals(f.get("protected")),
                        (String) f.get("stopCode"), "unknown", 0, (String) f.get("taskDefinition")));
            }
        }
        return List.copyOf(last.values());
    }

    private static Instant instant(Map<String, Object> fields, String name) {
        return fields.get(name) == null ? null : Instant.parse((String) fields.get(name));
    }

    /** {@code run} with other connect times. */
    static RunRecord withConnectTimes(RunRecord run, ConnectTimes connect) {
        return new RunRecord(run.scenario(), run.target(), run.timeScale(), run.startedAt(), run.endedAt(), run.outcome(),
                run.reason(), run.suiteCommit(), run.configuration(), run.preflight(), run.steps(), run.checks(), run.calls(),
                run.setupTimes(), connect, run.metrics(), run.logEvents(), run.appReadyAt(), run.pollFailures(),
                run.baseline(), run.events(), run.telemetry(), run.taskMinutes(), run.bounds()).withCost(run.cost());
    }

    /**
     * Connect times for the recorded run's 19 calls, made up (the recording predates their measurement):
     * 18 connected 1201, 1202, ... 1218 ms after their INVITE; the last call's far end never spoke.
     */
    static ConnectTimes connectTimes(Instant start) {
        List<ConnectTimes.CallConnect> calls = new ArrayList<>();
        for (int i = 1; i <= 19; i++) {
            calls.add(new ConnectTimes.CallConnect(i + "-1@127.0.0.1", start.plusSeconds(i),
                    i < 19 ? Optional.of(Duration.ofMillis(1200 + i)) : Optional.empty()));
        }
        return new ConnectTimes(calls, List.of());
    }

    /** The twin's default policy, as Application Auto Scaling reports it: a step alarm without DatapointsToAlarm. */
    static ScalingConfiguration configuration() {
        return configuration(scaleIn(OptionalInt.empty()));
    }

    /** The twin's default policy with another step scale-in policy. */
    static ScalingConfiguration configuration(ScalingConfiguration.StepPolicy scaleIn) {
        return new ScalingConfiguration(1, 12,
                List.of(new ScalingConfiguration.TargetTracking("voice-agent-sessions-target-tracking",
                        "SessionsPerTask", "Average", 3.0, 60, 300, true)),
                List.of(scaleIn), OptionalInt.of(10));
    }

    /** The twin's default step scale-in policy (SessionsPerTask < 1 over 2 periods) with that DatapointsToAlarm. */
    static ScalingConfiguration.StepPolicy scaleIn(OptionalInt datapointsToAlarm) {
        return new ScalingConfiguration.StepPolicy("voice-agent-scale-in", "ChangeInCapacity", List.of(-3), 30,
                "voice-agent-sessions-low", "SessionsPerTask", "LessThanThreshold", 1.0, 60, 2, datapointsToAlarm);
    }

    /** The twin's target group, as Elastic Load Balancing reports it. */
    static TargetGroupSettings targetGroup() {
        return new TargetGroupSettings(10, 2, 2, 300);
    }

    /**
     * What the preflight says of the recorded configuration for the shipped steady-state scenario: the
     * recording predates reading the protection expiry, so it was not checked.
     */
    static List<PreflightWarning> preflight() {
        Scenario scenario = Scenarios.in(Path.of("").toAbsolutePath()).load("steady-state");
        Optional<Duration> scaleIn = ScaleInBound.of(configuration(), targetGroup(), configuration().maxCapacity())
                .map(ScaleInBound::model);
        return Preflight.lint(configuration(), targetGroup(), LongestCalls.of(scenario, scaleIn));
    }

    /** Every check of the shipped steady-state scenario, each measured. */
    static List<RunRecord.CheckRecord> checks() {
        Scenario scenario = Scenarios.in(Path.of("").toAbsolutePath()).load("steady-state");
        List<RunRecord.CheckRecord> checks = new ArrayList<>();
        scenario.thresholds().enabledKeys().forEach(key -> checks.add(measured(key, "thresholds")));
        scenario.invariants().enabledKeys().forEach(key -> checks.add(measured(key, "invariants")));
        for (Step step : scenario.steps()) {
            List<Condition> conditions = step instanceof Step.Expect e ? e.conditions()
                    : step instanceof Step.Hold h ? h.expect() : List.of();
            conditions.forEach(c -> checks.add(measured(c.kind().key(), "step " + step.index())));
        }
        return checks;
    }

    private static RunRecord.CheckRecord measured(String check, String scope) {
        return new RunRecord.CheckRecord(check, scope, RunRecord.CheckRecord.Measurement.MEASURED, false, "");
    }

    /** {@code run} against another target. */
    static RunRecord withTarget(RunRecord run, RunRecord.Target target) {
        return new RunRecord(run.scenario(), target, run.timeScale(), run.startedAt(), run.endedAt(), run.outcome(),
                run.reason(), run.suiteCommit(), run.configuration(), run.preflight(), run.steps(), run.checks(),
                run.calls(), run.setupTimes(), run.connectTimes(), run.metrics(), run.logEvents(), run.appReadyAt(),
                run.pollFailures(), run.baseline(), run.events(), run.telemetry(), run.taskMinutes(), run.bounds())
                .withCost(run.cost());
    }

    /** {@code run} with other checks, and the outcome and reason they led to. */
    static RunRecord withChecks(RunRecord run, List<RunRecord.CheckRecord> checks, RunRecord.Outcome outcome,
            String reason) {
        return new RunRecord(run.scenario(), run.target(), run.timeScale(), run.startedAt(), run.endedAt(), outcome,
                reason, run.suiteCommit(), run.configuration(), run.preflight(), run.steps(), checks, run.calls(),
                run.setupTimes(), run.connectTimes(), run.metrics(), run.logEvents(), run.appReadyAt(), run.pollFailures(), run.baseline(),
                run.events(), run.telemetry(), run.taskMinutes(), run.bounds()).withCost(run.cost());
    }

    private static List<RunRecord.StepRecord> steps(List<Timeline.Event> events) {
        List<RunRecord.StepRecord> steps = new ArrayList<>();
        for (Timeline.Event e : events) {
            if ("passed".equals(e.fields().get("state"))) {
                String step = String.valueOf(e.fields().get("step"));
                steps.add(new RunRecord.StepRecord(((Number) e.fields().get("index")).intValue(), step,
                        step.replaceFirst("^expect ", ""), "as expected", RunRecord.StepRecord.Status.PASSED,
                        ((Number) e.fields().get("modelSeconds")).doubleValue(), ""));
            }
        }
        return steps;
    }

    /** One datapoint per metrics event: the value it had when first read. */
    static List<SessionMetrics> metrics(List<Timeline.Event> events) {
        List<SessionMetrics> metrics = new ArrayList<>();
        for (Timeline.Event e : events) {
            if (!e.kind().equals("metrics")) {
                continue;
            }
            Map<String, Double> values = new LinkedHashMap<>();
            e.fields().forEach((k, v) -> {
                if (v instanceof Number n) {
                    values.put(k, n.doubleValue());
                }
            });
            metrics.add(new SessionMetrics(Instant.parse(String.valueOf(e.fields().get("datapointAt"))), values));
        }
        return metrics;
    }

    private static Map<String, Long> logEvents() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("task_protection_updated", 54L);
        counts.put("drain_started", 0L);
        counts.put("drain_complete", 0L);
        counts.put("pipeline_error", 0L);
        counts.put("conversation_turn", 448L);
        return counts;
    }

    /** The twin's application is ready 17 s (model) after its container starts. */
    private static Map<String, Instant> appReady(List<Timeline.Event> events) {
        Map<String, Instant> ready = new LinkedHashMap<>();
        for (Timeline.Event e : events) {
            if (e.kind().equals("task") && e.fields().get("startedAt") != null) {
                ready.putIfAbsent(String.valueOf(e.fields().get("task")),
                        Instant.parse(String.valueOf(e.fields().get("startedAt"))).plusMillis(1700));
            }
        }
        return ready;
    }
}
