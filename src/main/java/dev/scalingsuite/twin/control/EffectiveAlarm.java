package dev.scalingsuite.twin.control;

import dev.scalingsuite.twin.model.Alarm;
import dev.scalingsuite.twin.model.MetricStore.MetricId;
import dev.scalingsuite.twin.model.ScalingPolicy;
import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.stack.Fault;
import java.util.List;

/**
 * How an alarm really evaluates: as configured, unless a fault profile bends it. The {@link Alarm}
 * keeps its configuration untouched, so DescribeAlarms reports what was configured while the
 * evaluation and the scaling act on this.
 *
 * @param stepsMirrored the step policy's bounds count from the other side of the threshold: its
 *     steps were written for a breach below the threshold, the faulty alarm breaches above it
 */
record EffectiveAlarm(String metricName, String statistic, String comparisonOperator, double threshold,
        boolean stepsMirrored) {

    static final String MAX_SESSIONS_PER_TASK = "MaxSessionsPerTask";

    static EffectiveAlarm of(StackModel stack, Alarm alarm) {
        List<ScalingPolicy> triggered = stack.scaling().policies().stream()
                .filter(p -> alarm.alarmActions().contains(p.arn())).toList();
        if (stack.settings().hasFault(Fault.SCALE_IN_ALARM_ALWAYS_FIRING)
                && triggered.stream().anyMatch(EffectiveAlarm::isStepScaleIn)) {
            // the deployed bug: the alarm was written as ">= 0", and its step as "at or above 0 -> remove"
            return new EffectiveAlarm(alarm.metricName(), alarm.statistic(), "GreaterThanOrEqualToThreshold", 0, true);
        }
        if (stack.settings().hasFault(Fault.TARGET_TRACKING_ON_MAX)
                && triggered.stream().anyMatch(ScalingPolicy::isTargetTracking)) {
            return new EffectiveAlarm(MAX_SESSIONS_PER_TASK, "Maximum", alarm.comparisonOperator(),
                    alarm.threshold(), false);
        }
        return new EffectiveAlarm(alarm.metricName(), alarm.statistic(), alarm.comparisonOperator(),
                alarm.threshold(), false);
    }

    MetricId metric(Alarm alarm) {
        return new MetricId(alarm.namespace(), metricName, alarm.dimensions());
    }

    boolean breaches(double value) {
        return switch (comparisonOperator) {
            case "GreaterThanThreshold" -> value > threshold;
            case "GreaterThanOrEqualToThreshold" -> value >= threshold;
            case "LessThanThreshold" -> value < threshold;
            case "LessThanOrEqualToThreshold" -> value <= threshold;
            default -> false;
        };
    }

    /** The steps the policy really applies: bounds mirrored around the threshold when the alarm's side flipped. */
    ScalingPolicy.StepScaling steps(ScalingPolicy.StepScaling configured) {
        if (!stepsMirrored) {
            return configured;
        }
        List<ScalingPolicy.Step> mirrored = configured.steps().stream()
                .map(s -> new ScalingPolicy.Step(negate(s.upperBound()), negate(s.lowerBound()), s.adjustment()))
                .toList();
        return new ScalingPolicy.StepScaling(configured.adjustmentType(), mirrored, configured.cooldown(),
                configured.aggregation(), configured.minAdjustmentMagnitude());
    }

    private static boolean isStepScaleIn(ScalingPolicy policy) {
        return policy.stepScaling() != null
                && policy.stepScaling().steps().stream().anyMatch(step -> step.adjustment() < 0);
    }

    private static Double negate(Double bound) {
        return bound == null ? null : -bound;
    }
}
