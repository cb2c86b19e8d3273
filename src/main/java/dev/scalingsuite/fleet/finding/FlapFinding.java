package dev.scalingsuite.fleet.finding;

import java.time.Duration;

/** Desired rose, fell and rose again, all within {@code window} (wall time) of the first rise. */
public record FlapFinding(Duration window, DesiredChange rise, DesiredChange fall, DesiredChange riseAgain) {
}
