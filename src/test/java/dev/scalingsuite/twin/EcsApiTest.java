package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.Task;

class EcsApiTest {

    @RegisterExtension
    static final TwinFixture TWIN = new TwinFixture().with("maxConcurrentCalls", "7");

    private static EcsClient ecs;

    @BeforeAll
    static void client() {
        ecs = TWIN.client(EcsClient.builder());
    }

    @AfterAll
    static void close() {
        ecs.close();
    }

    private static String cluster() {
        return TWIN.twin().settings().cluster();
    }

    private static String service() {
        return TWIN.twin().settings().service();
    }

    @Test
    void describeServicesReportsTheServiceAtItsMinimum() {
        DescribeServicesResponse answer = ecs.describeServices(b -> b.cluster(cluster()).services(service()));

        assertThat(answer.failures()).isEmpty();
        assertThat(answer.services()).singleElement().satisfies(s -> {
            assertThat(s.serviceName()).isEqualTo("voice-agent-poc-service");
            // as on AWS: the container the target group sends to, as ecs-stack.ts names it
            assertThat(s.loadBalancers()).singleElement()
                    .satisfies(lb -> assertThat(lb.containerName()).isEqualTo("voice-agent"));
            assertThat(s.runningCount()).isEqualTo(1);
            assertThat(s.desiredCount()).isEqualTo(1);
            assertThat(s.pendingCount()).isZero();
            assertThat(s.createdAt()).isNotNull();
            assertThat(s.deployments()).singleElement().satisfies(d -> assertThat(d.status()).isEqualTo("PRIMARY"));
        });
    }

    @Test
    void describeServicesAcceptsTheClusterArn() {
        String arn = "arn:aws:ecs:us-east-1:123456789012:cluster/" + cluster();
        assertThat(ecs.describeServices(b -> b.cluster(arn).services(service())).services()).hasSize(1);
    }

