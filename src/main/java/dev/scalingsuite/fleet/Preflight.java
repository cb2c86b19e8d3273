package dev.scalingsuite.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A read-only lint of the live scaling configuration for the traps the deployed stack fell into: a
 * step alarm that is always in ALARM, target tracking on a maximum, a health-check interval the NLB
 * does not honour, and scale-in protection that can expire while a call of the scenario is still up.
 * Pure: it judges what was read and changes nothing.
 */
public final class Preflight {

    /** A Network Load Balancer checks its targets at most this often, whatever is configured. */
    static final int NLB_MIN_HEALTH_CHECK_INTERVAL_SECONDS = 10;

    /** Per-task metrics the deployed stack publishes: no task holds more than MAX_CONCURRENT_CALLS sessions. */
    private static final Set<String> PER_TASK_METRICS = Set.of("SessionsPerTask", "MaxSessionsPerTask");

    /**
     * How long the deployed agent's scale-in protection lasts: hard-coded ({@code PROTECTION_EXPIRY_MINUTES} in
     * backend/voice-agent/app/task_protection.py); its task definition has no variable that says so.
     */
    public static final int DEPLOYED_PROTECTION_EXPIRY_MINUTES = 30;

    /**
     * How long protection is taken to last when the task definition does not say
     * ({@code TASK_PROTECTION_EXPIRES_MINUTES}), and where that comes from, as the warnings show it.
     */
    public record AssumedExpiry(int minutes, String source) {
    }

    private Preflight() {
    }

    /** Every trap found, in the order of the configuration; empty for a healthy configuration. */
    public static List<PreflightWarning> lint(ScalingConfiguration config, TargetGroupSettings targets,
            LongestCall longestCall) {
        return lint(config, targets, longestCall, Optional.empty());
    }

    /**
     * As {@link #lint(ScalingConfiguration, TargetGroupSettings, LongestCall)}; when the task definition
     * does not say how long protection lasts, {@code whenUnset} does (else the expiry is not checked).
     */
    public static List<PreflightWarning> lint(ScalingConfiguration config, TargetGroupSettings targets,
            LongestCall longestCall, Optional<AssumedExpiry> whenUnset) {
        return lint(config, targets, longestCall, whenUnset, Optional.empty());
    }

    /**
     * Every trap found, and whether the scenario asks for a scale-in the configuration cannot make.
     *
     * @param whenUnset how long protection lasts when the task definition does not say
     * @param scaleInWithCalls the scenario's first step that expects scale-in while calls remain, if any
     */
    public static List<PreflightWarning> lint(ScalingConfiguration config, TargetGroupSettings targets,
            LongestCall longestCall, Optional<AssumedExpiry> whenUnset, Optional<ScaleInWithCalls> scaleInWithCalls) {
        List<PreflightWarning> warnings = new ArrayList<>();
        config.stepPolicies().forEach(p -> alwaysInAlarm(p, config).ifPresent(warnings::add));
        config.targetTracking().stream().filter(Preflight::tracksAMaximum).map(Preflight::onMax).forEach(warnings::add);
        if (targets.healthCheckIntervalSeconds() < NLB_MIN_HEALTH_CHECK_INTERVAL_SECONDS) {
            warnings.add(belowNlbMinimum(targets));
        }
        protectionExpiry(config, longestCall, whenUnset).ifPresent(warnings::add);
        scaleInWithCalls.flatMap(step -> scaleInNeedsIdleFleet(config, step)).ifPresent(warnings::add);
        return List.copyOf(warnings);
    }

