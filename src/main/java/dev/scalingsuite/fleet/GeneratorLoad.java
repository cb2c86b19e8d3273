package dev.scalingsuite.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * What one load host's polls during a run say of its load generator, and whether it was saturated: a
 * saturated generator may have delivered less load, or later, than the scenario asked, so the run proves
 * nothing either way and is {@code INCONCLUSIVE} ({@link #reason()}).
 *
 * @param host the load host, as the suite names it ({@code user@host:port})
 * @param polls how many polls read it
 * @param peakHostCpu the busiest share of all its CPUs between two polls
 * @param peakLoadAverage its highest 1-minute load average
 * @param peakSippCpu the most of one core a suite SIPp process used between two polls
 * @param watchdogMajor SIPp's major watchdog trips, the most of any one instance
 * @param watchdogMinor SIPp's minor watchdog trips, the most of any one instance
 * @param retransmissions SIPp's retransmissions, summed over its instances (reported, not judged: a far end
 *     slow to answer makes them as much as a slow generator)
 * @param worstShortfall the largest share of the calls due by SIPp's rate it had not placed at a poll
 * @param latestPoll how late the poller's latest poll ran (reported, not judged: it is the suite's lag)
 * @param stoppedPolls in how many polls a suite SIPp process was stopped (state {@code T})
 * @param breaches each limit breached, with the evidence; empty when the generator kept up
 */
