package dev.scalingsuite.twin;

import static dev.scalingsuite.twin.FaultTrial.HEALTHY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.scalingsuite.twin.FaultTrial.Outcome;
import dev.scalingsuite.twin.stack.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.ProtectedTask;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The fault profiles that show at once: each behaves differently from the healthy twin while every
 * configuration API reports the same. The slower profiles are in {@link TwinFaultsIT}.
 */
class TwinFaultsTest {

    private static final int SCALE = 30;

    @Test
    void everyFaultAtOnceLeavesTheReportedConfigurationAsItIsAndIsLoggedAtStart() {
        List<String> logged = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(Twin.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        String all = String.join(",", Fault.names());
        try {
            Map<String, Outcome<Integer>> outcomes = FaultTrial.run(Map.of("timeScale", "10"), List.of(HEALTHY, all),
                    TwinWithClients::desired);

            assertThat(outcomes.get(all).configuration()).isEqualTo(outcomes.get(HEALTHY).configuration());
            // the step policy's alarm, found through the policy as on AWS (CloudFormation names it)
            String stepAlarm = outcomes.get(all).configuration().policies().stream()
                    .filter(p -> p.policyTypeAsString().equals("StepScaling"))
                    .map(p -> p.alarms().get(0).alarmName()).findFirst().orElseThrow();
            assertThat(outcomes.get(all).configuration().alarms()).hasSize(2)
                    .anySatisfy(alarm -> {
                        assertThat(alarm.alarmName()).isEqualTo(stepAlarm);
                        assertThat(alarm.comparisonOperatorAsString()).isEqualTo("LessThanThreshold");
                        assertThat(alarm.threshold()).isEqualTo(1.0);
                    })
                    .anySatisfy(alarm -> {
                        assertThat(alarm.metricName()).isEqualTo("SessionsPerTask");
                        assertThat(alarm.statisticAsString()).isEqualTo("Average");
                    });
            assertThat(logged).containsExactly("WARNING twin faults active: scale-in-alarm-always-firing, "
                    + "target-tracking-on-max, scale-out-on-one-datapoint, slow-health-checks, no-task-protection, "
                    + "sticky-nlb, slow-cold-start, task-crash, metric-gaps, ssh-drops, sipp-stalls");
        } finally {
            logger.removeHandler(capture);
        }
    }

    /** Which tasks the NLB picked for 30 new flows, and for 10 more once the first target was full. */
    record Routing(String first, String second, List<String> whileAllHealthy, List<String> afterFirstFull) {
    }

    @Test
    void stickyNlbSendsEveryNewFlowToTheFirstHealthyTargetUntilItIsUnhealthy() {
        // as deployed, the NLB checks /ready, so a full target turns unhealthy
        Map<String, Outcome<Routing>> outcomes = FaultTrial.run(Map.of("timeScale", String.valueOf(SCALE),
                        "stack", "as-deployed", "minCapacity", "3", "maxConcurrentCalls", "2"),
                List.of(HEALTHY, "sticky-nlb"), TwinFaultsTest::routeBeforeAndAfterTheFirstTargetIsFull);
        Routing healthy = outcomes.get(HEALTHY).result();
        Routing sticky = outcomes.get("sticky-nlb").result();

        assertThat(healthy.whileAllHealthy().stream().distinct())
                .as("random: three healthy targets share 30 flows (all on one: odds 1 in 10^14)").hasSizeGreaterThan(1);
        assertThat(sticky.whileAllHealthy()).as("sticky: the first target takes every flow")
                .hasSize(30).containsOnly(sticky.first());
        assertThat(healthy.afterFirstFull()).doesNotContain(healthy.first());
        assertThat(sticky.afterFirstFull()).as("sticky: the next healthy target once the first is full")
                .hasSize(10).containsOnly(sticky.second());
        assertThat(outcomes.get("sticky-nlb").configuration()).isEqualTo(outcomes.get(HEALTHY).configuration());
    }

    private static Routing routeBeforeAndAfterTheFirstTargetIsFull(TwinWithClients twin) {
        List<String> registered = twin.startingTaskIds();
        String first = registered.get(0);
        List<String> before = route(twin, 30);
        for (int i = 0; i < 2; i++) {
            assertThat(twin.twin().controlPlane().startSession(first, "fill-" + i)).isEmpty();
        }
        await("the full first target turns unhealthy").atMost(twin.clock().wall(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> twin.targetState(twin.task(first)).orElse("").equals("unhealthy"));
        return new Routing(first, registered.get(1), before, route(twin, 10));
    }

    private static List<String> route(TwinWithClients twin, int flows) {
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < flows; i++) {
            picked.add(twin.twin().controlPlane().route().orElseThrow());
        }
        return picked;
    }

    /** What GetTaskProtection said of two busy tasks, and what a scale-in to one did to them. */
    record ScaleInOfBusyTasks(List<Boolean> protectionEnabled, List<Task> stopped, List<String> events) {
    }

    @Test
    void noTaskProtectionLeavesBusyTasksUnprotectedSoScaleInStopsOne() {
        Map<String, Outcome<ScaleInOfBusyTasks>> outcomes = FaultTrial.run(
                Map.of("timeScale", String.valueOf(SCALE), "minCapacity", "2"),
                List.of(HEALTHY, "no-task-protection"), TwinFaultsTest::scaleInWhileBothTasksHoldACall);
        ScaleInOfBusyTasks healthy = outcomes.get(HEALTHY).result();
        ScaleInOfBusyTasks unprotected = outcomes.get("no-task-protection").result();

        assertThat(healthy.protectionEnabled()).containsExactly(true, true);
        assertThat(healthy.stopped()).isEmpty();
        assertThat(healthy.events()).anySatisfy(e -> assertThat(e).contains("was unable to scale in due to "
                + "(reason 2 tasks under protection)"));
        assertThat(unprotected.protectionEnabled()).containsExactly(false, false);
        assertThat(unprotected.stopped()).singleElement().satisfies(task -> {
            assertThat(task.stopCodeAsString()).isEqualTo("ServiceSchedulerInitiated");
            assertThat(task.stoppedReason())
                    .matches("Scaling activity initiated by \\(deployment ecs-svc/\\d+\\)");
        });
        assertThat(outcomes.get("no-task-protection").configuration())
                .isEqualTo(outcomes.get(HEALTHY).configuration());
    }

    private static ScaleInOfBusyTasks scaleInWhileBothTasksHoldACall(TwinWithClients twin) {
        List<String> tasks = twin.startingTaskIds();
        for (String task : tasks) {
            assertThat(twin.twin().controlPlane().startSession(task, "call-on-" + task)).isEmpty();
        }
        List<Boolean> enabled = twin.ecs().getTaskProtection(b -> b.cluster(twin.cluster()).tasks(tasks))
                .protectedTasks().stream().map(ProtectedTask::protectionEnabled).toList();
        twin.ecs().updateService(b -> b.cluster(twin.cluster()).service(twin.serviceName()).desiredCount(1));
        // the scheduler reconciles every half model second: 15 model seconds leave it time to act
        sleep(twin.clock().wall(15));
        List<String> stoppedArns = twin.ecs().listTasks(b -> b.cluster(twin.cluster()).serviceName(twin.serviceName())
                .desiredStatus(DesiredStatus.STOPPED)).taskArns();
        List<Task> stopped = stoppedArns.isEmpty() ? List.of()
                : twin.ecs().describeTasks(b -> b.cluster(twin.cluster()).tasks(stoppedArns)).tasks();
        List<String> events = twin.service().events().stream().map(e -> e.message()).toList();
        return new ScaleInOfBusyTasks(enabled, stopped, events);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
