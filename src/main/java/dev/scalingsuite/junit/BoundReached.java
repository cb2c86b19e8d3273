package dev.scalingsuite.junit;

/**
 * A bound of the run ({@code max-run-time}, {@code max-task-minutes}) was reached: the step in progress
 * stops and the run ends the orderly way, ABORTED. An assertion's error, so the build fails (the run
 * proved nothing) while no stack trace is printed for it.
 */
final class BoundReached extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final String reason;

    /** @param reason {@code max-task-minutes 30 reached: 30.4 task-minutes over 6 tasks} */
    BoundReached(String reason) {
        super("aborted: " + reason);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
