package dev.scalingsuite.fleet;

import dev.scalingsuite.fleet.CallOutcomes.JudgedCall;
import dev.scalingsuite.fleet.CallOutcomes.StackView;
import dev.scalingsuite.fleet.SipCall.Ending;
import dev.scalingsuite.fleet.finding.CallDisagreement;
import dev.scalingsuite.fleet.finding.CallDisagreement.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Counts the calls the far end ended as the stack counts them. On the deployed stack the SIP front
 * door answers every call first and then asks an agent to take it ({@code POST /call} through the
 * NLB); when the agent refuses (at capacity, draining) or the request fails, the front door hangs
 * up. SIPp sees 200, then a BYE from the far end, exactly as for a call the stack accepted and then
 * lost. Only the agents' log events tell them apart, and they carry no call id, so they are matched
 * to calls by time:
 * <ol>
 *   <li>each far-end hang-up, earliest hang-up first, takes the earliest refusal or failed start not
 *       taken yet that lies between its answer and its hang-up (each widened by the clock skew);</li>
 *   <li>a refusal or failed start left over joins the first call of step 1 whose span holds it (the
 *       webhook retried the refusal);</li>
 *   <li>a call with a refusal is <b>rejected</b>; with only failed starts, a <b>front-door failure</b>;</li>
 *   <li>a call without either that was up longer than the refusal window (webhook timeout + slack:
 *       a refused or failed call is hung up within it) is <b>dropped</b>, and so is one that ended
 *       sooner when a {@code session_started} not taken yet lies in its span (the stack accepted it);</li>
 *   <li>one with no agent event at all within the refusal window is a <b>front-door failure</b>.</li>
 * </ol>
 * A call is judged only once the agents' log has been read up to its hang-up plus the clock skew and
 * the log's delivery delay; until then it is {@linkplain StackView#NOT_JUDGED_YET not judged yet}
 * and counted as neither rejected nor dropped. Earliest hang-up first makes the judged calls'
 * matches final: a later call can only take what no earlier one could use. A SIP 503 is rejected
 * without any of this.
 */
public final class CallReconciliation {

    private CallReconciliation() {
    }

    /**
     * How far the two clocks and the agents' log may be trusted, in one time base (the wiring passes
     * wall time).
     *
     * @param clockSkew how far the load host's clock and the agents' may differ
     * @param webhookTimeout how long the webhook waits for {@code POST /call} (10 s on the stack)
     * @param slack what the front door may add to it before it hangs up
     * @param logDelay how long after an event's time it may take to show in the agents' log
     */
    public record Settings(Duration clockSkew, Duration webhookTimeout, Duration slack, Duration logDelay) {

        /**
         * In model time: skew 2 s (the load host's and the tasks' clocks are both NTP-synced; the twin's share
         * one clock); webhook timeout 10 s (the bot-runner Lambda's {@code urlopen(timeout=10)}); slack 5 s (what
         * the webhook spends before it calls the agent: the Daily room and token, 1-2 s warm and 3-5 s cold per
         * upstream's asterisk-sipp-redesign.md; the twin's {@code webhookDelay} is 2 s); log delay 10 s (how
         * late CloudWatch Logs may show an event the agent wrote).
         */
        public static final Settings MODEL_DEFAULTS = new Settings(Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofSeconds(10));

        public Settings {
            for (Duration d : List.of(clockSkew, webhookTimeout, slack, logDelay)) {
                if (Objects.requireNonNull(d, "duration").isNegative()) {
                    throw new IllegalArgumentException("call reconciliation durations are >= 0, not " + d);
                }
            }
        }

        /** The most time after the answer a refused or failed call can take before the front door hangs up. */
        public Duration refusalWindow() {
            return webhookTimeout.plus(slack);
        }

        /** How long after a hang-up the agents' log must have been read to judge it. */
        public Duration judgedAfter() {
            return clockSkew.plus(logDelay);
        }

        /** The same settings with every duration converted, e.g. from model time to wall time. */
        public Settings map(UnaryOperator<Duration> convert) {
            return new Settings(convert.apply(clockSkew), convert.apply(webhookTimeout), convert.apply(slack),
                    convert.apply(logDelay));
        }
    }

