package dev.scalingsuite.twin.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scalingsuite.twin.model.Deployment;
import dev.scalingsuite.twin.model.EcsModel;
import dev.scalingsuite.twin.model.TaskDefinitionRevision;
import dev.scalingsuite.twin.model.TaskRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ECS's rolling update as AWS documents it, on the twin's scheduler ticked by hand: new tasks first
 * within maximumPercent, earlier ones stopped only while minimumHealthyPercent stay healthy, a protected
 * task held until its protection ends, completion at steady state, and the circuit breaker with its
 * rollback.
 */
class RollingUpdateTest {

    private static final String SERVICE = "(service voice-agent-poc-service) ";

    /** Two running, healthy tasks of the deployed revision: desired 2 from the stack's one. */
    private static ControlPlaneOnAClock twoTasks(Map<String, String> settings) {
        ControlPlaneOnAClock p = new ControlPlaneOnAClock(settings);
        p.stack.ecs().desiredCount(2);
        p.runUntil(200, () -> p.others().size() == 1 && p.target(p.others().get(0)).equals("healthy"));
        assertThat(p.target(p.others().get(0))).isEqualTo("healthy");
        return p;
    }

    /** Registers a revision with one environment value changed (same image) and deploys it. */
    private static Deployment deploy(ControlPlaneOnAClock p, String image) {
        Instant now = p.clock.instant();
        EcsModel ecs = p.stack.ecs();
        Map<String, String> env = new LinkedHashMap<>(ecs.revision(ecs.taskDefinitionRevision()).orElseThrow().environment());
        env.put("SCALING_SUITE_DEPLOYMENT", "run-1");
        TaskDefinitionRevision next = ecs.register(image, env, Map.of(), now);
        return ecs.startDeployment(next.revision(), now);
    }

    private static List<TaskRecord> of(ControlPlaneOnAClock p, Deployment d) {
        return p.stack.ecs().tasks().stream().filter(t -> t.deploymentId().equals(d.id())).toList();
    }

    private static long healthyRunning(ControlPlaneOnAClock p) {
        return p.stack.ecs().tasks().stream().filter(t -> t.desiredStatus().equals("RUNNING")
                && t.lastStatus().equals("RUNNING") && p.target(t).equals("healthy")).count();
    }

    private static long wanted(ControlPlaneOnAClock p) {
        return p.stack.ecs().tasks().stream().filter(t -> t.desiredStatus().equals("RUNNING")).count();
    }

