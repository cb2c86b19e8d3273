package dev.scalingsuite.twin.control;

import dev.scalingsuite.twin.model.Deployment;
import dev.scalingsuite.twin.model.EcsModel;
import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.model.TaskRecord;
import dev.scalingsuite.twin.stack.Fault;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ECS service scheduler and the Fargate task lifecycle. It starts tasks until the service has
 * as many as desired and stops unprotected ones beyond it; each task walks PROVISIONING (ENI and
 * scheduling), PENDING (image pull), ACTIVATING (load balancer registration), RUNNING, and on the
 * way out DEACTIVATING (deregistration delay), STOPPING (SIGTERM, SIGKILL at stopTimeout),
 * DEPROVISIONING and STOPPED. Protected tasks are never chosen for scale-in, so running may exceed
 * desired. It also replaces tasks that fail their load balancer health checks, as AWS documents
 * (AmazonECS developerguide ecs_services.html): protected or not, a running task whose target is
 * unhealthy once the health-check grace period is over gets a replacement first (maximumPercent 200),
 * and is stopped once the replacement is healthy. Every task it starts belongs to the service's PRIMARY
 * deployment; while a deployment rolls out, {@link RollingUpdate} stops the earlier deployments' tasks.
 */
final class EcsScheduler {

    /** Observed: ENI detach and cleanup after the container stopped. */
    private static final double DEPROVISIONING_SECONDS = 5;
    /** Observed: target registration while ACTIVATING. */
    private static final double ACTIVATING_SECONDS = 1;
    /** The {@code slow-cold-start} fault: scheduling, image pull and app init each take this many times as long. */
    static final double SLOW_COLD_START_FACTOR = 3;

    private final StackModel stack;
    private final Agents agents;
    private final Map<String, Instant> phaseEnds = new HashMap<>();
    /**
     * The tasks ECS marked unhealthy, in the order it marked them, each with the task started to replace
     * it (null until one is). A marked task no longer counts toward the desired count.
     */
    private final Map<String, String> replacements = new LinkedHashMap<>();
    private final RollingUpdate rollout;
    private Instant lastProtectionEvent = Instant.EPOCH;

    EcsScheduler(StackModel stack, Agents agents) {
        this.stack = stack;
        this.agents = agents;
        this.rollout = new RollingUpdate(stack, this::stop);
    }

    /** The rolling update, for tests. */
    RollingUpdate rollout() {
        return rollout;
    }

    private TwinSettings settings() {
        return stack.settings();
    }

    private EcsModel ecs() {
        return stack.ecs();
    }

    void tick(Instant now) {
        replaceUnhealthy(now);
        reconcile(now);
        rollout.replaceEarlier(task -> !replacements.containsKey(task.id()), now);
        for (TaskRecord task : new ArrayList<>(ecs().tasks())) {
            advance(task, now);
        }
        rollout.progress(now);
    }