    /**
     * @param sip the load generator's counts
     * @param calls the calls SIPp's log has times for (only those the far end ended matter)
     * @param events the agents' events named by {@code names}, in any order
     * @param logsReadAt when the agents' log was last read: events up to then are in {@code events}
     */
    public static CallOutcomes reconcile(CallTally sip, List<SipCall> calls, List<AgentEvent> events,
            AgentEvents names, Settings settings, Instant logsReadAt) {
        List<SipCall> farEnd = farEndByHangUp(calls);
        Pool refusals = new Pool(events.stream()
                .filter(e -> names.isRejection(e.name()) || names.startFailed().equals(e.name())).toList());
        Pool started = new Pool(events.stream().filter(e -> names.sessionStarted().equals(e.name())).toList());
        Map<SipCall, List<AgentEvent>> matched = new IdentityHashMap<>();

        for (SipCall call : farEnd) { // 1. one refusal or failed start each, earliest hang-up first
            refusals.take(call, settings.clockSkew()).ifPresent(e -> matched.put(call, new ArrayList<>(List.of(e))));
        }
        List<SipCall> refused = farEnd.stream().filter(matched::containsKey).toList();
        for (AgentEvent retry : refusals.free()) { // 2. the webhook's retries
            for (SipCall call : refused) {
                if (within(retry.at(), call, settings.clockSkew())) {
                    matched.get(call).add(retry);
                    refusals.take(retry);
                    break;
                }
            }
        }

        List<JudgedCall> judged = new ArrayList<>();
        Instant judgedUpTo = logsReadAt.minus(settings.judgedAfter());
        for (SipCall call : farEnd) { // 3.-5.
            List<AgentEvent> accounted = matched.getOrDefault(call, List.of());
            StackView view;
            if (!accounted.isEmpty()) {
                view = accounted.stream().anyMatch(e -> names.isRejection(e.name())) ? StackView.REJECTED
                        : StackView.FRONT_DOOR_FAILURE;
            } else if (call.sinceAnswer().orElseThrow().compareTo(settings.refusalWindow()) > 0) {
                view = StackView.DROPPED;
            } else {
                accounted = started.take(call, settings.clockSkew()).map(List::of).orElse(List.of());
                view = accounted.isEmpty() ? StackView.FRONT_DOOR_FAILURE : StackView.DROPPED;
            }
            if (call.endedAt().orElseThrow().isAfter(judgedUpTo)) {
                view = StackView.NOT_JUDGED_YET;
            }
            judged.add(new JudgedCall(call, view, accounted));
        }

        List<AgentEvent> unmatched = refusals.free();
        long withoutTimes = Math.max(0, sip.endedByFarEnd() - farEnd.size());
        return new CallOutcomes(sip, judged, withoutTimes, unmatched,
                disagreements(judged, withoutTimes, unmatched, sip, settings),
                new CallOutcomes.Judging(settings, Optional.of(logsReadAt), ""));
    }

    /**
     * The SIP view alone, when the agents' log could not be read: every far-end hang-up SIPp's log has
     * times for is {@linkplain StackView#NOT_JUDGED_YET not judged}, for the reason {@code why}.
     */
    public static CallOutcomes unread(CallTally sip, List<SipCall> calls, Settings settings, String why) {
        List<JudgedCall> judged = farEndByHangUp(calls).stream()
                .map(c -> new JudgedCall(c, StackView.NOT_JUDGED_YET, List.of())).toList();
        long withoutTimes = Math.max(0, sip.endedByFarEnd() - judged.size());
        return new CallOutcomes(sip, judged, withoutTimes, List.of(),
                disagreements(judged, withoutTimes, List.of(), sip, settings),
                new CallOutcomes.Judging(settings, Optional.empty(), why));
    }

    /** The calls the far end ended, earliest hang-up first. */
    private static List<SipCall> farEndByHangUp(List<SipCall> calls) {
        return calls.stream().filter(c -> c.ending() == Ending.BY_FAR_END)
                .sorted(Comparator.comparing((SipCall c) -> c.endedAt().orElseThrow())
                        .thenComparing(SipCall::answeredAt).thenComparing(SipCall::callId))
                .toList();
    }

