package dev.scalingsuite.aws;

import dev.scalingsuite.fleet.ScalingActivity;
import dev.scalingsuite.fleet.ScalingConfiguration;
import dev.scalingsuite.fleet.ScalingPort;
import dev.scalingsuite.fleet.ServiceRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;

/**
 * {@link ScalingPort} over Application Auto Scaling, the step policies' CloudWatch alarms and the
 * task definition: the scaling configuration as it is live, never a copy of what it should be.
 */
public final class AutoScalingAdapter implements ScalingPort {

    private final ApplicationAutoScalingClient autoScaling;
    private final CloudWatchClient cloudWatch;
    private final EcsClient ecs;
    private final String resourceId;
    private final Supplier<String> taskDefinition;

    public AutoScalingAdapter(ApplicationAutoScalingClient autoScaling, CloudWatchClient cloudWatch, EcsClient ecs,
            ServiceRef service, Supplier<String> taskDefinition) {
        this.autoScaling = autoScaling;
        this.cloudWatch = cloudWatch;
        this.ecs = ecs;
        this.resourceId = resourceId(service);
        this.taskDefinition = taskDefinition;
    }

    /** Application Auto Scaling's id of an ECS service: {@code service/<cluster name>/<service name>}, never ARNs. */
    static String resourceId(ServiceRef service) {
        return "service/" + service.clusterName() + "/" + service.serviceName();
    }

    @Override
    public String where() {
        return "the scaling policies of " + resourceId + " (Application Auto Scaling)";
    }

    @Override
    public ScalingConfiguration configuration() {
        List<ScalableTarget> targets = autoScaling.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.ECS)
                .resourceIds(resourceId)).scalableTargets();
        if (targets.isEmpty()) {
            throw new IllegalStateException("No scalable target for " + resourceId
                    + " in Application Auto Scaling: the service is not auto-scaled");
        }
        List<ScalingConfiguration.TargetTracking> tracking = new ArrayList<>();
        List<ScalingConfiguration.StepPolicy> steps = new ArrayList<>();
        for (ScalingPolicy policy : autoScaling.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.ECS)
                .resourceId(resourceId)).scalingPolicies()) {
            if (policy.targetTrackingScalingPolicyConfiguration() != null) {
                var c = policy.targetTrackingScalingPolicyConfiguration();
                var metric = c.customizedMetricSpecification();
                tracking.add(new ScalingConfiguration.TargetTracking(policy.policyName(),
                        metric == null ? String.valueOf(c.predefinedMetricSpecification()) : metric.metricName(),
                        metric == null ? "" : metric.statisticAsString(), c.targetValue(),
                        nz(c.scaleOutCooldown(), 300), nz(c.scaleInCooldown(), 300), Boolean.TRUE.equals(c.disableScaleIn()),
                        trackingAlarms(policy)));
            } else if (policy.stepScalingPolicyConfiguration() != null) {
                steps.add(step(policy));
            }
        }
        Map<String, String> environment = taskEnvironment();
        return new ScalingConfiguration(targets.get(0).minCapacity(), targets.get(0).maxCapacity(), tracking, steps,
                whole(environment.get("MAX_CONCURRENT_CALLS")),
                whole(environment.get("TASK_PROTECTION_EXPIRES_MINUTES")));
    }

    private ScalingConfiguration.StepPolicy step(ScalingPolicy policy) {
        var c = policy.stepScalingPolicyConfiguration();
        List<Integer> adjustments = c.stepAdjustments().stream().map(a -> a.scalingAdjustment()).toList();
        String alarmName = policy.alarms().isEmpty() ? "" : policy.alarms().get(0).alarmName();
        MetricAlarm alarm = alarmName.isEmpty() ? null
                : cloudWatch.describeAlarms(b -> b.alarmNames(alarmName)).metricAlarms().stream().findFirst().orElse(null);
        return new ScalingConfiguration.StepPolicy(policy.policyName(), c.adjustmentTypeAsString(), adjustments,
                nz(c.cooldown(), 300), alarmName,
                alarm == null ? "" : alarm.metricName(), alarm == null ? "" : alarm.comparisonOperatorAsString(),
                alarm == null ? Double.NaN : alarm.threshold(), alarm == null ? 0 : alarm.period(),
                alarm == null ? 0 : alarm.evaluationPeriods(),
                alarm == null || alarm.datapointsToAlarm() == null ? OptionalInt.empty()
                        : OptionalInt.of(alarm.datapointsToAlarm()));
    }

    /** The alarms Application Auto Scaling created for a target tracking policy, as DescribeAlarms reports them. */
    private List<ScalingConfiguration.TrackingAlarm> trackingAlarms(ScalingPolicy policy) {
        List<String> names = policy.alarms().stream().map(a -> a.alarmName()).toList();
        if (names.isEmpty()) {
            return List.of();
        }
        return cloudWatch.describeAlarms(b -> b.alarmNames(names)).metricAlarms().stream()
                .map(a -> new ScalingConfiguration.TrackingAlarm(a.alarmName(), a.comparisonOperatorAsString(),
                        a.threshold(), a.period(), a.evaluationPeriods(), a.datapointsToAlarm() == null
                                ? OptionalInt.empty() : OptionalInt.of(a.datapointsToAlarm())))
                .toList();
    }

    /** The containers' environment variables; the first container naming a variable wins. */
    private Map<String, String> taskEnvironment() {
        var definition = ecs.describeTaskDefinition(b -> b.taskDefinition(taskDefinition.get())).taskDefinition();
        Map<String, String> environment = new HashMap<>();
        for (var container : definition.containerDefinitions()) {
            for (KeyValuePair env : container.environment()) {
                environment.putIfAbsent(env.name(), env.value());
            }
        }
        return environment;
    }

    /** A whole number the task definition sets; empty when it is absent or not a number (then it is unknown). */
    private static OptionalInt whole(String value) {
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    @Override
    public List<ScalingActivity> activitiesSince(Instant since) {
        List<ScalingActivity> out = new ArrayList<>();
        for (var activity : autoScaling.describeScalingActivities(b -> b.serviceNamespace(ServiceNamespace.ECS)
                .resourceId(resourceId)).scalingActivities()) {
            if (!activity.startTime().isBefore(since)) {
                out.add(0, new ScalingActivity(activity.activityId(), activity.startTime(), activity.description(),
                        activity.cause(), activity.statusCodeAsString()));
            }
        }
        return out;
    }

    private static int nz(Integer value, int otherwise) {
        return value == null ? otherwise : value;
    }

}
