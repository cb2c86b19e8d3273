package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.fleet.Bound;
import dev.scalingsuite.fleet.AgentEvents;
import dev.scalingsuite.fleet.CallOutcomes;
import dev.scalingsuite.fleet.CallQuantity;
import dev.scalingsuite.fleet.CallReconciliation;
import dev.scalingsuite.fleet.CallTally;
import dev.scalingsuite.fleet.FleetSnapshot;
import dev.scalingsuite.fleet.MetricName;
import dev.scalingsuite.fleet.NotMeasuredError;
import dev.scalingsuite.fleet.SourceNames;
import dev.scalingsuite.fleet.finding.Source;
import dev.scalingsuite.fleet.ModelClock;
import dev.scalingsuite.fleet.RolloutState;
import dev.scalingsuite.fleet.ServiceDeployment;
import dev.scalingsuite.fleet.ServiceState;
import dev.scalingsuite.fleet.SessionMetrics;
import dev.scalingsuite.fleet.SipCall;
import dev.scalingsuite.fleet.TaskState;
import dev.scalingsuite.scenario.Condition;
import dev.scalingsuite.scenario.ConditionKind;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every condition kind is described, observed and checked from its one row in {@link ConditionKind}. */
class ExpectationsTest {

    private static final Instant T = Instant.parse("2026-11-23T12:00:00Z");
    /** A rollout in progress: the new deployment PRIMARY, the earlier one still ACTIVE. */
    private static final FleetSnapshot FLEET = new FleetSnapshot(T, new ServiceState(3, 2, 1, "td:2", List.of(
            new ServiceDeployment("ecs-svc/2", "PRIMARY", "td:2", "IN_PROGRESS", "", 3, 1, 1, 0, T, T),
            new ServiceDeployment("ecs-svc/1", "ACTIVE", "td:1", "COMPLETED", "", 1, 1, 0, 0, T, T)), List.of()),
            List.of(task("aaaaaaaa", 5, "healthy"), task("bbbbbbbb", 0, "unhealthy")),
            new SessionMetrics(T, Map.of(SessionMetrics.SESSIONS_PER_TASK, 2.5)));
    private static final ModelClock TIME = new ModelClock(T, 10);
    /** One call the front door hung up on 1 s (10 s model) after the answer, one far-end hang-up without times. */
    private static final CallOutcomes CALLS = CallReconciliation.reconcile(new CallTally(10, 8, 2, 2, 6),
            List.of(SipCall.endedByFarEnd("lost", T.plusSeconds(3), T.plusSeconds(4))), List.of(), AgentEvents.DEFAULTS,
            CallReconciliation.Settings.MODEL_DEFAULTS.map(d -> d.dividedBy(10)), T.plusSeconds(60));
    /** Where the sources are read, as the wiring names them. */
    private static final SourceNames NAMES = new SourceNames() {
        @Override
        public String where(Source source) {
            return switch (source) {
                case ECS_SERVICE -> "ECS service svc of cluster c";
                case HEARTBEATS -> "session table sessions";
                case TARGETS -> "target group tg";
                default -> source.where();
            };
        }

        @Override
        public MetricName metric(String key) {
            return new MetricName("VoiceAgent/Sessions", key, "Environment=poc");
        }
    };
    /** The same fleet with nothing from any source, and calls of an instance whose counts were never read. */
    private static final FleetSnapshot NOTHING = new FleetSnapshot(T, FLEET.service(), FLEET.tasks(), FLEET.metrics(),
            Set.of(Source.ECS_SERVICE, Source.HEARTBEATS, Source.TARGETS));
    private static final CallOutcomes UNCOUNTED = CallOutcomes.ofCounts(new CallTally(10, 8, 2, 0, 8)
            .plus(CallTally.uncounted("run 2-b on sipp@10.0.0.7:22 (/opt/sipp/runs/2-b)")));
    /** Where each kind's quantity is read, as a condition not measured names it. */
    private static final Map<Source, String> MISSING = Map.of(
            Source.ECS_SERVICE, "no service counts in ECS service svc of cluster c at 12:00:00 UTC",
            Source.HEARTBEATS, "no fresh heartbeat in session table sessions at 12:00:00 UTC",
            Source.TARGETS, "no registered target in target group tg at 12:00:00 UTC",
            Source.SIPP_COUNTS, "no SIPp counts (caller_*_counts.csv) in run 2-b on sipp@10.0.0.7:22 "
                    + "(/opt/sipp/runs/2-b) at 12:00:00 UTC");
    private static final Supplier<CallOutcomes> NOT_COUNTED = () -> {
        throw new AssertionError("the calls were counted for a fleet condition");
    };

