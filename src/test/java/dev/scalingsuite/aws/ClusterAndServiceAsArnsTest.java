package dev.scalingsuite.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.fleet.ServiceRef;
import dev.scalingsuite.fleet.Telemetry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalableTargetsRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalableTargetsResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalingActivitiesRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalingActivitiesResponse;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ListTasksRequest;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.ecs.model.UpdateServiceResponse;

/**
 * A cluster or service given as an ARN (the stack publishes its cluster as one, under
 * {@code /voice-agent/ecs/cluster-arn}) reaches every API that wants a name as the name: the scalable
 * target's resource id, Container Insights' dimensions, ListTasks and UpdateService. The adapters run
 * against SDK clients that record what they were asked.
 */
class ClusterAndServiceAsArnsTest {

    private static final String CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/voice-agent-poc-cluster";
    private static final String SERVICE_ARN =
            "arn:aws:ecs:us-east-1:123456789012:service/voice-agent-poc-cluster/voice-agent-poc-service";

    private static final ServiceRef AS_ARNS = ServiceRef.of(CLUSTER_ARN, SERVICE_ARN);

    @Test
    void theScalableTargetIsLookedUpByNames() {
        List<Object> asked = new ArrayList<>();
        ApplicationAutoScalingClient autoScaling = new ApplicationAutoScalingClient() {
            @Override
            public DescribeScalableTargetsResponse describeScalableTargets(DescribeScalableTargetsRequest request) {
                asked.addAll(request.resourceIds());
                return DescribeScalableTargetsResponse.builder().build();
            }

            @Override
            public DescribeScalingActivitiesResponse describeScalingActivities(DescribeScalingActivitiesRequest request) {
                asked.add(request.resourceId());
                return DescribeScalingActivitiesResponse.builder().build();
            }

            @Override
            public String serviceName() {
                return "application-autoscaling";
            }

            @Override
            public void close() {
            }
        };
        AutoScalingAdapter adapter = new AutoScalingAdapter(autoScaling, null, null, AS_ARNS,
                () -> "voice-agent-poc-voice-agent");

        assertThatThrownBy(adapter::configuration).hasMessage("No scalable target for "
                + "service/voice-agent-poc-cluster/voice-agent-poc-service in Application Auto Scaling: the service "
                + "is not auto-scaled");
        adapter.activitiesSince(Instant.EPOCH);
        assertThat(asked).containsExactly("service/voice-agent-poc-cluster/voice-agent-poc-service",
                "service/voice-agent-poc-cluster/voice-agent-poc-service");
        assertThat(AutoScalingAdapter.resourceId(ServiceRef.of("voice-agent-poc-cluster", "voice-agent-poc-service")))
                .isEqualTo("service/voice-agent-poc-cluster/voice-agent-poc-service");
    }

    @Test
    void containerInsightsDimensionsAreNames() {
        List<GetMetricDataRequest> asked = new ArrayList<>();
        CloudWatchClient cloudWatch = new CloudWatchClient() {
            @Override
            public GetMetricDataResponse getMetricData(GetMetricDataRequest request) {
                asked.add(request);
                return GetMetricDataResponse.builder().build();
            }

            @Override
            public String serviceName() {
                return "monitoring";
            }

            @Override
            public void close() {
            }
        };
        new CloudWatchAdapter(cloudWatch, Telemetry.DEPLOYED, () -> "poc", AS_ARNS, 60).latest(Instant.EPOCH, Instant.now());

        Map<String, String> insights = asked.get(0).metricDataQueries().stream()
                .filter(q -> q.metricStat().metric().namespace().equals("ECS/ContainerInsights"))
                .map(MetricDataQuery::metricStat).flatMap(s -> s.metric().dimensions().stream())
                .collect(Collectors.toMap(d -> d.name(), d -> d.value(), (a, b) -> {
                    assertThat(a).isEqualTo(b);
                    return a;
                }));
        assertThat(insights).containsOnly(Map.entry("ClusterName", "voice-agent-poc-cluster"),
                Map.entry("ServiceName", "voice-agent-poc-service"));
    }

    @Test
    void listTasksAndUpdateServiceNameTheService() {
        List<String> asked = new ArrayList<>();
        EcsClient ecs = new EcsClient() {
            @Override
            public ListTasksResponse listTasks(ListTasksRequest request) {
                asked.add("ListTasks " + request.cluster() + " " + request.serviceName());
                return ListTasksResponse.builder().build();
            }

            @Override
            public UpdateServiceResponse updateService(UpdateServiceRequest request) {
                asked.add("UpdateService " + request.cluster() + " " + request.service());
                return UpdateServiceResponse.builder().build();
            }

            @Override
            public String serviceName() {
                return "ecs";
            }

            @Override
            public void close() {
            }
        };
        EcsAdapter adapter = new EcsAdapter(ecs, AS_ARNS);
        assertThat(adapter.tasks()).isEmpty();
        adapter.setDesiredCount(1);

        // ListTasks' serviceName and UpdateService's service are documented as names; the cluster goes by name too
        assertThat(asked).containsExactly("ListTasks voice-agent-poc-cluster voice-agent-poc-service",
                "ListTasks voice-agent-poc-cluster voice-agent-poc-service",
                "UpdateService voice-agent-poc-cluster voice-agent-poc-service");
    }
}
