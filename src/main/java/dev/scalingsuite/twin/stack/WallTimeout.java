package dev.scalingsuite.twin.stack;

import java.time.Duration;

/**
 * A timeout of the model as the twin waits it on the wall clock: divided by the time scale like every
 * model duration, but never below {@link #FLOOR}. At time scale 60 a 6 s timeout would be 100 ms, and a
 * garbage-collection pause or a busy core would then turn into a refused call or a replaced task.
 */
public final class WallTimeout {

    /** The twin never waits less than this for an answer over the network, whatever the time scale. */
    public static final Duration FLOOR = Duration.ofSeconds(2);

    private WallTimeout() {
    }

    /** {@code model} divided by {@code timeScale}, but never below {@link #FLOOR}. */
    public static Duration of(Duration model, int timeScale) {
        return atLeast(model, timeScale, FLOOR);
    }

    /**
     * {@code model} divided by {@code timeScale}, but never below {@code floor}: for a wait of the call path
     * that is not a network timeout (the agent's greeting delay), whose floor is its own.
     */
    public static Duration atLeast(Duration model, int timeScale, Duration floor) {
        Duration scaled = model.dividedBy(timeScale);
        return scaled.compareTo(floor) < 0 ? floor : scaled;
    }
}
