package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.scalingsuite.twin.stack.TwinSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingActivity;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmHistoryItem;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;

/** Rules of the control plane that a whole scale-out story does not show on its own. */
class ScalingRulesIT {

    private static final int SCALE = 30;

    @RegisterExtension
    static final TwinFixture TWIN = new TwinFixture().with("timeScale", String.valueOf(SCALE))
            .with("protectionExpiryMinutes", "1");

    private static EcsClient ecs;
    private static CloudWatchClient cloudwatch;
    private static ApplicationAutoScalingClient autoscaling;

    @BeforeAll
    static void clients() {
        ecs = TWIN.client(EcsClient.builder());
        cloudwatch = TWIN.client(CloudWatchClient.builder());
        autoscaling = TWIN.client(ApplicationAutoScalingClient.builder());
    }

    @AfterAll
    static void close() {
        ecs.close();
        cloudwatch.close();
        autoscaling.close();
    }

    private static String cluster() {
        return TWIN.twin().settings().cluster();
    }

    private static String service() {
        return TWIN.twin().settings().service();
    }

    private static int desired() {
        return ecs.describeServices(b -> b.cluster(cluster()).services(service())).services().get(0).desiredCount();
    }

    @Test
    void aTwoPeriodBreachNeverScalesAndTheAlarmNeverFires() throws Exception {
        Twin twin = TWIN.twin();
        TwinClock clock = new TwinClock(twin, SCALE);
        String task = ScalingRulesIT.runningTask();
        Instant loaded = clock.syncToPeriod();
        for (int i = 0; i < 6; i++) {
            assertThat(twin.controlPlane().startSession(task, "short-" + i)).isEmpty();
        }
        // end the load as soon as the counter has published its second datapoint with it, read from the
        // twin's own metric timestamps: the third period's sample is then a whole period (60 model
        // seconds, 2 s of wall time) away, rather than the test's sleep deciding how many periods breach
        await("the second datapoint with the load").atMost(clock.wall(60 * 3)).pollInterval(Duration.ofMillis(20))
                .until(() -> breaching(loaded).size() >= 2);
        for (int i = 0; i < 6; i++) {
            twin.controlPlane().endSession("short-" + i);
        }

        Thread.sleep(clock.wall(60 * 5).toMillis());

        assertThat(breaching(loaded)).as("the load was seen in exactly two periods").hasSize(2);
        assertThat(desired()).isEqualTo(1);
        String high = cloudwatch.describeAlarms(b -> b.alarmNamePrefix("TargetTracking-")).metricAlarms().get(0)
                .alarmName();
        List<AlarmHistoryItem> history = cloudwatch.describeAlarmHistory(b -> b.alarmName(high)).alarmHistoryItems();
        assertThat(history).noneMatch(h -> h.historySummary().endsWith("to ALARM"));
        assertThat(autoscaling.describeScalingActivities(b -> b.serviceNamespace("ecs")).scalingActivities())
                .noneMatch(a -> a.description().equals("Setting desired count to 2."));
    }

    /** The timestamps of SessionsPerTask datapoints at or above the target (3) since {@code from}. */
    private static List<Instant> breaching(Instant from) {
        List<Instant> out = new java.util.ArrayList<>();
        sessionsPerTask(cloudwatch, TWIN.twin(), from.minusSeconds(60)).forEach((at, value) -> {
            if (value >= 3) {
                out.add(at);
            }
        });
        return out;
    }

    /** SessionsPerTask (Average, one value a period) since {@code from}, by the twin's own period timestamps. */
    private static SortedMap<Instant, Double> sessionsPerTask(CloudWatchClient client, Twin twin, Instant from) {
        MetricDataResult result = client.getMetricData(b -> b.startTime(from)
                .endTime(Instant.now().plusSeconds(60)).metricDataQueries(q -> q.id("spt").metricStat(s -> s.period(60)
                        .stat("Average").metric(m -> m.namespace("VoiceAgent/Sessions").metricName("SessionsPerTask")
                                .dimensions(d -> d.name("Environment").value(twin.settings().environment()))))))
                .metricDataResults().get(0);
        SortedMap<Instant, Double> out = new TreeMap<>();
        for (int i = 0; i < result.values().size(); i++) {
            if (!result.timestamps().get(i).isBefore(from)) {
                out.put(result.timestamps().get(i), result.values().get(i));
            }
        }
        return out;
    }

