package dev.scalingsuite.fleet.error;

import dev.scalingsuite.fleet.finding.SkewFinding;
import org.assertj.core.error.ErrorMessageFactory;

/** Every new call went to one task while other routable tasks held none. */
public final class ShouldSpreadNewCalls extends TextMessage {

    private ShouldSpreadNewCalls(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * e.g. {@code Expected new calls to spread over the 3 routable tasks but all 9 new calls since 00:01
     * went to task aaaaaaaa (9 sessions, above target 3 + 1) while bbbbbbbb, cccccccc had none; random
     * routing does that with p = 0.00015}.
     */
    public static ErrorMessageFactory shouldSpreadNewCalls(SkewFinding skew, TimeFormat time) {
        return new ShouldSpreadNewCalls("Expected new calls to spread over the %s routable tasks but all %s new calls "
                + "since %s went to task %s (%s sessions, above target %s + 1) while %s had none; random routing does "
                + "that with p = %s", skew.routable(), skew.newCalls(), time.at(skew.since()), shortId(skew.busiest()),
                skew.busiestSessions(), number(skew.target()),
                String.join(", ", skew.idle().stream().map(TextMessage::shortId).toList()), chance(skew.chance()));
    }
}
