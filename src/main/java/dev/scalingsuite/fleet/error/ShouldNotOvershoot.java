package dev.scalingsuite.fleet.error;

import dev.scalingsuite.fleet.finding.OvershootFinding;
import org.assertj.core.error.ErrorMessageFactory;

/** Desired rose beyond what target tracking implies for the sessions before it. */
public final class ShouldNotOvershoot extends TextMessage {

    private ShouldNotOvershoot(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * e.g. {@code Expected no overshoot (a raised desired count <= ceil(most active sessions / target 3)
     * + slack 1) but desired rose to 4 at 06:40 while the most active sessions in the 5m 00s before were
     * 5 (the policy implies 2)}.
     */
    public static ErrorMessageFactory shouldNotOvershoot(OvershootFinding overshoot, TimeFormat time) {
        return new ShouldNotOvershoot("Expected no overshoot (a raised desired count <= ceil(most active sessions / "
                + "target %s) + slack %s) but desired rose to %s at %s while the most active sessions in the %s before "
                + "were %s (the policy implies %s)", number(overshoot.targetValue()), overshoot.slack(),
                overshoot.desired(), time.at(overshoot.at()), time.show(overshoot.lookback()), overshoot.mostSessions(),
                overshoot.implied());
    }
}
