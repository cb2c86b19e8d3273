package dev.scalingsuite.twin.model;

import java.time.Instant;
import java.util.List;

/**
 * An Application Auto Scaling policy on the service's desired count: target tracking on a custom
 * metric, or step scaling driven by an alarm. Immutable; what the API reports is what it is.
 */
public record ScalingPolicy(
        String name,
        String arn,
        String type,
        Instant createdAt,
        List<String> alarmNames,
        TargetTracking targetTracking,
        StepScaling stepScaling) {

    public boolean isTargetTracking() {
        return "TargetTrackingScaling".equals(type);
    }

    /** Target tracking on a customized metric, as the deployed stack configures it. */
    public record TargetTracking(double targetValue, String namespace, String metricName, String dimensionName,
            String dimensionValue, String statistic, int scaleOutCooldown, int scaleInCooldown,
            boolean disableScaleIn) {
    }

    /** Step scaling; bounds are offsets from the alarm threshold (null = unbounded). */
    public record StepScaling(String adjustmentType, List<Step> steps, int cooldown, String aggregation,
            Integer minAdjustmentMagnitude) {
    }

    public record Step(Double lowerBound, Double upperBound, int adjustment) {
    }
}
