package dev.scalingsuite.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.scalingsuite.fleet.RevisionChange;
import dev.scalingsuite.fleet.RolloutState;
import dev.scalingsuite.fleet.ServiceDeployment;
import dev.scalingsuite.fleet.ServiceRef;
import dev.scalingsuite.fleet.ServiceState;
import dev.scalingsuite.fleet.TaskSize;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTasksRequest;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.ListTasksRequest;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.ecs.model.UpdateServiceResponse;

/**
 * What the adapter asks ECS for a deployment: a copy of the live revision with only the change applied
 * (RegisterTaskDefinition takes none of DescribeTaskDefinition's read-only fields), UpdateService by the
 * service's name with the revision and forceNewDeployment, and the deployments as DescribeServices lists
 * them. The SDK client records the requests.
 */
class EcsAdapterDeploymentTest {

    private static final String TD = "arn:aws:ecs:us-east-1:123456789012:task-definition/voice-agent-poc-voice-agent:7";
    private static final String SERVICE_ARN =
            "arn:aws:ecs:us-east-1:123456789012:service/voice-agent-poc-cluster/voice-agent-poc-service";

    private static final String TASK = "arn:aws:ecs:us-east-1:123456789012:task/voice-agent-poc-cluster/";
    private static final String OLD = "sha256:" + "0".repeat(64);
    private static final String NEW = "sha256:" + "1".repeat(64);

    private final List<Object> asked = new ArrayList<>();

    private final EcsClient ecs = new EcsClient() {
        @Override
        public DescribeTaskDefinitionResponse describeTaskDefinition(DescribeTaskDefinitionRequest request) {
            asked.add(request);
            ContainerDefinition agent = ContainerDefinition.builder().name("voice-agent").image("repo/agent:abc")
                    .environment(KeyValuePair.builder().name("ENVIRONMENT").value("poc").build(),
                            KeyValuePair.builder().name("SCALING_SUITE_DEPLOYMENT").value("old").build())
                    .stopTimeout(120).build();
            ContainerDefinition sidecar = ContainerDefinition.builder().name("xray").image("xray:3").build();
            return DescribeTaskDefinitionResponse.builder().taskDefinition(TaskDefinition.builder()
                    .taskDefinitionArn(TD).family("voice-agent-poc-voice-agent").revision(7).status("ACTIVE")
                    .taskRoleArn("arn:aws:iam::123456789012:role/task").executionRoleArn("arn:aws:iam::123456789012:role/exec")
                    .networkMode("awsvpc").cpu("1024").memory("4096").requiresCompatibilitiesWithStrings("FARGATE")
                    .compatibilitiesWithStrings("EC2", "FARGATE").registeredAt(Instant.EPOCH)
                    .containerDefinitions(agent, sidecar).build())
                    .tags(Tag.builder().key("team").value("voice").build()).build();
        }

        @Override
        public RegisterTaskDefinitionResponse registerTaskDefinition(RegisterTaskDefinitionRequest request) {
            asked.add(request);
            return RegisterTaskDefinitionResponse.builder().taskDefinition(TaskDefinition.builder()
                    .taskDefinitionArn(TD.replace(":7", ":8")).build()).build();
        }

        @Override
        public UpdateServiceResponse updateService(UpdateServiceRequest request) {
            asked.add(request);
            return UpdateServiceResponse.builder().service(Service.builder().deployments(
                    Deployment.builder().id("ecs-svc/2000000000000000002").status("PRIMARY").build(),
                    Deployment.builder().id("ecs-svc/1000000000000000001").status("ACTIVE").build()).build()).build();
        }

        @Override
        public DescribeServicesResponse describeServices(DescribeServicesRequest request) {
            Instant t = Instant.parse("2026-08-14T10:00:00Z");
            return DescribeServicesResponse.builder().services(Service.builder().desiredCount(2).runningCount(4)
                    .pendingCount(0).taskDefinition(TD.replace(":7", ":8"))
                    .deployments(Deployment.builder().id("ecs-svc/2").status("PRIMARY").taskDefinition(TD.replace(":7", ":8"))
                                    .rolloutState(DeploymentRolloutState.IN_PROGRESS).rolloutStateReason("in progress")
                                    .desiredCount(2).runningCount(2).pendingCount(0).failedTasks(0).createdAt(t)
                                    .updatedAt(t).build(),
                            Deployment.builder().id("ecs-svc/1").status("ACTIVE").taskDefinition(TD)
                                    .rolloutState(DeploymentRolloutState.COMPLETED).desiredCount(2).runningCount(2)
                                    .pendingCount(0).failedTasks(0).createdAt(t).updatedAt(t).build())
                    .events(ServiceEvent.builder().id("e1").createdAt(t).message("(service s) has started 2 tasks").build())
                    .build()).build();
        }

        @Override
        public ListTasksResponse listTasks(ListTasksRequest request) {
            return ListTasksResponse.builder().taskArns(request.desiredStatus() == DesiredStatus.STOPPED
                    ? List.of(TASK + "stopped") : List.of(TASK + "running", TASK + "pending")).build();
        }

        @Override
        public DescribeTasksResponse describeTasks(DescribeTasksRequest request) {
            return DescribeTasksResponse.builder().tasks(request.tasks().stream().map(arn -> Task.builder().taskArn(arn)
                    .containers(arn.endsWith("pending") ? Container.builder().name("voice-agent").build()
                            : Container.builder().name("voice-agent").imageDigest(arn.endsWith("stopped") ? OLD : NEW)
                                    .build()).build()).toList()).build();
        }

        @Override
        public String serviceName() {
            return "ecs";
        }

        @Override
        public void close() {
        }
    };

