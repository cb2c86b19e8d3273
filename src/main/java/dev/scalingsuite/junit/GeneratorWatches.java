package dev.scalingsuite.junit;

import dev.scalingsuite.config.Generators;
import dev.scalingsuite.fleet.GeneratorLoad;
import dev.scalingsuite.fleet.GeneratorSample;
import dev.scalingsuite.fleet.Timeline;
import dev.scalingsuite.load.GeneratorWatch;
import dev.scalingsuite.load.SippHost;
import dev.scalingsuite.report.RunRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run's load generators watching themselves: one {@link GeneratorWatch} per load host, each sample also
 * a {@code generator} event of the timeline, judged against {@code generator.*} ({@link GeneratorLoad}). A
 * saturated generator makes the run {@code INCONCLUSIVE}: the thresholds step fails with its reason unless
 * {@code allow-inconclusive}, a step that fails while it is saturated says so first, and the reports give
 * the evidence of every host.
 */
final class GeneratorWatches implements AutoCloseable {

    /** Model time between polls: SIPp writes its statistics every second of wall time. */
    static final Duration POLL = Duration.ofSeconds(5);
    /** Wall bounds of a poll's interval: at least a second apart, at most 5 s. */
    static final Duration MIN_WALL = Duration.ofSeconds(1);
    static final Duration MAX_WALL = Duration.ofSeconds(5);

    private final Generators config;
    private final List<GeneratorWatch> watches;
    private List<GeneratorLoad> closed;

    private GeneratorWatches(Generators config, List<GeneratorWatch> watches) {
        this.config = config;
        this.watches = watches;
    }

    /** Starts watching every load host, every {@link #POLL} of model time within the wall bounds. */
    static GeneratorWatches start(List<SippHost> hosts, Generators config, TimeScale scale, Timeline timeline) {
        Duration wall = scale.wall(POLL);
        Duration interval = wall.compareTo(MIN_WALL) < 0 ? MIN_WALL : wall.compareTo(MAX_WALL) > 0 ? MAX_WALL : wall;
        List<GeneratorWatch> watches = new ArrayList<>();
        for (SippHost host : hosts) {
            watches.add(GeneratorWatch.start(host, interval, Clock.systemUTC(),
                    sample -> timeline.append(sample.at(), "generator", fields(host.name(), sample))));
        }
        return new GeneratorWatches(config, watches);
    }

    private static Map<String, Object> fields(String host, GeneratorSample sample) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("host", host);
        fields.put("lateMs", sample.late().toMillis());
        sample.loadAverage().ifPresent(v -> fields.put("loadAverage", v));
        sample.hostCpu().ifPresent(v -> fields.put("hostCpu", round(v)));
        for (GeneratorSample.Instance i : sample.instances()) {
            Map<String, Object> each = new LinkedHashMap<>();
            each.put("state", i.state());
            i.cpu().ifPresent(v -> each.put("cpu", round(v)));
            each.put("placed", i.placed());
            each.put("due", i.due());
            each.put("retransmissions", i.retransmissions());
            each.put("watchdogMajor", i.watchdogMajor());
            each.put("watchdogMinor", i.watchdogMinor());
            fields.put(i.runId(), each);
        }
        return fields;
    }

    private static double round(double share) {
        return Math.round(share * 1000) / 1000.0;
    }

    /** Polls of the load hosts that failed (an SSH error, a command that timed out), all hosts together. */
    int failures() {
        return watches.stream().mapToInt(GeneratorWatch::failures).sum();
    }

    /** Whether a saturated generator may let the build pass ({@code allow-inconclusive}). */
    boolean allowInconclusive() {
        return config.allowInconclusive();
    }

    /** Each host's polls so far, judged; after {@link #close()}, all of them. */
    synchronized List<GeneratorLoad> loads() {
        if (closed != null) {
            return closed;
        }
        return watches.stream().map(w -> GeneratorLoad.of(w.host(), w.samples(), config.limits())).toList();
    }

    /** The first saturated host so far, if any. */
    Optional<GeneratorLoad> saturated() {
        return loads().stream().filter(GeneratorLoad::saturated).findFirst();
    }

    /** Every saturated host's reason, joined by {@code ; }; empty when every generator kept up. */
    Optional<String> reason() {
        List<String> reasons = loads().stream().filter(GeneratorLoad::saturated).map(GeneratorLoad::reason).toList();
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
    }

    /** How a run ends: its outcome and the reason. */
    record Ending(RunRecord.Outcome outcome, String reason) {
    }

    /**
     * How a run that would end as {@code outcome} for {@code reason} ends when a generator was {@code saturated}:
     * {@code INCONCLUSIVE} instead of passed or failed, whatever its checks said, with the saturation as the reason
     * (a failure that already said so, judged on fewer polls, gives way to it; another failure follows it). A run
     * aborted (a bound, an error, the JVM stopping) stays aborted.
     */
    static Ending ending(RunRecord.Outcome outcome, String reason, Optional<String> saturated) {
        if (saturated.isEmpty() || outcome == RunRecord.Outcome.ABORTED || outcome == RunRecord.Outcome.INCONCLUSIVE) {
            return new Ending(outcome, reason);
        }
        return new Ending(RunRecord.Outcome.INCONCLUSIVE, reason.isEmpty() || reason.contains(GeneratorLoad.SATURATED)
                ? saturated.get() : saturated.get() + "; the run failed: " + reason);
    }

    /** Polls each host once more (SIPp's final counts) and stops; the judgement is kept. */
    @Override
    public synchronized void close() {
        if (closed != null) {
            return;
        }
        watches.forEach(GeneratorWatch::close);
        closed = watches.stream().map(w -> GeneratorLoad.of(w.host(), w.samples(), config.limits())).toList();
    }
}
