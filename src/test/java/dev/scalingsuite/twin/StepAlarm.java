package dev.scalingsuite.twin;

import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;

/**
 * Finds the step scale-in alarm as an operator must on AWS, where CloudFormation generates its name:
 * through the step scaling policy's {@code Alarms} in DescribeScalingPolicies.
 */
final class StepAlarm {

    private StepAlarm() {
    }

    /** The name of the alarm of the service's only step scaling policy. */
    static String name(ApplicationAutoScalingClient autoscaling) {
        return autoscaling.describeScalingPolicies(b -> b.serviceNamespace("ecs")).scalingPolicies().stream()
                .filter(p -> p.policyType() == PolicyType.STEP_SCALING)
                .map(ScalingPolicy::alarms)
                .filter(alarms -> alarms.size() == 1)
                .map(alarms -> alarms.get(0).alarmName())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no step scaling policy with one alarm"));
    }
}
