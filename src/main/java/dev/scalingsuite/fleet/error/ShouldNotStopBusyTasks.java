package dev.scalingsuite.fleet.error;

import dev.scalingsuite.fleet.finding.BusyStopFinding;
import org.assertj.core.error.ErrorMessageFactory;

/** ECS stopped a task that held sessions, and still did a while later. */
public final class ShouldNotStopBusyTasks extends TextMessage {

    private ShouldNotStopBusyTasks(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * e.g. {@code Expected ECS never to stop a task holding sessions but it stopped task aaaaaaaa with 4
     * sessions at 01:40 (stop code ServiceSchedulerInitiated, not protected; still 4 sessions 1m 40s
     * later)}.
     */
    public static ErrorMessageFactory shouldNotStopBusyTasks(BusyStopFinding stop, TimeFormat time) {
        return new ShouldNotStopBusyTasks("Expected ECS never to stop a task holding sessions but it stopped task %s "
                + "with %s sessions at %s (stop code %s, %s; still %s sessions %s later)", shortId(stop.task()),
                stop.sessions(), time.at(stop.at()), stop.stopCode().orElse("not reported yet"),
                stop.protectedFromScaleIn() ? "protected from scale-in" : "not protected", stop.sessionsLater(),
                time.show(stop.later()));
    }
}
