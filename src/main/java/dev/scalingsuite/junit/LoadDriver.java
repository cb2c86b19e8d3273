package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.CallTally;
import dev.scalingsuite.fleet.ConnectTimes;
import dev.scalingsuite.fleet.SipCall;
import dev.scalingsuite.load.CallCounts;
import dev.scalingsuite.load.CallSplit;
import dev.scalingsuite.load.SippHost;
import dev.scalingsuite.load.SippRun;
import dev.scalingsuite.load.Uac;
import dev.scalingsuite.load.UacSpec;
import dev.scalingsuite.report.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scenario's load: each place-calls step's calls split over the load hosts by their weights
 * ({@link CallSplit}), one SIPp instance on each host that gets calls, calls ended by INFO, counts summed over
 * every instance and each call with SIPp's times for it (both cached briefly: each read is an SSH round trip).
 * A host that fails while the run lasts (its SSH link gone past the reconnects, or a SIPp of it gone while it
 * still had calls) fails the step in progress, named; the other hosts' calls are still ended by INFO.
 * Closing ends every call the scenario still holds and stops its instances.
 */
final class LoadDriver implements AutoCloseable {

    private static final Duration TALLY_MAX_AGE = Duration.ofSeconds(1);
    /** How often the hosts are asked whether their SIPp instances still run: one SSH round trip per host. */
    private static final Duration HEALTH_MAX_AGE = Duration.ofSeconds(1);
    /** A run past its deadline still captures its calls' first seconds. */
    private static final Duration MIN_CAPTURE = Duration.ofMinutes(1);

    private final List<SippHost> hosts;
    private final String sipHost;
    private final int sipPort;
    private final Optional<Instant> deadline;
    private final List<Placed> runs = new ArrayList<>();
    /** Why each failed host failed, by its index: its calls can no longer be ended, the others' still are. */
    private final Map<Integer, String> failed = new LinkedHashMap<>();
    private Seen cached = new Seen(CallTally.NONE, List.of());
    private Instant cachedAt = Instant.EPOCH;
    private Instant checkedAt = Instant.EPOCH;

    /** One SIPp instance and the host it runs on; {@code ending}: the suite asked its calls to end. */
    private static final class Placed {
        final int host;
        final SippRun run;
        boolean ending;

        Placed(int host, SippRun run) {
            this.host = host;
            this.run = run;
        }
    }

    /**
     * @param deadline when the run will be over at the latest (its steps' bounds, and the reports); the
     *     captures beside SIPp end by themselves then. Empty when a step has no bound: the load API's default
     */
    LoadDriver(List<SippHost> hosts, String sipHost, int sipPort, Optional<Instant> deadline) {
        if (hosts.isEmpty()) {
            throw new IllegalStateException("No load host is configured: set 'load-hosts' in config.yaml");
        }
        this.hosts = List.copyOf(hosts);
        this.sipHost = sipHost;
        this.sipPort = sipPort;
        this.deadline = deadline;
    }

