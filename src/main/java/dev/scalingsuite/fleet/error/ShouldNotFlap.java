package dev.scalingsuite.fleet.error;

import dev.scalingsuite.fleet.finding.DesiredChange;
import dev.scalingsuite.fleet.finding.FlapFinding;
import org.assertj.core.error.ErrorMessageFactory;

/** Desired rose, fell and rose again within the window. */
public final class ShouldNotFlap extends TextMessage {

    private ShouldNotFlap(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * e.g. {@code Expected no flapping (desired rising, falling and rising again within 10m 00s) but
     * desired went 1 -> 2 at 03:40, 2 -> 1 at 04:10, 1 -> 2 at 05:40}.
     */
    public static ErrorMessageFactory shouldNotFlap(FlapFinding flap, TimeFormat time) {
        return new ShouldNotFlap("Expected no flapping (desired rising, falling and rising again within %s) but "
                + "desired went %s, %s, %s", time.show(flap.window()), change(flap.rise(), time), change(flap.fall(), time),
                change(flap.riseAgain(), time));
    }

    private static String change(DesiredChange change, TimeFormat time) {
        return change.from() + " -> " + change.to() + " at " + time.at(change.at());
    }
}