    @Test
    void runningStaysAboveDesiredWhileProtectionHoldsAndScalesInWhenItExpires() {
        TwinClock clock = new TwinClock(TWIN.twin(), SCALE);
        // two calls keep SessionsPerTask at or above 1, so the step scale-in alarm stays quiet
        String busy = runningTask();
        assertThat(TWIN.twin().controlPlane().startSession(busy, "keep-1")).isEmpty();
        assertThat(TWIN.twin().controlPlane().startSession(busy, "keep-2")).isEmpty();
        try {
            String stepAlarm = StepAlarm.name(autoscaling);
            await("the scale-in alarm sees the calls").atMost(clock.wall(300)).pollInterval(Duration.ofMillis(20))
                    .until(() -> cloudwatch.describeAlarms(b -> b.alarmNames(stepAlarm))
                            .metricAlarms().get(0).stateValueAsString().equals("OK"));
            ecs.updateService(b -> b.cluster(cluster()).service(service()).desiredCount(2));
            await().atMost(clock.wall(300)).pollInterval(Duration.ofMillis(20)).until(() ->
                    ecs.describeServices(b -> b.cluster(cluster()).services(service())).services().get(0)
                            .runningCount() == 2);
            List<String> tasks = ecs.listTasks(b -> b.cluster(cluster()).serviceName(service())).taskArns();
            ecs.updateTaskProtection(b -> b.cluster(cluster()).tasks(tasks).protectionEnabled(true)
                    .expiresInMinutes(2));

            ecs.updateService(b -> b.cluster(cluster()).service(service()).desiredCount(1));

            // 60 model seconds of holding well inside the 120 of protection: a margin of 2 s of wall time
            // at time scale 30, and as long as the wait itself needs to finish
            await("running stays 2 while protected").during(clock.wall(60)).atMost(clock.wall(60).plusSeconds(5))
                    .pollInterval(Duration.ofMillis(20)).until(() -> ecs.describeServices(b -> b.cluster(cluster())
                            .services(service())).services().get(0).runningCount() == 2);
            assertThat(ecs.describeServices(b -> b.cluster(cluster()).services(service())).services().get(0)
                    .events()).anySatisfy(e -> assertThat(e.message()).contains("was unable to scale in due to"));

            // the 60 model seconds of protection left, 30 for the scheduler's next pass, and 2 s of wall time
            // for this wait's own API polls (every 20 ms, with three clients on two cores)
            await("the idle task leaves once its protection expired").atMost(clock.wall(60 + 30).plusSeconds(2))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> ecs.listTasks(b -> b.cluster(cluster()).serviceName(service())).taskArns()
                            .equals(List.of(arnOf(busy))));
        } finally {
            TWIN.twin().controlPlane().endSession("keep-1");
            TWIN.twin().controlPlane().endSession("keep-2");
            ecs.updateService(b -> b.cluster(cluster()).service(service()).desiredCount(1));
        }
    }

    @Test
    void asDeployedScalesInOnlyOnceTheFleetHasHadNoSessionForTwoPeriods() {
        // CDK's alarm: SessionsPerTask <= 0 over 2 periods (no DatapointsToAlarm), one step of -3
        Map<String, String> settings = Map.of("twin.stack", "as-deployed", "twin.timeScale", String.valueOf(SCALE));
        try (Twin deployed = Twin.start(TwinSettings.of(settings, "twin."));
                EcsClient deployedEcs = TWIN.clientFor(deployed, EcsClient.builder());
                CloudWatchClient deployedMetrics = TWIN.clientFor(deployed, CloudWatchClient.builder());
                ApplicationAutoScalingClient deployedScaling = TWIN.clientFor(deployed,
                        ApplicationAutoScalingClient.builder())) {
            TwinClock clock = new TwinClock(deployed, SCALE);
            Duration period = clock.wall(60);
            String cluster = deployed.settings().cluster();
            String service = deployed.settings().service();
            Supplier<Service> describe = () -> deployedEcs.describeServices(b -> b.cluster(cluster).services(service))
                    .services().get(0);
            ScalingPolicy policy = deployedScaling.describeScalingPolicies(b -> b.serviceNamespace("ecs"))
                    .scalingPolicies().stream().filter(p -> p.policyType() == PolicyType.STEP_SCALING).findFirst()
                    .orElseThrow();
            String alarm = policy.alarms().get(0).alarmName();
            Supplier<List<ScalingActivity>> scaleIns = () -> deployedScaling.describeScalingActivities(b -> b
                    .serviceNamespace("ecs")).scalingActivities().stream()
                    .filter(a -> a.cause().contains("triggered policy " + policy.policyName())).toList();
            Instant started = deployed.stack().now();
            String arn = deployedEcs.listTasks(b -> b.cluster(cluster).serviceName(service)).taskArns().get(0);
            assertThat(deployed.controlPlane().startSession(arn.substring(arn.lastIndexOf('/') + 1), "last-call"))
                    .isEmpty();

            // one session on a fleet of four: SessionsPerTask stays above 0, so the alarm stays OK
            await("the scale-in alarm sees the call").atMost(clock.wall(300)).pollInterval(Duration.ofMillis(20))
                    .until(() -> deployedMetrics.describeAlarms(b -> b.alarmNames(alarm)).metricAlarms().get(0)
                            .stateValueAsString().equals("OK"));
            deployedEcs.updateService(b -> b.cluster(cluster).service(service).desiredCount(4));
            await("four tasks running").atMost(clock.wall(600)).pollInterval(Duration.ofMillis(20))
                    .until(() -> describe.get().runningCount() == 4);
            Instant four = sessionsPerTask(deployedMetrics, deployed, started).lastKey();
            // three more periods counted, so the alarm has evaluated two of them with four tasks and the call
            await("three periods with four tasks and one call").atMost(clock.wall(60 * 6))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> sessionsPerTask(deployedMetrics, deployed, four.plus(period)).size() >= 3);
            assertThat(sessionsPerTask(deployedMetrics, deployed, four)).allSatisfy((at, value) ->
                    assertThat(value).as("SessionsPerTask at %s", at).isPositive());
            assertThat(describe.get().desiredCount()).isEqualTo(4);
            assertThat(scaleIns.get()).isEmpty();

            deployed.controlPlane().endSession("last-call");
            await("scale-in to the minimum").atMost(clock.wall(60 * 6)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !scaleIns.get().isEmpty());

            ScalingActivity scaleIn = scaleIns.get().get(0);
            SortedMap<Instant, Double> perTask = sessionsPerTask(deployedMetrics, deployed, started);
            Instant lastWithTheCall = perTask.entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(Map.Entry::getKey).max(Instant::compareTo).orElseThrow();
            Instant firstWithout = lastWithTheCall.plus(period);
            assertThat(perTask).containsEntry(firstWithout, 0.0).containsEntry(firstWithout.plus(period), 0.0);
            assertThat(scaleIn.startTime()).as("scale-in after two periods without a session")
                    .isAfterOrEqualTo(firstWithout.plus(period.multipliedBy(2)));
            assertThat(scaleIns.get()).extracting(ScalingActivity::description)
                    .containsExactly("Setting desired count to 1.");
            assertThat(scaleIn.cause()).isEqualTo("monitor alarm " + alarm + " in state ALARM triggered policy "
                    + policy.policyName());
            assertThat(describe.get().desiredCount()).isEqualTo(1);
        }
    }

    static String arnOf(String taskId) {
        return "arn:aws:ecs:us-east-1:123456789012:task/" + cluster() + "/" + taskId;
    }

    static String runningTask() {
        String arn = ecs.listTasks(b -> b.cluster(cluster()).serviceName(service())).taskArns().get(0);
        return arn.substring(arn.lastIndexOf('/') + 1);
    }
}
