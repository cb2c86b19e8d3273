package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.EarliestScaling;
import dev.scalingsuite.fleet.ModelClock;
import dev.scalingsuite.fleet.RunHistory;
import dev.scalingsuite.fleet.ScalingConfiguration;
import dev.scalingsuite.fleet.SessionMetrics;
import dev.scalingsuite.fleet.SourceNames;
import dev.scalingsuite.fleet.Telemetry;
import dev.scalingsuite.fleet.finding.Missing;
import dev.scalingsuite.fleet.finding.NotMeasured;
import dev.scalingsuite.fleet.finding.Source;
import dev.scalingsuite.scenario.Condition;
import dev.scalingsuite.scenario.NotBefore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The earlier side of an {@code expect}'s window: its conditions must not hold at any poll before its
 * {@code not-before}. A duration counts from the step's start; {@code scale-out-policy} and
 * {@code scale-in-policy} are the earliest the live policy allows ({@link EarliestScaling}), from the
 * alarm metric's datapoints, counting a breach from the last time the metric stopped breaching before the
 * load that would trigger it (the anchor: the latest place-calls step for scale-out, the latest end-calls or
 * end-all-calls step for scale-in; the step's own start when there is none).
 *
 * <p>The poll at which the conditions first held is stamped with a time by which what it showed was true
 * (the caller's: for the service counts alone, when the DescribeServices call they came from returned; else
 * when the poll returned). A failure therefore never rests on how late a read came; a change that came too
 * early by less than the time its source takes to show it can be missed. A policy's bound
 * is judged only once the metrics were read a period past the poll that saw the conditions hold, since a
 * datapoint may arrive late; a bound that then still lies ahead fails the step.
 *
 * <p>Not measured: no poll measured the conditions before the bound (it had passed before the step read
 * them, or {@code waits: fixed} reads them only once), or the alarm's metric is not one the suite reads (or
 * not at the period it reads), or no datapoint of it arrived.
 */
final class NotBeforeCheck {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    /** The metrics the suite reads, by the keys the timeline records them under. */
    private static final List<String> READ = List.of(SessionMetrics.SESSIONS_PER_TASK,
            SessionMetrics.MAX_SESSIONS_PER_TASK, SessionMetrics.ACTIVE_COUNT, SessionMetrics.HEALTHY_TASK_COUNT);

    private final int index;
    private final List<Condition> conditions;
    private final NotBefore notBefore;
    private final Instant stepStart;
    private final Instant anchor;
    private final List<EarliestScaling.Path> paths;
    private final ModelClock clock;
    private final SourceNames names;
    private final Telemetry telemetry;
    private Instant firstNotHeld;

    /**
     * @param anchor when the load that would trigger the change started (or ended, for scale-in)
     * @param paths the live policy's paths in the not-before's direction; empty for a duration
     */
    NotBeforeCheck(int index, List<Condition> conditions, NotBefore notBefore, Instant stepStart, Instant anchor,
            List<EarliestScaling.Path> paths, ModelClock clock, SourceNames names, Telemetry telemetry) {
        this.index = index;
        this.conditions = List.copyOf(conditions);
        this.notBefore = notBefore;
        this.stepStart = stepStart;
        this.anchor = anchor;
        this.paths = List.copyOf(paths);
        this.clock = clock;
        this.names = names;
        this.telemetry = telemetry;
        if (notBefore.policy().isPresent() && paths.isEmpty()) {
            throw new AssertionError("not-before: " + notBefore.yaml() + " needs a " + direction().words()
                    + " policy, but the live configuration has none (a target tracking policy" + (direction()
                            == EarliestScaling.Direction.IN ? " with scale-in enabled" : "") + ", or a step policy with "
                    + (direction() == EarliestScaling.Direction.IN ? "a negative" : "a positive") + " adjustment and "
                    + "its alarm); write a duration instead");
        }
    }

    /** The paths of {@code config} a policy's not-before judges by; none for a duration. */
    static List<EarliestScaling.Path> paths(NotBefore notBefore, ScalingConfiguration config) {
        return notBefore.policy().map(p -> EarliestScaling.paths(config, direction(p))).orElse(List.of());
    }

    private EarliestScaling.Direction direction() {
        return notBefore.policy().map(NotBeforeCheck::direction).orElse(EarliestScaling.Direction.OUT);
    }

    /** The direction a policy's not-before bounds. */
    static EarliestScaling.Direction direction(NotBefore.Policy policy) {
        return policy == NotBefore.Policy.SCALE_OUT ? EarliestScaling.Direction.OUT : EarliestScaling.Direction.IN;
    }

