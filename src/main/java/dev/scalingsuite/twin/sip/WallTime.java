package dev.scalingsuite.twin.sip;

import java.time.Duration;

/**
 * A model duration as the call path waits it: divided by the time scale, but never below a floor of
 * wall time. At a high time scale a wait shrinks to a few milliseconds, where the machine's own
 * scheduling (a loaded CI host, a slow SIPp) would decide the outcome rather than the model.
 */
final class WallTime {

    private WallTime() {
    }

    /** {@code model} divided by {@code timeScale}, or {@code floor} if that is shorter. */
    static Duration atLeast(Duration model, int timeScale, Duration floor) {
        Duration scaled = model.dividedBy(timeScale);
        return scaled.compareTo(floor) < 0 ? floor : scaled;
    }
}
