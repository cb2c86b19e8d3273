package dev.scalingsuite.report;

import dev.scalingsuite.fleet.CallOutcomes;
import dev.scalingsuite.fleet.FleetSnapshot;
import dev.scalingsuite.fleet.SessionMetrics;

/**
 * The live line printed every few seconds while a scenario runs, e.g.
 * {@code [steady-state 03:20] step 3/14 expect running tasks >= 2 within 8m | tasks 2/3 (R/D) | SPT 2.5 | active 8 | ok 8 rej 0 drop 0}.
 */
public final class ConsoleLine {

    private static final int STEP_WIDTH = 48;
    /** The width of a matrix cell's progress bar. */
    private static final int BAR = 8;

    private ConsoleLine() {
    }

    /**
     * The line of a matrix cell's run, e.g.
     * {@code [cell 3/12 calls=40 twin.targetSessionsPerTask=5] [###-----] 40% | tasks 4/4 | active 38 | ok 38 rej 0 drop 0}:
     * the cell, how many of its checks (steps, thresholds, ...) are done, the fleet and the calls.
     *
     * @param done the checks with a result
     * @param checks the checks a complete run has
     * @param calls the calls in the stack's view, or {@code null} when they could not be read
     */
    public static String cell(String cell, int done, int checks, FleetSnapshot fleet, CallOutcomes calls) {
        int percent = checks <= 0 ? 0 : Math.min(100, done * 100 / checks);
        int filled = percent * BAR / 100;
        String running = fleet.service().running() < 0 ? "?" : String.valueOf(fleet.service().running());
        String desired = fleet.service().desired() < 0 ? "?" : String.valueOf(fleet.service().desired());
        return "[" + cell + "] [" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] " + percent + "% | tasks "
                + running + "/" + desired + " | active " + fleet.activeSessions() + " | " + calls(calls);
    }

    private static String calls(CallOutcomes calls) {
        return calls == null ? "calls ?" : "ok " + calls.answered() + " rej " + calls.rejected() + " drop "
                + calls.dropped() + (calls.frontDoorFailures() == 0 ? "" : " front-door " + calls.frontDoorFailures());
    }

    /**
     * @param modelSeconds model time since the start of the run
     * @param step the step running now, 1-based; 0 before the first
     * @param calls the calls in the stack's view, or {@code null} when they could not be read
     */
    public static String format(String scenario, double modelSeconds, int step, int steps, String stepText,
            FleetSnapshot fleet, CallOutcomes calls) {
        String running = fleet.service().running() < 0 ? "?" : String.valueOf(fleet.service().running());
        String desired = fleet.service().desired() < 0 ? "?" : String.valueOf(fleet.service().desired());
        String text = stepText.length() > STEP_WIDTH ? stepText.substring(0, STEP_WIDTH - 3) + "..." : stepText;
        return "[" + scenario + " " + Fmt.clock(modelSeconds) + "] step " + step + "/" + steps + " " + text
                + " | tasks " + running + "/" + desired + " (R/D) | SPT "
                + fleet.metrics().show(SessionMetrics.SESSIONS_PER_TASK) + " | active " + fleet.activeSessions()
                + " | " + calls(calls);
    }
}