    /** How each kind reads with 4, and what it observes of FLEET and CALLS. */
    private static final Map<ConditionKind, List<String>> READS = Map.ofEntries(
            Map.entry(ConditionKind.RUNNING_AT_LEAST, List.of("running tasks >= 4", "running tasks 2")),
            Map.entry(ConditionKind.RUNNING_AT_MOST, List.of("running tasks <= 4", "running tasks 2")),
            Map.entry(ConditionKind.RUNNING, List.of("running tasks = 4", "running tasks 2")),
            Map.entry(ConditionKind.DESIRED, List.of("desired count = 4", "desired count 3")),
            Map.entry(ConditionKind.DESIRED_AT_LEAST, List.of("desired count >= 4", "desired count 3")),
            Map.entry(ConditionKind.PENDING, List.of("pending tasks = 4", "pending tasks 1")),
            Map.entry(ConditionKind.ACTIVE_SESSIONS, List.of("active sessions = 4", "active sessions 5")),
            Map.entry(ConditionKind.ACTIVE_SESSIONS_AT_LEAST, List.of("active sessions >= 4", "active sessions 5")),
            Map.entry(ConditionKind.SPREAD_OVER, List.of("running tasks with sessions >= 4",
                    "running tasks with sessions 1")),
            Map.entry(ConditionKind.ROUTABLE_AT_LEAST, List.of("routable tasks >= 4", "routable tasks 1")),
            Map.entry(ConditionKind.DROPPED, List.of("dropped calls <= 4", "dropped calls 1")),
            Map.entry(ConditionKind.REJECTED, List.of("rejected calls <= 4", "rejected calls 2")),
            Map.entry(ConditionKind.FRONT_DOOR_FAILURES, List.of("front-door failures <= 4", "front-door failures 1")),
            Map.entry(ConditionKind.ROLLOUT, List.of("rollout completed", "rollout in-progress")));

    /** The value each kind is written with: 4, or a state for a kind of states (rollout: completed). */
    private static int written(ConditionKind kind) {
        return kind.quantity().named() ? RolloutState.COMPLETED.ordinal() : 4;
    }

    private static TaskState task(String id, int sessions, String health) {
        return new TaskState(id + "0000000000", "10.0.0." + id.length(), "RUNNING", "RUNNING", T, T, T, T, null,
                null, sessions > 0, null, health, sessions, "td:1");
    }

    private static long seen(ConditionKind kind) {
        return kind.quantity().in(FLEET, () -> CALLS);
    }

    @ParameterizedTest
    @EnumSource(ConditionKind.class)
    void everyKindReadsAndObservesAsItDidBefore(ConditionKind kind) {
        assertThat(READS).as("how %s reads and what it observes", kind).containsKey(kind);
        assertThat(new Condition(kind, written(kind), 1).describe()).isEqualTo(READS.get(kind).get(0));
        assertThat(Expectations.observed(List.of(new Condition(kind, written(kind), 1)), FLEET, () -> CALLS))
                .isEqualTo(READS.get(kind).get(1));
    }

    @ParameterizedTest
    @EnumSource(ConditionKind.class)
    void everyKindIsCheckedAgainstWhatItObservesAndFailsWithHowItReads(ConditionKind kind) {
        long seen = seen(kind);
        int failing = (int) (kind.bound() == Bound.AT_MOST ? seen - 1 : seen + 1);
        assertThatCode(() -> Expectations.check(List.of(new Condition(kind, (int) seen, 1)), FLEET, () -> CALLS, TIME, NAMES, T))
                .doesNotThrowAnyException();
        Condition broken = new Condition(kind, failing, 1);
        assertThatThrownBy(() -> Expectations.check(List.of(broken), FLEET, () -> CALLS, TIME, NAMES, T))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith(System.lineSeparator() + "Expected " + broken.describe() + " but was "
                        + kind.quantity().show(seen) + " (");
    }

    @Test
    void fleetConditionsDoNotCountTheCalls() {
        List<Condition> fleetOnly = Arrays.stream(ConditionKind.values())
                .filter(k -> !(k.quantity() instanceof CallQuantity))
                .map(k -> new Condition(k, (int) seen(k), 1)).toList();
        assertThatCode(() -> Expectations.check(fleetOnly, FLEET, NOT_COUNTED, TIME, NAMES, T)).doesNotThrowAnyException();
        assertThat(Expectations.observed(fleetOnly, FLEET, NOT_COUNTED)).isEqualTo("running tasks 2, desired count 3, "
                + "pending tasks 1, active sessions 5, running tasks with sessions 1, routable tasks 1, rollout in-progress");
    }

