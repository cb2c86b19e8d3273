package dev.scalingsuite.twin.stack;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A fault profile: a bug of the deployed stack the twin can reproduce. A fault changes only what
 * the stack does; every API that reports configuration answers as without it, because the real
 * bugs were invisible there too. Enable them with the {@code faults} setting.
 */
public enum Fault {

    /** The step scale-in alarm evaluates {@code metric >= 0}: in ALARM whenever there is data. */
    SCALE_IN_ALARM_ALWAYS_FIRING("scale-in-alarm-always-firing"),
    /** Target tracking reads MaxSessionsPerTask (Maximum) instead of SessionsPerTask (Average). */
    TARGET_TRACKING_ON_MAX("target-tracking-on-max"),
    /**
     * Every alarm that scales out (target tracking's AlarmHigh, a step policy's alarm with a step that adds
     * tasks) goes to ALARM on one breaching datapoint, while DescribeAlarms reports its EvaluationPeriods and
     * DatapointsToAlarm as configured (3 of 3 for target tracking): scale-out comes periods too early.
     */
    SCALE_OUT_ON_ONE_DATAPOINT("scale-out-on-one-datapoint"),
    /** The NLB health-checks every 4x the configured interval. */
    SLOW_HEALTH_CHECKS("slow-health-checks"),
    /** The agents never set scale-in protection. */
    NO_TASK_PROTECTION("no-task-protection"),
    /** The NLB sends every new flow to the first healthy target in registration order. */
    STICKY_NLB("sticky-nlb"),
    /** Every cold-start phase takes 3x as long. */
    SLOW_COLD_START("slow-cold-start"),
    /** The first task that held a session for 30 s crashes, once per twin lifetime. */
    TASK_CRASH("task-crash"),
    /** The session counter publishes nothing for every other metric period. */
    METRIC_GAPS("metric-gaps"),
    /** The load host's SSH server restarts every 90 s of model time, same port and host key. */
    SSH_DROPS("ssh-drops"),
    /**
     * The SIPp processes the load host started are stopped (SIGSTOP) 600 ms of every second of wall time, then
     * continued: a load generator that falls behind, without loading the CPUs.
     */
    SIPP_STALLS("sipp-stalls");

    private final String profileName;

    Fault(String profileName) {
        this.profileName = profileName;
    }

    /** The kebab-case name the {@code faults} setting uses. */
    public String profileName() {
        return profileName;
    }

    public static Optional<Fault> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.profileName.equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Fault::profileName).toList();
    }

    @Override
    public String toString() {
        return profileName;
    }
}