    /**
     * Brings the PRIMARY deployment to the desired count: starts what is missing (while an earlier
     * deployment still has tasks, within maximumPercent; a FAILED deployment starts nothing) or stops
     * its excess as scale-in does.
     */
    private void reconcile(Instant now) {
        Deployment primary = ecs().primary();
        List<TaskRecord> current = new ArrayList<>();
        boolean earlier = false;
        for (TaskRecord task : ecs().tasks()) {
            if (task.desiredStatus().equals("RUNNING") && !replacements.containsKey(task.id())) {
                if (task.deploymentId().equals(primary.id())) {
                    current.add(task);
                } else {
                    earlier = true;
                }
            }
        }
        int missing = ecs().desiredCount() - current.size();
        if (missing > 0 && !primary.failed()) {
            int room = earlier ? Math.min(missing, maxRunningOrPending() - tasksWanted()) : missing;
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < room; i++) {
                ids.add(launch(now).id());
            }
            if (!ids.isEmpty()) {
                ecs().event(now, "(service " + stack.arns().serviceName() + ") has started " + ids.size() + " tasks: "
                        + tasksText(ids) + ".");
            }
        } else if (missing < 0) {
            stopExcess(current, -missing, now);
        }
    }

    /**
     * ECS replacing tasks that fail their load balancer health checks (AmazonECS developerguide
     * ecs_services.html): "If a task is marked unhealthy, the service scheduler will first start a
     * replacement task. Then ... If the replacement task has a health status of HEALTHY, the service
     * scheduler stops the unhealthy task"; if the replacement is unhealthy too, it stops one of the two
     * (here the older), and if {@code maximumPercent} leaves no room for a replacement, it stops the
     * unhealthy task first. A task is marked once its target is unhealthy (after the unhealthy threshold)
     * and it started more than {@code healthCheckGracePeriod} ago. Scale-in protection does not cover
     * this, and the desired count does not change: the replacement takes the marked task's place. The
     * marked task leaves the regular way (deregistration delay, SIGTERM, the agent's drain, SIGKILL at
     * the stop timeout), so its calls outlive the decision for a while and then go with it. AWS does not
     * say what happens when the target turns healthy again before the task is stopped:
     * {@code unhealthyTaskRecovers} (a twin assumption) keeps it then, and the scheduler stops the excess.
     */
    private void replaceUnhealthy(Instant now) {
        replacements.keySet().removeIf(id -> ecs().task(id).map(t -> !t.desiredStatus().equals("RUNNING")).orElse(true));
        for (TaskRecord task : ecs().tasksWithStatus("RUNNING")) {
            if (task.desiredStatus().equals("RUNNING") && !replacements.containsKey(task.id())
                    && failsElbHealthChecks(task, now)) {
                String reason = stack.targetGroup().target(task.id()).map(t -> t.description()).orElse("");
                ecs().event(now, "(service " + stack.arns().serviceName() + ") (task " + task.id() + ") (port "
                        + stack.targetGroup().port() + ") is unhealthy in (target-group " + stack.arns().targetGroup()
                        + ") due to (reason " + reason + ").");
                replacements.put(task.id(), null);
            }
        }
        for (Map.Entry<String, String> marked : new ArrayList<>(replacements.entrySet())) {
            if (!replacements.containsKey(marked.getKey())) {
                continue;
            }
            TaskRecord task = ecs().task(marked.getKey()).orElseThrow();
            if (settings().unhealthyTaskRecovers() && targetState(task).equals("healthy")) {
                replacements.remove(task.id());
                continue;
            }
            Optional<TaskRecord> replacement = Optional.ofNullable(marked.getValue()).flatMap(id -> ecs().task(id))
                    .filter(r -> r.desiredStatus().equals("RUNNING"));
            if (replacement.isEmpty()) {
                if (countedTasks() >= ecs().desiredCount()) {
                    stopUnhealthy(task, now); // the others already make the desired count
                } else if (tasksWanted() < maxRunningOrPending()) {
                    TaskRecord started = launch(now);
                    replacements.put(task.id(), started.id());
                    ecs().event(now, "(service " + stack.arns().serviceName() + ") has started 1 tasks: (task "
                            + started.id() + ").");
                } else {
                    stopUnhealthy(task, now); // maximumPercent leaves no room to start one first
                }
            } else if (replacements.containsKey(replacement.get().id())
                    || replacement.get().lastStatus().equals("RUNNING") && targetState(replacement.get()).equals("healthy")) {
                stopUnhealthy(task, now);
            }
        }
    }

    /** A running task whose target the NLB found unhealthy, past the service's health-check grace period. */
    private boolean failsElbHealthChecks(TaskRecord task, Instant now) {
        boolean inGrace = task.startedAt() != null
                && now.isBefore(task.startedAt().plus(stack.wall(settings().healthCheckGracePeriod())));
        return !inGrace && targetState(task).equals("unhealthy");
    }

    private String targetState(TaskRecord task) {
        return stack.targetGroup().target(task.id()).map(t -> t.state()).orElse("");
    }

    /** Tasks ECS wants running, the ones it marked unhealthy included. */
    private int tasksWanted() {
        return (int) ecs().tasks().stream().filter(t -> t.desiredStatus().equals("RUNNING")).count();
    }

    /** Tasks that count toward the desired count: wanted and not marked unhealthy. */
    private int countedTasks() {
        return (int) ecs().tasks().stream()
                .filter(t -> t.desiredStatus().equals("RUNNING") && !replacements.containsKey(t.id())).count();
    }

    /** maximumPercent of the desired count, rounded down: how many tasks may be RUNNING or PENDING. */
    private int maxRunningOrPending() {
        return ecs().desiredCount() * settings().maximumPercent() / 100;
    }

    private void stopUnhealthy(TaskRecord task, Instant now) {
        rollout.taskFailed(task, now); // the circuit breaker's second stage: a new task failing its health checks
        stop(task, now);
        task.stopReason("ServiceSchedulerInitiated", "Task failed ELB health checks in (target-group "
                + stack.arns().targetGroup() + ")");
        ecs().event(now, "(service " + stack.arns().serviceName() + ") has stopped 1 running tasks: (task "
                + task.id() + ").");
        replacements.remove(task.id());
    }

    private TaskRecord launch(Instant now) {
        TaskRecord task = ecs().addTask("PROVISIONING", now);
        phaseEnds.put(task.id(), now.plus(cold(settings().schedulingSeconds())));
        return task;
    }

    /** Pending tasks go first, then the newest running tasks; protected tasks are never stopped. */
    private void stopExcess(List<TaskRecord> wanted, int excess, Instant now) {
        List<TaskRecord> candidates = new ArrayList<>();
        int protectedCount = 0;
        for (TaskRecord task : wanted) {
            if (task.protectedAt(now)) {
                protectedCount++;
            } else {
                candidates.add(task);
            }
        }
        candidates.sort(Comparator.comparing((TaskRecord t) -> t.lastStatus().equals("RUNNING"))
                .thenComparing(TaskRecord::createdAt, Comparator.reverseOrder()));
        List<String> stopped = new ArrayList<>();
        for (TaskRecord task : candidates.subList(0, Math.min(excess, candidates.size()))) {
            stop(task, now);
            stopped.add(task.id());
        }
        if (!stopped.isEmpty()) {
            ecs().event(now, "(service " + stack.arns().serviceName() + ") has stopped " + stopped.size()
                    + " running tasks: " + tasksText(stopped) + ".");
        }
        int blocked = excess - stopped.size();
        if (blocked > 0 && protectedCount > 0 && Duration.between(lastProtectionEvent, now)
                .compareTo(stack.wall(60)) >= 0) {
            lastProtectionEvent = now;
            ecs().event(now, "(service " + stack.arns().serviceName() + ") was unable to scale in due to "
                    + "(reason " + protectedCount + " tasks under protection).");
        }
    }

    /**
     * The way out of every task ECS chooses to stop, scale-in and deployments alike. The stopped reason
     * names the deployment that started the task, whose task count ECS lowers (DescribeTasks,
     * {@code stoppedReason}; the deployment named is a twin assumption where AWS shows none).
     */
    private void stop(TaskRecord task, Instant now) {
        task.desiredStatus("STOPPED");
        task.stopReason("ServiceSchedulerInitiated", "Scaling activity initiated by (deployment " + task.deploymentId() + ")");
        switch (task.lastStatus()) {
            case "RUNNING" -> {
                task.status("DEACTIVATING");
                stack.targetGroup().target(task.id()).ifPresent(t ->
                        t.state("draining", "Target.DeregistrationInProgress", "Target deregistration is in progress"));
                phaseEnds.put(task.id(), now.plus(stack.wall(settings().deregistrationDelay())));
                ecs().event(now, "(service " + stack.arns().serviceName() + ") has begun draining connections on 1 tasks.");
            }
            case "ACTIVATING" -> {
                stack.targetGroup().remove(task.id());
                deprovision(task, now);
            }
            default -> deprovision(task, now);
        }
    }

    private void advance(TaskRecord task, Instant now) {
        Instant end = phaseEnds.get(task.id());
        if (end == null || now.isBefore(end)) {
            return;
        }
        switch (task.lastStatus()) {
            case "PROVISIONING" -> {
                task.status("PENDING");
                task.connectivityAt(end);
                task.pullStartedAt(end);
                phaseEnds.put(task.id(), end.plus(cold(settings().imagePullSeconds())));
            }
            case "PENDING" -> {
                if (!pullable(task)) {
                    failToStart(task, end);
                    return;
                }
                task.pullStoppedAt(end);
                task.status("ACTIVATING");
                stack.targetGroup().register(task.id(), task.privateIp());
                ecs().event(end, "(service " + stack.arns().serviceName() + ") registered 1 targets in (target-group "
                        + stack.arns().targetGroup() + ")");
                phaseEnds.put(task.id(), end.plus(stack.wall(ACTIVATING_SECONDS)));
            }
            case "ACTIVATING" -> {
                task.status("RUNNING");
                task.startedAt(end);
                phaseEnds.remove(task.id());
                agents.started(task, end);
            }
            case "DEACTIVATING" -> {
                stack.targetGroup().remove(task.id());
                ecs().event(now, "(service " + stack.arns().serviceName() + ") deregistered 1 targets in (target-group "
                        + stack.arns().targetGroup() + ")");
                task.status("STOPPING");
                task.stoppingAt(end);
                agents.sigterm(task.id(), end);
                phaseEnds.put(task.id(), end.plus(stack.wall(settings().stopTimeout())));
            }
            case "STOPPING" -> kill(task, now, "sigkill");
            case "DEPROVISIONING" -> {
                task.status("STOPPED");
                task.stoppedAt(end);
                phaseEnds.remove(task.id());
                agents.remove(task.id());
            }
            default -> phaseEnds.remove(task.id());
        }
    }

    private boolean pullable(TaskRecord task) {
        return ecs().revision(task.taskDefinitionRevision()).map(r -> r.pullable()).orElse(false);
    }

    /**
     * A task whose image the registry does not hold stops at the end of its pull, as Fargate reports it
     * (stopCode TaskFailedToStart, CannotPullContainerError); the circuit breaker counts it.
     */
    private void failToStart(TaskRecord task, Instant now) {
        String image = ecs().revision(task.taskDefinitionRevision()).map(r -> r.image()).orElse("?");
        task.stopReason("TaskFailedToStart", "CannotPullContainerError: pull image manifest has been retried 5 "
                + "time(s): failed to resolve ref " + image + ": not found");
        deprovision(task, now);
        rollout.taskFailed(task, now);
    }

    /** A STOPPING task whose agent drained goes on at once; one that did not is killed at stopTimeout. */
    void checkStopping(Instant now) {
        for (TaskRecord task : ecs().tasksWithStatus("STOPPING")) {
            if (agents.drained(task.id(), now)) {
                deprovision(task, now);
            }
        }
    }

    /** Ends a task at once, as a crash or a SIGKILL does: its calls are dropped. */
    void kill(TaskRecord task, Instant now, String reason) {
        agents.kill(task.id(), reason, now);
        stack.targetGroup().remove(task.id());
        if (task.stoppingAt() == null) {
            task.stoppingAt(now);
        }
        deprovision(task, now);
    }

    private void deprovision(TaskRecord task, Instant now) {
        task.desiredStatus("STOPPED");
        task.status("DEPROVISIONING");
        task.executionStoppedAt(now);
        if (task.stoppingAt() == null) {
            task.stoppingAt(now);
        }
        phaseEnds.put(task.id(), now.plus(stack.wall(DEPROVISIONING_SECONDS)));
    }

    private Duration cold(int modelSeconds) {
        return stack.wall(modelSeconds * coldStartFactor(settings()));
    }

    /** The configured factor, multiplied by the {@code slow-cold-start} fault's. */
    static double coldStartFactor(TwinSettings settings) {
        return settings.coldStartFactor() * (settings.hasFault(Fault.SLOW_COLD_START) ? SLOW_COLD_START_FACTOR : 1);
    }

    static String tasksText(List<String> ids) {
        StringBuilder text = new StringBuilder();
        for (String id : ids) {
            text.append("(task ").append(id).append(") ");
        }
        return text.toString().trim();
    }
}
