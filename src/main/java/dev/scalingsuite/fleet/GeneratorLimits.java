package dev.scalingsuite.fleet;

/**
 * When a load generator counts as saturated ({@link GeneratorLoad}): a run whose load host breached any of
 * these is {@code INCONCLUSIVE}, since it cannot tell whether the stack or the generator fell short.
 *
 * @param maxSippCpu {@code generator.max-sipp-cpu}: the share of one core a suite SIPp process may use
 *     between two polls (SIPp places its calls from one thread: at a full core it falls behind)
 * @param maxHostCpu {@code generator.max-host-cpu}: the share of all the host's CPUs busy between two polls;
 *     1 never breaches (the default: a machine shared with the twin is busy for reasons of its own)
 * @param maxWatchdogMajor {@code generator.max-watchdog-major}: SIPp's major watchdog trips (its main loop
 *     stalled over 3 s) allowed per instance
 * @param maxWatchdogMinor {@code generator.max-watchdog-minor}: SIPp's minor watchdog trips (stalled over
 *     500 ms) allowed per instance
 * @param maxRateShortfall {@code generator.max-rate-shortfall}: how far the calls SIPp placed may fall short
 *     of those its rate made due, as a share of those due
 */
public record GeneratorLimits(double maxSippCpu, double maxHostCpu, long maxWatchdogMajor, long maxWatchdogMinor,
        double maxRateShortfall) {

    /**
     * The defaults: a SIPp at 95 % of a core has no room left; a major trip is a stall of seconds; three minor
     * trips allow for a rare hiccup of a shared machine, not a generator stalling every second; a fifth of the
     * calls due not placed is a generator behind its rate, not rounding at a poll.
     */
    public static final GeneratorLimits DEFAULTS = new GeneratorLimits(0.95, 1.0, 0, 3, 0.2);
}
