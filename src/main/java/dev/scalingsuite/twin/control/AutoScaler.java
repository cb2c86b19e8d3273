package dev.scalingsuite.twin.control;

import dev.scalingsuite.twin.model.Alarm;
import dev.scalingsuite.twin.model.ScalingModel;
import dev.scalingsuite.twin.model.ScalingPolicy;
import dev.scalingsuite.twin.model.ScalingPolicy.Step;
import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.model.MetricStore.MetricId;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Application Auto Scaling for the service's desired count. Target tracking sizes the fleet as
 * {@code ceil(running x metric / target)} from the running count the metric was measured on (never
 * from desired); a scale-out during its cooldown
 * proceeds only when larger than what was already added; scale-in waits for its cooldown. Step
 * scaling applies the step whose bounds (offsets from the alarm threshold) hold the metric. No policy
 * scales in while an ECS deployment is in progress.
 */
final class AutoScaler {

    private final StackModel stack;
    private final Map<String, Instant> lastScaleOut = new HashMap<>();
    private final Map<String, Instant> lastScaleIn = new HashMap<>();
    private final Map<String, Integer> lastStepOut = new HashMap<>();

    AutoScaler(StackModel stack) {
        this.stack = stack;
    }

    /**
     * Runs one alarm action.
     *
     * @param metric the alarm's latest datapoint
     * @param periodStart the period that datapoint covers, to read the fleet size it was measured on
     */
    void alarmAction(Alarm alarm, String policyArn, double metric, Instant periodStart, Duration period,
            Instant now) {
        Optional<ScalingPolicy> policy = stack.scaling().policies().stream()
                .filter(p -> p.arn().equals(policyArn)).findFirst();
        if (policy.isEmpty()) {
            return;
        }
        int desired = stack.ecs().desiredCount();
        Optional<Integer> wanted = policy.get().isTargetTracking()
                ? targetTracking(policy.get(), alarm, metric, measuredOn(alarm, periodStart, period), desired, now)
                : stepScaling(policy.get(), alarm, metric, desired, now);
        // "Application Auto Scaling turns off scale-in processes while Amazon ECS deployments are in progress"
        // (AmazonECS developerguide service-auto-scaling.html); scale-out goes on
        wanted.map(this::clamp).filter(capacity -> capacity != desired)
                .filter(capacity -> capacity > desired || !stack.ecs().deploymentInProgress())
                .ifPresent(capacity -> apply(policy.get(), alarm, capacity, desired, now));
    }

    /**
     * The running tasks the metric was measured on. A per-task metric divides by the tasks that
     * served in its period (the session counter's HealthyTaskCount); multiplying it by a running count
     * that already includes tasks started since would count the new capacity twice.
     */
    private int measuredOn(Alarm alarm, Instant periodStart, Duration period) {
        MetricId healthy = new MetricId(alarm.namespace(), "HealthyTaskCount", alarm.dimensions());
        OptionalDouble count = AlarmEvaluator.aggregate(stack.metrics(), healthy, periodStart,
                periodStart.plus(period), "Average");
        return (int) Math.round(count.orElse(stack.ecs().runningCount()));
    }

    private Optional<Integer> targetTracking(ScalingPolicy policy, Alarm alarm, double metric, int measuredOn,
            int desired, Instant now) {
        ScalingPolicy.TargetTracking tt = policy.targetTracking();
        int running = Math.max(measuredOn, 1);
        int capacity = (int) Math.ceil(running * metric / tt.targetValue() - 1e-9);
        boolean out = alarm.comparisonOperator().startsWith("Greater");
        if (out) {
            return capacity > desired ? Optional.of(capacity) : Optional.empty();
        }
        if (tt.disableScaleIn() || capacity >= desired
                || within(lastScaleIn.get(policy.arn()), tt.scaleInCooldown(), now)
                || within(lastScaleOut.get(policy.arn()), tt.scaleOutCooldown(), now)) {
            return Optional.empty();
        }
        return Optional.of(capacity);
    }

