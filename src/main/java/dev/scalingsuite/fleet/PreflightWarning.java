package dev.scalingsuite.fleet;

/**
 * One known trap the preflight found in the live configuration. A warning never fails a run: the
 * configuration may be deliberate, and the run itself shows what it does.
 *
 * @param key a short, stable name, e.g. {@code health-check-interval-below-nlb-minimum}
 * @param read what was read live that springs the trap
 * @param why why it is a trap: what the stack then does
 * @param todo what to do about it
 */
public record PreflightWarning(String key, String read, String why, String todo) {

    /** One line for the console and logs. */
    @Override
    public String toString() {
        return "[" + key + "] read: " + read + "; why: " + why + "; do: " + todo;
    }
}
