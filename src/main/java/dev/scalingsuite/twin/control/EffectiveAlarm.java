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
 * @param evaluationPeriods how many periods it looks at
 * @param datapoints how many of them must breach
 */
record EffectiveAlarm(String metricName, String statistic, String comparisonOperator, double threshold,
        boolean stepsMirrored, int evaluationPeriods, int datapoints) {

    static final String MAX_SESSIONS_PER_TASK = "MaxSessionsPerTask";

    static EffectiveAlarm of(StackModel stack, Alarm alarm) {
        List<ScalingPolicy> triggered = stack.scaling().policies().stream()
                .filter(p -> alarm.alarmActions().contains(p.arn())).toList();
        int periods = alarm.evaluationPeriods();
        int datapoints = alarm.datapoints();
        if (stack.settings().hasFault(Fault.SCALE_OUT_ON_ONE_DATAPOINT)
                && triggered.stream().anyMatch(p -> scalesOut(p, alarm))) {
            // the alarm that scales out decides on its latest datapoint alone, whatever it reports
            periods = 1;
            datapoints = 1;
        }
        if (stack.settings().hasFault(Fault.SCALE_IN_ALARM_ALWAYS_FIRING)
                && triggered.stream().anyMatch(EffectiveAlarm::isStepScaleIn)) {
            // the deployed bug: the alarm was written as ">= 0", and its step as "at or above 0 -> remove"
            return new EffectiveAlarm(alarm.metricName(), alarm.statistic(), "GreaterThanOrEqualToThreshold", 0, true,
                    periods, datapoints);
        }
        if (stack.settings().hasFault(Fault.TARGET_TRACKING_ON_MAX)
                && triggered.stream().anyMatch(ScalingPolicy::isTargetTracking)) {
            return new EffectiveAlarm(MAX_SESSIONS_PER_TASK, "Maximum", alarm.comparisonOperator(),
                    alarm.threshold(), false, periods, datapoints);
        }
        return new EffectiveAlarm(alarm.metricName(), alarm.statistic(), alarm.comparisonOperator(),
                alarm.threshold(), false, periods, datapoints);
    }

    /** Whether {@code alarm} scales out through {@code policy}: target tracking's high alarm, or a step that adds. */
    private static boolean scalesOut(ScalingPolicy policy, Alarm alarm) {
        if (policy.isTargetTracking()) {
            return alarm.comparisonOperator().startsWith("Greater");
        }
        return policy.stepScaling() != null
                && policy.stepScaling().steps().stream().anyMatch(step -> step.adjustment() > 0);
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
