package dev.scalingsuite.twin.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scalingsuite.twin.model.TaskRecord;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ECS replacing a task whose target fails the NLB's health checks, as AWS documents it: only after
 * the health-check grace period, a replacement first (running reaches desired + 1), the unhealthy task
 * stopped once the replacement is healthy, protection or not, and the regular way out. The scheduler,
 * the agents and the NLB run on the twin's own instants, ticked every half model second as the control
 * plane ticks them; nothing is written to DynamoDB.
 */
class EcsReplacementTest {

    private static final String GROUP =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/voice-agent-poc-service-sip/4f1e2d3c4b5a6978";

    @Test
    void aFullTaskOnReadyIsReplacedFirstThenStoppedOnceTheReplacementIsHealthyProtectedOrNot() {
        ControlPlaneOnAClock p = new ControlPlaneOnAClock(Map.of("stack", "as-deployed"));
        p.fill();
        assertThat(p.first.protectedAt(p.clock.instant())).isTrue();

        double marked = p.runUntil(60, () -> !p.others().isEmpty());
        assertThat(p.target(p.first)).isEqualTo("unhealthy");
        // two failed checks 10 s apart, the first one interval after the NLB started checking
        assertThat(marked).isBetween(19.0, 22.0);
        TaskRecord replacement = p.others().get(0);
        assertThat(p.first.desiredStatus()).as("kept while its replacement starts").isEqualTo("RUNNING");
        assertThat(p.stack.ecs().desiredCount()).isEqualTo(1);

        double running = p.runUntil(120, () -> replacement.lastStatus().equals("RUNNING"));
        assertThat(p.stack.ecs().runningCount()).as("desired + 1 while the replacement gets healthy").isEqualTo(2);
        double stopped = p.runUntil(120, () -> !p.first.desiredStatus().equals("RUNNING"));
        assertThat(p.target(replacement)).isEqualTo("healthy");
        System.out.printf("replacement: marked %.1f s, replacement running %.1f s, full task stopped %.1f s%n",
                marked, running, stopped);
        assertThat(stopped - running).as("the replacement's init (17 s) and two passing checks").isBetween(17.0, 40.0);

        assertThat(p.first.lastStatus()).isEqualTo("DEACTIVATING");
        assertThat(p.first.protectedAt(p.clock.instant())).as("protection did not prevent it").isTrue();
        assertThat(p.first.stopCode()).isEqualTo("ServiceSchedulerInitiated");
        assertThat(p.first.stoppedReason()).isEqualTo("Task failed ELB health checks in (target-group " + GROUP + ")");
        assertThat(p.stack.ecs().desiredCount()).isEqualTo(1);
        assertThat(p.target(p.first)).isEqualTo("draining");
        String service = "(service voice-agent-poc-service) ";
        assertThat(p.events()).containsSubsequence(
                service + "(task " + p.first.id() + ") (port 5060) is unhealthy in (target-group " + GROUP
                        + ") due to (reason Health checks failed).",
                service + "has started 1 tasks: (task " + replacement.id() + ").",
                service + "has begun draining connections on 1 tasks.",
                service + "has stopped 1 running tasks: (task " + p.first.id() + ").");

        // the deregistration delay: the calls stay up and the agent keeps heartbeating
        p.run(290);
        assertThat(p.first.lastStatus()).isEqualTo("DEACTIVATING");
        assertThat(p.agents.agent(p.first.id()).orElseThrow().activeSessions()).isEqualTo(2);
        // then SIGTERM: the agent drains up to 110 s and exits, cutting what is still up
        p.runUntil(20, () -> p.first.lastStatus().equals("STOPPING"));
        double sigterm = p.model(p.first.stoppingAt());
        assertThat(sigterm - stopped).isCloseTo(300, within(1.0));
        p.runUntil(130, () -> p.first.lastStatus().equals("DEPROVISIONING"));
        assertThat(p.model(p.first.executionStoppedAt()) - sigterm).isCloseTo(110, within(1.0));
        assertThat(p.agents.all()).noneMatch(a -> a.taskId().equals(p.first.id()) && a.activeSessions() > 0);
        assertThat(p.stack.ecs().runningCount()).isEqualTo(1);
        assertThat(p.stack.ecs().desiredCount()).isEqualTo(1);
    }

    @Test
    void noTaskIsMarkedWithinTheHealthCheckGracePeriod() {
        // the starting task ran 68 s after its creation an hour (of wall time) before the twin started: at
        // time scale 1, a grace period of 3,700 s ends 168 model seconds into the run
        ControlPlaneOnAClock p = new ControlPlaneOnAClock(Map.of("stack", "as-deployed", "healthCheckGracePeriod", "3700", "timeScale", "1"));
        double graceEnds = p.model(p.first.startedAt().plus(p.stack.wall(3700)));
        assertThat(graceEnds).isCloseTo(168, within(0.01));
        p.fill();

        p.runUntil(60, () -> p.target(p.first).equals("unhealthy"));
        assertThat(p.target(p.first)).isEqualTo("unhealthy");
        double marked = p.runUntil(300, () -> !p.others().isEmpty());
        assertThat(marked).as("marked at the first tick past the grace period").isBetween(graceEnds, graceEnds + 0.5);
        assertThat(p.others()).hasSize(1);
    }