    private static List<CallDisagreement> disagreements(List<JudgedCall> judged, long withoutTimes,
            List<AgentEvent> unmatched, CallTally sip, Settings settings) {
        List<CallDisagreement> out = new ArrayList<>();
        group(out, Kind.REFUSED_AFTER_ANSWER, settings, judged.stream()
                .filter(c -> c.view() == StackView.REJECTED).toList());
        group(out, Kind.START_FAILED, settings, judged.stream()
                .filter(c -> c.view() == StackView.FRONT_DOOR_FAILURE && !c.events().isEmpty()).toList());
        group(out, Kind.NO_AGENT_EVENT, settings, judged.stream()
                .filter(c -> c.view() == StackView.FRONT_DOOR_FAILURE && c.events().isEmpty()).toList());
        group(out, Kind.NOT_JUDGED_YET, settings, judged.stream()
                .filter(c -> c.view() == StackView.NOT_JUDGED_YET).toList());
        if (withoutTimes > 0) {
            out.add(new CallDisagreement(Kind.NO_TIMES_IN_SIP_LOG, withoutTimes, Duration.ZERO, Map.of(),
                    settings.refusalWindow(), sip.rejected503()));
        }
        if (!unmatched.isEmpty()) {
            out.add(new CallDisagreement(Kind.UNMATCHED_EVENTS, unmatched.size(), Duration.ZERO, byName(unmatched),
                    settings.refusalWindow(), sip.rejected503()));
        }
        return out;
    }

    private static void group(List<CallDisagreement> out, Kind kind, Settings settings, List<JudgedCall> calls) {
        if (calls.isEmpty()) {
            return;
        }
        Duration longest = calls.stream().map(c -> c.call().sinceAnswer().orElseThrow())
                .max(Comparator.naturalOrder()).orElseThrow();
        out.add(new CallDisagreement(kind, calls.size(), longest,
                byName(calls.stream().flatMap(c -> c.events().stream()).toList()), settings.refusalWindow(), 0));
    }

    private static Map<String, Integer> byName(List<AgentEvent> events) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        events.forEach(e -> counts.merge(e.name(), 1, Integer::sum));
        return counts;
    }

    /**
     * Events in time order, each taken at most once; finding the earliest free one from a time costs a
     * binary search and a near-constant skip over the taken ones (each taken index points past itself).
     */
    private static final class Pool {
        private final List<AgentEvent> events;
        private final int[] next;

        Pool(List<AgentEvent> events) {
            this.events = events.stream().sorted(Comparator.comparing(AgentEvent::at)).toList();
            this.next = new int[this.events.size() + 1];
            for (int i = 0; i < next.length; i++) {
                next[i] = i;
            }
        }

        /** Takes the earliest free event within the call's span, widened by {@code skew}. */
        java.util.Optional<AgentEvent> take(SipCall call, Duration skew) {
            Instant from = call.answeredAt().minus(skew);
            int lo = 0;
            int hi = events.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (events.get(mid).at().isBefore(from)) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            int i = free(lo);
            if (i == events.size() || !within(events.get(i).at(), call, skew)) {
                return java.util.Optional.empty();
            }
            next[i] = i + 1;
            return java.util.Optional.of(events.get(i));
        }

        void take(AgentEvent event) {
            for (int i = free(0); i < events.size(); i = free(i + 1)) {
                if (events.get(i) == event) {
                    next[i] = i + 1;
                    return;
                }
            }
        }

        /** The events not taken, in time order. */
        List<AgentEvent> free() {
            List<AgentEvent> out = new ArrayList<>();
            for (int i = free(0); i < events.size(); i = free(i + 1)) {
                out.add(events.get(i));
            }
            return out;
        }

        private int free(int i) {
            int root = i;
            while (next[root] != root) {
                root = next[root];
            }
            while (next[i] != root) { // path compression
                int up = next[i];
                next[i] = root;
                i = up;
            }
            return root;
        }
    }

    /** Whether {@code at} lies between the call's answer and its end, each widened by {@code skew}. */
    private static boolean within(Instant at, SipCall call, Duration skew) {
        return !at.isBefore(call.answeredAt().minus(skew)) && !at.isAfter(call.endedAt().orElseThrow().plus(skew));
    }
}
