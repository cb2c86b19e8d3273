package dev.scalingsuite.fleet.error;

import dev.scalingsuite.fleet.finding.HealthWait;
import dev.scalingsuite.fleet.finding.SlowHealthCheckFinding;
import dev.scalingsuite.fleet.finding.SlowStartFinding;
import org.assertj.core.error.ErrorMessageFactory;

/** A new task was not healthy in time: after its creation, or after its application was ready. */
public final class ShouldTurnHealthy extends TextMessage {

    private ShouldTurnHealthy(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * e.g. {@code Expected every new task to be healthy within 2m 00s of its creation but task aaaaaaaa
     * created at 00:10 was not healthy after 2m 10s}.
     */
    public static ErrorMessageFactory shouldStartWithin(SlowStartFinding start, TimeFormat time) {
        HealthWait wait = start.healthWait();
        return new ShouldTurnHealthy("Expected every new task to be healthy within %s of its creation but task %s "
                + "created at %s was %s", time.show(start.limit()), shortId(wait.task()), time.at(wait.from()),
                waited(wait, time));
    }

    /**
     * e.g. {@code Expected a ready task to turn healthy within the target group's health checks (2 x 10s,
     * plus one interval and one poll: 35s) but task aaaaaaaa was ready at 01:10 and healthy only at 02:30
     * (1m 20s)}.
     */
    public static ErrorMessageFactory shouldPassHealthChecksWithin(SlowHealthCheckFinding checks, TimeFormat time) {
        HealthWait wait = checks.healthWait();
        return new ShouldTurnHealthy("Expected a ready task to turn healthy within the target group's health checks "
                + "(%s x %ss, plus one interval and one poll: %s) but task %s was ready at %s and %s",
                checks.healthyThreshold(), checks.intervalSeconds(), time.show(checks.bound()), shortId(wait.task()),
                time.at(wait.from()), waited(wait, time));
    }

    /** {@code healthy only at 02:30 (1m 20s)}, or {@code not healthy after 2m 10s}. */
    private static String waited(HealthWait wait, TimeFormat time) {
        String waited = time.show(wait.waited());
        return wait.healthyAt().map(h -> "healthy only at " + time.at(h) + " (" + waited + ")")
                .orElse("not healthy after " + waited);
    }
}
