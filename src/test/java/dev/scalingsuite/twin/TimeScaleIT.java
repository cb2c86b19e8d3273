package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The same scale-out at time scales 10 and 30 shows the same model-time phases: the decision
 * pipeline, scheduling, image pull, and container start to healthy. Each phase may differ by 15 %, or
 * by what the model itself leaves to chance, whichever is more: a task turns healthy at the second
 * passing health check, and where its first check falls in the 10 s interval depends on when its
 * target was registered, so the phases that end at "healthy" may differ by one interval. Scheduling
 * and image pull are read from the twin's own task timestamps.
 */
class TimeScaleIT {

    /** One health-check interval (model seconds): the first check after ready falls anywhere in it. */
    private static final double HEALTH_CHECK_INTERVAL = 10;

    @Test
    void modelTimePhasesDoNotDependOnTheTimeScale() {
        Map<String, Double> at10 = scaleOutPhases(10);
        Map<String, Double> at30 = scaleOutPhases(30);

        at10.forEach((phase, seconds) -> {
            double allowed = Math.max(0.15 * seconds, phase.endsWith("healthy") ? HEALTH_CHECK_INTERVAL : 0);
            assertThat(at30.get(phase)).as("%s: %.1f s at scale 10, %.1f s at scale 30 (allowed %.1f s)", phase,
                    seconds, at30.get(phase), allowed).isCloseTo(seconds, within(allowed));
        });
    }

    /** Six sessions on the one task, then the model seconds each phase of the scale-out took. */
    private static Map<String, Double> scaleOutPhases(int scale) {
        TwinFixture fixture = new TwinFixture().with("timeScale", String.valueOf(scale));
        fixture.beforeAll(null);
        try (EcsClient ecs = fixture.client(EcsClient.builder())) {
            Twin twin = fixture.twin();
            TwinClock clock = new TwinClock(twin, scale);
            String cluster = twin.settings().cluster();
            String service = twin.settings().service();
            String first = ecs.listTasks(b -> b.cluster(cluster).serviceName(service)).taskArns().get(0);
            String firstId = first.substring(first.lastIndexOf('/') + 1);

            Instant loadStarted = clock.syncToPeriod();
            for (int i = 0; i < 6; i++) {
                assertThat(twin.controlPlane().startSession(firstId, "call-" + i)).isEmpty();
            }
            await().atMost(clock.wall(600)).pollInterval(Duration.ofMillis(10)).until(() ->
                    ecs.describeServices(b -> b.cluster(cluster).services(service)).services().get(0)
                            .desiredCount() == 2);
            await().atMost(clock.wall(300)).pollInterval(Duration.ofMillis(10)).until(() ->
                    twin.controlPlane().route().filter(id -> !id.equals(firstId)).isPresent()
                            || healthyTargets(twin) == 2);
            List<String> arns = ecs.listTasks(b -> b.cluster(cluster).serviceName(service)).taskArns();
            Task second = ecs.describeTasks(b -> b.cluster(cluster).tasks(arns)).tasks().stream()
                    .filter(t -> !t.taskArn().equals(first)).findFirst().orElseThrow();
            String secondId = second.taskArn().substring(second.taskArn().lastIndexOf('/') + 1);
            await().atMost(clock.wall(300)).pollInterval(Duration.ofMillis(10)).until(() -> healthyTargets(twin) == 2);
            // the twin's own time of the passing check, so the test's clock decides no phase that ends there
            Instant healthy = TwinFaultsIT.healthySince(twin, secondId);

            Map<String, Double> phases = new LinkedHashMap<>();
            phases.put("decision (load to the new task's creation)", clock.model(loadStarted, second.createdAt()));
            phases.put("scheduling", clock.model(second.createdAt(), second.pullStartedAt()));
            phases.put("image pull", clock.model(second.pullStartedAt(), second.pullStoppedAt()));
            phases.put("start to healthy", clock.model(second.startedAt(), healthy));
            phases.put("task created to healthy", clock.model(second.createdAt(), healthy));
            return phases;
        } finally {
            fixture.afterAll(null);
        }
    }

    private static long healthyTargets(Twin twin) {
        synchronized (twin.stack()) {
            return twin.stack().targetGroup().targets().stream().filter(t -> t.state().equals("healthy")).count();
        }
    }
}
