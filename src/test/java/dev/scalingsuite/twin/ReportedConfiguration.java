package dev.scalingsuite.twin;

import java.util.Collection;
import java.util.List;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;

/**
 * Everything the AWS APIs report about the stack's configuration, read through the SDK: alarms,
 * scaling policies, the scalable target, the target group and its attributes, the task definition
 * and the service. Creation times and live state (alarm state, counts, events) are left out, so two
 * twins started at different moments compare equal exactly when their configuration does.
 */
record ReportedConfiguration(List<MetricAlarm> alarms, List<ScalingPolicy> policies,
        List<ScalableTarget> scalableTargets, List<TargetGroup> targetGroups,
        List<TargetGroupAttribute> targetGroupAttributes, TaskDefinition taskDefinition, Service service) {

    static ReportedConfiguration of(TwinWithClients twin) {
        List<MetricAlarm> alarms = twin.cloudwatch().describeAlarms(b -> { }).metricAlarms().stream()
                .map(a -> a.toBuilder().stateValue((String) null).stateReason(null).stateReasonData(null)
                        .stateUpdatedTimestamp(null).stateTransitionedTimestamp(null)
                        .alarmConfigurationUpdatedTimestamp(null).build())
                .toList();
        List<ScalingPolicy> policies = twin.autoscaling().describeScalingPolicies(b -> b.serviceNamespace("ecs"))
                .scalingPolicies().stream().map(p -> p.toBuilder().creationTime(null).build()).toList();
        List<ScalableTarget> targets = twin.autoscaling().describeScalableTargets(b -> b.serviceNamespace("ecs"))
                .scalableTargets().stream().map(t -> t.toBuilder().creationTime(null).build()).toList();
        List<TargetGroup> groups = twin.elb().describeTargetGroups(b -> { }).targetGroups();
        List<TargetGroupAttribute> attributes = twin.elb().describeTargetGroupAttributes(
                b -> b.targetGroupArn(groups.get(0).targetGroupArn())).attributes();
        TaskDefinition definition = twin.ecs().describeTaskDefinition(b -> b.taskDefinition(twin.service().taskDefinition()))
                .taskDefinition().toBuilder().registeredAt(null).build();
        Service service = twin.service().toBuilder().desiredCount(null).runningCount(null).pendingCount(null)
                .events((Collection<ServiceEvent>) null).deployments((Collection<Deployment>) null)
                .createdAt(null).build();
        return new ReportedConfiguration(alarms, policies, targets, groups, attributes, definition, service);
    }
}
