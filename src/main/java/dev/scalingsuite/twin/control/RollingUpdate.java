package dev.scalingsuite.twin.control;

import dev.scalingsuite.twin.model.Deployment;
import dev.scalingsuite.twin.model.EcsModel;
import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.model.TaskRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * ECS's rolling update (the {@code ECS} deployment controller) once a deployment has started: the
 * scheduler starts the new deployment's tasks first, up to {@code maximumPercent} of the desired count
 * (rounded down), and this stops the earlier deployments' tasks only while {@code minimumHealthyPercent}
 * of the desired count (rounded up) stay RUNNING and healthy in the target group (AmazonECS
 * developerguide deployment-type-ecs.html). A task under scale-in protection is not stopped by a
 * deployment until its protection is cleared or expires (developerguide task-scale-in-protection.html;
 * APIReference API_UpdateTaskProtection: "your task will not be terminated by scale-in events from
 * Service Auto Scaling or deployments"), so the rollout waits for it. A task it stops leaves the way
 * every stop does (deregistration delay, SIGTERM, the agent's drain, exit).
 *
 * <p>The deployment is COMPLETED once the service reaches a steady state: the desired count of its tasks
 * RUNNING and healthy, and no task of an earlier deployment left (API_Deployment, rolloutState). The
 * deployment circuit breaker (developerguide deployment-circuit-breaker.html) counts the new deployment's
 * tasks that fail to start or fail their health checks, and starts again from zero when one turns
 * healthy ({@code resetOnHealthyTask}, true by default: API_DeploymentCircuitBreaker); at the threshold,
 * {@code 0.5 x desired count} within 3 and 200 (API_ServiceDeploymentCircuitBreaker), the deployment is
 * FAILED and launches nothing more, and with rollback the most recent COMPLETED deployment becomes
 * PRIMARY again, IN_PROGRESS.
 */
final class RollingUpdate {

    /** API_ServiceDeploymentCircuitBreaker: "a minimum threshold of 3 and a maximum threshold of 200". */
    static final int MIN_FAILURE_THRESHOLD = 3;
    static final int MAX_FAILURE_THRESHOLD = 200;
    /** API_ServiceDeploymentCircuitBreaker: "0.5 * desired task count"; rounded up (a twin assumption). */
    static final double FAILURE_SHARE = 0.5;

    private final StackModel stack;
    private final BiConsumer<TaskRecord, Instant> stop;
    private final Set<String> seenHealthy = new HashSet<>();

    /** @param stop the scheduler's stop path, the one scale-in takes */
    RollingUpdate(StackModel stack, BiConsumer<TaskRecord, Instant> stop) {
        this.stack = stack;
        this.stop = stop;
    }

    private EcsModel ecs() {
        return stack.ecs();
    }

    /** The circuit breaker's failure threshold for a desired count. */
    static int failureThreshold(int desired) {
        int share = (int) Math.ceil(FAILURE_SHARE * desired);
        return Math.min(MAX_FAILURE_THRESHOLD, Math.max(MIN_FAILURE_THRESHOLD, share));
    }

    /** The fewest tasks that must stay RUNNING and healthy: minimumHealthyPercent of desired, rounded up. */
    int minimumHealthy() {
        return (int) Math.ceil(ecs().desiredCount() * stack.settings().minimumHealthyPercent() / 100.0);
    }

    /**
     * Stops the earlier deployments' tasks that may go now: those not running yet and those whose target
     * is not healthy at once, healthy ones only while enough others stay healthy; protected ones never.
     *
     * @param counted the tasks the scheduler counts toward the desired count (not marked unhealthy)
     */
    void replaceEarlier(Predicate<TaskRecord> counted, Instant now) {
        String primary = ecs().primary().id();
        List<TaskRecord> earlier = new ArrayList<>();
        int healthy = 0;
        for (TaskRecord task : ecs().tasks()) {
            if (!task.desiredStatus().equals("RUNNING") || !counted.test(task)) {
                continue;
            }
            if (healthy(task)) {
                healthy++;
            }
            if (!task.deploymentId().equals(primary)) {
                earlier.add(task);
            }
        }
        earlier.sort(Comparator.comparing(this::healthy).thenComparing((TaskRecord t) -> t.lastStatus().equals("RUNNING"))
                .thenComparing(TaskRecord::createdAt));
        List<String> stopped = new ArrayList<>();
        int minimum = minimumHealthy();
        for (TaskRecord task : earlier) {
            if (task.protectedAt(now)) {
                continue; // held until its agent clears protection at its last call, or it expires
            }
            boolean wasHealthy = healthy(task);
            if (wasHealthy && healthy - 1 < minimum) {
                continue; // waits for a new task to turn healthy in its place
            }
            stop.accept(task, now);
            stopped.add(task.id());
            if (wasHealthy) {
                healthy--;
            }
        }
        if (!stopped.isEmpty()) {
            ecs().event(now, "(service " + stack.arns().serviceName() + ") has stopped " + stopped.size()
                    + " running tasks: " + EcsScheduler.tasksText(stopped) + ".");
        }
    }

    /** Earlier tasks a deployment in progress waits for because they are protected, for tests and the console. */
    List<TaskRecord> heldByProtection(Instant now) {
        String primary = ecs().primary().id();
        return ecs().tasks().stream().filter(t -> !t.deploymentId().equals(primary)
                && t.desiredStatus().equals("RUNNING") && t.protectedAt(now)).toList();
    }

    /**
     * One of the deployment's tasks failed: it stopped before it ran, or ECS replaced it for failing its
     * health checks. Counted while the deployment is in progress.
     */
    void taskFailed(TaskRecord task, Instant now) {
        ecs().deployment(task.deploymentId()).filter(Deployment::inProgress).ifPresent(d -> d.taskFailed(now));
    }

    /** The circuit breaker, then completion, then earlier deployments left without tasks going INACTIVE. */
    void progress(Instant now) {
        Deployment primary = ecs().primary();
        for (TaskRecord task : ecs().tasks()) {
            if (task.deploymentId().equals(primary.id()) && healthy(task) && seenHealthy.add(task.id())) {
                primary.taskHealthy();
            }
        }
        if (primary.inProgress()) {
            if (stack.settings().circuitBreaker() && primary.failureCount() >= failureThreshold(ecs().desiredCount())) {
                fail(primary, now);
            } else if (steady(primary)) {
                complete(primary, now);
            }
        }
        for (Deployment d : ecs().deployments()) {
            if (!d.primary() && ecs().tasks().stream().noneMatch(t -> t.deploymentId().equals(d.id()) && !t.stopped())) {
                d.status("INACTIVE", now);
            }
        }
    }

    /** The desired count of its tasks RUNNING and healthy, nothing of an earlier deployment left. */
    private boolean steady(Deployment primary) {
        long healthyTasks = ecs().tasks().stream().filter(t -> t.deploymentId().equals(primary.id())
                && t.desiredStatus().equals("RUNNING") && healthy(t)).count();
        boolean earlierLeft = ecs().tasks().stream().anyMatch(t -> !t.deploymentId().equals(primary.id()) && !t.stopped());
        return !earlierLeft && healthyTasks >= ecs().desiredCount();
    }

    private void complete(Deployment primary, Instant now) {
        primary.rollout("COMPLETED", "ECS deployment " + primary.id() + " completed.", now);
        String service = "(service " + stack.arns().serviceName() + ")";
        ecs().event(now, service + " (deployment " + primary.id() + ") deployment completed.");
        ecs().event(now, service + " has reached a steady state.");
    }

    private void fail(Deployment primary, Instant now) {
        primary.rollout("FAILED", "ECS deployment circuit breaker: tasks failed to start.", now);
        ecs().event(now, "(service " + stack.arns().serviceName() + ") (deployment " + primary.id()
                + ") deployment failed: tasks failed to start.");
        if (!stack.settings().circuitBreakerRollback()) {
            return; // stays PRIMARY and FAILED, launching nothing more
        }
        Optional<Deployment> target = ecs().allDeployments().stream()
                .filter(d -> d != primary && d.rolloutState().equals("COMPLETED")).findFirst();
        target.ifPresent(completed -> {
            Deployment rollback = ecs().startDeployment(completed.id(), completed.revision(), now);
            rollback.rollout("IN_PROGRESS", "ECS deployment circuit breaker: rolling back to deploymentId "
                    + completed.id() + ".", now);
        });
    }

    private boolean healthy(TaskRecord task) {
        return task.lastStatus().equals("RUNNING")
                && stack.targetGroup().target(task.id()).map(t -> t.state().equals("healthy")).orElse(false);
    }
}
