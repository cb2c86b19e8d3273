package dev.scalingsuite.fleet;

/**
 * A step of the scenario being run that expects the fleet to scale in while some of its calls are
 * still up, e.g. {@code expect: {desired: 1, active-sessions-at-least: 1}} after the fleet grew; the
 * preflight compares it with what the live scale-in alarm can do.
 *
 * @param stepIndex the step's 1-based position
 * @param line the line of the scenario file it was written on
 * @param step the step as reports show it
 * @param fewerTasks the task count it expects, below what an earlier step asked for
 * @param sessionsAtLeast the sessions it expects to survive meanwhile (>= 1)
 */
public record ScaleInWithCalls(int stepIndex, int line, String step, int fewerTasks, int sessionsAtLeast) {
}