    /**
     * The scenario expects scale-in while calls remain, but no scale-in path of the configuration can
     * act while a session remains: target tracking does not scale in, and every scale-in step policy's
     * alarm breaches only when its sessions metric is 0 (the alarm CDK creates for the deployed stack).
     */
    private static Optional<PreflightWarning> scaleInNeedsIdleFleet(ScalingConfiguration config,
            ScaleInWithCalls step) {
        if (config.targetTracking().stream().anyMatch(t -> !t.disableScaleIn())) {
            return Optional.empty();
        }
        List<ScalingConfiguration.StepPolicy> scaleIn = config.stepPolicies().stream()
                .filter(p -> p.adjustments().stream().anyMatch(a -> a < 0)).toList();
        if (!scaleIn.stream().allMatch(Preflight::breachesOnlyWithNoSession)) {
            return Optional.empty();
        }
        String wanted = "step " + step.stepIndex() + " (line " + step.line() + ", " + step.step() + ") expects "
                + step.fewerTasks() + " task(s) while " + step.sessionsAtLeast() + " or more session(s) remain";
        String read = scaleIn.isEmpty()
                ? "no step scale-in policy, and target tracking has scale-in disabled; " + wanted
                : scaleIn.stream().map(p -> "alarm `" + p.alarmName() + "` of step policy `" + p.policyName() + "`: "
                        + p.metricName() + " " + p.comparison() + " " + number(p.threshold()))
                        .reduce((a, b) -> a + "; " + b).orElseThrow() + "; " + wanted;
        String why = scaleIn.isEmpty()
                ? "nothing in the configuration ever lowers the desired count, so that step can only time out"
                : "the only way to scale in is an alarm that breaches when the sessions metric is 0 for "
                        + scaleIn.get(0).datapoints() + " period(s), that is when the fleet holds no session at all; "
                        + "while the scenario's calls survive, desired never falls, so that step can only time out";
        return Optional.of(new PreflightWarning("scale-in-needs-idle-fleet", read, why,
                "on this configuration expect scale-in only after every call has ended; to scale in while calls "
                        + "remain, the alarm must breach with sessions left (e.g. SessionsPerTask < 1 over 2 "
                        + "periods), relying on task scale-in protection to keep the busy tasks"));
    }

    /**
     * Whether the alarm can breach only with no session: an average per task (SessionsPerTask) is above
     * 0 with any session, so {@code <= 0}; a count (ActiveCount) is a whole number, so anything below 1.
     */
    private static boolean breachesOnlyWithNoSession(ScalingConfiguration.StepPolicy p) {
        if (!isNonNegative(p.metricName()) || Double.isNaN(p.threshold())) {
            return false;
        }
        boolean wholeNumbers = p.metricName().endsWith("Count");
        return switch (p.comparison()) {
            case "LessThanOrEqualToThreshold" -> wholeNumbers ? p.threshold() < 1 : p.threshold() <= 0;
            case "LessThanThreshold" -> wholeNumbers ? p.threshold() <= 1 : p.threshold() <= 0;
            default -> false;
        };
    }

    private static Optional<PreflightWarning> alwaysInAlarm(ScalingConfiguration.StepPolicy p,
            ScalingConfiguration config) {
        if (p.alarmName().isEmpty() || Double.isNaN(p.threshold())) {
            return Optional.empty();
        }
        OptionalDouble ceiling = PER_TASK_METRICS.contains(p.metricName()) && config.maxConcurrentCalls().isPresent()
                ? OptionalDouble.of(config.maxConcurrentCalls().getAsInt()) : OptionalDouble.empty();
        String range = ceiling.isPresent()
                ? "from 0 to MAX_CONCURRENT_CALLS " + config.maxConcurrentCalls().getAsInt()
                : "0 or more";
        double t = p.threshold();
        boolean always = switch (p.comparison()) {
            case "GreaterThanOrEqualToThreshold" -> isNonNegative(p.metricName()) && t <= 0;
            case "GreaterThanThreshold" -> isNonNegative(p.metricName()) && t < 0;
            case "LessThanThreshold" -> ceiling.isPresent() && t > ceiling.getAsDouble();
            case "LessThanOrEqualToThreshold" -> ceiling.isPresent() && t >= ceiling.getAsDouble();
            default -> false;
        };
        if (!always) {
            return Optional.empty();
        }
        return Optional.of(new PreflightWarning("step-alarm-always-in-alarm",
                "alarm `" + p.alarmName() + "` of step policy `" + p.policyName() + "`: " + p.metricName() + " "
                        + p.comparison() + " " + number(t),
                p.metricName() + " is " + range + ", so the comparison holds for every value it can take: the "
                        + "alarm is in ALARM whenever there is data, CloudWatch re-sends its action every minute, and "
                        + "the policy applies " + adjustments(p) + " over and over, undoing what the other policies do",
                "write the comparison the policy means (the scale-in alarm CDK creates for the deployed stack is "
                        + "SessionsPerTask <= 0: LessThanOrEqualToThreshold 0, EvaluationPeriods 2, no "
                        + "DatapointsToAlarm)"));
    }

    /** Counts and ratios of counts: never below zero. */
    private static boolean isNonNegative(String metricName) {
        return PER_TASK_METRICS.contains(metricName) || metricName.endsWith("Count") || metricName.endsWith("PerTask");
    }

