package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

/**
 * ECS deployments on the wire, through the SDK: RegisterTaskDefinition of a copy of the live revision,
 * DescribeTaskDefinition by family, revision or ARN with its tags, UpdateService with the revision, and
 * DescribeServices' deployments and events as the rollout runs to COMPLETED. At time scale 60 the
 * rollout of an idle service takes about seven seconds (a cold start, two health checks, the 300 s
 * deregistration delay).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EcsDeploymentApiTest {

    @RegisterExtension
    static final TwinFixture TWIN = new TwinFixture().with("timeScale", "60");

    private static final String FAMILY = "voice-agent-poc-voice-agent";
    private static final String ARN_PREFIX = "arn:aws:ecs:us-east-1:123456789012:task-definition/" + FAMILY + ":";
    private static EcsClient ecs;

    @BeforeAll
    static void client() {
        ecs = TWIN.client(EcsClient.builder());
    }

    @AfterAll
    static void close() {
        ecs.close();
    }

    private static Service service() {
        return ecs.describeServices(b -> b.cluster("voice-agent-poc-cluster").services("voice-agent-poc-service"))
                .services().get(0);
    }

    @Test
    @Order(1)
    void aCopyOfTheLiveRevisionWithOneEnvironmentValueChangedIsTheNextRevisionWithItsTags() {
        var live = ecs.describeTaskDefinition(b -> b.taskDefinition(service().taskDefinition())
                .include(TaskDefinitionField.TAGS));
        TaskDefinition td = live.taskDefinition();
        assertThat(td.revision()).isEqualTo(7);
        assertThat(td.cpu()).as("4 vCPU, as ecs-stack.ts deploys it").isEqualTo("4096");
        assertThat(td.memory()).as("8 GB").isEqualTo("8192");
        assertThat(live.tags()).isEmpty();
        List<ContainerDefinition> containers = new ArrayList<>();
        for (ContainerDefinition c : td.containerDefinitions()) {
            List<KeyValuePair> env = new ArrayList<>(c.environment());
            env.add(KeyValuePair.builder().name("SCALING_SUITE_DEPLOYMENT").value("run-1").build());
            containers.add(c.toBuilder().environment(env).build());
        }

        var registered = ecs.registerTaskDefinition(b -> b.family(td.family()).taskRoleArn(td.taskRoleArn())
                .executionRoleArn(td.executionRoleArn()).networkMode(td.networkMode()).cpu(td.cpu())
                .memory(td.memory()).requiresCompatibilities(td.requiresCompatibilities())
                .containerDefinitions(containers)
                .tags(Tag.builder().key("scaling-suite:restore-to").value(td.taskDefinitionArn()).build()));

        TaskDefinition next = registered.taskDefinition();
        assertThat(next.taskDefinitionArn()).isEqualTo(ARN_PREFIX + "8");
        assertThat(next.revision()).isEqualTo(8);
        assertThat(next.cpu()).isEqualTo("4096");
        assertThat(next.memory()).isEqualTo("8192");
        assertThat(next.containerDefinitions()).singleElement().satisfies(c -> {
            assertThat(c.image()).isEqualTo(td.containerDefinitions().get(0).image());
            assertThat(c.environment()).contains(KeyValuePair.builder().name("SCALING_SUITE_DEPLOYMENT").value("run-1")
                    .build()).containsAll(td.containerDefinitions().get(0).environment());
        });
        assertThat(registered.tags()).containsExactly(Tag.builder().key("scaling-suite:restore-to")
                .value(ARN_PREFIX + "7").build());
        assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition(FAMILY)).taskDefinition().revision())
                .as("the bare family is its newest revision").isEqualTo(8);
        assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition(FAMILY + ":8").include(TaskDefinitionField.TAGS))
                .tags()).hasSize(1);
        assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition(ARN_PREFIX + "8")).tags())
                .as("tags only when asked for").isEmpty();
        assertThat(service().taskDefinition()).as("registering deploys nothing").isEqualTo(ARN_PREFIX + "7");
    }

    @Test
    @Order(2)
    void anUnknownRevisionOrAnotherFamilyIsAClientException() {
        assertThatThrownBy(() -> ecs.updateService(b -> b.cluster("voice-agent-poc-cluster")
                .service("voice-agent-poc-service").taskDefinition(FAMILY + ":99")))
                .isInstanceOf(ClientException.class).hasMessageContaining("TaskDefinition not found.");
        assertThatThrownBy(() -> ecs.describeTaskDefinition(b -> b.taskDefinition(FAMILY + ":99")))
                .isInstanceOf(ClientException.class).hasMessageContaining("Unable to describe task definition.");
        assertThatThrownBy(() -> ecs.registerTaskDefinition(b -> b.family("other").containerDefinitions(
                ContainerDefinition.builder().name("voice-agent").image("x").build())))
                .isInstanceOf(ClientException.class).hasMessageContaining("not other");
        assertThatThrownBy(() -> ecs.registerTaskDefinition(b -> b.family(FAMILY).memory("8192").containerDefinitions(
                ContainerDefinition.builder().name("voice-agent").image("x").build())))
                .isInstanceOf(ClientException.class)
                .hasMessageContaining("Fargate requires that 'cpu' be defined at the task level.");
    }

    @Test
    @Order(3)
    void updateServiceWithTheRevisionRollsItOutAndDescribeServicesReportsTheDeploymentsOnTheWay() {
        var answer = ecs.updateService(b -> b.cluster("voice-agent-poc-cluster").service("voice-agent-poc-service")
                .taskDefinition(ARN_PREFIX + "8").forceNewDeployment(true));

        Service updated = answer.service();
        assertThat(updated.taskDefinition()).isEqualTo(ARN_PREFIX + "8");
        assertThat(updated.deploymentConfiguration().maximumPercent()).isEqualTo(200);
        assertThat(updated.deploymentConfiguration().minimumHealthyPercent()).isEqualTo(100);
        assertThat(updated.deploymentConfiguration().deploymentCircuitBreaker().enable()).isTrue();
        assertThat(updated.deploymentConfiguration().deploymentCircuitBreaker().rollback()).isTrue();
        assertThat(updated.deployments()).hasSize(2);
        Deployment primary = updated.deployments().get(0);
        Deployment active = updated.deployments().get(1);
        assertThat(primary.id()).matches("ecs-svc/\\d{19}");
        assertThat(primary.status()).isEqualTo("PRIMARY");
        assertThat(primary.taskDefinition()).isEqualTo(ARN_PREFIX + "8");
        assertThat(primary.rolloutState()).isEqualTo(DeploymentRolloutState.IN_PROGRESS);
        assertThat(primary.rolloutStateReason()).isEqualTo("ECS deployment " + primary.id() + " in progress.");
        assertThat(primary.desiredCount()).isEqualTo(1);
        assertThat(primary.runningCount()).isZero();
        assertThat(primary.failedTasks()).isZero();
        assertThat(primary.createdAt()).isNotNull();
        assertThat(active.id()).isEqualTo("ecs-svc/1234567890123456789");
        assertThat(active.status()).isEqualTo("ACTIVE");
        assertThat(active.taskDefinition()).isEqualTo(ARN_PREFIX + "7");
        assertThat(active.rolloutState()).isEqualTo(DeploymentRolloutState.COMPLETED);
        assertThat(active.runningCount()).isEqualTo(1);

        await("the rollout completes").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> service().deployments().size() == 1);
        Service done = service();
        assertThat(done.deployments()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(primary.id());
            assertThat(d.rolloutState()).isEqualTo(DeploymentRolloutState.COMPLETED);
            assertThat(d.rolloutStateReason()).isEqualTo("ECS deployment " + primary.id() + " completed.");
            assertThat(d.runningCount()).isEqualTo(1);
        });
        assertThat(done.events().stream().map(e -> e.message()).toList()).as("newest first").startsWith(
                "(service voice-agent-poc-service) has reached a steady state.",
                "(service voice-agent-poc-service) (deployment " + primary.id() + ") deployment completed.");
        var running = ecs.describeTasks(b -> b.cluster("voice-agent-poc-cluster").tasks(ecs.listTasks(
                l -> l.cluster("voice-agent-poc-cluster").serviceName("voice-agent-poc-service")).taskArns())).tasks();
        assertThat(running).singleElement().satisfies(t -> {
            assertThat(t.taskDefinitionArn()).isEqualTo(ARN_PREFIX + "8");
            assertThat(t.startedBy()).isEqualTo(primary.id());
        });
        var stopped = ecs.describeTasks(b -> b.cluster("voice-agent-poc-cluster").tasks(ecs.listTasks(
                l -> l.cluster("voice-agent-poc-cluster").serviceName("voice-agent-poc-service")
                        .desiredStatus(DesiredStatus.STOPPED)).taskArns())).tasks();
        assertThat(stopped).singleElement().satisfies(t -> {
            assertThat(t.taskDefinitionArn()).isEqualTo(ARN_PREFIX + "7");
            assertThat(t.lastStatus()).isEqualTo("STOPPED");
            assertThat(t.stopCodeAsString()).isEqualTo("ServiceSchedulerInitiated");
            assertThat(t.stoppedReason()).isEqualTo("Scaling activity initiated by (deployment ecs-svc/1234567890123456789)");
        });
    }
}
