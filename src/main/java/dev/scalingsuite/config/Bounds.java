package dev.scalingsuite.config;

import java.time.Duration;
import java.util.List;

/**
 * What one run may spend on a real account: its run time and its tasks' task-minutes, each model
 * time (against the twin as on AWS). Reaching either ends the run the orderly way, with outcome
 * ABORTED.
 *
 * @param maxRunTime {@code max-run-time}: from the run's start (after the baseline) to its last step
 * @param maxTaskMinutes {@code max-task-minutes}: the run's task-minutes as Fargate bills them
 * @param maxRunTimeOrigin where it was set ({@code config.yaml:4}, {@code -Dscaling.max-run-time}) or
 *     {@code default}
 * @param maxTaskMinutesOrigin likewise
 */
public record Bounds(Duration maxRunTime, int maxTaskMinutes, String maxRunTimeOrigin, String maxTaskMinutesOrigin) {

    /**
     * Above the longest any shipped scenario can take when every step runs to its bound (sustained-24:
     * 83 minutes; 30 when it passed on the twin), so the default never turns a scenario's own verdict into
     * an abort, while a run that hangs or a custom scenario's long hold still ends.
     */
    public static final Duration DEFAULT_MAX_RUN_TIME = Duration.ofMinutes(90);
    /**
     * Ten task-hours: over three times what the heaviest shipped scenario used when it passed on the twin
     * (sustained-24: 180 task-minutes over 8 tasks; steady-state 59), and below the stack's maximum of 12
     * tasks held for the default run time (1080), so a run stuck at the maximum is stopped by its cost
     * before its time.
     */
    public static final int DEFAULT_MAX_TASK_MINUTES = 600;
    static final Duration MIN_RUN_TIME = Duration.ofMinutes(1);
    static final Duration MAX_RUN_TIME = Duration.ofHours(48);
    static final int MOST_TASK_MINUTES = 1_000_000;

    public static final Bounds DEFAULTS = new Bounds(DEFAULT_MAX_RUN_TIME, DEFAULT_MAX_TASK_MINUTES, "default",
            "default");

    /** {@code max-run-time: 90m (default)}, {@code max-task-minutes: 600 (config.yaml:4)}. */
    public List<String> lines() {
        return List.of("max-run-time: " + show(maxRunTime) + " (" + maxRunTimeOrigin + ")",
                "max-task-minutes: " + maxTaskMinutes + " (" + maxTaskMinutesOrigin + ")");
    }

    /** A bound's duration as the configuration writes one: {@code 90m}, {@code 2h}, {@code 1m30s}. */
    public static String show(Duration d) {
        long seconds = d.toSeconds();
        if (seconds % 60 != 0) {
            return (seconds >= 60 ? seconds / 60 + "m" : "") + seconds % 60 + "s";
        }
        long minutes = seconds / 60;
        return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
    }
}
