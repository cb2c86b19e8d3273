package dev.scalingsuite.fleet;

import java.util.List;
import java.util.OptionalInt;

/**
 * The scaling configuration read live, so reports and bounds never rely on a hard-coded copy: the
 * scalable target, the target tracking policy, the step policies with their alarms, and the task's
 * {@code MAX_CONCURRENT_CALLS} and {@code TASK_PROTECTION_EXPIRES_MINUTES}.
 *
 * @param protectionExpiryMinutes how long the agents' scale-in protection lasts (ExpiresInMinutes), when
 *     the task definition says so; empty when it does not
 */
public record ScalingConfiguration(
        int minCapacity,
        int maxCapacity,
        List<TargetTracking> targetTracking,
        List<StepPolicy> stepPolicies,
        OptionalInt maxConcurrentCalls,
        OptionalInt protectionExpiryMinutes) {

    /** A configuration whose task definition does not say how long protection lasts. */
    public ScalingConfiguration(int minCapacity, int maxCapacity, List<TargetTracking> targetTracking,
            List<StepPolicy> stepPolicies, OptionalInt maxConcurrentCalls) {
        this(minCapacity, maxCapacity, targetTracking, stepPolicies, maxConcurrentCalls, OptionalInt.empty());
    }

    /**
     * A target tracking policy with the alarms Application Auto Scaling created for it, as DescribeAlarms
     * reports them (none when they were not read).
     */
    public record TargetTracking(String policyName, String metricName, String statistic, double targetValue,
            int scaleOutCooldown, int scaleInCooldown, boolean disableScaleIn, List<TrackingAlarm> alarms) {

        /** A policy whose alarms were not read. */
        public TargetTracking(String policyName, String metricName, String statistic, double targetValue,
                int scaleOutCooldown, int scaleInCooldown, boolean disableScaleIn) {
            this(policyName, metricName, statistic, targetValue, scaleOutCooldown, scaleInCooldown, disableScaleIn,
                    List.of());
        }

        public TargetTracking {
            alarms = List.copyOf(alarms);
        }
    }

    /**
     * One alarm of a target tracking policy: AlarmHigh (a {@code GreaterThan...} comparison) scales out,
     * AlarmLow scales in.
     *
     * @param datapointsToAlarm empty when the alarm has none: then it needs all of its EvaluationPeriods
     */
    public record TrackingAlarm(String alarmName, String comparison, double threshold, int period,
            int evaluationPeriods, OptionalInt datapointsToAlarm) {

        /** How many of the EvaluationPeriods must breach. */
        public int datapoints() {
            return datapointsToAlarm.orElse(evaluationPeriods);
        }

        /** Whether it is the alarm that scales out. */
        public boolean high() {
            return comparison.startsWith("Greater");
        }
    }

    /**
     * A step policy with the alarm that drives it (threshold, comparison, periods).
     *
     * @param datapointsToAlarm the alarm's DatapointsToAlarm; empty when the alarm has none (as CDK
     *     creates a step scaling alarm), and then it needs all of its EvaluationPeriods
     */
    public record StepPolicy(String policyName, String adjustmentType, List<Integer> adjustments, int cooldown,
            String alarmName, String metricName, String comparison, double threshold, int period,
            int evaluationPeriods, OptionalInt datapointsToAlarm) {

        /** How many of the EvaluationPeriods must breach: DatapointsToAlarm, or else EvaluationPeriods, as AWS documents. */
        public int datapoints() {
            return datapointsToAlarm.orElse(evaluationPeriods);
        }
    }
}
