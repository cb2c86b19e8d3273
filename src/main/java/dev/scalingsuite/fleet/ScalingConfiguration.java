package dev.scalingsuite.fleet;

import java.util.List;
import java.util.OptionalInt;

/**
 * The scaling configuration read live, so reports and bounds never rely on a hard-coded copy: the
 * scalable target, the target tracking policy, the step policies with their alarms, and the task's
 * {@code MAX_CONCURRENT_CALLS}.
 */
public record ScalingConfiguration(
        int minCapacity,
        int maxCapacity,
        List<TargetTracking> targetTracking,
        List<StepPolicy> stepPolicies,
        OptionalInt maxConcurrentCalls) {

    public record TargetTracking(String policyName, String metricName, String statistic, double targetValue,
            int scaleOutCooldown, int scaleInCooldown, boolean disableScaleIn) {
    }

    /** A step policy with the alarm that drives it (threshold, comparison, periods). */
    public record StepPolicy(String policyName, String adjustmentType, List<Integer> adjustments, int cooldown,
            String alarmName, String metricName, String comparison, double threshold, int period,
            int evaluationPeriods, int datapointsToAlarm) {
    }
}