    /** How the bound is derived, for the timeline and the plan. */
    String explanation() {
        return notBefore.policy().map(p -> p.key() + ": " + EarliestScaling.describe(paths, direction()))
                .orElseGet(() -> NotBefore.KEY + " " + notBefore.yaml() + " from the step's start");
    }

    /** One poll's outcome: whether the conditions were measured, and whether they held, as of {@code at}. */
    void polled(Instant at, boolean measured, boolean held) {
        if (measured && !held && firstNotHeld == null) {
            firstNotHeld = at;
        }
    }

    /**
     * When the metrics must have been read past for a policy's bound to be judged at {@code heldAt}; empty
     * when the datapoints read already allow the change (or for a duration).
     */
    Optional<Instant> metricsNeededPast(Instant heldAt, RunHistory history) {
        if (notBefore.policy().isEmpty() || allowing(heldAt, history).isPresent()) {
            return Optional.empty();
        }
        int period = paths.stream().mapToInt(EarliestScaling.Path::periodSeconds).max().orElse(60);
        return Optional.of(heldAt.plus(clock.wall(Duration.ofSeconds(period))));
    }

    /** What the step's result says of a not-before that held, and whether it was measured. */
    record Verdict(String note, Optional<NotMeasured> notMeasured) {
    }

    /**
     * Judges the conditions that first held at the poll that returned at {@code heldAt}: fails when that was
     * before the bound, else says how it ended.
     *
     * @param metricsCaughtUp whether the metrics were read as far as {@link #metricsNeededPast} asked
     * @throws AssertionError when the conditions held before the bound
     */
    Verdict held(Instant heldAt, RunHistory history, boolean metricsCaughtUp) {
        if (notBefore.policy().isEmpty()) {
            Instant bound = stepStart.plus(clock.wall(notBefore.duration()));
            String why = "counted from the step's start";
            if (heldAt.isBefore(bound)) {
                throw new AssertionError(tooEarly(heldAt, Optional.of(bound), why));
            }
            return passed(heldAt, bound, why);
        }
        Optional<EarliestScaling.Earliest> allowing = allowing(heldAt, history);
        if (allowing.isPresent()) {
            return passed(heldAt, allowing.get().earliest().orElseThrow(), because(allowing.get()));
        }
        List<Missing> missing = new ArrayList<>();
        if (!metricsCaughtUp) {
            paths.stream().map(EarliestScaling.Path::metricName).distinct().forEach(metric -> missing.add(new Missing(
                    Source.METRICS, metric + " datapoint read a period after the conditions held", where(metric),
                    "after " + CLOCK.format(heldAt) + " UTC (the metrics were not read that far)")));
            return new Verdict("", Optional.of(new NotMeasured(NotBefore.KEY, missing)));
        }
        List<EarliestScaling.Earliest> known = new ArrayList<>();
        for (EarliestScaling.Path path : paths) {
            unreadable(path).ifPresentOrElse(missing::add, () -> known.add(earliest(path, history)));
        }
        boolean anyDatapoint = known.stream().anyMatch(e -> !since(key(e.path().metricName()).orElseThrow(), history)
                .isEmpty());
        if (!missing.isEmpty() || !anyDatapoint) {
            known.stream().map(e -> e.path().metricName()).distinct().filter(m -> since(key(m).orElseThrow(), history)
                    .isEmpty()).forEach(m -> missing.add(new Missing(Source.METRICS, m + " datapoint", where(m),
                            "between " + CLOCK.format(anchor) + " and " + CLOCK.format(heldAt) + " UTC")));
            return new Verdict("", Optional.of(new NotMeasured(NotBefore.KEY, missing)));
        }
        Optional<Instant> bound = known.stream().flatMap(e -> e.earliest().stream()).min(Comparator.naturalOrder());
        String why = known.stream().map(this::because).collect(Collectors.joining("; or "));
        throw new AssertionError(tooEarly(heldAt, bound, why));
    }

    /** The conditions never held: the not-before was measured if a poll measured them. */
    Optional<NotMeasured> neverHeld() {
        return firstNotHeld != null ? Optional.empty() : Optional.of(noReading("before the step's bound"));
    }

    /** {@code waits: fixed} reads the conditions once, at the step's bound: nothing before not-before. */
    NotMeasured notPolled() {
        return noReading("(waits: fixed reads the conditions once, at the step's bound)");
    }