    private final EcsAdapter adapter = new EcsAdapter(ecs, ServiceRef.of("voice-agent-poc-cluster", SERVICE_ARN));

    /** What Fargate bills a task for: the task-level cpu and memory DescribeTaskDefinition answers. */
    @Test
    void aTaskSizeIsTheTaskDefinitionsTaskLevelCpuAndMemory() {
        TaskSize size = adapter.taskSize("voice-agent-poc-voice-agent:7");

        assertThat(size).isEqualTo(new TaskSize(TD, 1024, 4096));
        assertThat(size.show()).isEqualTo("1 vCPU, 4 GB");
        assertThat(((DescribeTaskDefinitionRequest) asked.get(0)).taskDefinition())
                .isEqualTo("voice-agent-poc-voice-agent:7");
    }

    /** DescribeTasks' containers[].imageDigest, running and stopped tasks alike; a task not yet pulled has none. */
    @Test
    void theImageDigestsAreThoseTheTasksReported() {
        assertThat(adapter.imageDigests()).containsExactly(entry("running", NEW), entry("stopped", OLD));
    }

    @Test
    void aRevisionIsTheLiveOneWithTheChangeInEveryContainerAndTheTagsAdded() {
        String arn = adapter.registerRevision(TD, new RevisionChange(Map.of("SCALING_SUITE_DEPLOYMENT", "run-1"),
                Map.of("scaling-suite:restore-to", TD)));

        assertThat(arn).endsWith(":8");
        assertThat(((DescribeTaskDefinitionRequest) asked.get(0)).include()).containsExactly(TaskDefinitionField.TAGS);
        RegisterTaskDefinitionRequest register = (RegisterTaskDefinitionRequest) asked.get(1);
        assertThat(register.family()).isEqualTo("voice-agent-poc-voice-agent");
        assertThat(register.taskRoleArn()).endsWith("role/task");
        assertThat(register.executionRoleArn()).endsWith("role/exec");
        assertThat(register.cpu()).isEqualTo("1024");
        assertThat(register.requiresCompatibilitiesAsStrings()).containsExactly("FARGATE");
        assertThat(register.containerDefinitions()).hasSize(2);
        ContainerDefinition agent = register.containerDefinitions().get(0);
        assertThat(agent.image()).as("the same image").isEqualTo("repo/agent:abc");
        assertThat(agent.stopTimeout()).isEqualTo(120);
        assertThat(agent.environment()).containsExactly(KeyValuePair.builder().name("ENVIRONMENT").value("poc").build(),
                KeyValuePair.builder().name("SCALING_SUITE_DEPLOYMENT").value("run-1").build());
        assertThat(register.containerDefinitions().get(1).environment())
                .containsExactly(KeyValuePair.builder().name("SCALING_SUITE_DEPLOYMENT").value("run-1").build());
        assertThat(register.tags()).containsExactly(Tag.builder().key("team").value("voice").build(),
                Tag.builder().key("scaling-suite:restore-to").value(TD).build());
    }

    @Test
    void aDeploymentIsUpdateServiceByNameWithTheRevisionAndItsIdIsThePrimarys() {
        String id = adapter.deploy(TD.replace(":7", ":8"));

        assertThat(id).isEqualTo("ecs-svc/2000000000000000002");
        UpdateServiceRequest update = (UpdateServiceRequest) asked.get(0);
        assertThat(update.service()).isEqualTo("voice-agent-poc-service");
        assertThat(update.cluster()).isEqualTo("voice-agent-poc-cluster");
        assertThat(update.taskDefinition()).endsWith(":8");
        assertThat(update.forceNewDeployment()).isTrue();
        assertThat(update.desiredCount()).as("the count stays the scaler's").isNull();
    }

    @Test
    void theServiceCarriesItsDeploymentsAndEvents() {
        ServiceState service = adapter.service();

        assertThat(service.taskDefinition()).endsWith(":8");
        assertThat(service.deployments()).extracting(ServiceDeployment::id, ServiceDeployment::status,
                ServiceDeployment::rolloutState).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ecs-svc/2", "PRIMARY", "IN_PROGRESS"),
                        org.assertj.core.groups.Tuple.tuple("ecs-svc/1", "ACTIVE", "COMPLETED"));
        assertThat(service.rollout()).isEqualTo(RolloutState.IN_PROGRESS);
        assertThat(service.events()).singleElement().satisfies(e -> assertThat(e.message()).contains("has started"));
    }
}