    @Test
    void protectedTasksHoldTheRolloutUntilTheirLastCallEndsThenLeaveTheRegularWay() {
        ControlPlaneOnAClock p = twoTasks(Map.of());
        TaskRecord a = p.first;
        TaskRecord b = p.others().get(0);
        assertThat(p.agents.startSession(a.id(), "call-a")).isEmpty();
        assertThat(p.agents.startSession(b.id(), "call-b")).isEmpty();
        Deployment d = deploy(p, TaskDefinitionRevision.DEPLOYED_IMAGE);
        double deployed = p.model(p.clock.instant());

        p.run(0.5);
        assertThat(of(p, d)).as("both new tasks at once: maximumPercent 200 of desired 2 is 4").hasSize(2);
        assertThat(p.events()).contains(SERVICE + "has started 2 tasks: " + EcsScheduler.tasksText(
                of(p, d).stream().map(TaskRecord::id).toList()) + ".");
        double healthy = p.runUntil(300, () -> of(p, d).stream().allMatch(t -> p.target(t).equals("healthy")));
        assertThat(healthy - deployed).as("cold start 14 + 37 + 1 s, init 17 s, two checks").isBetween(70.0, 95.0);

        // ten minutes with the new tasks healthy: the rollout waits, the old tasks keep their calls
        p.run(600);
        Instant now = p.clock.instant();
        assertThat(p.scheduler.rollout().heldByProtection(now)).containsExactlyInAnyOrder(a, b);
        assertThat(List.of(a, b)).allSatisfy(t -> {
            assertThat(t.lastStatus()).isEqualTo("RUNNING");
            assertThat(t.desiredStatus()).isEqualTo("RUNNING");
            assertThat(p.target(t)).isEqualTo("healthy");
        });
        assertThat(d.rolloutState()).isEqualTo("IN_PROGRESS");
        assertThat(p.stack.ecs().deployments()).extracting(Deployment::status).containsExactly("PRIMARY", "ACTIVE");
        assertThat(p.stack.ecs().runningCount()).as("running stays above desired while protection holds").isEqualTo(4);
        assertThat(p.stack.ecs().deploymentInProgress()).isTrue();

        p.agents.endSession("call-a", "caller_hangup"); // the agent clears protection at its last call
        p.run(0.5);
        assertThat(a.desiredStatus()).isEqualTo("STOPPED");
        assertThat(a.lastStatus()).isEqualTo("DEACTIVATING");
        assertThat(a.stopCode()).isEqualTo("ServiceSchedulerInitiated");
        assertThat(a.stoppedReason()).isEqualTo("Scaling activity initiated by (deployment " + EcsModel.FIRST_DEPLOYMENT + ")");
        assertThat(p.target(a)).isEqualTo("draining");
        assertThat(b.desiredStatus()).as("still protected").isEqualTo("RUNNING");

        p.agents.endSession("call-b", "caller_hangup");
        p.run(0.5);
        double released = p.model(p.clock.instant());
        assertThat(b.lastStatus()).isEqualTo("DEACTIVATING");
        p.runUntil(310, () -> !d.inProgress());
        assertThat(b.lastStatus()).isEqualTo("STOPPED");
        assertThat(p.model(b.stoppingAt()) - released).as("the deregistration delay").isCloseTo(300, within(1.0));
        assertThat(p.model(b.stoppedAt()) - p.model(b.stoppingAt()))
                .as("no call left: the agent exits at SIGTERM, then 5 s of deprovisioning").isCloseTo(5, within(1.0));
        assertThat(d.rolloutState()).isEqualTo("COMPLETED");
        assertThat(d.rolloutStateReason()).isEqualTo("ECS deployment " + d.id() + " completed.");
        assertThat(p.model(d.updatedAt())).as("completed once the last old task stopped")
                .isCloseTo(p.model(b.stoppedAt()), within(1.0));
        assertThat(p.stack.ecs().deployments()).containsExactly(d);
        assertThat(p.stack.ecs().deploymentInProgress()).isFalse();
        assertThat(p.events()).containsSubsequence(
                SERVICE + "has stopped 1 running tasks: (task " + a.id() + ").",
                SERVICE + "has stopped 1 running tasks: (task " + b.id() + ").",
                SERVICE + "(deployment " + d.id() + ") deployment completed.",
                SERVICE + "has reached a steady state.");
        assertThat(p.stack.ecs().runningCount()).isEqualTo(2);
        assertThat(p.stack.ecs().taskDefinitionRevision()).isEqualTo(TaskDefinitionRevision.DEPLOYED_REVISION + 1);
    }

    @Test
    void anExpiredProtectionNoLongerHoldsTheRollout() {
        ControlPlaneOnAClock p = twoTasks(Map.of());
        // set by hand, as an agent that stopped renewing would leave it: 200 model seconds from now
        p.first.protect(true, p.clock.instant().plus(p.stack.wall(200)));
        double protectedAt = p.model(p.clock.instant());
        deploy(p, TaskDefinitionRevision.DEPLOYED_IMAGE);

        double stopped = p.runUntil(400, () -> !p.first.desiredStatus().equals("RUNNING"));
        assertThat(stopped - protectedAt).as("stopped at the tick its protection expired").isCloseTo(200, within(0.6));
    }

    @Test
    void minimumHealthyPercentKeepsEveryOldTaskUntilANewOneIsHealthyAndMaximumPercentBoundsTheStarts() {
        ControlPlaneOnAClock p = twoTasks(Map.of("maximumPercent", "150"));
        Deployment d = deploy(p, TaskDefinitionRevision.DEPLOYED_IMAGE);
        long leastHealthy = Long.MAX_VALUE;
        long mostWanted = 0;
        for (int i = 0; i < 2 * 900 && d.inProgress(); i++) {
            p.run(0.5);
            leastHealthy = Math.min(leastHealthy, healthyRunning(p));
            mostWanted = Math.max(mostWanted, wanted(p));
        }
        assertThat(d.rolloutState()).isEqualTo("COMPLETED");
        assertThat(leastHealthy).as("minimumHealthyPercent 100 of 2").isEqualTo(2);
        assertThat(mostWanted).as("maximumPercent 150 of 2, rounded down").isEqualTo(3);
        assertThat(of(p, d)).hasSize(2).allSatisfy(t -> assertThat(t.lastStatus()).isEqualTo("RUNNING"));
        assertThat(p.stack.ecs().desiredCount()).isEqualTo(2);
    }