    private Optional<Integer> stepScaling(ScalingPolicy policy, Alarm alarm, double metric, int desired,
            Instant now) {
        EffectiveAlarm effective = EffectiveAlarm.of(stack, alarm);
        ScalingPolicy.StepScaling config = effective.steps(policy.stepScaling());
        Optional<Step> step = step(config, metric - effective.threshold(), effective.comparisonOperator());
        if (step.isEmpty()) {
            return Optional.empty();
        }
        int adjustment = adjustment(config, step.get().adjustment(), desired);
        if (adjustment < 0) {
            return within(lastScaleIn.get(policy.arn()), config.cooldown(), now)
                    ? Optional.empty() : Optional.of(desired + adjustment);
        }
        if (within(lastScaleOut.get(policy.arn()), config.cooldown(), now)) {
            int already = lastStepOut.getOrDefault(policy.arn(), 0);
            return adjustment > already ? Optional.of(desired + adjustment - already) : Optional.empty();
        }
        return Optional.of(desired + adjustment);
    }

    /**
     * The step holding {@code delta}, the metric minus the alarm's threshold, with Application Auto
     * Scaling's documented bounds (StepAdjustment): with the metric above the breach threshold the lower
     * bound is inclusive and the upper exclusive, otherwise the lower is exclusive and the upper
     * inclusive. A metric at the threshold itself is on the side the alarm breaches on, as AWS's own
     * examples read (threshold 50: "greater than or equal to 50" is lower bound 0, "less than or equal
     * to 50" is upper bound 0): at or above it for a {@code GreaterThan...} alarm, below it for a
     * {@code LessThan...} one. So the step CDK writes for a {@code LessThanOrEqualToThreshold 0} alarm,
     * upper bound 0, applies at 0.
     *
     * @param comparisonOperator the comparison the alarm evaluates, which says the side of its breach
     */
    static Optional<Step> step(ScalingPolicy.StepScaling config, double delta, String comparisonOperator) {
        boolean above = delta > 0 || (delta == 0 && comparisonOperator.startsWith("Greater"));
        for (Step step : config.steps()) {
            double lower = step.lowerBound() == null ? Double.NEGATIVE_INFINITY : step.lowerBound();
            double upper = step.upperBound() == null ? Double.POSITIVE_INFINITY : step.upperBound();
            boolean inside = above ? delta >= lower && delta < upper : delta > lower && delta <= upper;
            if (inside) {
                return Optional.of(step);
            }
        }
        return Optional.empty();
    }

    static int adjustment(ScalingPolicy.StepScaling config, int value, int current) {
        return switch (config.adjustmentType()) {
            case "ExactCapacity" -> value - current;
            case "PercentChangeInCapacity" -> {
                double raw = current * value / 100.0;
                int rounded = Math.abs(raw) > 1 ? (int) raw : (raw > 0 ? 1 : raw < 0 ? -1 : 0);
                Integer floor = config.minAdjustmentMagnitude();
                if (floor != null && Math.abs(rounded) < floor) {
                    rounded = Integer.signum(value) * floor;
                }
                yield rounded;
            }
            default -> value;
        };
    }

    private int clamp(int capacity) {
        ScalingModel scaling = stack.scaling();
        return Math.max(scaling.minCapacity(), Math.min(scaling.maxCapacity(), capacity));
    }

    private boolean within(Instant last, int cooldownSeconds, Instant now) {
        return last != null && now.isBefore(last.plus(stack.wall(cooldownSeconds)));
    }

    private void apply(ScalingPolicy policy, Alarm alarm, int capacity, int desired, Instant now) {
        if (capacity > desired) {
            lastScaleOut.put(policy.arn(), now);
            lastStepOut.put(policy.arn(), capacity - desired);
            lastScaleIn.remove(policy.arn());
        } else {
            lastScaleIn.put(policy.arn(), now);
        }
        ScalingModel.Activity activity = stack.scaling().startActivity("Setting desired count to " + capacity + ".",
                "monitor alarm " + alarm.name() + " in state ALARM triggered policy " + policy.name(), now);
        stack.ecs().desiredCount(capacity);
        activity.finish("Successful", "Successfully set desired count to " + capacity
                + ". Change successfully fulfilled by ecs.", now);
        alarm.actionExecuted("Successfully executed action " + policy.arn(), now);
    }
}
