package dev.scalingsuite.twin.api;

import static dev.scalingsuite.twin.api.Wire.object;
import static dev.scalingsuite.twin.api.Wire.optional;
import static dev.scalingsuite.twin.api.Wire.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingsuite.twin.model.ScalingModel;
import dev.scalingsuite.twin.model.ScalingModel.Activity;
import dev.scalingsuite.twin.model.ScalingPolicy;
import dev.scalingsuite.twin.model.StackModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Application Auto Scaling in awsJson 1.1, read-only: the service's scalable target, its policies
 * and its scaling activities, which the monitors read to explain what scaled and why.
 */
final class AutoScalingApi implements ApiService {

    static final String NAMESPACE = "ecs";
    static final String DIMENSION = "ecs:service:DesiredCount";

    /** The namespaces the 2.41 model knows; AWS rejects any other value in its validation message. */
    private static final List<String> NAMESPACES = List.of("comprehend", "rds", "sagemaker", "appstream",
            "elasticmapreduce", "dynamodb", "lambda", "custom-resource", "elasticache", "ecs", "cassandra",
            "workspaces", "neptune", "ec2", "kafka");

    /** DescribeScalingActivities answers at most this many per page (the AWS default and maximum). */
    private static final int MAX_ACTIVITIES_PER_PAGE = 50;

    private final StackModel stack;

    AutoScalingApi(StackModel stack) {
        this.stack = stack;
    }

    @Override
    public String name() {
        return "application-autoscaling";
    }

    @Override
    public Optional<String> jsonTargetPrefix() {
        return Optional.of("AnyScaleFrontendService");
    }

    @Override
    public JsonNode handle(String operation, JsonNode request) {
        return switch (operation) {
            case "DescribeScalableTargets" -> describeScalableTargets(request);
            case "DescribeScalingPolicies" -> describeScalingPolicies(request);
            case "DescribeScalingActivities" -> describeScalingActivities(request);
            default -> throw new ApiException(400, "UnknownOperationException", "Unknown operation " + operation);
        };
    }

    private ScalingModel scaling() {
        return stack.scaling();
    }

    /**
     * Whether the request's filters select the service's target. The namespace is checked first
     * because AWS refuses a request without a valid one before it looks at any data.
     */
    private boolean selectsOurTarget(JsonNode request, String resourceId) {
        String namespace = namespace(request);
        String dimension = optional(request, "ScalableDimension");
        return NAMESPACE.equals(namespace)
                && (resourceId == null || resourceId.equals(scaling().resourceId()))
                && (dimension == null || dimension.equals(DIMENSION));
    }

    /** The ServiceNamespace member, validated the way AWS words it (camel-case member names). */
    private static String namespace(JsonNode request) {
        String namespace = optional(request, "ServiceNamespace");
        if (namespace == null) {
            throw ApiException.validation("1 validation error detected: Value null at 'serviceNamespace' "
                    + "failed to satisfy constraint: Member must not be null");
        }
        if (!NAMESPACES.contains(namespace)) {
            throw ApiException.validation("1 validation error detected: Value '" + namespace
                    + "' at 'serviceNamespace' failed to satisfy constraint: Member must satisfy enum value set: "
                    + NAMESPACES);
        }
        return namespace;
    }

    private JsonNode describeScalableTargets(JsonNode request) {
        Set<String> ids = texts(request, "ResourceIds");
        boolean selected = selectsOurTarget(request, null)
                && (ids.isEmpty() || ids.contains(scaling().resourceId()));
        ObjectNode answer = object();
        ArrayNode targets = answer.putArray("ScalableTargets");
        if (selected) {
            targets.add(scalableTarget());
        }
        return answer;
    }

    private ObjectNode scalableTarget() {
        ObjectNode target = object()
                .put("ServiceNamespace", NAMESPACE)
                .put("ResourceId", scaling().resourceId())
                .put("ScalableDimension", DIMENSION)
                .put("MinCapacity", scaling().minCapacity())
                .put("MaxCapacity", scaling().maxCapacity())
                .put("RoleARN", scaling().roleArn());
        target.set("CreationTime", timestamp(scaling().createdAt()));
        target.putObject("SuspendedState")
                .put("DynamicScalingInSuspended", false)
                .put("DynamicScalingOutSuspended", false)
                .put("ScheduledScalingSuspended", false);
        return target;
    }

    private JsonNode describeScalingPolicies(JsonNode request) {
        Set<String> names = texts(request, "PolicyNames");
        ObjectNode answer = object();
        ArrayNode policies = answer.putArray("ScalingPolicies");
        if (selectsOurTarget(request, optional(request, "ResourceId"))) {
            scaling().policies().stream()
                    .filter(p -> names.isEmpty() || names.contains(p.name()))
                    .forEach(p -> policies.add(policy(p)));
        }
        return answer;
    }

