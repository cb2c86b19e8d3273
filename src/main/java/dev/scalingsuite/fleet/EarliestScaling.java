package dev.scalingsuite.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The earliest the live policy lets the fleet scale out (or in), from the alarm that drives each policy and
 * the datapoints of the alarm's metric. An alarm goes to ALARM only once DatapointsToAlarm (M) of its
 * EvaluationPeriods breach; each breaching datapoint is a period of its own, so the M-th starts at least
 * M - 1 periods after the first, and its sample (the session counter's, once a period) is taken no earlier
 * than that. No policy can act on the alarm before then: the earliest change is the first breaching
 * datapoint's period start + (M - 1) periods. That holds whether CloudWatch evaluates the latest period
 * while it fills or only once it ended, and wherever in its minute the counter samples; it assumes missing
 * data is not treated as breaching (the deployed stack's alarms treat it as missing).
 *
 * <p>Which breach counts: the load that would trigger the change started at an anchor (the scenario's
 * latest place-calls, or end-calls, step). A breach already in progress then counts from its own start, so
 * the first breaching datapoint is the first one after the metric last stopped breaching before the anchor:
 * the latest datapoint before it that did not breach (for M of N with M &lt; N, the latest N - M + 1 in a row
 * that did not). Earlier is always on the safe side: a bound that comes too early only misses a change that
 * came too early, it never fails one that came in time.
 */
public final class EarliestScaling {

    private EarliestScaling() {
    }

    /** Which way the desired count moves. */
    public enum Direction {
        OUT("scale-out"),
        IN("scale-in");

        private final String words;

        Direction(String words) {
            this.words = words;
        }

        /** {@code scale-out}, {@code scale-in}. */
        public String words() {
            return words;
        }
    }

    /**
     * One way the live policy moves the desired count: a policy and the alarm that drives it.
     *
     * @param what the policy and its alarm in words, e.g. {@code the target tracking policy P's alarm A}
     * @param read whether the alarm was read live (DescribeAlarms) or is target tracking's as AWS creates it
     */
    public record Path(String what, String metricName, String comparison, double threshold, int periodSeconds,
            int evaluationPeriods, int datapoints, boolean read) {

        /** Whether a datapoint of {@code value} breaches the alarm. */
        public boolean breaches(double value) {
            return switch (comparison) {
                case "GreaterThanThreshold" -> value > threshold;
                case "GreaterThanOrEqualToThreshold" -> value >= threshold;
                case "LessThanThreshold" -> value < threshold;
                case "LessThanOrEqualToThreshold" -> value <= threshold;
                default -> false;
            };
        }

        /** {@code 3 of 3 datapoints of 60s with SessionsPerTask > 3}. */
        public String rule() {
            return datapoints + " of " + evaluationPeriods + " datapoints of " + periodSeconds + "s with " + metricName
                    + " " + symbol() + " " + number(threshold);
        }

        /** The model time from the first breaching datapoint's period start to the earliest change. */
        public Duration afterFirstBreach() {
            return Duration.ofSeconds((long) (datapoints - 1) * periodSeconds);
        }

        /** The path and its rule, for messages: {@code the target tracking policy P's alarm A: 3 of 3 ...}. */
        public String describe() {
            return what + (read ? "" : " (target tracking's as AWS creates it, not read)") + ": " + rule();
        }

        private String symbol() {
            return switch (comparison) {
                case "GreaterThanThreshold" -> ">";
                case "GreaterThanOrEqualToThreshold" -> ">=";
                case "LessThanThreshold" -> "<";
                case "LessThanOrEqualToThreshold" -> "<=";
                default -> comparison;
            };
        }
    }

    /**
     * What one path allows, as of the datapoints read.
     *
     * @param firstBreach the datapoint the breach counts from; empty when none breached yet
     * @param earliest when the change could come at the earliest (wall); empty while nothing breached
     */
    public record Earliest(Path path, Optional<RunHistory.Datapoint> firstBreach, Optional<Instant> earliest) {
    }

    /**
     * Every path of the live configuration in {@code direction}: a target tracking policy's AlarmHigh (out)
     * or AlarmLow (in, unless scale-in is disabled), as read live, or else as AWS creates them (3 of 3
     * periods of 60 s above the target; 15 of 15 below 90 % of it); a step policy's alarm when one of its
     * steps adds (out) or removes (in) tasks.
     */
    public static List<Path> paths(ScalingConfiguration config, Direction direction) {
        List<Path> paths = new ArrayList<>();
        for (ScalingConfiguration.TargetTracking t : config.targetTracking()) {
            if (direction == Direction.IN && t.disableScaleIn()) {
                continue;
            }
            String policy = "the target tracking policy " + t.policyName();
            List<ScalingConfiguration.TrackingAlarm> alarms = t.alarms().stream()
                    .filter(a -> a.high() == (direction == Direction.OUT)).toList();
            if (t.alarms().isEmpty()) {
                paths.add(direction == Direction.OUT
                        ? new Path(policy + "'s AlarmHigh", t.metricName(), "GreaterThanThreshold", t.targetValue(), 60,
                                3, 3, false)
                        : new Path(policy + "'s AlarmLow", t.metricName(), "LessThanThreshold", t.targetValue() * 0.9,
                                60, 15, 15, false));
            }
            for (ScalingConfiguration.TrackingAlarm a : alarms) {
                paths.add(new Path(policy + "'s alarm " + a.alarmName(), t.metricName(), a.comparison(), a.threshold(),
                        a.period(), a.evaluationPeriods(), a.datapoints(), true));
            }
        }
        for (ScalingConfiguration.StepPolicy p : config.stepPolicies()) {
            boolean acts = p.adjustments().stream().anyMatch(a -> direction == Direction.OUT ? a > 0 : a < 0);
            if (acts && !p.alarmName().isEmpty()) {
                paths.add(new Path("the step policy " + p.policyName() + "'s alarm " + p.alarmName(), p.metricName(),
                        p.comparison(), p.threshold(), p.period(), p.evaluationPeriods(), p.datapoints(), true));
            }
        }
        return paths;
    }

    /**
     * When {@code path} lets the fleet change at the earliest, from the datapoints of its metric (period
     * starts in wall time, oldest first), counting the breach from the last time the metric stopped
     * breaching before {@code anchor}.
     *
     * @param wallPeriod the alarm's period in wall time
     */
    public static Earliest of(Path path, List<RunHistory.Datapoint> points, Instant anchor, Duration wallPeriod,
            Duration wallAfterFirstBreach) {
        int reset = -1;
        int notBreaching = 0;
        int needed = path.evaluationPeriods() - path.datapoints() + 1;
        for (int i = points.size() - 1; i >= 0; i--) {
            RunHistory.Datapoint d = points.get(i);
            if (d.periodStart().plus(wallPeriod).isAfter(anchor)) {
                continue; // its period had not ended when the load started: it may hold the load's first sample
            }
            notBreaching = path.breaches(d.value()) ? 0 : notBreaching + 1;
            if (notBreaching == needed) {
                reset = i;
                break;
            }
        }
        for (int i = reset + 1; i < points.size(); i++) {
            if (path.breaches(points.get(i).value())) {
                RunHistory.Datapoint first = points.get(i);
                return new Earliest(path, Optional.of(first), Optional.of(first.periodStart().plus(wallAfterFirstBreach)));
            }
        }
        return new Earliest(path, Optional.empty(), Optional.empty());
    }

    /** How the live configuration bounds the earliest change, for the plan: each path's rule and its wait. */
    public static String describe(ScalingConfiguration config, Direction direction) {
        return describe(paths(config, direction), direction);
    }

    /** {@code paths}, each with its rule and its wait, for the plan and the timeline. */
    public static String describe(List<Path> paths, Direction direction) {
        if (paths.isEmpty()) {
            return "no " + direction.words() + " policy in the live configuration";
        }
        return String.join("; ", paths.stream().map(p -> p.describe() + ", so " + ModelClock.showModel(
                p.afterFirstBreach().toSeconds()) + " after the first breaching datapoint's period start").toList());
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
