package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.fleet.AgentEvent;
import dev.scalingsuite.fleet.AgentEvents;
import dev.scalingsuite.fleet.CallOutcomes;
import dev.scalingsuite.fleet.CallReconciliation;
import dev.scalingsuite.fleet.CallTally;
import dev.scalingsuite.fleet.ModelClock;
import dev.scalingsuite.fleet.SipCall;
import dev.scalingsuite.scenario.ScenarioLoader;
import dev.scalingsuite.scenario.Thresholds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * From a scenario's thresholds as written, and SIPp's calls and the agents' events as a run at time
 * scale 10 reads them, to the thresholds' verdict and its message: the path a run's {@code thresholds}
 * test takes. Times in messages are model time since T0.
 */
class CallThresholdsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final ModelClock MODEL = new ModelClock(T0, 10);
    private static final AgentEvents NAMES = AgentEvents.DEFAULTS;
    private static final CallReconciliation.Settings WALL = CallReconciliation.Settings.MODEL_DEFAULTS
            .map(d -> d.dividedBy(10));
    private static final String NL = System.lineSeparator();

    private static Thresholds thresholds(String yaml) {
        return ScenarioLoader.parse("name: t\n" + yaml + "steps:\n  - place-calls: {count: 3}\n", "t.yaml")
                .thresholds();
    }

    /** {@code seconds} of model time after T0, as a wall-clock instant at time scale 10. */
    private static Instant model(double seconds) {
        return T0.plusMillis(Math.round(seconds * 100));
    }

    /**
     * Three calls the far end ended: one refused (call_rejected_at_capacity), one hung up 11 s (model)
     * after the answer with no agent event, one whose start failed; and one the suite ended.
     */
    private static CallOutcomes run(double logsReadAt) {
        List<SipCall> calls = new ArrayList<>();
        calls.add(SipCall.endedByFarEnd("refused", model(10), model(12)));
        calls.add(SipCall.endedByFarEnd("lost", model(30), model(41)));
        calls.add(SipCall.endedByFarEnd("failed", model(60), model(62)));
        calls.add(SipCall.endedBySuite("kept", model(5), model(300)));
        List<AgentEvent> events = List.of(new AgentEvent(NAMES.rejectedAtCapacity(), model(11), "task-a"),
                new AgentEvent(NAMES.startFailed(), model(61), "task-b"),
                new AgentEvent(NAMES.sessionStarted(), model(6), "task-a"));
        return CallReconciliation.reconcile(new CallTally(4, 4, 0, 3, 1), calls, events, NAMES, WALL,
                model(logsReadAt));
    }

    @Test
    void aScenarioThatSetsNoBoundFailsOnAFrontDoorFailureByDefaultNamingEachCall() {
        Thresholds unset = thresholds("thresholds:\n  max-dropped: 0\n  max-rejected: 1\n");
        CallOutcomes calls = run(600);

        assertThat(CallThresholds.expected(unset))
                .containsExactly("dropped <= 0", "rejected <= 1", "front-door failures <= 0 (default)");
        assertThat(CallThresholds.actual(calls)).isEqualTo("dropped 0, rejected 1 (503 0, refused after answer 1), "
                + "front-door failures 2, ended by the far end 3");
        assertThatThrownBy(() -> CallThresholds.check(unset, calls, MODEL)).isInstanceOf(AssertionError.class)
                .hasMessage(NL + "Expected front-door failures <= 0 (the default when a scenario sets no "
                        + "max-front-door-failures) but was 2 (calls: SIP view: placed 4, answered 4, 503 0, ended by "
                        + "the far end 3, completed 1; stack's view: rejected 1 (503 0, refused after answer 1), "
                        + "dropped 0, front-door failures 2); each a lost call, answered, then hung up by the front door "
                        + "with no agent taking or refusing it: call lost answered at 00:30 and ended by the far end at "
                        + "00:41, no agent event within 15s of the answer; call failed answered at 01:00 and ended by "
                        + "the far end at 01:02, no session started: the agents logged session_start_failed at 01:01");
        assertThatThrownBy(() -> CallThresholds.check(Thresholds.NONE, calls, MODEL))
                .as("no thresholds section at all").hasMessageContaining("front-door failures <= 0 (the default");
    }

    @Test
    void aScenarioMayAllowFrontDoorFailures() {
        Thresholds allowed = thresholds("thresholds:\n  max-rejected: 1\n  max-front-door-failures: 2\n");
        Thresholds one = thresholds("thresholds:\n  max-front-door-failures: 1\n");

        assertThat(CallThresholds.expected(allowed)).containsExactly("rejected <= 1", "front-door failures <= 2");
        assertThatCode(() -> CallThresholds.check(allowed, run(600), MODEL)).doesNotThrowAnyException();
        assertThatThrownBy(() -> CallThresholds.check(one, run(600), MODEL))
                .hasMessageStartingWith(NL + "Expected front-door failures <= 1 but was 2 (calls: ");
    }

    @Test
    void aBoundTheJudgedCallsBreakIsNamedBeforeTheCallsNotJudged() {
        // the log read at 01:10 judges hang-ups up to 00:58: "failed" (01:02) is not judged yet
        CallOutcomes early = run(70);
        assertThat(early.notJudgedYet()).isEqualTo(1);

        assertThatThrownBy(() -> CallThresholds.check(Thresholds.NONE, early, MODEL))
                .hasMessageStartingWith(NL + "Expected front-door failures <= 0 (the default");
        Thresholds allowed = thresholds("thresholds:\n  max-front-door-failures: 1\n");
        assertThat(CallThresholds.actual(early)).isEqualTo("dropped 0, rejected 1 (503 0, refused after answer 1), "
                + "front-door failures 1, not judged 1, ended by the far end 3");
        assertThatThrownBy(() -> CallThresholds.check(allowed, early, MODEL))
                .hasMessage(NL + "Expected every call the far end ended to be judged from the agents' log but 1 was "
                        + "not (calls: SIP view: placed 4, answered 4, 503 0, ended by the far end 3, completed 1; "
                        + "stack's view: rejected 1 (503 0, refused after answer 1), dropped 0, front-door failures 1, "
                        + "not judged yet 1): call failed answered at 01:00 and ended by the far end at 01:02; the "
                        + "agents' log was read up to 01:10 (the suite's clock), which judges the hang-ups up to 00:58 "
                        + "(a hang-up is judged once the log is read 12s past it: clock skew 2s + the log's delivery "
                        + "delay 10s), and SIPp's clock puts these hang-ups later: the load host's clock may run ahead "
                        + "of the suite's by more than the skew allowed; a call not judged is counted as neither "
                        + "dropped, rejected nor a front-door failure, so the thresholds cannot pass on it");
        assertThatCode(() -> CallThresholds.check(thresholds("thresholds:\n  max-front-door-failures: 2\n"),
                run(74.1), MODEL)).as("read 12 s past the last hang-up: every call judged").doesNotThrowAnyException();
    }

    @Test
    void noFarEndHangUpPassesTheDefault() {
        CallOutcomes calm = CallReconciliation.reconcile(new CallTally(2, 2, 0, 0, 2),
                List.of(SipCall.endedBySuite("a", model(1), model(100)), SipCall.endedBySuite("b", model(2), model(100))),
                List.of(), NAMES, WALL, model(200));
        assertThatCode(() -> CallThresholds.check(Thresholds.NONE, calm, MODEL)).doesNotThrowAnyException();
    }
}