    private Verdict passed(Instant heldAt, Instant bound, String why) {
        String note = "held after " + since(heldAt) + ", not before " + since(bound) + " (" + why + ")";
        if (firstNotHeld != null && firstNotHeld.isBefore(bound)) {
            return new Verdict(note, Optional.empty());
        }
        String when = bound.isBefore(stepStart)
                ? "before " + CLOCK.format(bound) + " UTC (not-before, which came before the step started at "
                        + CLOCK.format(stepStart) + " UTC)"
                : "before " + CLOCK.format(bound) + " UTC (not-before)";
        return new Verdict(note, Optional.of(noReading(when)));
    }

    private NotMeasured noReading(String when) {
        Source source = conditions.get(0).kind().quantity().source();
        String labels = conditions.stream().map(c -> c.kind().quantity().label()).distinct()
                .collect(Collectors.joining(", "));
        return new NotMeasured(NotBefore.KEY, new Missing(source, "reading of " + labels + " that did not hold",
                names.where(source), when));
    }

    /** The failure: {@code step 3: desired count >= 2 held after 58s, before not-before 1m52s (...)}. */
    private String tooEarly(Instant heldAt, Optional<Instant> bound, String why) {
        return "step " + index + ": " + StepText.describe(conditions) + " held after " + since(heldAt)
                + ", before not-before" + bound.map(b -> " " + since(b)).orElse("") + " (" + why + ")";
    }

    /** The earliest allowing the change by {@code heldAt}, of the paths whose metric the suite reads. */
    private Optional<EarliestScaling.Earliest> allowing(Instant heldAt, RunHistory history) {
        return paths.stream().filter(p -> unreadable(p).isEmpty()).map(p -> earliest(p, history))
                .filter(e -> e.earliest().filter(at -> !at.isAfter(heldAt)).isPresent())
                .min(Comparator.comparing(e -> e.earliest().orElseThrow()));
    }

    private EarliestScaling.Earliest earliest(EarliestScaling.Path path, RunHistory history) {
        return EarliestScaling.of(path, history.datapointValues(key(path.metricName()).orElseThrow()), anchor,
                clock.wall(Duration.ofSeconds(path.periodSeconds())), clock.wall(path.afterFirstBreach()));
    }

    /** Why the suite cannot judge a path: its metric is not one it reads, or not at the period it reads. */
    private Optional<Missing> unreadable(EarliestScaling.Path path) {
        if (key(path.metricName()).isEmpty()) {
            return Optional.of(new Missing(Source.METRICS, path.metricName() + " datapoint (the metric of "
                    + path.what() + "; the suite reads " + READ.stream().map(telemetry::metricName)
                            .collect(Collectors.joining(", ")) + ")", names.where(Source.METRICS), ""));
        }
        if (path.periodSeconds() != InvariantGuard.METRIC_PERIOD.toSeconds()) {
            return Optional.of(new Missing(Source.METRICS, path.metricName() + " datapoint per " + path.periodSeconds()
                    + "s period (the period of " + path.what() + "; the suite reads " + InvariantGuard.METRIC_PERIOD
                            .toSeconds() + "s periods)", where(path.metricName()), ""));
        }
        return Optional.empty();
    }

    private String because(EarliestScaling.Earliest e) {
        String rule = notBefore.yaml() + ": " + e.path().describe();
        return e.firstBreach().map(first -> rule + "; the first breaching datapoint is the period of "
                + clock.at(first.periodStart()) + ", so not before " + clock.at(e.earliest().orElseThrow()))
                .orElseGet(() -> rule + "; no datapoint had breached it");
    }

    /** The datapoints of the metric {@code key} since the anchor's period. */
    private List<RunHistory.Datapoint> since(String key, RunHistory history) {
        Duration period = clock.wall(InvariantGuard.METRIC_PERIOD);
        return history.datapointValues(key).stream().filter(d -> d.periodStart().plus(period).isAfter(anchor)).toList();
    }

    private Optional<String> key(String metricName) {
        return READ.stream().filter(k -> telemetry.metricName(k).equals(metricName)).findFirst();
    }

    private String where(String metricName) {
        return key(metricName).map(k -> names.metric(k).where()).orElse(names.where(Source.METRICS));
    }

    /** Model time from the step's start, as the step's alias writes durations: {@code 1m52s}. */
    private String since(Instant at) {
        double seconds = clock.modelSeconds(Duration.between(stepStart, at));
        return (seconds < 0 ? "-" : "") + TimeScale.show(Math.abs(seconds));
    }
}
