package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.fleet.AgentEvents;
import dev.scalingsuite.fleet.CallOutcomes;
import dev.scalingsuite.fleet.CallReconciliation;
import dev.scalingsuite.fleet.EcsPort;
import dev.scalingsuite.fleet.FleetPorts;
import dev.scalingsuite.fleet.LogEventsPort;
import dev.scalingsuite.fleet.MetricName;
import dev.scalingsuite.fleet.MetricsPort;
import dev.scalingsuite.fleet.ModelClock;
import dev.scalingsuite.fleet.NotMeasuredError;
import dev.scalingsuite.fleet.ScalingActivity;
import dev.scalingsuite.fleet.ScalingConfiguration;
import dev.scalingsuite.fleet.ScalingPort;
import dev.scalingsuite.fleet.RevisionChange;
import dev.scalingsuite.fleet.ServiceState;
import dev.scalingsuite.fleet.SessionMetrics;
import dev.scalingsuite.fleet.SessionsPort;
import dev.scalingsuite.fleet.TargetGroupSettings;
import dev.scalingsuite.fleet.TargetHealthPort;
import dev.scalingsuite.fleet.TaskSize;
import dev.scalingsuite.fleet.TaskState;
import dev.scalingsuite.fleet.Telemetry;
import dev.scalingsuite.fleet.Timeline;
import dev.scalingsuite.fleet.finding.NotMeasured;
import dev.scalingsuite.load.CallCounts;
import dev.scalingsuite.monitor.FleetMonitor;
import dev.scalingsuite.monitor.PollIntervals;
import dev.scalingsuite.report.RunRecord.CheckRecord;
import dev.scalingsuite.report.RunRecord.CheckRecord.Measurement;
import dev.scalingsuite.scenario.Scenario;
import dev.scalingsuite.scenario.ScenarioLoader;
import dev.scalingsuite.scenario.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Nothing passes unmeasured: a run against fakes of the fleet ports, one of its data sources emptied in
 * turn, through the real monitors, invariant guard, step conditions and thresholds check. Every check that
 * depends on the emptied source ends not measured, with the exact message naming what was missing and where
 * it was looked for, and fails the run; every other check is measured. With the scenario allowing those
 * checks ({@code allow-unmeasured}) the run passes and says what was not measured. The control row empties
 * nothing, and every check is measured and holds.
 *
 * <p>The story, in model seconds at time scale 1 from 12:00:00 UTC: task a (10.0.0.1) runs and takes 5 calls
 * at 10 s; desired goes 1 -> 2 at 200 s, task b (10.0.0.2) is created then, runs at 260 s, logs service_ready
 * at 270 s and is healthy from 285 s; 2 more calls land on b at 300 s; the session counter and the agents'
 * latency publish a datapoint every minute, 10 s after it ends. The run is judged at 600 s.
 */
class NothingPassesUnmeasuredTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration END = Duration.ofSeconds(600);
    private static final String A = "aaaaaaaa0000";
    private static final String B = "bbbbbbbb1111";
    private static final String SIPP = "run 1-ab on sipp@10.0.0.9:22 (/opt/sipp/runs/1-ab)";
    private static final String CONDITIONS = "running-at-least: 2, desired: 2, routable-at-least: 2, active-sessions: 7, "
            + "spread-over: 2, dropped: 0, rejected: 0, front-door-failures: 0";
    private static final String SCENARIO = """
            name: unmeasured
            thresholds: {max-dropped: 0, max-rejected: 0, max-e2e-p95: 2500ms}
            invariants:
              no-flapping: 10m
              no-overshoot: 1
              calls-spread: true
              busy-tasks-protected: true
              no-busy-task-stopped: true
              max-dropped: 0
              max-front-door-failures: 0
              cold-start-at-most: 2m
              health-checks-as-configured: true
              metrics-every-period: true
            %s
            steps:
              - place-calls: {count: 7}
              - expect: {%s, within: 10m}
            """;

    private static final String WINDOW = "between 12:00:00 and 12:10:00 UTC";
    private static final String NO_POLICY = "no target-tracking policy in the scaling policies of "
            + "service/voice-agent-poc-cluster/voice-agent-poc-service (Application Auto Scaling) at 12:00:00 UTC";
    private static final String NO_HEARTBEAT = "no fresh heartbeat in session table voice-agent-poc-sessions";
    private static final String NO_TARGET = "no registered target in target group voice-agent-poc-tg";
    private static final String NO_COUNTS = "no SIPp counts (caller_*_counts.csv) in " + SIPP;

    /** The sources a run reads, each emptied in one row, with what every check depending on it then misses. */
    enum Emptied {
        NOTHING(),
        METRICS(
                "invariants/metrics-every-period", "no SessionsPerTask datapoint in VoiceAgent/Sessions {Environment=poc} "
                        + WINDOW,
                "thresholds/max-e2e-p95", "no AgentResponseLatency datapoint in VoiceAgent/Pipeline {Environment=poc} "
                        + "between 11:59:00 and 12:10:00 UTC"),
        POLICY(
                "invariants/no-overshoot", NO_POLICY,
                "invariants/calls-spread", NO_POLICY),
        LOGS(
                "invariants/health-checks-as-configured", "no service_ready event of task bbbbbbbb in log group "
                        + "/ecs/voice-agent-poc " + WINDOW),
        HEARTBEATS(
                "invariants/no-overshoot", NO_HEARTBEAT + " " + WINDOW,
                "invariants/calls-spread", NO_HEARTBEAT + " " + WINDOW,
                "invariants/busy-tasks-protected", NO_HEARTBEAT + " " + WINDOW,
                "invariants/no-busy-task-stopped", NO_HEARTBEAT + " " + WINDOW,
                "step 2/active-sessions", NO_HEARTBEAT + " at 12:10:00 UTC",
                "step 2/spread-over", NO_HEARTBEAT + " at 12:10:00 UTC"),
        TARGETS(
                "invariants/calls-spread", NO_TARGET + " " + WINDOW,
                "invariants/cold-start-at-most", NO_TARGET + " " + WINDOW,
                "invariants/health-checks-as-configured", NO_TARGET + " " + WINDOW,
                "step 2/routable-at-least", NO_TARGET + " at 12:10:00 UTC"),
        SIPP_COUNTS(
                "invariants/max-dropped", NO_COUNTS,
                "invariants/max-front-door-failures", NO_COUNTS,
                "thresholds/max-dropped", NO_COUNTS,
                "thresholds/max-rejected", NO_COUNTS,
                "thresholds/max-front-door-failures", NO_COUNTS,
                "step 2/dropped", NO_COUNTS + " at 12:10:00 UTC",
                "step 2/rejected", NO_COUNTS + " at 12:10:00 UTC",
                "step 2/front-door-failures", NO_COUNTS + " at 12:10:00 UTC");

        /**
         * The message of each check not measured, by {@code <scope>/<check>}, in the order the run names them:
         * the invariants in the order the scenario's keys go, then the thresholds, then the step's conditions.
         */
        final Map<String, String> notMeasured = new LinkedHashMap<>();

        Emptied(String... idsAndMissing) {
            for (int i = 0; i < idsAndMissing.length; i += 2) {
                String id = idsAndMissing[i];
                notMeasured.put(id, "not measured: " + id.substring(id.indexOf('/') + 1) + ": " + idsAndMissing[i + 1]);
            }
        }

        /** The keys the scenario lists under allow-unmeasured to let the run pass. */
        String allowed() {
            return notMeasured.keySet().stream().map(id -> id.substring(id.indexOf('/') + 1)).distinct()
                    .collect(Collectors.joining(", ", "allow-unmeasured: [", "]"));
        }

        /** How the expect step fails: its alias, then each of its conditions not measured; empty when it passes. */
        String stepFailure() {
            List<String> step = messages(true);
            return step.isEmpty() ? "" : ALIAS + ": " + String.join("; ", step);
        }

        /** How the thresholds fail: each invariant, then each threshold not measured; empty when they pass. */
        String thresholdsFailure() {
            return String.join("; ", messages(false));
        }

        private List<String> messages(boolean ofTheStep) {
            return notMeasured.entrySet().stream().filter(e -> e.getKey().startsWith("step") == ofTheStep)
                    .map(Map.Entry::getValue).toList();
        }
    }

    private static final String ALIAS = "step 2: running tasks >= 2 and desired count = 2 and routable tasks >= 2 and "
            + "active sessions = 7 and running tasks with sessions >= 2 and dropped calls <= 0 and rejected calls <= 0 "
            + "and front-door failures <= 0 within 10m";

    @ParameterizedTest
    @EnumSource(Emptied.class)
    void everyCheckThatDependsOnAnEmptiedSourceIsNotMeasuredAndFailsTheRun(Emptied emptied) {
        Run run = new Run(emptied, scenario("")).judge();

        assertThat(run.notMeasured()).as("the checks not measured, and what each missed")
                .containsExactlyInAnyOrderEntriesOf(emptied.notMeasured);
        assertThat(run.measurements.records()).filteredOn(c -> c.measurement() != Measurement.NOT_MEASURED)
                .extracting(CheckRecord::measurement).as("every other check was measured")
                .containsOnly(Measurement.MEASURED);
        assertThat(run.stepFailure).as("how the step ended").isEqualTo(emptied.stepFailure());
        assertThat(run.thresholdsFailure).as("how the thresholds ended").isEqualTo(emptied.thresholdsFailure());
        assertThat(run.measurements.records()).filteredOn(c -> c.measurement() == Measurement.NOT_MEASURED)
                .extracting(CheckRecord::allowed).as("none allowed").doesNotContain(true);
    }

    @ParameterizedTest
    @EnumSource(value = Emptied.class, names = "NOTHING", mode = EnumSource.Mode.EXCLUDE)
    void allowedNotToBeMeasuredTheRunPassesAndSaysWhatWasNot(Emptied emptied) {
        Run run = new Run(emptied, scenario(emptied.allowed())).judge();

        assertThat(run.stepFailure + run.thresholdsFailure).as("nothing failed").isEmpty();
        assertThat(run.notMeasured()).containsExactlyInAnyOrderEntriesOf(emptied.notMeasured);
        assertThat(run.measurements.records()).filteredOn(c -> c.measurement() == Measurement.NOT_MEASURED)
                .extracting(CheckRecord::allowed).containsOnly(true);
        String said = run.stepSaid + " | " + run.thresholdsSaid;
        emptied.notMeasured.values().forEach(message -> assertThat(said).as("what the run says")
                .contains(message.substring("not measured: ".length())));
        assertThat(said).startsWith(emptied.stepFailure().isEmpty() ? " | not measured (allowed): "
                : "not measured (allowed): ");
    }

    private static Scenario scenario(String allowUnmeasured) {
        return ScenarioLoader.parse(SCENARIO.formatted(allowUnmeasured, CONDITIONS), "unmeasured.yaml");
    }

    /**
     * One run of the scenario against the story with one source emptied: the monitors poll every 10 s of the
     * story and the guard checks the invariants after each poll; then the expect step ends on the last
     * snapshot, and the thresholds judge the run, each as a scenario run does (a run stops at its first
     * failure; here both are judged, so that every check's measurement shows).
     */
    private static final class Run {
        final Measurements measurements;
        final Scenario scenario;
        final Emptied emptied;
        final MutableClock clock = new MutableClock();
        String stepSaid = "";
        String thresholdsSaid = "";
        String stepFailure = "";
        String thresholdsFailure = "";

        Run(Emptied emptied, Scenario scenario) {
            this.emptied = emptied;
            this.scenario = scenario;
            this.measurements = new Measurements(scenario);
        }

        Run judge() {
            Story story = new Story(emptied, clock);
            FleetPorts ports = story.ports();
            Timeline timeline = Timeline.inMemory();
            Duration poll = Duration.ofMillis(2);
            try (FleetMonitor monitor = new FleetMonitor(ports, new PollIntervals(poll, poll, poll, poll, poll, poll),
                    timeline, clock, Duration.ofSeconds(90), Telemetry.DEPLOYED.events(), Duration.ofSeconds(12))) {
                CallOutcomes calls = story.calls();
                ModelClock model = new ModelClock(T0, 1);
                InvariantGuard guard = new InvariantGuard(scenario.invariants(), model, ports.scaling().configuration(),
                        ports.targets().settings(), Duration.ofSeconds(5), new InvariantGuard.Sources(timeline, monitor,
                                () -> calls, ports, "service_ready", clock), measurements);
                for (long s = 0; s <= END.toSeconds(); s += 10) {
                    clock.at(T0.plusSeconds(s));
                    awaitEveryMonitorReadAt(monitor, clock.instant());
                    guard.check(); // a violation would fail the test: the story breaks no invariant
                }
                Step.Expect expect = (Step.Expect) scenario.steps().get(1);
                List<NotMeasured> notMeasured = List.of();
                try {
                    Expectations.check(expect.conditions(), monitor.latest(), () -> calls, model, ports, clock.instant());
                } catch (NotMeasuredError e) {
                    notMeasured = e.notMeasured();
                }
                try {
                    stepSaid = measurements.stepEnded(2, ALIAS, expect.conditions(), notMeasured);
                } catch (AssertionError e) {
                    stepFailure = e.getMessage();
                }
                try {
                    thresholdsSaid = ThresholdsCheck.check(scenario.thresholds(), guard, measurements, calls,
                            ThresholdsCheck.Latency.read(ports.metrics(), T0.minusSeconds(60), clock.instant()), model);
                } catch (NotMeasuredError e) {
                    throw new IllegalStateException("a check not measured escaped the thresholds' verdict", e);
                } catch (AssertionError e) {
                    thresholdsFailure = e.getMessage();
                }
            }
            return this;
        }

        /** The message of each check not measured, by {@code <scope>/<check>}. */
        Map<String, String> notMeasured() {
            Map<String, String> out = new LinkedHashMap<>();
            measurements.records().stream().filter(c -> c.measurement() == Measurement.NOT_MEASURED)
                    .forEach(c -> out.put(c.scope() + "/" + c.check(), c.notMeasured()));
            return out;
        }

        /** The monitors poll on their own threads; the story's clock moves on once each has read it. */
        private static void awaitEveryMonitorReadAt(FleetMonitor monitor, Instant at) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (monitor.readUpTo().values().stream().anyMatch(read -> read.isBefore(at))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the monitors did not read at " + at + ": " + monitor.readUpTo());
                }
                Thread.onSpinWait();
            }
        }
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private volatile Instant now = T0;

        void at(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** The service the story tells, read through fakes of the fleet ports; the emptied source shows nothing. */
    private static final class Story {
        private final Emptied emptied;
        private final Clock clock;

        Story(Emptied emptied, Clock clock) {
            this.emptied = emptied;
            this.clock = clock;
        }

        private long t() {
            return Duration.between(T0, clock.instant()).toSeconds();
        }

        private int sessions(String task) {
            return task.equals(A) ? (t() >= 10 ? 5 : 0) : (t() >= 300 ? 2 : 0);
        }

        /** SIPp's counts of the one caller instance: 7 placed and answered, none ended yet; none when emptied. */
        CallOutcomes calls() {
            Optional<CallCounts> counts = emptied == Emptied.SIPP_COUNTS ? Optional.empty()
                    : Optional.of(new CallCounts(7, 7, 0, 0, 0, 0));
            return CallReconciliation.reconcile(LoadDriver.tally(SIPP, counts), List.of(), List.of(),
                    AgentEvents.DEFAULTS, CallReconciliation.Settings.MODEL_DEFAULTS, T0.plus(END));
        }

        FleetPorts ports() {
            return new FleetPorts(ecs(), metrics(), heartbeats(), targets(), logs(), scaling());
        }

        private EcsPort ecs() {
            return new EcsPort() {
                @Override
                public ServiceState service() {
                    return new ServiceState(t() >= 200 ? 2 : 1, t() >= 260 ? 2 : 1, t() >= 200 && t() < 260 ? 1 : 0);
                }

                @Override
                public List<TaskState> tasks() {
                    List<TaskState> tasks = new ArrayList<>();
                    tasks.add(task(A, "10.0.0.1", "RUNNING", T0.minusSeconds(3600)));
                    if (t() >= 200) {
                        tasks.add(task(B, "10.0.0.2", t() >= 260 ? "RUNNING" : "PENDING", T0.plusSeconds(200)));
                    }
                    return tasks;
                }

                private TaskState task(String id, String ip, String status, Instant created) {
                    return new TaskState(id, ip, status, "RUNNING", created, created, created, created, null, null,
                            sessions(id) > 0, null, "unknown", 0, "td:1");
                }

                @Override
                public String where() {
                    return "ECS service voice-agent-poc-service of cluster voice-agent-poc-cluster";
                }

                @Override
                public void setDesiredCount(int count) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public TaskSize taskSize(String taskDefinition) {
                    throw new IllegalStateException("this stand-in reads no task size");
                }

                @Override
                public Map<String, String> imageDigests() {
                    return Map.of(); // this stand-in's tasks reported no digest
                }

                @Override
                public Map<String, String> taskDefinitionTags(String taskDefinition) {
                    return Map.of();
                }

                @Override
                public String registerRevision(String taskDefinition, RevisionChange change) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public String deploy(String taskDefinition) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        private MetricsPort metrics() {
            return new MetricsPort() {
                @Override
                public SessionMetrics latest(Instant from, Instant to) {
                    List<SessionMetrics> all = history(from, to);
                    return all.isEmpty() ? SessionMetrics.NONE : all.get(all.size() - 1);
                }

                @Override
                public List<SessionMetrics> history(Instant from, Instant to) {
                    List<SessionMetrics> out = new ArrayList<>();
                    for (long m = 0; emptied != Emptied.METRICS && T0.plusSeconds(60 * m + 70).compareTo(
                            clock.instant()) <= 0; m++) {
                        Instant at = T0.plusSeconds(60 * m);
                        if (!at.isBefore(from) && at.isBefore(to)) {
                            out.add(new SessionMetrics(at, Map.of(SessionMetrics.SESSIONS_PER_TASK, 2.5,
                                    SessionMetrics.LATENCY_P95, 800.0)));
                        }
                    }
                    return out;
                }

                @Override
                public MetricName metric(String key) {
                    return key.equals(SessionMetrics.LATENCY_P95)
                            ? new MetricName("VoiceAgent/Pipeline", "AgentResponseLatency", "Environment=poc")
                            : new MetricName("VoiceAgent/Sessions", key, "Environment=poc");
                }
            };
        }

        private SessionsPort heartbeats() {
            return new SessionsPort() {
                @Override
                public Map<String, Integer> sessionsByTask(Instant freshAfter) {
                    Map<String, Integer> byTask = new LinkedHashMap<>();
                    if (emptied != Emptied.HEARTBEATS) {
                        byTask.put(A, sessions(A));
                        if (t() >= 270) {
                            byTask.put(B, sessions(B));
                        }
                    }
                    return byTask;
                }

                @Override
                public int activeSessions() {
                    return sessions(A) + sessions(B);
                }

                @Override
                public String where() {
                    return "session table voice-agent-poc-sessions";
                }
            };
        }

        private TargetHealthPort targets() {
            return new TargetHealthPort() {
                @Override
                public Map<String, String> healthByIp() {
                    Map<String, String> health = new LinkedHashMap<>();
                    if (emptied != Emptied.TARGETS) {
                        health.put("10.0.0.1", "healthy");
                        if (t() >= 260) {
                            health.put("10.0.0.2", t() >= 285 ? "healthy" : "initial");
                        }
                    }
                    return health;
                }

                @Override
                public TargetGroupSettings settings() {
                    return new TargetGroupSettings(10, 2, 2, 300);
                }

                @Override
                public String where() {
                    return "target group voice-agent-poc-tg";
                }
            };
        }

        private LogEventsPort logs() {
            return new LogEventsPort() {
                @Override
                public Map<String, Long> count(Collection<String> events, Instant from, Instant to) {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    events.forEach(e -> counts.put(e, 0L));
                    return counts;
                }

                @Override
                public List<LogOccurrence> occurrences(String event, Instant from, Instant to) {
                    Instant ready = T0.plusSeconds(270);
                    boolean logged = emptied != Emptied.LOGS && event.equals("service_ready") && t() >= 270
                            && !ready.isBefore(from) && !ready.isAfter(to);
                    return logged ? List.of(new LogOccurrence(ready, B)) : List.of();
                }

                @Override
                public String where() {
                    return "log group /ecs/voice-agent-poc";
                }
            };
        }

        private ScalingPort scaling() {
            return new ScalingPort() {
                @Override
                public ScalingConfiguration configuration() {
                    List<ScalingConfiguration.TargetTracking> tracking = emptied == Emptied.POLICY ? List.of()
                            : List.of(new ScalingConfiguration.TargetTracking("tt", "SessionsPerTask", "Average", 3, 60,
                                    300, true));
                    return new ScalingConfiguration(1, 12, tracking, List.of(), OptionalInt.of(10));
                }

                @Override
                public List<ScalingActivity> activitiesSince(Instant since) {
                    return List.of();
                }

                @Override
                public String where() {
                    return "the scaling policies of service/voice-agent-poc-cluster/voice-agent-poc-service "
                            + "(Application Auto Scaling)";
                }
            };
        }
    }
}
