package dev.scalingsuite.fleet;

import dev.scalingsuite.fleet.finding.CallDisagreement;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The calls in two views. The SIP view is what SIPp saw ({@link #sip()}: answered, 503, ended by the
 * far end, completed). The stack's view is what the stack did with them: a SIP 503 is rejected; a
 * call the far end ended after answering is rejected when the agents' refusals account for it,
 * dropped when the stack had accepted it, and a front-door failure when no agent ever took it (see
 * {@link CallReconciliation}). Scenario thresholds and conditions judge the stack's view.
 *
 * @param sip the load generator's counts
 * @param farEnd each call the far end ended that SIPp's log has times for, with how the stack counts it
 * @param withoutTimes calls counted as ended by the far end that SIPp's log has no times for (a
 *     scenario that does not log them): counted as dropped, as nothing can say otherwise
 * @param unmatchedEvents refusals and failed starts no far-end hang-up accounts for
 * @param disagreements every group of calls the two views count differently
 * @param judging how the hang-ups were judged: the settings, and how far the agents' log had been read
 */
public record CallOutcomes(CallTally sip, List<JudgedCall> farEnd, long withoutTimes, List<AgentEvent> unmatchedEvents,
        List<CallDisagreement> disagreements, Judging judging) {

    /** No calls. */
    public static final CallOutcomes NONE = new CallOutcomes(CallTally.NONE, List.of(), 0, List.of(), List.of(),
            new Judging(CallReconciliation.Settings.MODEL_DEFAULTS, Optional.empty(), "there were no calls"));

    /**
     * The SIP view alone, with no call's times: every far-end hang-up is counted as dropped, as SIPp
     * alone cannot tell a refusal from a drop.
     */
    public static CallOutcomes ofCounts(CallTally sip) {
        return CallReconciliation.reconcile(sip, List.of(), List.of(), AgentEvents.DEFAULTS,
                CallReconciliation.Settings.MODEL_DEFAULTS, java.time.Instant.EPOCH);
    }

    public CallOutcomes {
        Objects.requireNonNull(sip, "sip");
        farEnd = List.copyOf(farEnd);
        unmatchedEvents = List.copyOf(unmatchedEvents);
        disagreements = List.copyOf(disagreements);
        Objects.requireNonNull(judging, "judging");
    }

    /**
     * How the far-end hang-ups were judged.
     *
     * @param settings the reconciliation's durations, in the time base of the calls' instants
     * @param logsReadAt when the agents' log was last read; empty when it could not be read
     * @param unread why the agents' log was not read; empty when it was
     */
    public record Judging(CallReconciliation.Settings settings, Optional<Instant> logsReadAt, String unread) {

        public Judging {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(logsReadAt, "logsReadAt");
            Objects.requireNonNull(unread, "unread");
        }

        /** The latest hang-up the log as read can judge; empty when it was not read. */
        public Optional<Instant> judgedUpTo() {
            return logsReadAt.map(at -> at.minus(settings.judgedAfter()));
        }
    }

    /** How the stack counts a call the far end ended. */
    public enum StackView {
        REJECTED("rejected"),
        DROPPED("dropped"),
        FRONT_DOOR_FAILURE("front-door failure"),
        /** The agents' log has not been read far enough past the hang-up to say. */
        NOT_JUDGED_YET("not judged yet");

        private final String label;

        StackView(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One call the far end ended, as the stack counts it.
     *
     * @param events the agents' events that account for it (several when the webhook retried a refusal);
     *     for a dropped call, the {@code session_started} that shows the stack accepted it, if one was needed
     */
    public record JudgedCall(SipCall call, StackView view, List<AgentEvent> events) {
        public JudgedCall {
            events = List.copyOf(events);
        }
    }

    public long placed() {
        return sip.placed();
    }

    public long answered() {
        return sip.answered();
    }

    public long completed() {
        return sip.completed();
    }

    /** SIP view: rejected with a SIP 503. */
    public long rejected503() {
        return sip.rejected503();
    }

    /** SIP view: answered, then ended by the far end. */
    public long endedByFarEnd() {
        return sip.endedByFarEnd();
    }

    /** Stack's view: refused, whether with a 503 or by hanging up after the answer. */
    public long rejected() {
        return sip.rejected503() + refusedAfterAnswer();
    }

    /** Stack's view: answered, then refused by the agents (the front door hung up). */
    public long refusedAfterAnswer() {
        return count(StackView.REJECTED);
    }

    /** Stack's view: accepted, then ended by the far end. */
    public long dropped() {
        return count(StackView.DROPPED) + withoutTimes;
    }

    /** Stack's view: answered, then hung up by the front door with no agent ever taking the call. */
    public long frontDoorFailures() {
        return count(StackView.FRONT_DOOR_FAILURE);
    }

    /** Ended by the far end too recently to judge from the agents' log as last read; counted as neither. */
    public long notJudgedYet() {
        return count(StackView.NOT_JUDGED_YET);
    }

    private long count(StackView view) {
        return farEnd.stream().filter(c -> c.view() == view).count();
    }

    /** The calls the far end ended that the stack's view counts as {@code view}, earliest hang-up first. */
    public List<JudgedCall> judgedAs(StackView view) {
        return farEnd.stream().filter(c -> c.view() == view).toList();
    }

    /** {@code placed 10, answered 8, 503 2, ended by the far end 3, completed 5}. */
    public String sipView() {
        return sip.toString();
    }

    /** {@code rejected 4 (503 2, refused after answer 2), dropped 1, front-door failures 0}. */
    public String stackView() {
        return "rejected " + rejected() + " (503 " + rejected503() + ", refused after answer " + refusedAfterAnswer()
                + "), dropped " + dropped() + ", front-door failures " + frontDoorFailures()
                + (notJudgedYet() == 0 ? "" : ", not judged yet " + notJudgedYet());
    }

    @Override
    public String toString() {
        return "SIP view: " + sipView() + "; stack's view: " + stackView();
    }
}
