package dev.scalingsuite.fleet;

import dev.scalingsuite.fleet.finding.SlowStartFinding;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Whether every task created during the run turned healthy soon enough after its creation. */
public final class ColdStarts {

    private ColdStarts() {
    }

    /**
     * The first task created during the run that was not healthy within {@code limit} (wall time) of
     * its creation, judged as of when the targets and the logs were last read: the logs say when the
     * application was ready, and a slow health check must be named as the cause before the slow start
     * it causes.
     */
    public static Optional<SlowStartFinding> find(RunHistory history, Duration limit) {
        for (RunHistory.TaskPoint task : HealthWaits.firstSeen(history).values()) {
            Optional<Instant> created = task.createdAt();
            if (created.isEmpty() || created.get().isBefore(history.clock().start())) {
                continue;
            }
            Optional<SlowStartFinding> slow = HealthWaits.longerThan(history, task, created.get(), limit, "targets",
                    "logs").map(wait -> new SlowStartFinding(limit, wait));
            if (slow.isPresent()) {
                return slow;
            }
        }
        return Optional.empty();
    }
}
