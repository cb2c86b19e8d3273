package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.fleet.EcsPort;
import dev.scalingsuite.fleet.FleetSnapshot;
import dev.scalingsuite.fleet.RevisionChange;
import dev.scalingsuite.fleet.ServiceDeployment;
import dev.scalingsuite.fleet.ServiceState;
import dev.scalingsuite.fleet.SessionMetrics;
import dev.scalingsuite.fleet.TaskSize;
import dev.scalingsuite.fleet.TaskState;
import dev.scalingsuite.fleet.Timeline;
import dev.scalingsuite.scenario.Step;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a deploy step asks of ECS and records, how a failed rollout fails the step in progress, and the
 * restore at the end of the run.
 */
class RolloutsTest {

    private static final Instant T = Instant.parse("2026-12-02T10:00:00Z");
    private static final String TD7 = "arn:aws:ecs:us-east-1:123456789012:task-definition/voice-agent-poc-voice-agent:7";
    private static final String TD8 = TD7.replace(":7", ":8");

    @TempDir
    Path dir;

    private final List<Object> asked = new ArrayList<>();
    private String runs = TD7;

    private final EcsPort ecs = new EcsPort() {
        @Override
        public ServiceState service() {
            return new ServiceState(2, 2, 0, runs, List.of(), List.of());
        }

        @Override
        public List<TaskState> tasks() {
            return List.of();
        }

        @Override
        public void setDesiredCount(int count) {
            asked.add("desired " + count);
        }

        @Override
        public String where() {
            return "ECS service voice-agent-poc-service of cluster voice-agent-poc-cluster";
        }

        @Override
        public TaskSize taskSize(String taskDefinition) {
            throw new IllegalStateException("this stand-in reads no task size");
        }

        @Override
        public Map<String, String> imageDigests() {
            return Map.of(); // this stand-in's tasks reported no digest
        }

        @Override
        public Map<String, String> taskDefinitionTags(String taskDefinition) {
            return Map.of();
        }

        @Override
        public String registerRevision(String taskDefinition, RevisionChange change) {
            asked.add(taskDefinition);
            asked.add(change);
            return TD8;
        }

        @Override
        public String deploy(String taskDefinition) {
            asked.add("deploy " + taskDefinition);
            runs = taskDefinition;
            return taskDefinition.equals(TD8) ? "ecs-svc/2" : "ecs-svc/3";
        }
    };

    private static FleetSnapshot fleet(ServiceDeployment... deployments) {
        return new FleetSnapshot(T, new ServiceState(2, 2, 0, TD7, List.of(deployments), List.of()), List.of(),
                SessionMetrics.NONE);
    }

    @Test
    void aDeployRegistersTheLiveRevisionWithTheRunsIdAndTheRestoreTagThenDeploysIt() {
        Timeline timeline = Timeline.writingTo(dir.resolve("t.ndjson"));
        Rollouts rollouts = new Rollouts(ecs, timeline, "run-1");

        String done = rollouts.deploy(new Step.Deploy(5, 9, Step.Deploy.Change.ENVIRONMENT, "SCALING_SUITE_DEPLOYMENT"));

        assertThat(done).isEqualTo("deployment ecs-svc/2 of voice-agent-poc-voice-agent:8 started (from "
                + "voice-agent-poc-voice-agent:7)");
        assertThat(asked).containsExactly(TD7, new RevisionChange(Map.of("SCALING_SUITE_DEPLOYMENT", "run-1"),
                Map.of(Rollouts.RESTORE_TAG, TD7)), "deploy " + TD8);
        assertThat(timeline.events()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("deploy");
            assertThat(e.fields()).containsEntry("deployment", "ecs-svc/2").containsEntry("from", TD7)
                    .containsEntry("change", "environment SCALING_SUITE_DEPLOYMENT=run-1");
        });
    }

    @Test
    void aFailedRolloutFailsTheCheckNamingTheReasonAndTheRollback() {
        Rollouts rollouts = new Rollouts(ecs, Timeline.writingTo(dir.resolve("t.ndjson")), "run-1");
        rollouts.deploy(new Step.Deploy(5, 9, Step.Deploy.Change.TAG, "scaling-suite:deployment"));

        assertThatCode(() -> rollouts.check(fleet(new ServiceDeployment("ecs-svc/2", "PRIMARY", TD8, "IN_PROGRESS",
                "", 2, 0, 2, 1, T, T), new ServiceDeployment("ecs-svc/1", "ACTIVE", TD7, "COMPLETED", "", 2, 2, 0, 0, T, T))))
                .as("in progress, one task failed so far").doesNotThrowAnyException();
        assertThatThrownBy(() -> rollouts.check(fleet(new ServiceDeployment("ecs-svc/1", "PRIMARY", TD7, "IN_PROGRESS",
                "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1.", 2, 2, 0, 0, T, T),
                new ServiceDeployment("ecs-svc/2", "ACTIVE", TD8, "FAILED",
                        "ECS deployment circuit breaker: tasks failed to start.", 0, 0, 0, 3, T, T))))
                .isInstanceOf(AssertionError.class)
                .hasMessage("The rollout of voice-agent-poc-voice-agent:8 (deployment ecs-svc/2, step 5) failed: ECS "
                        + "deployment circuit breaker: tasks failed to start. 3 of its tasks failed to start or failed "
                        + "their health checks, and the deployment circuit breaker fired; it rolls back to "
                        + "voice-agent-poc-voice-agent:7 (deployment ecs-svc/1)");
    }

    @Test
    void theRestoreSetsTheMinimumAndDeploysTheOriginalBackOnlyWhenTheRunDeployed() {
        Rollouts idle = new Rollouts(ecs, Timeline.writingTo(dir.resolve("idle.ndjson")), "run-0");
        assertThat(idle.restore(1)).isEmpty();
        assertThat(asked).isEmpty();

        Rollouts rollouts = new Rollouts(ecs, Timeline.writingTo(dir.resolve("t.ndjson")), "run-1");
        rollouts.deploy(new Step.Deploy(5, 9, Step.Deploy.Change.ENVIRONMENT, "X"));
        asked.clear();
        assertThat(rollouts.restore(1)).hasValue("deploying voice-agent-poc-voice-agent:7 back (deployment ecs-svc/3); "
                + "the next run's baseline waits for it to complete");
        assertThat(asked).containsExactly("desired 1", "deploy " + TD7);
    }
}