    @Test
    void aNewTaskStillUnhealthyWhenTheGracePeriodEndsIsReplacedOverAndOver() {
        // a cold start three times as slow: init 51 s, so the target fails its first checks on either path
        // (nothing listens before init ends) and is not yet healthy again when the 60 s grace period ends
        ControlPlaneOnAClock p = new ControlPlaneOnAClock(Map.of("stack", "recommended", "coldStartFactor", "3"));
        p.stack.ecs().desiredCount(2);
        p.runUntil(400, () -> !p.others().isEmpty() && p.others().get(0).startedAt() != null);
        TaskRecord task = p.others().get(0);
        double started = p.model(task.startedAt());

        p.runUntil(58, () -> p.others().size() > 1);
        assertThat(p.target(task)).as("unhealthy after two failed checks").isEqualTo("unhealthy");
        assertThat(p.others()).as("ignored within the grace period").hasSize(1);
        double marked = p.runUntil(10, () -> p.others().size() > 1);
        assertThat(marked - started).as("marked when the grace period ends").isBetween(60.0, 61.0);

        p.run(900);
        long failedElb = p.stack.ecs().tasks().stream().filter(t -> t.stoppedReason() != null
                && t.stoppedReason().startsWith("Task failed ELB health checks")).count();
        System.out.printf("slow cold start: new task started %.1f s, marked %.1f s after; %d tasks stopped for "
                + "failed ELB health checks in the next 900 s%n", started, marked - started, failedElb);
        assertThat(failedElb).as("each new task replaced in turn").isGreaterThanOrEqualTo(3);
        assertThat(p.stack.ecs().desiredCount()).isEqualTo(2);
    }

    @Test
    void onHealthAFullTaskStaysHealthyAndIsNotReplaced() {
        ControlPlaneOnAClock p = new ControlPlaneOnAClock(Map.of("stack", "recommended"));
        p.fill();

        p.run(600);
        assertThat(p.target(p.first)).isEqualTo("healthy");
        assertThat(p.agents.agent(p.first.id()).orElseThrow().ready(p.clock.instant()))
                .as("/ready still refuses the full task's calls").isFalse();
        assertThat(p.others()).isEmpty();
        assertThat(p.first.desiredStatus()).isEqualTo("RUNNING");
        assertThat(p.events()).noneMatch(e -> e.contains("is unhealthy"));
    }

    @Test
    void byDefaultATaskThatTurnsHealthyAgainIsStillStopped() {
        ControlPlaneOnAClock p = new ControlPlaneOnAClock(Map.of("stack", "as-deployed"));
        p.fill();
        p.runUntil(60, () -> !p.others().isEmpty());
        TaskRecord replacement = p.others().get(0);

        p.agents.endSession("call-2", "caller_hangup"); // room again: /ready answers 200
        p.runUntil(60, () -> p.target(p.first).equals("healthy"));
        assertThat(p.target(p.first)).isEqualTo("healthy");
        assertThat(replacement.lastStatus()).as("still starting when the full task recovered").isNotEqualTo("RUNNING");

        p.runUntil(180, () -> !p.first.desiredStatus().equals("RUNNING"));
        assertThat(p.first.desiredStatus()).isEqualTo("STOPPED");
        assertThat(p.first.stoppedReason()).startsWith("Task failed ELB health checks in (target-group ");
        assertThat(replacement.desiredStatus()).isEqualTo("RUNNING");
        assertThat(p.target(replacement)).isEqualTo("healthy");
    }

    @Test
    void withUnhealthyTaskRecoversATaskThatTurnsHealthyAgainIsKeptAndTheReplacementStopped() {
        ControlPlaneOnAClock p = new ControlPlaneOnAClock(Map.of("stack", "as-deployed", "unhealthyTaskRecovers", "true"));
        p.fill();
        p.runUntil(60, () -> !p.others().isEmpty());
        TaskRecord replacement = p.others().get(0);

        p.agents.endSession("call-2", "caller_hangup");
        p.runUntil(60, () -> !replacement.desiredStatus().equals("RUNNING"));
        p.run(200);

        assertThat(p.first.desiredStatus()).isEqualTo("RUNNING");
        assertThat(p.first.stopCode()).isNull();
        assertThat(p.target(p.first)).isEqualTo("healthy");
        assertThat(replacement.desiredStatus()).as("the excess, stopped as scale-in stops one").isEqualTo("STOPPED");
        assertThat(replacement.startedAt()).as("still pending when it was stopped").isNull();
        assertThat(replacement.stoppedReason()).startsWith("Scaling activity initiated by");
        assertThat(p.stack.ecs().runningCount()).isEqualTo(1);
    }
}
