package dev.scalingsuite.load;

import dev.scalingsuite.fleet.GeneratorSample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Watches one load host's generator while a run places calls from it: every {@code interval} one SSH
 * command reads the host's load and CPU and each of the suite's SIPp instances there
 * ({@link GeneratorProbe}); two reads in a row make the CPU shares, and SIPp's rate and elapsed time the
 * calls due. Only the instances started after it count: those of earlier runs are not this run's load. A poll
 * that fails is counted and the next one tries again. Close it to stop polling (it
 * polls once more first, so the samples end with SIPp's final counts).
 */
public final class GeneratorWatch implements AutoCloseable {

    /** The longest one poll's command may take: a host this slow is reported by the poll lateness. */
    static final Duration POLL_TIMEOUT = Duration.ofSeconds(20);
    /**
     * The shortest time CPU shares are measured over: the kernel counts CPU time in ticks of 10 ms, so over less
     * (polls run back to back after a late one) one tick would read as a large share.
     */
    static final Duration MIN_WINDOW = Duration.ofMillis(500);
    private static final Logger LOG = Logger.getLogger(GeneratorWatch.class.getName());

    private final SippHost host;
    private final Duration interval;
    private final Clock clock;
    private final Consumer<GeneratorSample> listener;
    private final List<GeneratorSample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "generator-watch");
        t.setDaemon(true);
        return t;
    });
    private final Object pollLock = new Object();
    /** The instances an earlier run started on the host (the suite's hosts outlive a run): not this run's. */
    private final java.util.Set<String> earlier;
    private long startNanos;
    private long polls;
    private int failures;
    private GeneratorProbe.HostReading previous;
    private long previousNanos;
    private boolean closed;

    private GeneratorWatch(SippHost host, Duration interval, Clock clock, Consumer<GeneratorSample> listener) {
        this.host = host;
        this.interval = interval;
        this.clock = clock;
        this.listener = listener;
        this.earlier = host.instances().stream().map(SippRun::runId).collect(java.util.stream.Collectors.toSet());
    }

    /**
     * Starts polling {@code host}, now and then every {@code interval} (wall time); each sample also goes to
     * {@code listener} (the run's timeline).
     */
    public static GeneratorWatch start(SippHost host, Duration interval, Clock clock,
            Consumer<GeneratorSample> listener) {
        GeneratorWatch watch = new GeneratorWatch(host, interval, clock, listener);
        watch.startNanos = System.nanoTime();
        watch.timer.scheduleAtFixedRate(watch::poll, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
        return watch;
    }

    /** The load host, as the suite names it: {@code user@host:port}. */
    public String host() {
        return host.name();
    }

    /** The samples so far, oldest first. */
    public List<GeneratorSample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** Polls that failed (an SSH error, a command that timed out). */
    public int failures() {
        synchronized (pollLock) {
            return failures;
        }
    }

    private void poll() {
        synchronized (pollLock) {
            if (closed) {
                return;
            }
            long planned = startNanos + polls++ * interval.toNanos();
            pollNow(Duration.ofNanos(Math.max(0, System.nanoTime() - planned)));
        }
    }

    private void pollNow(Duration late) {
        List<SippRun> runs = host.instances().stream().filter(r -> !earlier.contains(r.runId())).toList();
        try {
            String script = GeneratorProbe.script(runs.stream().map(GeneratorProbe.Instance::of).toList());
            String output = host.execIdempotent(script, POLL_TIMEOUT).stdout();
            long now = System.nanoTime();
            GeneratorProbe.HostReading reading = GeneratorProbe.parse(output,
                    runs.stream().map(SippRun::runId).toList());
            Map<String, UacSpec> specs = new HashMap<>();
            runs.forEach(r -> specs.put(r.runId(), r.spec()));
            GeneratorSample sample = sample(clock.instant(), late, reading, previous, now - previousNanos, specs);
            if (previous == null || now - previousNanos >= MIN_WINDOW.toNanos()) {
                previous = reading;
                previousNanos = now;
            }
            synchronized (samples) {
                samples.add(sample);
            }
            listener.accept(sample);
        } catch (RuntimeException e) {
            failures++;
            LOG.fine(() -> "generator watch on " + host() + ": a poll failed: " + e.getMessage());
        }
    }

    /**
     * One sample from a read and the one before it ({@code null} for the first), {@code elapsedNanos} apart:
     * the CPU shares over that time (none under {@link #MIN_WINDOW}), and each instance's calls due by its rate
     * ({@code specs}, by run id).
     */
    static GeneratorSample sample(Instant at, Duration late, GeneratorProbe.HostReading now,
            GeneratorProbe.HostReading before, long elapsedNanos, Map<String, UacSpec> specs) {
        OptionalDouble hostCpu = OptionalDouble.empty();
        // too short a time to measure a share over (MIN_WINDOW): none
        GeneratorProbe.HostReading base = elapsedNanos < MIN_WINDOW.toNanos() ? null : before;
        if (base != null && now.cpuTotal().isPresent() && base.cpuTotal().isPresent()) {
            long total = now.cpuTotal().getAsLong() - base.cpuTotal().getAsLong();
            long busy = now.cpuBusy().getAsLong() - base.cpuBusy().getAsLong();
            if (total > 0) {
                hostCpu = OptionalDouble.of(Math.max(0, Math.min(1, busy / (double) total)));
            }
        }
        List<GeneratorSample.Instance> instances = new ArrayList<>();
        now.instances().forEach((id, reading) -> {
            OptionalDouble cpu = OptionalDouble.empty();
            GeneratorProbe.InstanceReading earlier = base == null ? null : base.instances().get(id);
            if (earlier != null && reading.cpuTicks().isPresent() && earlier.cpuTicks().isPresent()) {
                double seconds = (reading.cpuTicks().getAsLong() - earlier.cpuTicks().getAsLong())
                        / (double) now.ticksPerSecond();
                cpu = OptionalDouble.of(Math.max(0, seconds / (elapsedNanos / 1e9)));
            }
            long placed = reading.stats().map(GeneratorProbe.StatRow::placed).orElse(0L);
            long due = reading.stats().map(s -> due(specs.get(id), s)).orElse(-1L);
            instances.add(new GeneratorSample.Instance(id, reading.state(), cpu, placed, due,
                    reading.stats().map(GeneratorProbe.StatRow::retransmissions).orElse(0L),
                    reading.stats().map(GeneratorProbe.StatRow::watchdogMajor).orElse(0L),
                    reading.stats().map(GeneratorProbe.StatRow::watchdogMinor).orElse(0L),
                    reading.lastWatchdog()));
        });
        return new GeneratorSample(at, late, now.loadAverage(), hostCpu, instances);
    }

    /**
     * The calls {@code spec}'s rate made due after {@code stats}'s elapsed time ({@code -r} per {@code -rp}, at
     * most {@code -m}), or -1 when the rate does not bind: its calls at the concurrency limit ({@code -l}, where
     * SIPp waits by design) or every call placed.
     */
    static long due(UacSpec spec, GeneratorProbe.StatRow stats) {
        if (spec == null || stats.current() >= spec.limit() || stats.placed() >= spec.count()) {
            return -1;
        }
        long due = stats.elapsedSeconds() * 1000 * spec.rate() / Math.max(1, spec.period().toMillis());
        return Math.min(spec.count(), due);
    }

    /** Polls once more (SIPp's final counts), then stops. */
    @Override
    public void close() {
        synchronized (pollLock) {
            if (closed) {
                return;
            }
            pollNow(Duration.ZERO);
            closed = true;
        }
        timer.shutdownNow();
    }
}
