package dev.scalingsuite.report;

import dev.scalingsuite.fleet.GeneratorLoad;
import java.util.OptionalDouble;

/** How the reports and the console show what a load host's polls said of its load generator. */
public final class GeneratorText {

    private GeneratorText() {
    }

    /**
     * One line: {@code 7 polls, SIPp at most 3 % of a core, host CPUs at most 41 % busy, load average 0.52,
     * watchdog trips 0 major / 0 minor, 0 retransmissions, polls at most 12 ms late}.
     */
    public static String summary(GeneratorLoad load) {
        return load.polls() + " polls, SIPp at most " + share(load.peakSippCpu()) + " of a core, host CPUs at most "
                + share(load.peakHostCpu()) + " busy, load average at most " + number(load.peakLoadAverage())
                + ", watchdog trips " + load.watchdogMajor() + " major / " + load.watchdogMinor() + " minor, "
                + load.retransmissions() + " retransmissions, calls short of the rate at most "
                + share(load.worstShortfall()) + ", polls at most " + load.latestPoll().toMillis() + " ms late";
    }

    /** {@code 97 %}, or {@code -} when nothing was measured. */
    static String share(OptionalDouble share) {
        return share.isPresent() ? GeneratorLoad.percent(share.getAsDouble()) : "-";
    }

    static String number(OptionalDouble value) {
        return Fmt.number(value);
    }
}
