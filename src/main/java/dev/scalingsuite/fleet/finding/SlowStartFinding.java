package dev.scalingsuite.fleet.finding;

import java.time.Duration;

/** A task created during the run was not healthy within {@code limit} (wall time) of its creation. */
public record SlowStartFinding(Duration limit, HealthWait healthWait) {
}
