package dev.scalingsuite.fleet;

import dev.scalingsuite.fleet.finding.SlowHealthCheckFinding;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Whether tasks whose application is ready turn healthy within the target group's health checks. */
public final class HealthChecks {

    private HealthChecks() {
    }

    /**
     * The first task created during the run that was not healthy within healthy threshold x interval,
     * plus one interval (the first check after ready) and one poll ({@code wallPoll}) of its
     * application saying it was ready, judged as of when the targets were last read.
     */
    public static Optional<SlowHealthCheckFinding> find(RunHistory history, TargetGroupSettings settings,
            Duration wallPoll) {
        Duration model = Duration.ofSeconds((long) settings.healthyThreshold() * settings.healthCheckIntervalSeconds()
                + settings.healthCheckIntervalSeconds());
        Duration bound = history.clock().wall(model).plus(wallPoll);
        Map<String, RunHistory.TaskPoint> tasks = HealthWaits.firstSeen(history);
        for (Map.Entry<String, Instant> ready : history.appReady().entrySet()) {
            RunHistory.TaskPoint task = tasks.get(ready.getKey());
            if (task == null || task.createdAt().map(c -> c.isBefore(history.clock().start())).orElse(true)) {
                continue;
            }
            Optional<SlowHealthCheckFinding> slow = HealthWaits.longerThan(history, task, ready.getValue(), bound,
                    "targets").map(wait -> new SlowHealthCheckFinding(settings.healthyThreshold(),
                            settings.healthCheckIntervalSeconds(), bound, wait));
            if (slow.isPresent()) {
                return slow;
            }
        }
        return Optional.empty();
    }
}