    @Test
    void theCircuitBreakerFailsADeploymentWhoseTasksCannotStartAndRollsBackToTheCompletedOne() {
        ControlPlaneOnAClock p = new ControlPlaneOnAClock(Map.of());
        Deployment d = deploy(p, "123456789012.dkr.ecr.us-east-1.amazonaws.com/voice-agent:no-such-tag");

        p.runUntil(400, () -> !d.inProgress());
        assertThat(d.rolloutState()).isEqualTo("FAILED");
        assertThat(d.rolloutStateReason()).isEqualTo("ECS deployment circuit breaker: tasks failed to start.");
        assertThat(d.failedTasks()).as("the threshold at desired 1: at least 3").isEqualTo(3);
        assertThat(of(p, d)).hasSize(3).allSatisfy(t -> {
            assertThat(t.stopCode()).isEqualTo("TaskFailedToStart");
            assertThat(t.stoppedReason()).startsWith("CannotPullContainerError: ");
            assertThat(t.startedAt()).isNull();
        });
        Deployment rollback = p.stack.ecs().primary();
        assertThat(rollback.id()).isEqualTo(EcsModel.FIRST_DEPLOYMENT);
        assertThat(rollback.revision()).isEqualTo(TaskDefinitionRevision.DEPLOYED_REVISION);
        assertThat(rollback.rolloutStateReason())
                .isEqualTo("ECS deployment circuit breaker: rolling back to deploymentId " + EcsModel.FIRST_DEPLOYMENT + ".");
        assertThat(p.events()).contains(SERVICE + "(deployment " + d.id() + ") deployment failed: tasks failed to start.");
        assertThat(p.first.desiredStatus()).as("the old task is the rollback's again").isEqualTo("RUNNING");

        p.runUntil(60, () -> !rollback.inProgress());
        assertThat(rollback.rolloutState()).isEqualTo("COMPLETED");
        assertThat(p.stack.ecs().deployments()).containsExactly(rollback);
        assertThat(d.status()).isEqualTo("INACTIVE");
        assertThat(p.stack.ecs().tasks().stream().filter(t -> t.desiredStatus().equals("RUNNING")).toList())
                .containsExactly(p.first);
    }

    @Test
    void withoutRollbackAFailedDeploymentStaysPrimaryAndStartsNothingMore() {
        ControlPlaneOnAClock p = new ControlPlaneOnAClock(Map.of("circuitBreakerRollback", "false"));
        Deployment d = deploy(p, "123456789012.dkr.ecr.us-east-1.amazonaws.com/voice-agent:no-such-tag");

        p.runUntil(400, () -> !d.inProgress());
        p.run(300);
        assertThat(d.rolloutState()).isEqualTo("FAILED");
        assertThat(p.stack.ecs().primary()).isSameAs(d);
        assertThat(of(p, d)).hasSize(3);
        assertThat(p.first.desiredStatus()).as("healthy, and nothing replaces it").isEqualTo("RUNNING");
    }

    @Test
    void theFailureThresholdIsHalfTheDesiredCountWithinThreeAndTwoHundred() {
        assertThat(RollingUpdate.failureThreshold(1)).isEqualTo(3);
        assertThat(RollingUpdate.failureThreshold(6)).isEqualTo(3);
        assertThat(RollingUpdate.failureThreshold(7)).isEqualTo(4);
        assertThat(RollingUpdate.failureThreshold(12)).isEqualTo(6);
        assertThat(RollingUpdate.failureThreshold(1000)).isEqualTo(200);
    }

    @Test
    void scaleInWaitsWhileADeploymentIsInProgressAndScaleOutDoesNot() {
        ControlPlaneOnAClock deploying = new ControlPlaneOnAClock(Map.of());
        deploy(deploying, TaskDefinitionRevision.DEPLOYED_IMAGE);
        ControlPlaneOnAClock idle = new ControlPlaneOnAClock(Map.of());
        for (ControlPlaneOnAClock p : List.of(deploying, idle)) {
            p.stack.ecs().desiredCount(4);
            alarm(p, "Less", 0.0); // the step scale-in alarm: SessionsPerTask < 1, -3
        }
        assertThat(idle.stack.ecs().desiredCount()).as("scales in: 4 - 3").isEqualTo(1);
        assertThat(deploying.stack.ecs().desiredCount()).as("scale-in suspended while it deploys").isEqualTo(4);

        alarm(deploying, "Greater", 15.0); // target tracking: ceil(1 task measured x 15 / 3)
        assertThat(deploying.stack.ecs().desiredCount()).as("scale-out goes on").isEqualTo(5);
    }

    /** Runs the action of the stack's alarm whose comparison starts with {@code comparison}, at {@code metric}. */
    private static void alarm(ControlPlaneOnAClock p, String comparison, double metric) {
        var alarm = p.stack.alarms().stream().filter(a -> a.comparisonOperator().startsWith(comparison)).findFirst()
                .orElseThrow();
        Instant now = p.clock.instant();
        new AutoScaler(p.stack).alarmAction(alarm, alarm.alarmActions().get(0), metric, now.minus(p.stack.wall(60)),
                p.stack.wall(60), now);
    }
}
