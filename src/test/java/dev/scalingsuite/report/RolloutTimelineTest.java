package dev.scalingsuite.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingsuite.fleet.ConnectTimes;
import dev.scalingsuite.fleet.TaskMinutes;
import dev.scalingsuite.fleet.Timeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * A rollout read back from a run's timeline: two old tasks held by protection until their calls end,
 * two new tasks healthy, completion after the deregistration delay, then the restore; and a rollout
 * the circuit breaker failed and rolled back. Times here are model seconds (time scale 1).
 */
class RolloutTimelineTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final String TD7 = "arn:aws:ecs:us-east-1:123456789012:task-definition/voice-agent-poc-voice-agent:7";
    private static final String TD8 = TD7.replace(":7", ":8");

    private final List<Timeline.Event> events = new ArrayList<>();

    private void at(double seconds, String kind, Object... fields) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            map.put((String) fields[i], fields[i + 1]);
        }
        events.add(new Timeline.Event(T0.plusMillis((long) (seconds * 1000)), kind, map));
    }

    private void task(double seconds, String id, String ip, String td, String last, String desired, boolean protect) {
        at(seconds, "task", "task", id, "lastStatus", last, "desiredStatus", desired, "protected", protect,
                "privateIp", ip, "taskDefinition", td);
    }

    private RunRecord run(double endSeconds) {
        RunRecord recorded = RecordedRun.steadyState();
        return new RunRecord("deploy-under-load", recorded.target(), 1, T0, T0.plusSeconds((long) endSeconds),
                RunRecord.Outcome.PASSED, "", "abc", recorded.configuration(), List.of(), List.of(), List.of(),
                recorded.calls(), List.of(), ConnectTimes.NONE, List.of(), Map.of(), Map.of(), Map.of(),
                new RunRecord.BaselineState(true, List.of()), events, recorded.telemetry(), TaskMinutes.NONE,
                recorded.bounds());
    }

    /** Two busy old tasks, a rollout of two new ones, the calls ending at 250 s. */
    private void heldRollout() {
        task(0, "old-a-000000", "10.0.0.11", TD7, "RUNNING", "RUNNING", true);
        task(0, "old-b-000000", "10.0.0.12", TD7, "RUNNING", "RUNNING", true);
        at(100, "deploy", "step", 5, "deployment", "ecs-svc/2", "taskDefinition", TD8, "from", TD7,
                "change", "environment SCALING_SUITE_DEPLOYMENT=run-1");
        at(100.5, "deployment", "deployment", "ecs-svc/2", "status", "PRIMARY", "taskDefinition", TD8,
                "rolloutState", "IN_PROGRESS", "rolloutStateReason", "in progress", "failedTasks", 0);
        task(101, "new-c-000000", "10.0.0.13", TD8, "PROVISIONING", "RUNNING", false);
        task(101, "new-d-000000", "10.0.0.14", TD8, "PROVISIONING", "RUNNING", false);
        at(190, "targets", "healthByIp", Map.of("10.0.0.11", "healthy", "10.0.0.12", "healthy",
                "10.0.0.13", "healthy", "10.0.0.14", "initial"));
        at(195, "targets", "healthByIp", Map.of("10.0.0.11", "healthy", "10.0.0.12", "healthy",
                "10.0.0.13", "healthy", "10.0.0.14", "healthy"));
        task(250, "old-a-000000", "10.0.0.11", TD7, "DEACTIVATING", "STOPPED", false);
        task(262, "old-b-000000", "10.0.0.12", TD7, "DEACTIVATING", "STOPPED", false);
        task(555, "old-a-000000", "10.0.0.11", TD7, "STOPPED", "STOPPED", false);
        task(567, "old-b-000000", "10.0.0.12", TD7, "STOPPED", "STOPPED", false);
        at(567.5, "deployment", "deployment", "ecs-svc/2", "status", "PRIMARY", "taskDefinition", TD8,
                "rolloutState", "COMPLETED", "rolloutStateReason", "completed", "failedTasks", 0);
        at(600, "restore", "taskDefinition", TD7, "deployment", "ecs-svc/3");
    }

    @Test
    void protectionHeldEachOldTaskFromTheFirstHealthyReplacementUntilItsLastCallEnded() {
        heldRollout();
        List<RolloutTimeline.Rollout> rollouts = RolloutTimeline.of(run(610));

        assertThat(rollouts).singleElement().satisfies(r -> {
            assertThat(r.step()).isEqualTo(5);
            assertThat(r.startedAt()).isEqualTo(100.0);
            assertThat(r.deployment()).isEqualTo("ecs-svc/2");
            assertThat(r.newTasks()).extracting(RolloutTimeline.NewTask::task, RolloutTimeline.NewTask::healthyAt)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("new-c-000000", OptionalDouble.of(190)),
                            org.assertj.core.groups.Tuple.tuple("new-d-000000", OptionalDouble.of(195)));
            assertThat(r.firstReplacementHealthy()).hasValue(190);
            assertThat(r.held()).containsExactly(
                    new RolloutTimeline.EarlierTask("old-a-000000", true, OptionalDouble.of(250), 60,
                            OptionalDouble.of(250), OptionalDouble.of(555)),
                    new RolloutTimeline.EarlierTask("old-b-000000", true, OptionalDouble.of(262), 72,
                            OptionalDouble.of(262), OptionalDouble.of(567)));
            assertThat(r.completedAt()).hasValue(567.5);
            assertThat(r.circuitBreakerFired()).isFalse();
        });
        assertThat(RolloutTimeline.restore(run(610))).hasValue(new RolloutTimeline.Restore(600, TD7, "ecs-svc/3"));
    }

    @Test
    void theReportShowsTheTimelineWhatProtectionHeldAndTheCircuitBreaker() {
        heldRollout();
        String report = MarkdownReport.render(RunAnalysis.of(run(610)), List.of());

        assertThat(report).contains("## Deployments",
                "Step 5 deployed `voice-agent-poc-voice-agent:8` over `voice-agent-poc-voice-agent:7` (environment "
                        + "SCALING_SUITE_DEPLOYMENT=run-1), deployment `ecs-svc/2`.",
                "| 01:40 | rollout started: UpdateService to voice-agent-poc-voice-agent:8 |",
                "| 03:10 | new task new-c-00 healthy |",
                "| 04:10 | earlier task old-a-00: protection off (its last call ended) |",
                "| 09:28 | rollout COMPLETED |",
                "- Rollout: completed 7m 48s after it started.",
                "- Task protection held 2 earlier task(s) after the first replacement was healthy at 03:10: old-a-00 "
                        + "for 1m 00s (protected until 04:10), old-b-00 for 1m 12s (protected until 04:22); ECS stops "
                        + "a protected task only once its protection ends.",
                "- Circuit breaker: did not fire (0 failed task(s)).",
                "- Restore: the desired count set to the minimum and voice-agent-poc-voice-agent:7 deployed back at "
                        + "10:00 (deployment ecs-svc/3); the next run's baseline waits for that rollout to complete.");
    }

    @Test
    void aRolloutTheCircuitBreakerFailedNamesTheReasonAndTheRollback() throws Exception {
        task(0, "old-a-000000", "10.0.0.11", TD7, "RUNNING", "RUNNING", false);
        at(100, "deploy", "step", 2, "deployment", "ecs-svc/2", "taskDefinition", TD8, "from", TD7,
                "change", "tag scaling-suite:deployment=run-1");
        at(254, "deployment", "deployment", "ecs-svc/2", "status", "PRIMARY", "taskDefinition", TD8,
                "rolloutState", "FAILED", "rolloutStateReason", "ECS deployment circuit breaker: tasks failed to start.",
                "failedTasks", 3);
        at(254.5, "deployment", "deployment", "ecs-svc/1", "status", "PRIMARY", "taskDefinition", TD7,
                "rolloutState", "IN_PROGRESS", "rolloutStateReason",
                "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1.", "failedTasks", 0);
        RunRecord run = run(300);

        RolloutTimeline.Rollout r = RolloutTimeline.of(run).get(0);
        assertThat(r.held()).singleElement().satisfies(t -> assertThat(t.protectedAtStart()).isFalse());
        assertThat(r.failedAt()).hasValue(254);
        assertThat(r.rolledBackTo()).isEqualTo(TD7);
        assertThat(MarkdownReport.render(RunAnalysis.of(run), List.of())).contains(
                "- Rollout: failed 2m 34s after it started.",
                "- Circuit breaker: fired (ECS deployment circuit breaker: tasks failed to start. 3 task(s) failed); "
                        + "rolled back to voice-agent-poc-voice-agent:7.");
        JsonNode json = new ObjectMapper().readTree(ResultsJson.render(RunAnalysis.of(run), Map.of()));
        JsonNode rollout = json.path("rollouts").get(0);
        assertThat(rollout.path("circuitBreakerFired").asBoolean()).isTrue();
        assertThat(rollout.path("failedTasks").asInt()).isEqualTo(3);
        assertThat(rollout.path("rolledBackTo").asText()).isEqualTo(TD7);
        assertThat(rollout.path("completedAt").isNull()).isTrue();
        assertThat(rollout.path("earlierTasks").get(0).path("heldByProtectionSeconds").asDouble()).isZero();
    }
}
