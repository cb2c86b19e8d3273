package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.CallTally;
import dev.scalingsuite.fleet.ConnectTimes;
import dev.scalingsuite.fleet.SipCall;
import dev.scalingsuite.load.CallCounts;
import dev.scalingsuite.load.SippHost;
import dev.scalingsuite.load.SippRun;
import dev.scalingsuite.load.Uac;
import dev.scalingsuite.load.UacSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A scenario's load: one SIPp instance per place-calls step on the load hosts in turn, calls ended
 * by INFO, counts summed over every instance and each call with SIPp's times for it (both cached
 * briefly: each read is an SSH round trip).
 * Closing ends every call the scenario still holds and stops its instances.
 */
final class LoadDriver implements AutoCloseable {

    private static final Duration TALLY_MAX_AGE = Duration.ofSeconds(1);
    /** A run past its deadline still captures its calls' first seconds. */
    private static final Duration MIN_CAPTURE = Duration.ofMinutes(1);

    private final List<SippHost> hosts;
    private final String sipHost;
    private final int sipPort;
    private final Optional<Instant> deadline;
    private final List<SippRun> runs = new ArrayList<>();
    private int next;
    private Seen cached = new Seen(CallTally.NONE, List.of());
    private Instant cachedAt = Instant.EPOCH;

    /**
     * @param deadline when the run will be over at the latest (its steps' bounds, and the reports); the
     *     captures beside SIPp end by themselves then. Empty when a step has no bound: the load API's default
     */
    LoadDriver(List<SippHost> hosts, String sipHost, int sipPort, Optional<Instant> deadline) {
        if (hosts.isEmpty()) {
            throw new IllegalStateException("No load host is configured: set 'load-hosts' in config.yaml");
        }
        this.hosts = hosts;
        this.sipHost = sipHost;
        this.sipPort = sipPort;
        this.deadline = deadline;
    }

    /** Places {@code count} calls, {@code rate} per {@code period} (wall time). */
    synchronized SippRun place(int count, int rate, Duration period, int limit) {
        UacSpec spec = Uac.calls(count).at(rate, period).atMostConcurrent(limit).to(sipHost, sipPort);
        if (deadline.isPresent()) {
            Duration left = Duration.between(Instant.now(), deadline.get());
            spec = spec.withCaptureLimit(left.compareTo(MIN_CAPTURE) < 0 ? MIN_CAPTURE : left);
        }
        SippRun run = hosts.get(next++ % hosts.size()).start(spec);
        runs.add(run);
        return run;
    }

    /** Ends {@code n} live calls by INFO, taking them from the oldest instances first. */
    synchronized int end(int n) {
        int left = n;
        for (SippRun run : runs) {
            if (left == 0) {
                break;
            }
            int live = run.isRunning() ? run.liveCallIds().size() : 0;
            if (live > 0) {
                left -= run.endCalls(Math.min(live, left)).size();
            }
        }
        cachedAt = Instant.EPOCH;
        return n - left;
    }

    /** Ends every live call by INFO and lets each instance quit. */
    synchronized void endAll() {
        for (SippRun run : runs) {
            if (run.isRunning()) {
                run.endAllCalls();
            }
        }
        cachedAt = Instant.EPOCH;
    }

    /** What SIPp saw: the counts summed over the scenario's instances, and every answered call with its times. */
    record Seen(CallTally tally, List<SipCall> calls) {
    }

    /** Call outcomes summed over the scenario's instances, as SIPp counted them. */
    synchronized CallTally tally() {
        return seen().tally();
    }

    /**
     * The counts and the calls, read in that order for each instance: a call's log line is written as
     * its message is counted and the counts file only every second, so every call counted is in the log.
     */
    synchronized Seen seen() {
        if (Duration.between(cachedAt, Instant.now()).compareTo(TALLY_MAX_AGE) < 0) {
            return cached;
        }
        CallTally sum = CallTally.NONE;
        List<SipCall> calls = new ArrayList<>();
        for (SippRun run : runs) {
            sum = sum.plus(tally(run.where(), run.countsIfWritten()));
            calls.addAll(run.calls());
        }
        cached = new Seen(sum, List.copyOf(calls));
        cachedAt = Instant.now();
        return cached;
    }

    /**
     * One instance's counts in the SIP view; an instance whose counts file is not there is {@linkplain
     * CallTally#uncounted() uncounted}, named {@code where}, rather than counted as no calls.
     */
    static CallTally tally(String where, Optional<CallCounts> counts) {
        return counts.map(c -> new CallTally(c.placed(), c.answered(), c.rejected(), c.dropped(), c.completed()))
                .orElseGet(() -> CallTally.uncounted(where));
    }

    synchronized List<SippRun> runs() {
        return List.copyOf(runs);
    }

    /** Call setup times of every instance. */
    synchronized List<Duration> setupTimes() {
        List<Duration> all = new ArrayList<>();
        runs.forEach(run -> all.addAll(run.setupTimes()));
        return all;
    }

    /** Connect times of every instance's calls, and why an instance's could not be measured. */
    synchronized ConnectTimes connectTimes() {
        ConnectTimes all = ConnectTimes.NONE;
        for (SippRun run : runs) {
            all = all.plus(run.connectTimes());
        }
        return all;
    }

    @Override
    public synchronized void close() {
        cachedAt = Instant.EPOCH; // the counts change as calls end
        for (SippHost host : hosts) {
            host.stopAll();
        }
    }
}