    private static boolean tracksAMaximum(ScalingConfiguration.TargetTracking t) {
        return t.metricName().startsWith("Max") || "Maximum".equals(t.statistic());
    }

    private static PreflightWarning onMax(ScalingConfiguration.TargetTracking t) {
        return new PreflightWarning("target-tracking-on-max",
                "target tracking `" + t.policyName() + "`: " + t.metricName() + " " + t.statistic() + ", target "
                        + number(t.targetValue()),
                "SIP calls stay on the task that took them, so the busiest task's count stays high after new tasks "
                        + "start, and the policy keeps adding tasks the calls never reach (on the deployed stack: "
                        + "7 tasks for 5 sessions)",
                "track the average per task (SessionsPerTask, Average)");
    }

    private static PreflightWarning belowNlbMinimum(TargetGroupSettings targets) {
        return new PreflightWarning("health-check-interval-below-nlb-minimum",
                "target group health-check interval " + targets.healthCheckIntervalSeconds() + "s",
                "the NLB checks at most every " + NLB_MIN_HEALTH_CHECK_INTERVAL_SECONDS + "s and silently used that "
                        + "when less was configured, so a new task becomes routable later than the configuration says "
                        + "(healthy threshold " + targets.healthyThreshold() + " x "
                        + NLB_MIN_HEALTH_CHECK_INTERVAL_SECONDS + "s, not x " + targets.healthCheckIntervalSeconds()
                        + "s)",
                "configure " + NLB_MIN_HEALTH_CHECK_INTERVAL_SECONDS + "s or more, so the configuration says what "
                        + "the NLB does");
    }

    private static Optional<PreflightWarning> protectionExpiry(ScalingConfiguration config,
            LongestCall longestCall, Optional<AssumedExpiry> whenUnset) {
        String trap = "scale-in protection that expires while a call is up lets scale-in stop the task holding it "
                + "and drop the call";
        if (config.protectionExpiryMinutes().isEmpty() && whenUnset.isEmpty()) {
            return Optional.of(new PreflightWarning("protection-expiry-not-checked",
                    "no TASK_PROTECTION_EXPIRES_MINUTES in the task definition's environment; " + longest(longestCall),
                    trap + "; how long protection lasts is unknown, so this was not checked",
                    "set TASK_PROTECTION_EXPIRES_MINUTES to the ExpiresInMinutes the agent asks for"));
        }
        int minutes = config.protectionExpiryMinutes().orElseGet(() -> whenUnset.orElseThrow().minutes());
        String expiry = config.protectionExpiryMinutes().isPresent() ? "TASK_PROTECTION_EXPIRES_MINUTES " + minutes
                : "no TASK_PROTECTION_EXPIRES_MINUTES in the task definition's environment, so " + minutes + " minutes ("
                        + whenUnset.orElseThrow().source() + ")";
        if (longestCall.upTo().isEmpty()) {
            return Optional.of(new PreflightWarning("protection-expiry-not-checked",
                    expiry + "; " + longest(longestCall),
                    trap + "; the scenario does not bound how long a call is up, so this was not checked",
                    "give every step between placing and ending calls a bound (within)"));
        }
        Duration upTo = longestCall.upTo().get();
        if (upTo.compareTo(Duration.ofMinutes(minutes)) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new PreflightWarning("protection-expiry-shorter-than-longest-call",
                expiry + "; " + longest(longestCall),
                trap + ", unless the agent renews protection while its calls last",
                "make sure the agent renews protection while it holds calls, or ask for an ExpiresInMinutes above "
                        + ModelClock.showModel(upTo.toSeconds()) + " (at most 2880)"));
    }

    private static String longest(LongestCall call) {
        return call.upTo().map(d -> "a call of this scenario can be up for " + ModelClock.showModel(d.toSeconds())
                + " (" + call.explanation() + ")").orElse("a call of this scenario has no bound: " + call.explanation());
    }

    private static String adjustments(ScalingConfiguration.StepPolicy p) {
        List<String> parts = new ArrayList<>();
        p.adjustments().forEach(a -> parts.add((a > 0 ? "+" : "") + a));
        return String.join("/", parts) + " (" + p.adjustmentType() + ")";
    }

    private static String number(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? String.valueOf((long) value)
                : String.valueOf(value);
    }
}