    private ObjectNode policy(ScalingPolicy policy) {
        ObjectNode node = object()
                .put("PolicyARN", policy.arn())
                .put("PolicyName", policy.name())
                .put("ServiceNamespace", NAMESPACE)
                .put("ResourceId", scaling().resourceId())
                .put("ScalableDimension", DIMENSION)
                .put("PolicyType", policy.type());
        if (policy.targetTracking() != null) {
            node.set("TargetTrackingScalingPolicyConfiguration", targetTracking(policy.targetTracking()));
        }
        if (policy.stepScaling() != null) {
            node.set("StepScalingPolicyConfiguration", stepScaling(policy.stepScaling()));
        }
        ArrayNode alarms = node.putArray("Alarms");
        for (String name : policy.alarmNames()) {
            alarms.addObject().put("AlarmName", name).put("AlarmARN", stack.arns().alarm(name));
        }
        node.set("CreationTime", timestamp(policy.createdAt()));
        return node;
    }

    private static ObjectNode targetTracking(ScalingPolicy.TargetTracking tracking) {
        ObjectNode config = object().put("TargetValue", tracking.targetValue());
        ObjectNode metric = config.putObject("CustomizedMetricSpecification")
                .put("MetricName", tracking.metricName())
                .put("Namespace", tracking.namespace());
        metric.putArray("Dimensions").addObject()
                .put("Name", tracking.dimensionName())
                .put("Value", tracking.dimensionValue());
        metric.put("Statistic", tracking.statistic());
        return config.put("ScaleOutCooldown", tracking.scaleOutCooldown())
                .put("ScaleInCooldown", tracking.scaleInCooldown())
                .put("DisableScaleIn", tracking.disableScaleIn());
    }

    private static ObjectNode stepScaling(ScalingPolicy.StepScaling step) {
        ObjectNode config = object().put("AdjustmentType", step.adjustmentType());
        ArrayNode adjustments = config.putArray("StepAdjustments");
        for (ScalingPolicy.Step s : step.steps()) {
            ObjectNode adjustment = adjustments.addObject();
            if (s.lowerBound() != null) {
                adjustment.put("MetricIntervalLowerBound", s.lowerBound());
            }
            if (s.upperBound() != null) {
                adjustment.put("MetricIntervalUpperBound", s.upperBound());
            }
            adjustment.put("ScalingAdjustment", s.adjustment());
        }
        config.put("Cooldown", step.cooldown()).put("MetricAggregationType", step.aggregation());
        if (step.minAdjustmentMagnitude() != null) {
            config.put("MinAdjustmentMagnitude", step.minAdjustmentMagnitude());
        }
        return config;
    }

    /**
     * Newest first, {@code MaxResults} per page. The token names the last activity of the page, not
     * an offset, so activities started between two pages neither repeat nor hide older ones.
     */
    private JsonNode describeScalingActivities(JsonNode request) {
        int max = Wire.bounded(request, "MaxResults", 1, MAX_ACTIVITIES_PER_PAGE, MAX_ACTIVITIES_PER_PAGE);
        List<Activity> all = selectsOurTarget(request, optional(request, "ResourceId"))
                ? scaling().activities() : List.of();
        int from = resumeAfter(all, optional(request, "NextToken"));
        List<Activity> page = all.subList(from, Math.min(all.size(), from + max));
        ObjectNode answer = object();
        ArrayNode activities = answer.putArray("ScalingActivities");
        page.forEach(a -> activities.add(activity(a)));
        if (from + page.size() < all.size()) {
            answer.put("NextToken", page.get(page.size() - 1).id());
        }
        return answer;
    }

    private static int resumeAfter(List<Activity> activities, String token) {
        if (token == null) {
            return 0;
        }
        for (int i = 0; i < activities.size(); i++) {
            if (activities.get(i).id().equals(token)) {
                return i + 1;
            }
        }
        throw ApiException.client("InvalidNextTokenException", "Invalid token");
    }

    private ObjectNode activity(Activity activity) {
        ObjectNode node = object()
                .put("ActivityId", activity.id())
                .put("ServiceNamespace", NAMESPACE)
                .put("ResourceId", scaling().resourceId())
                .put("ScalableDimension", DIMENSION)
                .put("Description", activity.description())
                .put("Cause", activity.cause());
        node.set("StartTime", timestamp(activity.startTime()));
        if (activity.endTime() != null) {
            node.set("EndTime", timestamp(activity.endTime()));
        }
        return node.put("StatusCode", activity.statusCode()).put("StatusMessage", activity.statusMessage());
    }

    private static Set<String> texts(JsonNode request, String member) {
        List<String> values = new ArrayList<>();
        Wire.list(request, member).forEach(v -> values.add(v.asText()));
        return Set.copyOf(values);
    }
}
