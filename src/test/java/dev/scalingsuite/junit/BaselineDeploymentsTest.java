package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.config.SuiteConfig;
import dev.scalingsuite.fleet.EcsPort;
import dev.scalingsuite.fleet.FleetPorts;
import dev.scalingsuite.fleet.RevisionChange;
import dev.scalingsuite.fleet.ScalingActivity;
import dev.scalingsuite.fleet.ScalingConfiguration;
import dev.scalingsuite.fleet.ScalingPort;
import dev.scalingsuite.fleet.ServiceDeployment;
import dev.scalingsuite.fleet.ServiceRef;
import dev.scalingsuite.fleet.ServiceState;
import dev.scalingsuite.fleet.SessionsPort;
import dev.scalingsuite.fleet.TaskSize;
import dev.scalingsuite.fleet.TaskState;
import dev.scalingsuite.report.RunRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The baseline and deployments: a deployment in progress is not a baseline, and a service left on a
 * revision the suite registered (a run killed before it could restore) is deployed back to the task
 * definition its {@code scaling-suite:restore-to} tag names, then awaited.
 */
class BaselineDeploymentsTest {

    private static final Instant T = Instant.parse("2026-12-02T10:00:00Z");
    private static final String TD7 = "arn:aws:ecs:us-east-1:123456789012:task-definition/voice-agent-poc-voice-agent:7";
    private static final String TD8 = TD7.replace(":7", ":8");

    /** One service whose state the test sets and whose writes it records. */
    private static final class Service implements EcsPort {
        final List<String> writes = new ArrayList<>();
        String taskDefinition = TD8;
        boolean inProgress;

        @Override
        public ServiceState service() {
            List<ServiceDeployment> deployments = new ArrayList<>();
            deployments.add(new ServiceDeployment("ecs-svc/2", "PRIMARY", taskDefinition,
                    inProgress ? "IN_PROGRESS" : "COMPLETED", "", 1, 1, 0, 0, T, T));
            if (inProgress) {
                deployments.add(new ServiceDeployment("ecs-svc/1", "ACTIVE", TD8, "COMPLETED", "", 1, 1, 0, 0, T, T));
            }
            return new ServiceState(1, 1, 0, taskDefinition, deployments, List.of());
        }

        @Override
        public List<TaskState> tasks() {
            return List.of();
        }

        @Override
        public void setDesiredCount(int count) {
            writes.add("desired " + count);
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
            return taskDefinition.equals(TD8) ? Map.of(Rollouts.RESTORE_TAG, TD7, "team", "voice") : Map.of();
        }

        @Override
        public String registerRevision(String taskDefinition, RevisionChange change) {
            throw new AssertionError("the baseline registers nothing");
        }

        @Override
        public String deploy(String taskDefinition) {
            writes.add("deploy " + taskDefinition);
            this.taskDefinition = taskDefinition;
            inProgress = false; // the rollout completes before the next read
            return "ecs-svc/3";
        }
    }

    private static Baseline baseline(Service ecs, boolean recoveryAllowed) {
        SuiteConfig config = SuiteConfig.load(null, Map.of("scaling.recovery.allow", String.valueOf(recoveryAllowed)));
        SessionsPort sessions = new SessionsPort() {
            @Override
            public Map<String, Integer> sessionsByTask(Instant freshAfter) {
                return Map.of();
            }

            @Override
            public int activeSessions() {
                return 0;
            }

            @Override
            public String where() {
                return "session table voice-agent-poc-sessions";
            }
        };
        ScalingPort scaling = new ScalingPort() {
            @Override
            public ScalingConfiguration configuration() {
                return new ScalingConfiguration(1, 12, List.of(), List.of(), OptionalInt.empty());
            }

            @Override
            public List<ScalingActivity> activitiesSince(Instant since) {
                return List.of();
            }

            @Override
            public String where() {
                return "the scaling policies of service/voice-agent-poc-cluster/voice-agent-poc-service";
            }
        };
        Suite suite = new Suite(config, new RunRecord.Target("local", "test", Optional.empty(),
                Optional.empty(), ServiceRef.of("voice-agent-poc-cluster", "voice-agent-poc-service")), new FleetPorts(ecs, null, sessions, null, null, scaling), List.of(),
                "127.0.0.1:5060", new TimeScale(60), List.of(), false, List.of(), List::of, Map.of());
        return new Baseline(suite);
    }

    @Test
    void aServiceOnTheSuitesRevisionIsDeployedBackToTheOneItsTagNames() {
        Service ecs = new Service();
        Baseline baseline = baseline(ecs, true);

        assertThat(baseline.problems()).containsExactly("ECS service: it runs voice-agent-poc-voice-agent:8, a revision "
                + "a run of this suite registered (tag scaling-suite:restore-to); the baseline is the task definition "
                + "before it, voice-agent-poc-voice-agent:7");
        assertThat(baseline.wouldRecover(baseline.problems())).contains("deploy voice-agent-poc-voice-agent:7 back "
                + "(UpdateService), the task definition before the suite's revision voice-agent-poc-voice-agent:8");

        baseline.enforce();
        assertThat(ecs.writes).containsExactly("deploy " + TD7);
        assertThat(baseline.problems()).isEmpty();
    }

    @Test
    void aDeploymentInProgressIsNotABaselineAndWithoutRecoveryTheRunStops() {
        Service ecs = new Service();
        ecs.taskDefinition = TD7;
        ecs.inProgress = true;
        Baseline baseline = baseline(ecs, false);

        assertThat(baseline.problems()).containsExactly("ECS service: a deployment is in progress (PRIMARY "
                + "voice-agent-poc-voice-agent:7 IN_PROGRESS, 1 running; ACTIVE voice-agent-poc-voice-agent:8 COMPLETED, "
                + "1 running); the baseline is one completed deployment");
        assertThatThrownBy(baseline::enforce).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("The baseline is not clean and recovery is off (recovery.allow: false):");
        assertThat(ecs.writes).isEmpty();
    }
}