    /**
     * Places {@code count} calls, {@code rate} per {@code period} (wall time), split over the hosts by weight:
     * one instance per host that gets calls, all started at once. A host that cannot start its instance fails
     * the step, named; instances the others started are ended with the rest when the run ends.
     */
    synchronized List<SippRun> place(int count, int rate, Duration period, int limit) {
        List<CallSplit.Share> shares = CallSplit.of(hosts.stream().map(SippHost::weight).toList(), count, rate,
                period, limit);
        if (shares.size() == 1) {
            // one instance: started here, as it always was, its failure thrown as it came
            CallSplit.Share share = shares.get(0);
            SippRun run = hosts.get(share.host()).start(spec(share));
            runs.add(new Placed(share.host(), run));
            return List.of(run);
        }
        Map<CallSplit.Share, CompletableFuture<SippRun>> starts = new LinkedHashMap<>();
        // each start waits on its host (SSH, SIPp binding its ports, ~1 s): a thread per host, so the hosts start
        // together (the common pool has one thread on a 2-CPU machine)
        ExecutorService starting = Executors.newFixedThreadPool(shares.size(), r -> {
            Thread t = new Thread(r, "load-host-start");
            t.setDaemon(true);
            return t;
        });
        try {
            for (CallSplit.Share share : shares) {
                UacSpec spec = spec(share);
                SippHost host = hosts.get(share.host());
                starts.put(share, CompletableFuture.supplyAsync(() -> host.start(spec), starting));
            }
            CompletableFuture.allOf(starts.values().toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        } finally {
            starting.shutdown();
        }
        List<SippRun> started = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        RuntimeException first = null;
        for (Map.Entry<CallSplit.Share, CompletableFuture<SippRun>> start : starts.entrySet()) {
            int host = start.getKey().host();
            try {
                SippRun run = start.getValue().join();
                runs.add(new Placed(host, run));
                started.add(run);
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                first = first == null ? cause : first;
                String why = "could not start SIPp for its " + start.getKey().count() + " calls: " + cause.getMessage();
                failed.put(host, why);
                failures.add(hostFailed(host, why));
            }
        }
        if (first != null) {
            throw new LoadHostFailed(String.join("; ", failures), first);
        }
        return List.copyOf(started);
    }

    private UacSpec spec(CallSplit.Share share) {
        UacSpec spec = Uac.calls(share.count()).at(share.rate(), share.period()).atMostConcurrent(share.limit())
                .to(sipHost, sipPort);
        if (deadline.isPresent()) {
            Duration left = Duration.between(Instant.now(), deadline.get());
            spec = spec.withCaptureLimit(left.compareTo(MIN_CAPTURE) < 0 ? MIN_CAPTURE : left);
        }
        return spec;
    }

    /** Ends {@code n} live calls by INFO, taking them from the oldest instances first, on the hosts still up. */
    synchronized int end(int n) {
        int left = n;
        for (Placed placed : runs) {
            if (left == 0) {
                break;
            }
            if (failed.containsKey(placed.host)) {
                continue;
            }
            SippRun run = placed.run;
            int live = run.isRunning() ? run.liveCallIds().size() : 0;
            if (live > 0) {
                left -= run.endCalls(Math.min(live, left)).size();
            }
        }
        cachedAt = Instant.EPOCH;
        return n - left;
    }

    /**
     * Ends every live call by INFO and lets each instance quit, on every host still up; a host that fails
     * meanwhile does not keep the others' calls up: it fails the step afterwards, named.
     */
    synchronized void endAll() {
        List<String> failures = new ArrayList<>();
        RuntimeException first = null;
        for (Placed placed : runs) {
            if (failed.containsKey(placed.host)) {
                continue;
            }
            placed.ending = true;
            try {
                if (placed.run.isRunning()) {
                    placed.run.endAllCalls();
                }
            } catch (RuntimeException e) {
                first = first == null ? e : first;
                String why = "ending its calls failed: " + e.getMessage();
                failed.put(placed.host, why);
                failures.add(hostFailed(placed.host, why));
            }
        }
        cachedAt = Instant.EPOCH;
        if (first != null) {
            throw new LoadHostFailed(String.join("; ", failures), first);
        }
    }

    /**
     * Whether every host is still up, asked at most every second: each host is asked which of its instances
     * still run (one SSH round trip); an instance gone before the suite ended its calls, with calls still up
     * or still to place, means its SIPp died. A host that cannot be reached past the reconnects, or whose
     * SIPp died, fails the step in progress, named.
     *
     * @throws LoadHostFailed naming the host and what failed
     */
    synchronized void check() {
        if (!failed.isEmpty()) {
            throw new LoadHostFailed(failedHosts(), null);
        }
        if (Duration.between(checkedAt, Instant.now()).compareTo(HEALTH_MAX_AGE) < 0) {
            return;
        }
        checkedAt = Instant.now();
        for (int host = 0; host < hosts.size(); host++) {
            List<SippRun> watched = new ArrayList<>();
            for (Placed placed : runs) {
                if (placed.host == host && !placed.ending) {
                    watched.add(placed.run);
                }
            }
            if (watched.isEmpty()) {
                continue;
            }
            try {
                Set<String> running = hosts.get(host).running(watched);
                for (SippRun run : watched) {
                    if (!running.contains(run.runId())) {
                        died(run).ifPresent(why -> failed.putIfAbsent(hostOf(run), why));
                    }
                }
            } catch (RuntimeException e) {
                failed.put(host, "its SSH link is gone: " + e.getMessage());
            }
        }
        if (!failed.isEmpty()) {
            throw new LoadHostFailed(failedHosts(), null);
        }
    }

    /**
     * Why an instance that no longer runs, whose calls the suite did not end, died: it exited with calls still up
     * (no BYE in its log) or still to place. Empty when it ended as it should (every call placed and over, as
     * when the far end hung up on each).
     */
    private static Optional<String> died(SippRun run) {
        Optional<CallCounts> counts = run.countsIfWritten();
        List<String> live = run.liveCallIds();
        // SIPp writes its counts file once a second: one killed right after placing its calls left counts older
        // than its log, and every call up in the log was placed
        Optional<Long> placed = counts.map(CallCounts::placed).map(p -> Math.max(p, live.size()))
                .or(() -> live.isEmpty() ? Optional.empty() : Optional.of((long) live.size()));
        return HostHealth.died(run.runId(), run.spec().count(), placed, live.size());
    }

    private int hostOf(SippRun run) {
        return runs.stream().filter(p -> p.run == run).findFirst().orElseThrow().host;
    }

    private String failedHosts() {
        List<String> each = new ArrayList<>();
        failed.forEach((host, why) -> each.add(hostFailed(host, why)));
        return String.join("; ", each);
    }

    private String hostFailed(int host, String why) {
        return "load host " + hosts.get(host).name() + " failed: " + why;
    }

    /** A load host failed: the step in progress fails, naming it; the other hosts' calls are still ended. */
    static final class LoadHostFailed extends AssertionError {
        private static final long serialVersionUID = 1L;

        LoadHostFailed(String message, Throwable cause) {
            super(message, cause);
        }
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
        for (Placed placed : runs) {
            SippRun run = placed.run;
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
        return runs.stream().map(p -> p.run).toList();
    }

    /** Call setup times of every instance. */
    synchronized List<Duration> setupTimes() {
        List<Duration> all = new ArrayList<>();
        runs.forEach(placed -> all.addAll(placed.run.setupTimes()));
        return all;
    }

    /** Connect times of every instance's calls, and why an instance's could not be measured. */
    synchronized ConnectTimes connectTimes() {
        ConnectTimes all = ConnectTimes.NONE;
        for (Placed placed : runs) {
            all = all.plus(placed.run.connectTimes());
        }
        return all;
    }

    /**
     * Each host's part of the run, in host order: its instances, its counts, setup and connect times, and why it
     * failed; a host that could not be read says so in its failure and counts as uncounted.
     */
    synchronized List<RunRecord.LoadHostRecord> perHost() {
        List<RunRecord.LoadHostRecord> out = new ArrayList<>();
        for (int host = 0; host < hosts.size(); host++) {
            SippHost h = hosts.get(host);
            List<String> ids = new ArrayList<>();
            CallTally tally = CallTally.NONE;
            List<Duration> setup = new ArrayList<>();
            ConnectTimes connect = ConnectTimes.NONE;
            String address = "";
            List<String> problems = new ArrayList<>();
            for (Placed placed : runs) {
                if (placed.host != host) {
                    continue;
                }
                SippRun run = placed.run;
                ids.add(run.runId());
                address = run.bindAddress();
                try {
                    tally = tally.plus(tally(run.where(), run.countsIfWritten()));
                    setup.addAll(run.setupTimes());
                    connect = connect.plus(run.connectTimes());
                } catch (RuntimeException e) {
                    tally = tally.plus(CallTally.uncounted(run.where()));
                    problems.add("reading " + run.runId() + " failed: " + e.getMessage());
                }
            }
            Optional<String> failure = Optional.ofNullable(failed.get(host));
            if (failure.isEmpty() && !problems.isEmpty()) {
                failure = Optional.of(String.join("; ", problems));
            }
            out.add(new RunRecord.LoadHostRecord(h.name(), address, h.weight(), ids, tally, setup, connect, failure,
                    List.of()));
        }
        return out;
    }

    /**
     * Ends every call the scenario still holds and stops its instances, host by host: a host that fails does not
     * keep the others' calls up; the failures are thrown together afterwards, each naming its host.
     */
    @Override
    public synchronized void close() {
        cachedAt = Instant.EPOCH; // the counts change as calls end
        List<String> failures = new ArrayList<>();
        RuntimeException first = null;
        // the hosts still up first: a failed one may take its reconnects' time to fail again
        List<Integer> order = new ArrayList<>();
        for (int host = 0; host < hosts.size(); host++) {
            if (!failed.containsKey(host)) {
                order.add(host);
            }
        }
        order.addAll(failed.keySet());
        for (int host : order) {
            try {
                hosts.get(host).stopAll();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
                failures.add("load host " + hosts.get(host).name() + ": " + e.getMessage());
            }
        }
        if (first != null) {
            // one host's failure as it was; several, each named
            throw hosts.size() == 1 ? first : new IllegalStateException(String.join("; ", failures), first);
        }
    }
}