    @Test
    void theFirstConditionThatDoesNotHoldFailsTheCheck() {
        List<Condition> conditions = List.of(new Condition(ConditionKind.RUNNING_AT_LEAST, 2, 1),
                new Condition(ConditionKind.DROPPED, 0, 2), new Condition(ConditionKind.ROUTABLE_AT_LEAST, 2, 3));
        assertThatThrownBy(() -> Expectations.check(conditions, FLEET, () -> CALLS, TIME, NAMES, T))
                .hasMessage(System.lineSeparator() + "Expected dropped calls <= 0 but was 1 "
                        + "(calls: SIP view: placed 10, answered 8, 503 2, ended by the far end 2, completed 6; stack's view: "
                        + "rejected 2 (503 2, refused after answer 0), dropped 1, front-door failures 1)");
    }

    @Test
    void aFrontDoorFailureConditionNamesEachCallInModelTime() {
        List<Condition> none = List.of(new Condition(ConditionKind.FRONT_DOOR_FAILURES, 0, 1));
        assertThatThrownBy(() -> Expectations.check(none, FLEET, () -> CALLS, TIME, NAMES, T))
                .hasMessage(System.lineSeparator() + "Expected front-door failures <= 0 but was 1 "
                        + "(calls: SIP view: placed 10, answered 8, 503 2, ended by the far end 2, completed 6; stack's view: "
                        + "rejected 2 (503 2, refused after answer 0), dropped 1, front-door failures 1); each a lost call, "
                        + "answered, then hung up by the front door with no agent taking or refusing it: call lost "
                        + "answered at 00:30 and ended by the far end at 00:40, no agent event within 15s of the answer");
    }

    /**
     * A condition whose source had nothing (no service counts, no heartbeat, no target, a caller instance
     * without counts) is not measured, whatever its bound would say of the value it shows: {@code
     * active-sessions: 0} on an empty session table once passed, and {@code dropped: 0} on counts never read.
     */
    @ParameterizedTest
    @EnumSource(ConditionKind.class)
    void everyKindIsNotMeasuredWithoutDataFromItsSourceNamingWhereItLooked(ConditionKind kind) {
        long seen = kind.quantity().in(FLEET, () -> CALLS);
        Condition holding = new Condition(kind, (int) seen, 1);
        assertThatCode(() -> Expectations.check(List.of(holding), FLEET, () -> CALLS, TIME, NAMES, T))
                .as("measured, it holds").doesNotThrowAnyException();

        assertThatThrownBy(() -> Expectations.check(List.of(holding), NOTHING, () -> UNCOUNTED, TIME, NAMES, T))
                .isInstanceOf(NotMeasuredError.class)
                .hasMessage("not measured: " + kind.key() + ": " + MISSING.get(kind.quantity().source()));
        assertThat(Expectations.observed(List.of(holding), NOTHING, () -> UNCOUNTED))
                .isEqualTo(kind.quantity().label() + " not measured");
    }

    @Test
    void aConditionThatFailsOnWhatWasMeasuredIsNamedBeforeOnesNotMeasured() {
        FleetSnapshot noHeartbeats = new FleetSnapshot(T, FLEET.service(), FLEET.tasks(), FLEET.metrics(),
                Set.of(Source.HEARTBEATS));
        List<Condition> conditions = List.of(new Condition(ConditionKind.ACTIVE_SESSIONS, 0, 1),
                new Condition(ConditionKind.RUNNING_AT_LEAST, 3, 2), new Condition(ConditionKind.SPREAD_OVER, 1, 3));
        assertThatThrownBy(() -> Expectations.check(conditions, noHeartbeats, NOT_COUNTED, TIME, NAMES, T))
                .isNotInstanceOf(NotMeasuredError.class)
                .hasMessageStartingWith(System.lineSeparator() + "Expected running tasks >= 3 but was 2 (");
        List<Condition> holding = List.of(conditions.get(0), new Condition(ConditionKind.RUNNING_AT_LEAST, 2, 2),
                conditions.get(2));
        assertThatThrownBy(() -> Expectations.check(holding, noHeartbeats, NOT_COUNTED, TIME, NAMES, T))
                .isInstanceOf(NotMeasuredError.class)
                .hasMessage("not measured: active-sessions: no fresh heartbeat in session table sessions at 12:00:00 UTC; "
                        + "not measured: spread-over: no fresh heartbeat in session table sessions at 12:00:00 UTC");
    }

    @Test
    void aCallBoundTheCountedCallsBreakFailsThoughSomeCountsAreMissing() {
        CallOutcomes partial = CallOutcomes.ofCounts(new CallTally(10, 8, 2, 3, 5)
                .plus(CallTally.uncounted("run 2-b on sipp@10.0.0.7:22 (/opt/sipp/runs/2-b)")));
        assertThatThrownBy(() -> Expectations.check(List.of(new Condition(ConditionKind.DROPPED, 0, 1)), FLEET,
                () -> partial, TIME, NAMES, T)).isNotInstanceOf(NotMeasuredError.class)
                .hasMessageStartingWith(System.lineSeparator() + "Expected dropped calls <= 0 but was 3 (");
    }
}
