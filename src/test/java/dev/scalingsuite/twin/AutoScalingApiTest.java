package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.twin.model.ScalingModel;
import dev.scalingsuite.twin.model.StackModel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.InvalidNextTokenException;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingActivity;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingActivityStatusCode;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.ValidationException;

class AutoScalingApiTest {

    @RegisterExtension
    static final TwinFixture TWIN = new TwinFixture().with("maxCapacity", "8");

    // as CDK names them (VoiceAgentEcs stack, scalable target VoiceAgentScaling), hash suffix included
    private static final String TRACKING = "VoiceAgentEcsVoiceAgentScalingSessionsPerTaskTrackingD5A0E6F1";
    private static final String STEP = "VoiceAgentEcsVoiceAgentScalingScaleInLowerPolicy3C9B1F27";
    private static final String RESOURCE = "service/voice-agent-poc-cluster/voice-agent-poc-service";

    private static ApplicationAutoScalingClient scaling;

    @BeforeAll
    static void client() {
        scaling = TWIN.client(ApplicationAutoScalingClient.builder());
    }

    @AfterAll
    static void close() {
        scaling.close();
    }

    private static StackModel stack() {
        return TWIN.twin().stack();
    }

    @Test
    void describeScalableTargetsReportsTheServiceTarget() {
        var targets = scaling.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.ECS)).scalableTargets();

        assertThat(targets).singleElement().satisfies(t -> {
            assertThat(t.serviceNamespace()).isEqualTo(ServiceNamespace.ECS);
            assertThat(t.resourceId()).isEqualTo(RESOURCE);
            assertThat(t.scalableDimension()).isEqualTo(ScalableDimension.ECS_SERVICE_DESIRED_COUNT);
            assertThat(t.minCapacity()).isEqualTo(1);
            assertThat(t.maxCapacity()).isEqualTo(8);
            assertThat(t.roleARN()).startsWith("arn:aws:iam::123456789012:role/aws-service-role/")
                    .endsWith("AWSServiceRoleForApplicationAutoScaling_ECSService");
            assertThat(t.creationTime()).isBefore(Instant.now());
            assertThat(t.suspendedState().dynamicScalingInSuspended()).isFalse();
            assertThat(t.suspendedState().dynamicScalingOutSuspended()).isFalse();
            assertThat(t.suspendedState().scheduledScalingSuspended()).isFalse();
        });
    }

    @Test
    void scalableTargetFiltersSelectOrExcludeTheTarget() {
        assertThat(scaling.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.ECS)
                .resourceIds(RESOURCE).scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT))
                .scalableTargets()).hasSize(1);
        assertThat(scaling.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.ECS)
                .resourceIds("service/other/other")).scalableTargets()).isEmpty();
        assertThat(scaling.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.ECS)
                .scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS)).scalableTargets()).isEmpty();
    }

    @Test
    void anotherValidNamespaceHasNoData() {
        assertThat(scaling.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB))
                .scalableTargets()).isEmpty();
        assertThat(scaling.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB))
                .scalingPolicies()).isEmpty();
        assertThat(scaling.describeScalingActivities(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB))
                .scalingActivities()).isEmpty();
    }

    @Test
    void aMissingNamespaceIsAValidationException() {
        assertThatThrownBy(() -> scaling.describeScalableTargets(b -> b.resourceIds(RESOURCE)))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("1 validation error detected: Value null at 'serviceNamespace' "
                        + "failed to satisfy constraint: Member must not be null");
        assertThatThrownBy(() -> scaling.describeScalingPolicies(b -> b.resourceId(RESOURCE)))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> scaling.describeScalingActivities(b -> b.resourceId(RESOURCE)))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void anUnknownNamespaceIsAValidationExceptionListingTheValidOnes() {
        assertThatThrownBy(() -> scaling.describeScalableTargets(b -> b.serviceNamespace("ecss")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Value 'ecss' at 'serviceNamespace' failed to satisfy constraint: "
                        + "Member must satisfy enum value set: [")
                .hasMessageContaining(", ecs, ");
    }

    @Test
    void describeScalingPoliciesReportsTargetTrackingOnTheCustomMetric() {
        ScalingPolicy policy = policy(TRACKING);

        assertThat(policy.policyType()).isEqualTo(PolicyType.TARGET_TRACKING_SCALING);
        assertThat(policy.policyARN()).startsWith("arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:")
                .endsWith(":resource/ecs/" + RESOURCE + ":policyName/" + TRACKING);
        assertThat(policy.serviceNamespace()).isEqualTo(ServiceNamespace.ECS);
        assertThat(policy.resourceId()).isEqualTo(RESOURCE);
        assertThat(policy.scalableDimension()).isEqualTo(ScalableDimension.ECS_SERVICE_DESIRED_COUNT);
        assertThat(policy.stepScalingPolicyConfiguration()).isNull();
        var config = policy.targetTrackingScalingPolicyConfiguration();
        assertThat(config.targetValue()).isEqualTo(3.0);
        assertThat(config.scaleOutCooldown()).isEqualTo(60);
        assertThat(config.scaleInCooldown()).isEqualTo(300);
        assertThat(config.disableScaleIn()).isTrue();
        assertThat(config.customizedMetricSpecification().metricName()).isEqualTo("SessionsPerTask");
        assertThat(config.customizedMetricSpecification().namespace()).isEqualTo("VoiceAgent/Sessions");
        assertThat(config.customizedMetricSpecification().statisticAsString()).isEqualTo("Average");
        assertThat(config.customizedMetricSpecification().dimensions())
                .containsExactly(MetricDimension.builder().name("Environment").value("poc").build());
        assertThat(policy.alarms()).singleElement().satisfies(a -> {
            assertThat(a.alarmName()).startsWith("TargetTracking-" + RESOURCE + "-AlarmHigh-");
            assertThat(a.alarmARN()).isEqualTo("arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + a.alarmName());
        });
        assertThat(policy.creationTime()).isBefore(Instant.now());
    }

    @Test
    void describeScalingPoliciesReportsTheStepScaleInPolicy() {
        ScalingPolicy policy = policy(STEP);

        assertThat(policy.policyType()).isEqualTo(PolicyType.STEP_SCALING);
        assertThat(policy.targetTrackingScalingPolicyConfiguration()).isNull();
        var config = policy.stepScalingPolicyConfiguration();
        assertThat(config.adjustmentTypeAsString()).isEqualTo("ChangeInCapacity");
        assertThat(config.cooldown()).isEqualTo(30);
        assertThat(config.metricAggregationTypeAsString()).isEqualTo("Average");
        assertThat(config.minAdjustmentMagnitude()).isNull();
        assertThat(config.stepAdjustments()).singleElement().satisfies(s -> {
            assertThat(s.metricIntervalLowerBound()).isNull();
            assertThat(s.metricIntervalUpperBound()).isEqualTo(0.0);
            assertThat(s.scalingAdjustment()).isEqualTo(-3);
        });
        assertThat(policy.alarms()).singleElement()
                .satisfies(a -> assertThat(a.alarmName())
                        .matches("VoiceAgentEcs-VoiceAgentScalingScaleInLowerAlarm[0-9A-F]{8}-[0-9A-Z]{12}"));
    }

    @Test
    void policyFiltersSelectByResourceAndName() {
        assertThat(scaling.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.ECS)
                .resourceId(RESOURCE)).scalingPolicies()).extracting(ScalingPolicy::policyName)
                .containsExactly(TRACKING, STEP);
        assertThat(scaling.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.ECS)
                .resourceId("service/other/other")).scalingPolicies()).isEmpty();
        assertThat(scaling.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.ECS)
                .policyNames("nope")).scalingPolicies()).isEmpty();
    }

    @Test
    void activitiesAreNewestFirstWithTheirOutcome() {
        Instant start = Instant.now().minus(Duration.ofSeconds(30));
        ScalingModel.Activity older;
        ScalingModel.Activity newer;
        synchronized (stack()) {
            older = stack().scaling().startActivity("Setting desired count to 2.",
                    "monitor alarm AlarmHigh in state ALARM triggered policy " + TRACKING,
                    start);
            older.finish("Successful", "Successfully set desired count to 2. Change successfully fulfilled by ecs.",
                    start.plusSeconds(2));
            newer = stack().scaling().startActivity("Setting desired count to 3.", "a newer cause",
                    start.plusSeconds(10));
        }

        List<ScalingActivity> activities = scaling.describeScalingActivities(b -> b
                .serviceNamespace(ServiceNamespace.ECS).resourceId(RESOURCE)
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .includeNotScaledActivities(true)).scalingActivities();

        List<String> ids = activities.stream().map(ScalingActivity::activityId).toList();
        assertThat(ids.indexOf(newer.id())).isLessThan(ids.indexOf(older.id())).isNotNegative();
        ScalingActivity done = activities.get(ids.indexOf(older.id()));
        assertThat(done.statusCode()).isEqualTo(ScalingActivityStatusCode.SUCCESSFUL);
        assertThat(done.statusMessage()).startsWith("Successfully set desired count to 2.");
        assertThat(done.description()).isEqualTo("Setting desired count to 2.");
        assertThat(done.cause()).contains("triggered policy " + TRACKING);
        assertThat(done.startTime()).isEqualTo(start.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(done.endTime()).isEqualTo(done.startTime().plusSeconds(2));
        assertThat(done.serviceNamespace()).isEqualTo(ServiceNamespace.ECS);
        assertThat(done.resourceId()).isEqualTo(RESOURCE);
        assertThat(done.scalableDimension()).isEqualTo(ScalableDimension.ECS_SERVICE_DESIRED_COUNT);
        ScalingActivity running = activities.get(ids.indexOf(newer.id()));
        assertThat(running.statusCode()).isEqualTo(ScalingActivityStatusCode.IN_PROGRESS);
        assertThat(running.endTime()).isNull();
        assertThat(scaling.describeScalingActivities(b -> b.serviceNamespace(ServiceNamespace.ECS)
                .resourceId("service/other/other")).scalingActivities()).isEmpty();
    }

    @Test
    void activitiesArePagedWithMaxResultsAndNextToken() {
        synchronized (stack()) {
            for (int i = 0; i < 5; i++) {
                stack().scaling().startActivity("Setting desired count to " + (i + 2) + ".", "paging", Instant.now());
            }
        }
        List<String> expected;
        synchronized (stack()) {
            expected = stack().scaling().activities().stream().map(ScalingModel.Activity::id).toList();
        }

        var first = scaling.describeScalingActivities(b -> b.serviceNamespace(ServiceNamespace.ECS).maxResults(2));
        assertThat(first.scalingActivities()).hasSize(2);
        assertThat(first.nextToken()).isNotNull();

        List<String> paged = scaling.describeScalingActivitiesPaginator(b -> b
                .serviceNamespace(ServiceNamespace.ECS).maxResults(2)).scalingActivities().stream()
                .map(ScalingActivity::activityId).toList();
        assertThat(paged).isEqualTo(expected);
    }

    @Test
    void aForeignNextTokenIsInvalid() {
        assertThatThrownBy(() -> scaling.describeScalingActivities(b -> b.serviceNamespace(ServiceNamespace.ECS)
                .nextToken("not-a-token")))
                .isInstanceOf(InvalidNextTokenException.class)
                .hasMessageStartingWith("Invalid token");
    }

    @Test
    void maxResultsAboveFiftyIsAValidationException() {
        assertThatThrownBy(() -> scaling.describeScalingActivities(b -> b.serviceNamespace(ServiceNamespace.ECS)
                .maxResults(51)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("at 'maxResults' failed to satisfy constraint");
    }

    private static ScalingPolicy policy(String name) {
        var policies = scaling.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.ECS)
                .resourceId(RESOURCE).scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .policyNames(name)).scalingPolicies();
        assertThat(policies).hasSize(1);
        return policies.get(0);
    }
}
