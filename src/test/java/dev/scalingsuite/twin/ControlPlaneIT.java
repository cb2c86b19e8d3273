package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingActivity;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The whole control-plane story through the AWS SDK, in model time: load drives target tracking
 * out, the new task walks its lifecycle and turns healthy, more load scales further, the end of the
 * load drives step scale-in back to the minimum through deregistration and stop, and a protected
 * task is never stopped.
 */
class ControlPlaneIT {

    private static final int SCALE = 30;

    @RegisterExtension
    static final TwinFixture TWIN = new TwinFixture().with("timeScale", String.valueOf(SCALE));

    private static EcsClient ecs;
    private static ApplicationAutoScalingClient autoscaling;
    private static ElasticLoadBalancingV2Client elb;

    @BeforeAll
    static void clients() {
        ecs = TWIN.client(EcsClient.builder());
        autoscaling = TWIN.client(ApplicationAutoScalingClient.builder());
        elb = TWIN.client(ElasticLoadBalancingV2Client.builder());
    }

    @AfterAll
    static void close() {
        ecs.close();
        autoscaling.close();
        elb.close();
    }

    @Test
    void loadScalesOutAndInAndAProtectedTaskIsNeverStopped() {
        Twin twin = TWIN.twin();
        String first = runningTaskIds().get(0);
        TwinClock clock = new TwinClock(twin, SCALE);
        Instant loadStarted = clock.syncToPeriod();
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(accept(first, "call-a" + i));
        }

        Instant scaledOut = awaitDesired(2, clock.wall(600));
        assertThat(clock.model(loadStarted, scaledOut))
                .as("target tracking waits for 3 breaching periods").isGreaterThan(180).isLessThan(300);

        String second = awaitNewRunningHealthyTask(List.of(first), clock);
        Task task = describe(second);
        assertThat(clock.model(task.createdAt(), task.pullStartedAt())).isCloseTo(14, within(3.0));
        assertThat(clock.model(task.pullStartedAt(), task.pullStoppedAt())).isCloseTo(37, within(3.0));

        for (int i = 0; i < 5; i++) {
            calls.add(accept(second, "call-b" + i));
        }
        awaitDesired(4, clock.wall(600));

        String kept = calls.remove(calls.size() - 1);
        calls.forEach(twin.controlPlane()::endSession);
        Instant scaledIn = awaitDesired(1, clock.wall(600));
        await("only the protected task left").atMost(clock.wall(900)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    assertThat(runningTaskIds()).containsExactly(second);
                    assertThat(service().runningCount()).isEqualTo(1);
                });

        List<String> stopped = ecs.listTasks(b -> b.cluster(cluster()).serviceName(serviceName())
                .desiredStatus(DesiredStatus.STOPPED)).taskArns();
        assertThat(stopped).as("stopped tasks; activities %s; events %s", activitiesText(), service().events())
                .hasSize(3).noneMatch(arn -> arn.endsWith(second));
        await("stopped tasks reach STOPPED").atMost(clock.wall(300 + 120 + 60)).untilAsserted(() ->
                assertThat(ecs.describeTasks(b -> b.cluster(cluster()).tasks(stopped)).tasks())
                        .allSatisfy(t -> assertThat(t.lastStatus()).isEqualTo("STOPPED")));
        for (Task gone : ecs.describeTasks(b -> b.cluster(cluster()).tasks(stopped)).tasks()) {
            if (gone.startedAt() != null) {
                assertThat(clock.model(scaledIn, gone.stoppingAt()))
                        .as("a running task stops only after the deregistration delay").isGreaterThan(290);
            }
        }

        List<ScalingActivity> activities = autoscaling.describeScalingActivities(b -> b.serviceNamespace("ecs"))
                .scalingActivities();
        assertThat(activities).extracting(ScalingActivity::description)
                .contains("Setting desired count to 2.", "Setting desired count to 4.", "Setting desired count to 1.");
        String stepAlarm = StepAlarm.name(autoscaling);
        assertThat(activities).filteredOn(a -> a.description().endsWith(" 1."))
                .allSatisfy(a -> assertThat(a.cause()).contains(stepAlarm)
                        .contains("VoiceAgentEcsVoiceAgentScalingScaleInLowerPolicy"));
        assertThat(activities).filteredOn(a -> a.description().endsWith(" 2."))
                .allSatisfy(a -> assertThat(a.cause()).contains("AlarmHigh"));

        try (CloudWatchClient cloudwatch = TWIN.client(CloudWatchClient.builder())) {
            String high = cloudwatch.describeAlarms(b -> b.alarmNamePrefix("TargetTracking-")).metricAlarms().get(0)
                    .alarmName();
            assertThat(cloudwatch.describeAlarmHistory(b -> b.alarmName(high)).alarmHistoryItems())
                    .as("the alarm history tells why it scaled")
                    .anySatisfy(h -> assertThat(h.historySummary()).endsWith("to ALARM"))
                    .anySatisfy(h -> assertThat(h.historySummary()).startsWith("Successfully executed action"));
        }
        twin.controlPlane().endSession(kept);
    }

    private static String activitiesText() {
        return autoscaling.describeScalingActivities(b -> b.serviceNamespace("ecs")).scalingActivities().stream()
                .map(a -> a.startTime() + " " + a.description() + " <- " + a.cause()).toList().toString();
    }

    private static String accept(String taskId, String callId) {
        Optional<String> refused = TWIN.twin().controlPlane().startSession(taskId, callId);
        assertThat(refused).as("task %s refused %s", taskId, callId).isEmpty();
        return callId;
    }

    static Instant awaitDesired(int desired, Duration atMost) {
        await("desired count " + desired).atMost(atMost).pollInterval(Duration.ofMillis(20))
                .until(() -> service().desiredCount() == desired);
        return Instant.now();
    }

    static String awaitNewRunningHealthyTask(List<String> known, TwinClock clock) {
        List<String> found = new ArrayList<>();
        await("a new task running and healthy").atMost(clock.wall(300)).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    for (String id : runningTaskIds()) {
                        if (!known.contains(id) && healthy(describe(id))) {
                            found.add(id);
                            return true;
                        }
                    }
                    return false;
                });
        return found.get(0);
    }

    static boolean healthy(Task task) {
        String ip = task.containers().get(0).networkInterfaces().get(0).privateIpv4Address();
        String group = elb.describeTargetGroups(b -> { }).targetGroups().get(0).targetGroupArn();
        return elb.describeTargetHealth(b -> b.targetGroupArn(group)).targetHealthDescriptions().stream()
                .anyMatch(d -> d.target().id().equals(ip) && d.targetHealth().stateAsString().equals("healthy"));
    }

    static String cluster() {
        return TWIN.twin().settings().cluster();
    }

    static String serviceName() {
        return TWIN.twin().settings().service();
    }

    static Service service() {
        return ecs.describeServices(b -> b.cluster(cluster()).services(serviceName())).services().get(0);
    }

    static List<String> runningTaskIds() {
        List<String> ids = new ArrayList<>();
        List<String> arns = ecs.listTasks(b -> b.cluster(cluster()).serviceName(serviceName())).taskArns();
        if (arns.isEmpty()) {
            return ids;
        }
        for (Task task : ecs.describeTasks(b -> b.cluster(cluster()).tasks(arns)).tasks()) {
            if (task.lastStatus().equals("RUNNING")) {
                ids.add(task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1));
            }
        }
        return ids;
    }

    static Task describe(String id) {
        return ecs.describeTasks(b -> b.cluster(cluster()).tasks(id)).tasks().get(0);
    }
}