    @Test
    void anUnknownServiceIsAFailureWithReasonMissing() {
        DescribeServicesResponse answer = ecs.describeServices(b -> b.cluster(cluster()).services("nope"));

        assertThat(answer.services()).isEmpty();
        assertThat(answer.failures()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo("MISSING");
            assertThat(f.arn()).endsWith(":service/" + cluster() + "/nope");
        });
    }

    @Test
    void anUnknownClusterIsClusterNotFound() {
        assertThatThrownBy(() -> ecs.describeServices(b -> b.cluster("elsewhere").services(service())))
                .isInstanceOf(ClusterNotFoundException.class)
                .hasMessageContaining("Cluster not found.");
    }

    @Test
    void updateServiceChangesTheDesiredCountAndTheSchedulerStartsTasks() {
        try {
            var answer = ecs.updateService(b -> b.cluster(cluster()).service(service()).desiredCount(3));
            assertThat(answer.service().desiredCount()).isEqualTo(3);
            var described = ecs.describeServices(b -> b.cluster(cluster()).services(service())).services().get(0);
            assertThat(described.desiredCount()).isEqualTo(3);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ecs.describeServices(
                    b -> b.cluster(cluster()).services(service())).services().get(0).events())
                    .anySatisfy(e -> assertThat(e.message()).contains("has started 2 tasks")));
        } finally {
            ecs.updateService(b -> b.cluster(cluster()).service(service()).desiredCount(1));
            await("back at the baseline").atMost(Duration.ofSeconds(10)).until(() -> {
                var back = ecs.describeServices(b -> b.cluster(cluster()).services(service())).services().get(0);
                return back.runningCount() == 1 && back.pendingCount() == 0;
            });
        }
    }

    @Test
    void updateServiceOfAnUnknownServiceIsServiceNotFound() {
        assertThatThrownBy(() -> ecs.updateService(b -> b.cluster(cluster()).service("nope").desiredCount(2)))
                .isInstanceOf(ServiceNotFoundException.class);
    }

    @Test
    void aNegativeDesiredCountIsRefused() {
        assertThatThrownBy(() -> ecs.updateService(b -> b.cluster(cluster()).service(service()).desiredCount(-1)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("desiredCount");
    }

    @Test
    void listAndDescribeTasksShowTheRunningTaskWithItsLifecycle() {
        List<String> arns = ecs.listTasks(b -> b.cluster(cluster()).serviceName(service())).taskArns();
        assertThat(arns).hasSize(1);

        List<Task> tasks = ecs.describeTasks(b -> b.cluster(cluster()).tasks(arns)).tasks();
        assertThat(tasks).singleElement().satisfies(t -> {
            assertThat(t.lastStatus()).isEqualTo("RUNNING");
            assertThat(t.desiredStatus()).isEqualTo("RUNNING");
            assertThat(t.createdAt()).isBefore(t.pullStartedAt());
            assertThat(t.pullStartedAt()).isBefore(t.pullStoppedAt());
            assertThat(t.pullStoppedAt()).isBefore(t.startedAt());
            assertThat(t.group()).isEqualTo("service:" + service());
            assertThat(t.cpu()).as("its revision's, as deployed").isEqualTo("4096");
            assertThat(t.memory()).isEqualTo("8192");
            assertThat(t.containers().get(0).networkInterfaces().get(0).privateIpv4Address()).startsWith("10.0.");
            // as ECS reports it once the image was pulled: the manifest's digest
            assertThat(t.containers().get(0).imageDigest()).matches("sha256:[0-9a-f]{64}");
        });
    }

    @Test
    void listTasksWithDesiredStatusStoppedListsOnlyTasksOnTheirWayOut() {
        List<String> stopped = ecs.listTasks(b -> b.cluster(cluster()).serviceName(service())
                .desiredStatus(DesiredStatus.STOPPED)).taskArns();
        List<String> running = ecs.listTasks(b -> b.cluster(cluster()).serviceName(service())).taskArns();

        assertThat(running).isNotEmpty();
        if (!stopped.isEmpty()) {
            assertThat(running).doesNotContainAnyElementsOf(stopped);
            assertThat(ecs.describeTasks(b -> b.cluster(cluster()).tasks(stopped)).tasks())
                    .allSatisfy(t -> assertThat(t.desiredStatus()).isEqualTo("STOPPED"));
        }
    }

    @Test
    void describeTasksOfAnUnknownTaskIsAFailure() {
        var answer = ecs.describeTasks(b -> b.cluster(cluster()).tasks("0123456789abcdef"));
        assertThat(answer.tasks()).isEmpty();
        assertThat(answer.failures()).singleElement().satisfies(f -> assertThat(f.reason()).isEqualTo("MISSING"));
    }

    @Test
    void describeTaskDefinitionCarriesTheContainerEnvironment() {
        var definition = ecs.describeTaskDefinition(b -> b.taskDefinition("voice-agent-poc-voice-agent"))
                .taskDefinition();

        assertThat(definition.family()).isEqualTo("voice-agent-poc-voice-agent");
        assertThat(definition.containerDefinitions()).singleElement()
                .satisfies(c -> assertThat(c.name()).isEqualTo("voice-agent"));
        assertThat(definition.containerDefinitions().get(0).logConfiguration().options())
                .containsEntry("awslogs-group", "/ecs/voice-agent-poc")
                .containsEntry("awslogs-stream-prefix", "voice-agent");
        assertThat(definition.containerDefinitions().get(0).environment())
                .contains(KeyValuePair.builder().name("MAX_CONCURRENT_CALLS").value("7").build());
        assertThat(definition.containerDefinitions().get(0).stopTimeout()).isEqualTo(120);
    }

    @Test
    void anUnknownTaskDefinitionIsAClientException() {
        assertThatThrownBy(() -> ecs.describeTaskDefinition(b -> b.taskDefinition("other:1")))
                .isInstanceOf(ClientException.class);
    }

    @Test
    void taskProtectionIsSetReadAndCleared() {
        String task = ecs.listTasks(b -> b.cluster(cluster()).serviceName(service())).taskArns().get(0);

        var set = ecs.updateTaskProtection(b -> b.cluster(cluster()).tasks(task)
                .protectionEnabled(true).expiresInMinutes(30));
        assertThat(set.protectedTasks()).singleElement().satisfies(p -> {
            assertThat(p.protectionEnabled()).isTrue();
            assertThat(p.expirationDate()).isAfter(java.time.Instant.now());
        });
        assertThat(ecs.getTaskProtection(b -> b.cluster(cluster()).tasks(task)).protectedTasks())
                .singleElement().satisfies(p -> assertThat(p.protectionEnabled()).isTrue());

        ecs.updateTaskProtection(b -> b.cluster(cluster()).tasks(task).protectionEnabled(false));
        assertThat(ecs.getTaskProtection(b -> b.cluster(cluster()).tasks(task)).protectedTasks())
                .singleElement().satisfies(p -> {
                    assertThat(p.protectionEnabled()).isFalse();
                    assertThat(p.expirationDate()).isNull();
                });
    }

    @Test
    void protectionOfAnUnknownTaskIsAFailure() {
        var answer = ecs.getTaskProtection(b -> b.cluster(cluster()).tasks("ffffffffffffffff"));
        assertThat(answer.protectedTasks()).isEmpty();
        assertThat(answer.failures()).singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo("TASK_NOT_VALID"));
    }

    @Test
    void protectionBeyondTheAllowedRangeIsRefused() {
        String task = ecs.listTasks(b -> b.cluster(cluster()).serviceName(service())).taskArns().get(0);
        assertThatThrownBy(() -> ecs.updateTaskProtection(b -> b.cluster(cluster()).tasks(task)
                .protectionEnabled(true).expiresInMinutes(2881)))
                .isInstanceOf(InvalidParameterException.class);
    }
}
