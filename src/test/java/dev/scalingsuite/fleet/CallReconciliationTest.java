package dev.scalingsuite.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.fleet.CallOutcomes.JudgedCall;
import dev.scalingsuite.fleet.CallOutcomes.StackView;
import dev.scalingsuite.fleet.finding.CallDisagreement;
import dev.scalingsuite.fleet.finding.CallDisagreement.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Far-end hang-ups counted as the stack counts them, on hand-written calls and agent events. Times
 * are seconds since T0 on one clock; the settings are the model defaults (skew 2 s, webhook timeout
 * 10 s + slack 5 s, log delay 10 s), and the log is read long after every call unless a test says
 * otherwise.
 */
class CallReconciliationTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final AgentEvents NAMES = AgentEvents.DEFAULTS;
    private static final CallReconciliation.Settings SETTINGS = CallReconciliation.Settings.MODEL_DEFAULTS;
    private static final String AT_CAPACITY = "call_rejected_at_capacity";
    private static final String DRAINING = "call_rejected_draining";
    private static final String START_FAILED = "session_start_failed";
    private static final String STARTED = "session_started";

    /** A run's calls and agent events, at seconds since T0. */
    private static final class Run {
        private final List<SipCall> calls = new ArrayList<>();
        private final List<AgentEvent> events = new ArrayList<>();
        private long rejected503;
        private long completed;
        private double readAt = 3600;
        private CallReconciliation.Settings settings = SETTINGS;

        /** A call answered at {@code answered} and ended by the far end at {@code bye}. */
        Run farEnd(String id, double answered, double bye) {
            calls.add(SipCall.endedByFarEnd(id, at(answered), at(bye)));
            return this;
        }

        Run bySuite(String id, double answered, double ended) {
            calls.add(SipCall.endedBySuite(id, at(answered), at(ended)));
            completed++;
            return this;
        }

        Run up(String id, double answered) {
            calls.add(SipCall.up(id, at(answered)));
            return this;
        }

        Run event(String name, double s) {
            events.add(new AgentEvent(name, at(s), "task-" + (events.size() % 2)));
            return this;
        }

        Run rejected503(long n) {
            rejected503 = n;
            return this;
        }

        /** The agents' log was last read at {@code s}. */
        Run readAt(double s) {
            readAt = s;
            return this;
        }

        Run skew(double seconds) {
            settings = new CallReconciliation.Settings(millis(seconds), settings.webhookTimeout(), settings.slack(),
                    settings.logDelay());
            return this;
        }

        CallOutcomes judge() {
            long farEnd = calls.stream().filter(c -> c.ending() == SipCall.Ending.BY_FAR_END).count();
            CallTally sip = new CallTally(calls.size() + rejected503, calls.size(), rejected503, farEnd, completed);
            return CallReconciliation.reconcile(sip, calls, events, NAMES, settings, at(readAt));
        }
    }

    private static Instant at(double s) {
        return T0.plus(millis(s));
    }

    private static Duration millis(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }

    private static StackView view(CallOutcomes outcomes, String id) {
        return judged(outcomes, id).view();
    }

    private static JudgedCall judged(CallOutcomes outcomes, String id) {
        return outcomes.farEnd().stream().filter(c -> c.call().callId().equals(id)).findFirst().orElseThrow();
    }

    @Nested
    class Rejected {

        @Test
        void aCallHungUpRightAfterTheAnswerWithARefusalInItsSpanIsRejectedNotDropped() {
            CallOutcomes calls = new Run().farEnd("a", 10, 11.5).event(AT_CAPACITY, 10.8).judge();

            assertThat(view(calls, "a")).isEqualTo(StackView.REJECTED);
            assertThat(calls.rejected()).isEqualTo(1);
            assertThat(calls.refusedAfterAnswer()).isEqualTo(1);
            assertThat(calls.dropped()).isZero();
            assertThat(calls.endedByFarEnd()).as("the SIP view is unchanged").isEqualTo(1);
            assertThat(calls.disagreements()).containsExactly(new CallDisagreement(Kind.REFUSED_AFTER_ANSWER, 1,
                    Duration.ofMillis(1500), Map.of(AT_CAPACITY, 1), Duration.ofSeconds(15), 0));
        }

        @Test
        void theWebhooksRetriesOfOneCallAreAllAccountedToItAndEachEventIsUsedOnce() {
            CallOutcomes calls = new Run()
                    .farEnd("a", 10, 12).event(AT_CAPACITY, 10.2).event(AT_CAPACITY, 10.9).event(AT_CAPACITY, 11.6)
                    .farEnd("b", 14, 16).event(DRAINING, 15)
                    .farEnd("c", 20, 21).event(AT_CAPACITY, 20.4)
                    .judge();

            assertThat(calls.farEnd()).extracting(JudgedCall::view).containsOnly(StackView.REJECTED);
            assertThat(judged(calls, "a").events()).extracting(AgentEvent::at)
                    .containsExactly(at(10.2), at(10.9), at(11.6));
            assertThat(judged(calls, "b").events()).extracting(AgentEvent::name).containsExactly(DRAINING);
            assertThat(judged(calls, "c").events()).hasSize(1);
            assertThat(calls.unmatchedEvents()).isEmpty();
            assertThat(calls.rejected()).isEqualTo(3);
            assertThat(calls.disagreements()).singleElement().satisfies(d -> {
                assertThat(d.kind()).isEqualTo(Kind.REFUSED_AFTER_ANSWER);
                assertThat(d.calls()).isEqualTo(3);
                assertThat(d.longestSinceAnswer()).isEqualTo(Duration.ofSeconds(2));
                assertThat(d.events()).isEqualTo(Map.of(AT_CAPACITY, 4, DRAINING, 1));
            });
        }

        @Test
        void overlappingCallsTakeTheEarliestFreeRefusalEarliestHangUpFirst() {
            // both spans hold both refusals: the call that hung up first takes the first, the other the second
            CallOutcomes calls = new Run().farEnd("late", 10, 14).farEnd("early", 10.1, 12)
                    .event(AT_CAPACITY, 10.5).event(AT_CAPACITY, 11.0).judge();

            assertThat(judged(calls, "early").events()).extracting(AgentEvent::at).containsExactly(at(10.5));
            assertThat(judged(calls, "late").events()).extracting(AgentEvent::at).containsExactly(at(11.0));
            assertThat(calls.refusedAfterAnswer()).isEqualTo(2);
        }

        @Test
        void oneRefusalAccountsForOneCallOnly() {
            CallOutcomes calls = new Run().farEnd("a", 10, 11).farEnd("b", 10.2, 11.2).event(AT_CAPACITY, 10.6).judge();

            assertThat(view(calls, "a")).isEqualTo(StackView.REJECTED);
            assertThat(view(calls, "b")).as("no event left for it, and no agent event at all")
                    .isEqualTo(StackView.FRONT_DOOR_FAILURE);
            assertThat(calls.rejected()).isEqualTo(1);
            assertThat(calls.frontDoorFailures()).isEqualTo(1);
        }

        @Test
        void aSip503StaysRejectedAndRefusalsNoHangUpAccountsForAreReportedBesideThe503s() {
            CallOutcomes calls = new Run().rejected503(2).bySuite("ok", 5, 60)
                    .event(AT_CAPACITY, 20).event(AT_CAPACITY, 21).judge();

            assertThat(calls.rejected503()).isEqualTo(2);
            assertThat(calls.rejected()).isEqualTo(2);
            assertThat(calls.refusedAfterAnswer()).isZero();
            assertThat(calls.dropped()).isZero();
            assertThat(calls.unmatchedEvents()).hasSize(2);
            assertThat(calls.disagreements()).containsExactly(new CallDisagreement(Kind.UNMATCHED_EVENTS, 2,
                    Duration.ZERO, Map.of(AT_CAPACITY, 2), Duration.ofSeconds(15), 2));
        }
    }

    @Nested
    class Dropped {

        @Test
        void aCallUpLongerThanTheRefusalWindowWasAcceptedSoItsHangUpIsADrop() {
            CallOutcomes calls = new Run().farEnd("a", 10, 130).judge();

            assertThat(view(calls, "a")).isEqualTo(StackView.DROPPED);
            assertThat(judged(calls, "a").events()).isEmpty();
            assertThat(calls.dropped()).isEqualTo(1);
            assertThat(calls.disagreements()).as("ended by the far end and dropped: the views agree").isEmpty();
        }

        @Test
        void aShortCallWithASessionStartedInItsSpanWasAcceptedToo() {
            CallOutcomes calls = new Run().farEnd("a", 10, 13).event(STARTED, 10.7).judge();

            assertThat(view(calls, "a")).isEqualTo(StackView.DROPPED);
            assertThat(judged(calls, "a").events()).extracting(AgentEvent::name).containsExactly(STARTED);
        }

        @Test
        void aRefusalInTheSpanOfALongCallStillMakesItARejection() {
            // the webhook's retries with timeouts can outlast the window; the refusal is what counts
            CallOutcomes calls = new Run().farEnd("a", 10, 42).event(AT_CAPACITY, 40).judge();

            assertThat(view(calls, "a")).isEqualTo(StackView.REJECTED);
        }

        @Test
        void callsTheSuiteEndedOrThatAreStillUpAreNotFarEndHangUps() {
            CallOutcomes calls = new Run().bySuite("ended", 10, 11).up("held", 12).event(AT_CAPACITY, 10.5).judge();

            assertThat(calls.farEnd()).isEmpty();
            assertThat(calls.rejected()).isZero();
            assertThat(calls.dropped()).isZero();
            assertThat(calls.unmatchedEvents()).hasSize(1);
        }

        @Test
        void farEndHangUpsSippCountedWithoutTimesInItsLogAreCountedAsDropped() {
            CallOutcomes calls = CallReconciliation.reconcile(new CallTally(5, 5, 0, 2, 3), List.of(), List.of(),
                    NAMES, SETTINGS, at(3600));

            assertThat(calls.withoutTimes()).isEqualTo(2);
            assertThat(calls.dropped()).isEqualTo(2);
            assertThat(calls.disagreements()).extracting(CallDisagreement::kind)
                    .containsExactly(Kind.NO_TIMES_IN_SIP_LOG);
            assertThat(CallOutcomes.ofCounts(new CallTally(5, 5, 0, 2, 3)).dropped()).isEqualTo(2);
        }
    }

    @Nested
    class FrontDoorFailure {

        @Test
        void aShortCallWithNoAgentEventAtAllNeverReachedAnAgent() {
            CallOutcomes calls = new Run().farEnd("a", 10, 20.5).event(STARTED, 40).judge();

            assertThat(view(calls, "a")).isEqualTo(StackView.FRONT_DOOR_FAILURE);
            assertThat(calls.frontDoorFailures()).isEqualTo(1);
            assertThat(calls.dropped()).isZero();
            assertThat(calls.rejected()).isZero();
            assertThat(calls.disagreements()).containsExactly(new CallDisagreement(Kind.NO_AGENT_EVENT, 1,
                    Duration.ofMillis(10_500), Map.of(), Duration.ofSeconds(15), 0));
        }

        @Test
        void aFailedStartIsAFrontDoorFailureNamedByItsEvent() {
            CallOutcomes calls = new Run().farEnd("a", 10, 11).event(START_FAILED, 10.4).judge();

            assertThat(view(calls, "a")).isEqualTo(StackView.FRONT_DOOR_FAILURE);
            assertThat(judged(calls, "a").events()).extracting(AgentEvent::name).containsExactly(START_FAILED);
            assertThat(calls.disagreements()).extracting(CallDisagreement::kind).containsExactly(Kind.START_FAILED);
        }

        @Test
        void aRefusalAfterAFailedStartMakesTheCallARejection() {
            CallOutcomes calls = new Run().farEnd("a", 10, 12).event(START_FAILED, 10.3).event(AT_CAPACITY, 11).judge();

            assertThat(view(calls, "a")).isEqualTo(StackView.REJECTED);
            assertThat(judged(calls, "a").events()).extracting(AgentEvent::name).containsExactly(START_FAILED, AT_CAPACITY);
        }
    }

    @Nested
    class ClockSkew {

        @Test
        void aRefusalTheAgentsClockPutsBeforeTheAnswerCountsWithinTheSkew() {
            Run run = new Run().farEnd("a", 10, 10.8).event(AT_CAPACITY, 9.0);

            assertThat(view(run.judge(), "a")).as("1 s before the answer, skew 2 s").isEqualTo(StackView.REJECTED);
            CallOutcomes strict = run.skew(0.5).judge();
            assertThat(view(strict, "a")).as("skew 0.5 s").isEqualTo(StackView.FRONT_DOOR_FAILURE);
            assertThat(strict.unmatchedEvents()).extracting(AgentEvent::at).containsExactly(at(9.0));
        }

        @Test
        void aRefusalTheAgentsClockPutsAfterTheHangUpCountsWithinTheSkew() {
            assertThat(view(new Run().farEnd("a", 10, 11).event(DRAINING, 12.5).judge(), "a"))
                    .isEqualTo(StackView.REJECTED);
            assertThat(view(new Run().farEnd("a", 10, 11).event(DRAINING, 13.5).judge(), "a"))
                    .isEqualTo(StackView.FRONT_DOOR_FAILURE);
        }
    }

    @Nested
    class NotJudgedYet {

        @Test
        void aHangUpTheAgentsLogWasNotReadFarEnoughPastIsCountedAsNeither() {
            // judged once the log is read up to the hang-up + skew 2 s + log delay 10 s
            Run run = new Run().farEnd("a", 10, 11).farEnd("old", 1, 2);

            CallOutcomes early = run.readAt(22.9).judge();
            assertThat(view(early, "a")).isEqualTo(StackView.NOT_JUDGED_YET);
            assertThat(view(early, "old")).isEqualTo(StackView.FRONT_DOOR_FAILURE);
            assertThat(early.notJudgedYet()).isEqualTo(1);
            assertThat(early.dropped() + early.rejected()).isZero();
            assertThat(early.stackView()).endsWith(", not judged yet 1");

            CallOutcomes judged = run.event(AT_CAPACITY, 10.5).readAt(23).judge();
            assertThat(view(judged, "a")).isEqualTo(StackView.REJECTED);
        }

        @Test
        void aLaterHangUpNeverChangesHowAnEarlierJudgedCallIsCounted() {
            Run run = new Run().farEnd("first", 10, 11).event(AT_CAPACITY, 10.5).readAt(25);
            assertThat(view(run.judge(), "first")).isEqualTo(StackView.REJECTED);

            // a call answered before the first hung up, refused (with retries) after it: its events lie past
            // the first call's span, so they are no refusal of the first
            run.farEnd("second", 10.2, 30).event(AT_CAPACITY, 20).event(AT_CAPACITY, 29).readAt(100);
            CallOutcomes later = run.judge();
            assertThat(view(later, "first")).isEqualTo(StackView.REJECTED);
            assertThat(judged(later, "first").events()).extracting(AgentEvent::at).containsExactly(at(10.5));
            assertThat(view(later, "second")).isEqualTo(StackView.REJECTED);
            assertThat(judged(later, "second").events()).extracting(AgentEvent::at).containsExactly(at(20), at(29));
        }
    }

    @Nested
    class Thresholds {

        @Test
        void theDroppedAndRejectedQuantitiesJudgeTheStacksView() {
            CallOutcomes refused = new Run().farEnd("a", 10, 11).event(AT_CAPACITY, 10.5)
                    .farEnd("b", 20, 21).event(AT_CAPACITY, 20.5).judge();

            assertThat(CallQuantity.DROPPED_CALLS.of(refused)).isZero();
            assertThat(CallQuantity.REJECTED_CALLS.of(refused)).isEqualTo(2);
            assertThatCode(() -> CallsAssert.assertThat(refused).hasDroppedAtMost(0)).doesNotThrowAnyException();
            assertThatThrownBy(() -> CallsAssert.assertThat(refused).hasRejectedAtMost(1))
                    .hasMessage(System.lineSeparator() + "Expected rejected calls <= 1 but was 2 (calls: SIP view: "
                            + "placed 2, answered 2, 503 0, ended by the far end 2, completed 0; stack's view: rejected 2 "
                            + "(503 0, refused after answer 2), dropped 0, front-door failures 0)");
        }

        private static final ModelClock MODEL = new ModelClock(T0, 1);
        private static final String NL = System.lineSeparator();

        @Test
        void frontDoorFailuresAreBoundedAndEachIsNamedWithItsTimesAndWhatWasMissing() {
            CallOutcomes calls = new Run().farEnd("a", 10, 21)
                    .farEnd("b", 30, 31).event(START_FAILED, 30.4)
                    .farEnd("c", 40, 41).event(AT_CAPACITY, 40.5).judge();

            assertThat(CallQuantity.FRONT_DOOR_FAILURES.of(calls)).isEqualTo(2);
            assertThat(CallQuantity.DROPPED_CALLS.of(calls)).as("lost at the front door, not dropped").isZero();
            assertThatCode(() -> CallsAssert.assertThat(calls, MODEL).hasDroppedAtMost(0).hasFrontDoorFailuresAtMost(2))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> CallsAssert.assertThat(calls, MODEL).has(CallQuantity.FRONT_DOOR_FAILURES,
                    Bound.AT_MOST, 0, "the default when a scenario sets no max-front-door-failures"))
                    .hasMessage(NL + "Expected front-door failures <= 0 (the default when a scenario sets no "
                            + "max-front-door-failures) but was 2 (calls: SIP view: placed 3, answered 3, 503 0, ended by "
                            + "the far end 3, completed 0; stack's view: rejected 1 (503 0, refused after answer 1), "
                            + "dropped 0, front-door failures 2); each a lost call, answered, then hung up by the front "
                            + "door with no agent taking or refusing it: call a answered at 00:10 and ended by the far "
                            + "end at 00:21, no agent event within 15s of the answer; call b answered at 00:30 and ended "
                            + "by the far end at 00:31, no session started: the agents logged session_start_failed at "
                            + "00:30");
            assertThatThrownBy(() -> CallsAssert.assertThat(calls, MODEL).hasFrontDoorFailuresAtMost(1))
                    .hasMessageStartingWith(NL + "Expected front-door failures <= 1 but was 2 (calls: ");
        }

        @Test
        void aMessageNamesTenCallsAndCountsTheRest() {
            Run run = new Run();
            for (int i = 0; i < 12; i++) {
                run.farEnd("c" + i, 10 * i, 10 * i + 1);
            }
            assertThatThrownBy(() -> CallsAssert.assertThat(run.judge(), MODEL).hasFrontDoorFailuresAtMost(0))
                    .hasMessageContaining("call c9 answered at 01:30 and ended by the far end at 01:31, no agent event "
                            + "within 15s of the answer; and 2 more")
                    .message().doesNotContain("call c10");
        }

        @Test
        void aHangUpTheLogWasNotReadFarEnoughPastFailsNamingItAndWhy() {
            CallOutcomes calls = new Run().farEnd("early", 10, 11).event(AT_CAPACITY, 10.5)
                    .farEnd("late", 100, 110).readAt(115).judge();

            assertThat(calls.judging().judgedUpTo()).contains(at(103));
            assertThatCode(() -> CallsAssert.assertThat(calls, MODEL).hasDroppedAtMost(0).hasFrontDoorFailuresAtMost(0))
                    .as("not judged is counted as neither").doesNotThrowAnyException();
            assertThatThrownBy(() -> CallsAssert.assertThat(calls, MODEL).hasEveryHangUpJudged())
                    .hasMessage(NL + "Expected every call the far end ended to be judged from the agents' log but 1 was "
                            + "not (calls: SIP view: placed 2, answered 2, 503 0, ended by the far end 2, completed 0; "
                            + "stack's view: rejected 1 (503 0, refused after answer 1), dropped 0, front-door failures 0, "
                            + "not judged yet 1): call late answered at 01:40 and ended by the far end at 01:50; the "
                            + "agents' log was read up to 01:55 (the suite's clock), which judges the hang-ups up to 01:43 "
                            + "(a hang-up is judged once the log is read 12s past it: clock skew 2s + the log's delivery "
                            + "delay 10s), and SIPp's clock puts these hang-ups later: the load host's clock may run ahead "
                            + "of the suite's by more than the skew allowed; a call not judged is counted as neither "
                            + "dropped, rejected nor a front-door failure, so the thresholds cannot pass on it");
            assertThatCode(() -> CallsAssert.assertThat(new Run().farEnd("early", 10, 11).judge(), MODEL)
                    .hasEveryHangUpJudged()).doesNotThrowAnyException();
        }

        @Test
        void whenTheAgentsLogCannotBeReadNoHangUpIsJudgedAndTheFailureSaysWhy() {
            Run run = new Run().farEnd("a", 10, 12).bySuite("b", 11, 40);
            CallOutcomes calls = CallReconciliation.unread(new CallTally(2, 2, 0, 1, 1), run.calls, SETTINGS,
                    "reading the agents' call events failed: ThrottlingException");

            assertThat(view(calls, "a")).isEqualTo(StackView.NOT_JUDGED_YET);
            assertThat(calls.judging().logsReadAt()).isEmpty();
            assertThat(calls.dropped() + calls.rejected() + calls.frontDoorFailures()).isZero();
            assertThat(calls.disagreements()).extracting(CallDisagreement::kind).containsExactly(Kind.NOT_JUDGED_YET);
            assertThatThrownBy(() -> CallsAssert.assertThat(calls, MODEL).hasEveryHangUpJudged())
                    .hasMessage(NL + "Expected every call the far end ended to be judged from the agents' log but 1 was "
                            + "not (calls: SIP view: placed 2, answered 2, 503 0, ended by the far end 1, completed 1; "
                            + "stack's view: rejected 0 (503 0, refused after answer 0), dropped 0, front-door failures 0, "
                            + "not judged yet 1): call a answered at 00:10 and ended by the far end at 00:12; the agents' "
                            + "log could not be read (reading the agents' call events failed: ThrottlingException); a call "
                            + "not judged is counted as neither dropped, rejected nor a front-door failure, so the "
                            + "thresholds cannot pass on it");
        }
    }

    @Test
    void settingsAreNeverNegativeAndConvertAsAWhole() {
        assertThatThrownBy(() -> new CallReconciliation.Settings(Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO,
                Duration.ZERO)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 0");
        CallReconciliation.Settings wall = SETTINGS.map(d -> d.dividedBy(10));
        assertThat(wall.refusalWindow()).isEqualTo(Duration.ofMillis(1500));
        assertThat(wall.judgedAfter()).isEqualTo(Duration.ofMillis(1200));
    }

    @Test
    void theEventNamesAreTheStacksByDefault() {
        assertThat(AgentEvents.DEFAULTS.all()).containsExactly(AT_CAPACITY, DRAINING, START_FAILED, STARTED);
        assertThat(AgentEvents.DEFAULTS.rejections()).containsExactly(AT_CAPACITY, DRAINING);
        AgentEvents renamed = new AgentEvents("full", "leaving", "broken", "hello");
        CallOutcomes calls = CallReconciliation.reconcile(new CallTally(1, 1, 0, 1, 0),
                List.of(SipCall.endedByFarEnd("a", at(10), at(11))), List.of(new AgentEvent("full", at(10.5), "t")),
                renamed, SETTINGS, at(3600));
        assertThat(calls.rejected()).isEqualTo(1);
    }
}
