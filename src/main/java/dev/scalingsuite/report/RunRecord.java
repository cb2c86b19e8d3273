package dev.scalingsuite.report;

import dev.scalingsuite.fleet.CallOutcomes;
import dev.scalingsuite.fleet.CallTally;
import dev.scalingsuite.fleet.ConnectTimes;
import dev.scalingsuite.fleet.GeneratorLoad;
import dev.scalingsuite.fleet.PreflightWarning;
import dev.scalingsuite.fleet.RunCost;
import dev.scalingsuite.fleet.ScalingConfiguration;
import dev.scalingsuite.fleet.ServiceRef;
import dev.scalingsuite.fleet.SessionMetrics;
import dev.scalingsuite.fleet.Slo;
import dev.scalingsuite.fleet.TaskMinutes;
import dev.scalingsuite.fleet.Telemetry;
import dev.scalingsuite.fleet.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one scenario run leaves behind for its reports, gathered by the harness once the run
 * is over: what was configured (read live), what each step expected and saw, the calls, the final
 * metric datapoints and the timeline. The reports are pure functions of it, so they can be tested
 * against a recorded run.
 *
 * @param scenario the scenario's name
 * @param target where it ran
 * @param timeScale how much faster than AWS the target runs (1 against AWS); reports show model time
 * @param startedAt wall-clock start of the scenario
 * @param endedAt wall-clock end of the scenario
 * @param outcome the verdict
 * @param reason why the run failed or was aborted; empty when it passed
 * @param suiteCommit the git commit of the suite, or {@code unknown}
 * @param configuration the scaling configuration read live at the end of the run
 * @param preflight the known traps the preflight found in the live configuration before the baseline
 * @param steps each step's expectation and outcome, in order
 * @param checks every threshold, invariant and step condition the scenario sets, and whether it was measured
 * @param calls the calls in the SIP view (summed over every SIPp instance) and in the stack's view
 * @param setupTimes INVITE to 200 of every answered call (wall time; not scaled)
 * @param connectTimes INVITE to the far end's first RTP packet of every call placed (wall time; not scaled),
 *     and why the calls of a load host could not be measured
 * @param metrics the final value of every metric datapoint in the run, oldest first
 * @param logEvents counts of the service's log events during the run, by event name
 * @param appReadyAt when each task's application logged that it serves (the telemetry's ready event,
 *     {@code service_ready} as deployed), by task id
 * @param pollFailures failed polls during the run, by monitor
 * @param baseline whether the next run can start from a clean baseline
 * @param events the timeline
 * @param telemetry the names the stack's metrics and log events went by, for the reports to call them so
 * @param taskMinutes what the run's tasks cost, as Fargate bills them (model time)
 * @param bounds what the run was allowed to spend, and which bound, if any, ended it
 * @param past what the run history says about the run: the comparison with a baseline run, the trend
 * @param slos the scenario's SLOs, which the reports judge on the run's KPIs; empty when it has none
 * @param generators what each load host's polls said of its load generator, and whether it was saturated
 *     (then the run is {@link Outcome#INCONCLUSIVE})
 * @param cost what the run's task-minutes cost on Fargate, or why that is not measured
 * @param loadHosts each load host's part of the run (its calls, times and SIPp files), in the order configured;
 *     empty when not recorded
 */
public record RunRecord(
        String scenario,
        Target target,
        int timeScale,
        Instant startedAt,
        Instant endedAt,
        Outcome outcome,
        String reason,
        String suiteCommit,
        ScalingConfiguration configuration,
        List<PreflightWarning> preflight,
        List<StepRecord> steps,
        List<CheckRecord> checks,
        CallOutcomes calls,
        List<Duration> setupTimes,
        ConnectTimes connectTimes,
        List<SessionMetrics> metrics,
        Map<String, Long> logEvents,
        Map<String, Instant> appReadyAt,
        Map<String, Integer> pollFailures,
        BaselineState baseline,
        List<Timeline.Event> events,
        Telemetry telemetry,
        TaskMinutes taskMinutes,
        Bounds bounds,
        PastRuns past,
        List<Slo> slos,
        List<GeneratorLoad> generators,
        RunCost cost,
        List<LoadHostRecord> loadHosts) {

    /** What a record made without a cost says of it. */
    static final String COST_NOT_RECORDED = "the run's cost was not recorded";

    /** A run without a history ({@link PastRuns#NONE}) or its cost. */
    public RunRecord(String scenario, Target target, int timeScale, Instant startedAt, Instant endedAt, Outcome outcome,
            String reason, String suiteCommit, ScalingConfiguration configuration, List<PreflightWarning> preflight,
            List<StepRecord> steps, List<CheckRecord> checks, CallOutcomes calls, List<Duration> setupTimes,
            ConnectTimes connectTimes, List<SessionMetrics> metrics, Map<String, Long> logEvents,
            Map<String, Instant> appReadyAt, Map<String, Integer> pollFailures, BaselineState baseline,
            List<Timeline.Event> events, Telemetry telemetry, TaskMinutes taskMinutes, Bounds bounds) {
        this(scenario, target, timeScale, startedAt, endedAt, outcome, reason, suiteCommit, configuration, preflight,
                steps, checks, calls, setupTimes, connectTimes, metrics, logEvents, appReadyAt, pollFailures, baseline,
                events, telemetry, taskMinutes, bounds, PastRuns.NONE);
    }

    /** A run of a scenario without SLOs, whose load generators were not watched, without its cost. */
    public RunRecord(String scenario, Target target, int timeScale, Instant startedAt, Instant endedAt, Outcome outcome,
            String reason, String suiteCommit, ScalingConfiguration configuration, List<PreflightWarning> preflight,
            List<StepRecord> steps, List<CheckRecord> checks, CallOutcomes calls, List<Duration> setupTimes,
            ConnectTimes connectTimes, List<SessionMetrics> metrics, Map<String, Long> logEvents,
            Map<String, Instant> appReadyAt, Map<String, Integer> pollFailures, BaselineState baseline,
            List<Timeline.Event> events, Telemetry telemetry, TaskMinutes taskMinutes, Bounds bounds, PastRuns past) {
        this(scenario, target, timeScale, startedAt, endedAt, outcome, reason, suiteCommit, configuration, preflight,
                steps, checks, calls, setupTimes, connectTimes, metrics, logEvents, appReadyAt, pollFailures, baseline,
                events, telemetry, taskMinutes, bounds, past, List.of(), List.of(),
                RunCost.notMeasured(taskMinutes, COST_NOT_RECORDED, Optional.empty()));
    }

    /** A run whose load hosts' parts were not recorded. */
    public RunRecord(String scenario, Target target, int timeScale, Instant startedAt, Instant endedAt, Outcome outcome,
            String reason, String suiteCommit, ScalingConfiguration configuration, List<PreflightWarning> preflight,
            List<StepRecord> steps, List<CheckRecord> checks, CallOutcomes calls, List<Duration> setupTimes,
            ConnectTimes connectTimes, List<SessionMetrics> metrics, Map<String, Long> logEvents,
            Map<String, Instant> appReadyAt, Map<String, Integer> pollFailures, BaselineState baseline,
            List<Timeline.Event> events, Telemetry telemetry, TaskMinutes taskMinutes, Bounds bounds, PastRuns past,
            List<Slo> slos, List<GeneratorLoad> generators, RunCost cost) {
        this(scenario, target, timeScale, startedAt, endedAt, outcome, reason, suiteCommit, configuration, preflight,
                steps, checks, calls, setupTimes, connectTimes, metrics, logEvents, appReadyAt, pollFailures, baseline,
                events, telemetry, taskMinutes, bounds, past, slos, generators, cost, List.of());
    }

    public RunRecord {
        loadHosts = List.copyOf(loadHosts);
        preflight = List.copyOf(preflight);
        steps = List.copyOf(steps);
        checks = List.copyOf(checks);
        setupTimes = List.copyOf(setupTimes);
        metrics = List.copyOf(metrics);
        logEvents = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(logEvents));
        appReadyAt = Map.copyOf(appReadyAt);
        pollFailures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(pollFailures));
        events = List.copyOf(events);
        slos = List.copyOf(slos);
        generators = List.copyOf(generators);
    }

    /**
     * {@code INCONCLUSIVE}: a load generator was saturated ({@link GeneratorLoad}), so the run proves nothing either
     * way, whatever its checks said; never a pass.
     */
    public enum Outcome { PASSED, FAILED, ABORTED, INCONCLUSIVE }

    /** The same run, ended as {@code outcome} for {@code reason}, its steps as {@code steps}, with {@code past}. */
    public RunRecord ended(Outcome outcome, String reason, List<StepRecord> steps, List<CheckRecord> checks,
            PastRuns past) {
        return new RunRecord(scenario, target, timeScale, startedAt, endedAt, outcome, reason, suiteCommit,
                configuration, preflight, steps, checks, calls, setupTimes, connectTimes, metrics, logEvents, appReadyAt,
                pollFailures, baseline, events, telemetry, taskMinutes, bounds, past, slos, generators, cost, loadHosts);
    }

    /** The same run, of a scenario with {@code slos}. */
    public RunRecord withSlos(List<Slo> slos) {
        return new RunRecord(scenario, target, timeScale, startedAt, endedAt, outcome, reason, suiteCommit,
                configuration, preflight, steps, checks, calls, setupTimes, connectTimes, metrics, logEvents, appReadyAt,
                pollFailures, baseline, events, telemetry, taskMinutes, bounds, past, slos, generators, cost, loadHosts);
    }

    /** The same run with what its load generators' polls said. */
    public RunRecord withGenerators(List<GeneratorLoad> loads) {
        return new RunRecord(scenario, target, timeScale, startedAt, endedAt, outcome, reason, suiteCommit,
                configuration, preflight, steps, checks, calls, setupTimes, connectTimes, metrics, logEvents, appReadyAt,
                pollFailures, baseline, events, telemetry, taskMinutes, bounds, past, slos, loads, cost, loadHosts);
    }

    /** The same run with its cost. */
    public RunRecord withCost(RunCost cost) {
        return new RunRecord(scenario, target, timeScale, startedAt, endedAt, outcome, reason, suiteCommit,
                configuration, preflight, steps, checks, calls, setupTimes, connectTimes, metrics, logEvents, appReadyAt,
                pollFailures, baseline, events, telemetry, taskMinutes, bounds, past, slos, generators, cost, loadHosts);
    }

    /** The same run with each load host's part of it. */
    public RunRecord withLoadHosts(List<LoadHostRecord> hosts) {
        return new RunRecord(scenario, target, timeScale, startedAt, endedAt, outcome, reason, suiteCommit,
                configuration, preflight, steps, checks, calls, setupTimes, connectTimes, metrics, logEvents, appReadyAt,
                pollFailures, baseline, events, telemetry, taskMinutes, bounds, past, slos, generators, cost, hosts);
    }

    /**
     * One load host's part of the run, as SIPp on it saw it; the run's totals ({@link #calls}, {@link #setupTimes},
     * {@link #connectTimes}) are these summed over the hosts.
     *
     * @param host the host as messages name it, {@code user@host:port}
     * @param address the address its SIPp bound (where its calls came from); empty when it placed none
     * @param weight its share of each place-calls step's calls
     * @param runs its SIPp instances' run ids, oldest first (their files in {@code sipp/} start with them)
     * @param tally its calls in the SIP view
     * @param setupTimes INVITE to 200 of its answered calls (wall time)
     * @param connectTimes INVITE to the far end's first RTP packet of its calls (wall time)
     * @param failure why the host failed during the run, or could not be read at its end; empty when it did not
     * @param files its SIPp files as copied into the run's directory ({@code sipp/<run id>-caller_..._rtt.csv}, ...)
     */
    public record LoadHostRecord(String host, String address, int weight, List<String> runs, CallTally tally,
            List<Duration> setupTimes, ConnectTimes connectTimes, Optional<String> failure, List<String> files) {
        public LoadHostRecord {
            runs = List.copyOf(runs);
            setupTimes = List.copyOf(setupTimes);
            files = List.copyOf(files);
        }

        /** The same host with its SIPp files as copied. */
        public LoadHostRecord withFiles(List<String> copied) {
            return new LoadHostRecord(host, address, weight, runs, tally, setupTimes, connectTimes, failure, copied);
        }
    }

    /**
     * Where the run went: {@code local} (the in-process twin), {@code endpoints} (a running twin named
     * by an endpoints file) or {@code aws}; and the service it drove, named alike whether its cluster and
     * name were given as names or ARNs.
     */
    public record Target(String kind, String description, Optional<String> account, Optional<String> region,
            ServiceRef service) {
    }

    /**
     * What the run was allowed to spend (model time), and the bound that ended it, if one did.
     *
     * @param reached {@code max-run-time} or {@code max-task-minutes}
     */
    public record Bounds(Duration maxRunTime, int maxTaskMinutes, Optional<String> reached) {
    }

    /** One step: what it expected, what was seen when it ended, and the model seconds it took. */
    public record StepRecord(int index, String expectation, String expected, String actual, Status status,
            double modelSeconds, String message) {

        /** {@code ABORTED}: cut by a bound of the run ({@code max-run-time}, {@code max-task-minutes}). */
        public enum Status { PASSED, FAILED, ABORTED, NOT_RUN }
    }

    /**
     * One check of the scenario and whether it was measured: a check whose data never arrived is not
     * measured, and fails the run unless the scenario allows it ({@code allow-unmeasured}).
     *
     * @param check its key, as the scenario writes it ({@code max-e2e-p95}, {@code routable-at-least})
     * @param scope {@code thresholds}, {@code invariants} or {@code step <n>}
     * @param allowed whether the scenario lists it under {@code allow-unmeasured}
     * @param notMeasured what was missing and where it was looked for; empty unless not measured
     */
    public record CheckRecord(String check, String scope, Measurement measurement, boolean allowed,
            String notMeasured) {

        /**
         * How a check ended: judged on data that arrived; not judged because it did not; or not judged at
         * all (its step did not run or was cut short, or the run ended before the thresholds).
         */
        public enum Measurement { MEASURED, NOT_MEASURED, NOT_RUN }

        /** {@code measured}, {@code NOT MEASURED}, {@code not measured (allowed)} or {@code not run}. */
        public String result() {
            return switch (measurement) {
                case MEASURED -> "measured";
                case NOT_MEASURED -> allowed ? "not measured (allowed)" : "NOT MEASURED";
                case NOT_RUN -> "not run";
            };
        }
    }

    /** The checks that were not measured. */
    public List<CheckRecord> notMeasured() {
        return checks.stream().filter(c -> c.measurement() == CheckRecord.Measurement.NOT_MEASURED).toList();
    }

    /** The state left for the next run: clean, or the problems its baseline will have to recover. */
    public record BaselineState(boolean clean, List<String> problems) {
        public BaselineState {
            problems = List.copyOf(problems);
        }
    }

    /** The timeline's events of one kind, oldest first. */
    public List<Timeline.Event> events(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).toList();
    }

    /** Model seconds from the start of the run to {@code at}. */
    public double modelSeconds(Instant at) {
        return Duration.between(startedAt, at).toMillis() * (double) timeScale / 1000.0;
    }

    /** The run's length in model time. */
    public double modelDurationSeconds() {
        return modelSeconds(endedAt);
    }
}
