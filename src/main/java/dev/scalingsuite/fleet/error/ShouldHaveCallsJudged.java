package dev.scalingsuite.fleet.error;

import dev.scalingsuite.fleet.finding.LostCallsFinding;
import dev.scalingsuite.fleet.finding.LostCallsFinding.HungUpCall;
import dev.scalingsuite.fleet.finding.UnjudgedCallsFinding;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * The calls' failures that name each call: front-door failures (answered, then hung up with no agent
 * taking or refusing the call), and hang-ups the agents' log was not read far enough past to judge. Each
 * call is named by its SIP Call-ID, when it was answered and when the far end ended it.
 */
public final class ShouldHaveCallsJudged extends TextMessage {

    /** How many calls a message names one by one; the rest are counted. */
    static final int NAMED = 10;

    private ShouldHaveCallsJudged(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * e.g. {@code Expected front-door failures <= 0 (the default when a scenario sets no max-front-door-failures)
     * but was 1 (calls: SIP view: ...; stack's view: ...); each a lost call, answered, then hung up by the front door
     * with no agent taking or refusing it: call 1-42@10.0.0.7 answered at 00:10 and ended by the far end at 00:21, no
     * agent event within 15s of the answer}.
     */
    public static ErrorMessageFactory shouldHaveFrontDoorFailuresAtMost(LostCallsFinding lost, TimeFormat time) {
        List<String> each = new ArrayList<>();
        for (HungUpCall c : lost.each()) {
            String missing = c.events().isEmpty()
                    ? "no agent event within " + time.show(lost.refusalWindow()) + " of the answer"
                    : "no session started: the agents logged " + String.join(", ", c.events().stream()
                            .map(e -> e.name() + " at " + time.at(e.at())).toList());
            each.add(call(c, time) + ", " + missing);
        }
        return new ShouldHaveCallsJudged("%nExpected %s but was %s (calls: %s); each a lost call, answered, then hung up "
                + "by the front door with no agent taking or refusing it: %s", lost.expectation(), lost.failures(),
                lost.calls(), named(each));
    }

    /**
     * e.g. {@code Expected every call the far end ended to be judged from the agents' log but 1 was not (calls:
     * ...): call 1-42@10.0.0.7 answered at 01:40 and ended by the far end at 01:50; the agents' log was read up to
     * 01:55 (the suite's clock), which judges the hang-ups up to 01:43 ...}.
     */
    public static ErrorMessageFactory shouldHaveJudgedEveryHangUp(UnjudgedCallsFinding unjudged, TimeFormat time) {
        List<String> each = unjudged.each().stream().map(c -> call(c, time)).toList();
        String why = unjudged.logsReadAt().map(read -> "the agents' log was read up to " + time.at(read)
                + " (the suite's clock), which judges the hang-ups up to " + time.at(read.minus(unjudged.judgedAfter()))
                + " (a hang-up is judged once the log is read " + time.show(unjudged.judgedAfter()) + " past it: "
                + "clock skew " + time.show(unjudged.clockSkew()) + " + the log's delivery delay "
                + time.show(unjudged.logDelay()) + "), and SIPp's clock puts these hang-ups later: the load host's "
                + "clock may run ahead of the suite's by more than the skew allowed")
                .orElse("the agents' log could not be read (" + unjudged.unread() + ")");
        int n = each.size();
        return new ShouldHaveCallsJudged("%nExpected every call the far end ended to be judged from the agents' log "
                + "but %s %s not (calls: %s): %s; %s; a call not judged is counted as neither dropped, rejected nor a "
                + "front-door failure, so the thresholds cannot pass on it", n, n == 1 ? "was" : "were",
                unjudged.calls(), named(each), why);
    }

    private static String call(HungUpCall c, TimeFormat time) {
        return "call " + c.callId() + " answered at " + time.at(c.answeredAt()) + " and ended by the far end at "
                + time.at(c.endedAt());
    }

    private static String named(List<String> each) {
        if (each.size() <= NAMED) {
            return String.join("; ", each);
        }
        return String.join("; ", each.subList(0, NAMED)) + "; and " + (each.size() - NAMED) + " more";
    }
}