public record GeneratorLoad(String host, int polls, OptionalDouble peakHostCpu, OptionalDouble peakLoadAverage,
        OptionalDouble peakSippCpu, long watchdogMajor, long watchdogMinor, long retransmissions,
        OptionalDouble worstShortfall, Duration latestPoll, int stoppedPolls, List<String> breaches) {

    /** What every reason of a saturated generator says first, before the host. */
    public static final String SATURATED = "load generator saturated on ";

    /** Fewer calls due than this are not judged for a shortfall: one call late would be a large share. */
    public static final long MIN_DUE = 5;

    public GeneratorLoad {
        breaches = List.copyOf(breaches);
    }

    /** Judges one host's polls against {@code limits}. */
    public static GeneratorLoad of(String host, List<GeneratorSample> samples, GeneratorLimits limits) {
        List<String> breaches = new ArrayList<>();
        Map<String, GeneratorSample.Instance> last = new LinkedHashMap<>(); // per run: its highest counts
        Map<String, String> lastWatchdog = new LinkedHashMap<>();
        OptionalDouble peakSipp = OptionalDouble.empty();
        String peakSippRun = "";
        OptionalDouble worstShortfall = OptionalDouble.empty();
        String shortfallText = "";
        int stopped = 0;
        Duration latest = Duration.ZERO;
        for (GeneratorSample sample : samples) {
            latest = sample.late().compareTo(latest) > 0 ? sample.late() : latest;
            boolean anyStopped = false;
            for (GeneratorSample.Instance i : sample.instances()) {
                // the counts only grow; a poll that could not read SIPp's statistics shows zeros
                last.merge(i.runId(), i, (a, b) -> new GeneratorSample.Instance(b.runId(), b.state(), b.cpu(),
                        Math.max(a.placed(), b.placed()), b.due(), Math.max(a.retransmissions(), b.retransmissions()),
                        Math.max(a.watchdogMajor(), b.watchdogMajor()), Math.max(a.watchdogMinor(), b.watchdogMinor()),
                        b.lastWatchdog()));
                if (!i.lastWatchdog().isEmpty()) {
                    lastWatchdog.put(i.runId(), i.lastWatchdog());
                }
                anyStopped |= i.state().equals("T");
                if (i.cpu().isPresent() && (peakSipp.isEmpty() || i.cpu().getAsDouble() > peakSipp.getAsDouble())) {
                    peakSipp = i.cpu();
                    peakSippRun = i.runId();
                }
                // a judged poll that found SIPp on time counts as 0 short: "-" is left for "never judged"
                if (i.due() >= MIN_DUE) {
                    double share = Math.max(0, i.due() - i.placed()) / (double) i.due();
                    if (worstShortfall.isEmpty() || share > worstShortfall.getAsDouble()) {
                        worstShortfall = OptionalDouble.of(share);
                        shortfallText = "SIPp placed " + i.placed() + " of " + i.due() + " calls due by its rate in "
                                + i.runId();
                    }
                }
            }
            stopped += anyStopped ? 1 : 0;
        }
        OptionalDouble peakHost = peak(samples, s -> s.hostCpu().orElse(Double.NaN));
        OptionalDouble peakLoad = peak(samples, s -> s.loadAverage().orElse(Double.NaN));
        GeneratorSample.Instance mostMajor = most(last, GeneratorSample.Instance::watchdogMajor);
        GeneratorSample.Instance mostMinor = most(last, GeneratorSample.Instance::watchdogMinor);
        long major = mostMajor == null ? 0 : mostMajor.watchdogMajor();
        long minor = mostMinor == null ? 0 : mostMinor.watchdogMinor();
        if (major > limits.maxWatchdogMajor()) {
            breaches.add("SIPp's major watchdog tripped " + times(major) + " in " + mostMajor.runId() + " (allowed "
                    + limits.maxWatchdogMajor() + ", generator.max-watchdog-major)"
                    + quoted(lastWatchdog.get(mostMajor.runId())));
        }
        if (minor > limits.maxWatchdogMinor()) {
            breaches.add("SIPp's minor watchdog tripped " + times(minor) + " in " + mostMinor.runId() + " (allowed "
                    + limits.maxWatchdogMinor() + ", generator.max-watchdog-minor)"
                    + quoted(lastWatchdog.get(mostMinor.runId())));
        }
        if (peakSipp.isPresent() && peakSipp.getAsDouble() > limits.maxSippCpu()) {
            breaches.add("SIPp used " + percent(peakSipp.getAsDouble()) + " of a core in " + peakSippRun
                    + " (allowed " + percent(limits.maxSippCpu()) + ", generator.max-sipp-cpu)");
        }
        if (peakHost.isPresent() && peakHost.getAsDouble() > limits.maxHostCpu()) {
            breaches.add("the host's CPUs were " + percent(peakHost.getAsDouble()) + " busy (allowed "
                    + percent(limits.maxHostCpu()) + ", generator.max-host-cpu)");
        }
        if (worstShortfall.isPresent() && worstShortfall.getAsDouble() > limits.maxRateShortfall()) {
            breaches.add(shortfallText + " (" + percent(worstShortfall.getAsDouble()) + " short, allowed "
                    + percent(limits.maxRateShortfall()) + ", generator.max-rate-shortfall)");
        }
        long retransmissions = last.values().stream().mapToLong(GeneratorSample.Instance::retransmissions).sum();
        return new GeneratorLoad(host, samples.size(), peakHost, peakLoad, peakSipp, major, minor, retransmissions,
                worstShortfall, latest, stopped, breaches);
    }

    /** A host no poll read, as the reports give it. */
    public static GeneratorLoad notPolled(String host) {
        return of(host, List.of(), GeneratorLimits.DEFAULTS);
    }

    public boolean saturated() {
        return !breaches.isEmpty();
    }

    /**
     * Every breach, then what else the polls saw that explains it: {@code SIPp's minor watchdog tripped 6 times
     * in uac-1 (allowed 3, generator.max-watchdog-minor); sipp stopped (state T) in 4 of 7 polls}.
     */
    public String evidence() {
        List<String> parts = new ArrayList<>(breaches);
        if (stoppedPolls > 0) {
            parts.add("sipp stopped (state T) in " + stoppedPolls + " of " + polls + " polls");
        }
        return String.join("; ", parts);
    }

    /**
     * {@code load generator saturated on <host>: <evidence>}: the run's reason, and the failure message Allure
     * files under "INCONCLUSIVE: load generator saturated" ({@code report.AllureFiles}).
     */
    public String reason() {
        return SATURATED + host + ": " + evidence();
    }

    /** {@code 97 %}. */
    public static String percent(double share) {
        return Math.round(share * 100) + " %";
    }

    private static String times(long n) {
        return n == 1 ? "once" : n + " times";
    }

    private static String quoted(String message) {
        return message == null || message.isEmpty() ? "" : ": \"" + message + "\"";
    }

    private static OptionalDouble peak(List<GeneratorSample> samples, ToDoubleFunction<GeneratorSample> value) {
        return samples.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).max();
    }

    private static GeneratorSample.Instance most(Map<String, GeneratorSample.Instance> last,
            java.util.function.ToLongFunction<GeneratorSample.Instance> count) {
        GeneratorSample.Instance most = null;
        for (GeneratorSample.Instance i : last.values()) {
            if (most == null || count.applyAsLong(i) > count.applyAsLong(most)) {
                most = i;
            }
        }
        return most;
    }
}
