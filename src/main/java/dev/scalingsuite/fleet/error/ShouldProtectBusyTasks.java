package dev.scalingsuite.fleet.error;

import dev.scalingsuite.fleet.finding.ExposureFinding;
import org.assertj.core.error.ErrorMessageFactory;

/** A task held sessions unprotected from scale-in for longer than the grace. */
public final class ShouldProtectBusyTasks extends TextMessage {

    private ShouldProtectBusyTasks(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * e.g. {@code Expected tasks holding sessions to be protected from scale-in but task aaaaaaaa has held
     * 3 sessions unprotected since 00:30 (longer than 1m 00s)}.
     */
    public static ErrorMessageFactory shouldProtectBusyTasks(ExposureFinding exposure, TimeFormat time) {
        return new ShouldProtectBusyTasks("Expected tasks holding sessions to be protected from scale-in but task %s "
                + "has held %s sessions unprotected since %s (longer than %s)", shortId(exposure.task()),
                exposure.sessions(), time.at(exposure.since()), time.show(exposure.grace()));
    }
}
