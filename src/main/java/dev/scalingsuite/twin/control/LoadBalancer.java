package dev.scalingsuite.twin.control;

import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.model.TargetGroupModel.Target;
import dev.scalingsuite.twin.stack.Fault;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The NLB: health checks of the configured path ({@code healthCheckPath}: {@code /ready} as deployed,
 * {@code /health} on the recommended stack) on each target every interval with the healthy and
 * unhealthy thresholds, and the routing of new flows. An unhealthy target gets no new flows; ECS
 * replaces its task (see {@code EcsScheduler}), so on {@code /ready} a full task is replaced. When no
 * target is healthy the NLB fails open and routes to all of them, as AWS does.
 */
public final class LoadBalancer {

    /** The {@code slow-health-checks} fault: checks this many times the configured interval apart. */
    static final int SLOW_HEALTH_CHECK_FACTOR = 4;

    private final StackModel stack;
    private final Agents agents;
    private final RandomGenerator random;
    private final Map<String, Instant> nextCheck = new HashMap<>();

    LoadBalancer(StackModel stack, Agents agents, RandomGenerator random) {
        this.stack = stack;
        this.agents = agents;
        this.random = random;
    }

    void tick(Instant now) {
        int healthy = stack.settings().healthyThreshold();
        int unhealthy = stack.settings().unhealthyThreshold();
        String path = stack.settings().healthCheckPath();
        nextCheck.keySet().removeIf(id -> stack.targetGroup().target(id).isEmpty());
        for (Target target : stack.targetGroup().targets()) {
            if (target.state().equals("draining")) {
                continue;
            }
            Instant due = nextCheck.computeIfAbsent(target.taskId(), id -> now.plus(interval()));
            if (now.isBefore(due)) {
                continue;
            }
            nextCheck.put(target.taskId(), due.plus(interval()));
            boolean ok = agents.agent(target.taskId()).map(a -> a.answersHealthCheck(path, now)).orElse(false);
            target.checked(ok);
            if (ok && target.consecutiveOk() >= healthy && !target.state().equals("healthy")) {
                target.healthyAt(due);
            } else if (!ok && target.consecutiveFail() >= unhealthy && !target.state().equals("unhealthy")) {
                // an NLB's code for any failed check: ResponseCodeMismatch is for ALBs and GWLBs only
                // (Elastic Load Balancing API reference, TargetHealth)
                target.state("unhealthy", "Target.FailedHealthChecks", "Health checks failed");
            }
        }
    }

    /** The configured interval; four times it with the {@code slow-health-checks} fault. */
    private java.time.Duration interval() {
        int slowdown = stack.settings().hasFault(Fault.SLOW_HEALTH_CHECKS) ? SLOW_HEALTH_CHECK_FACTOR : 1;
        return stack.wall(stack.settings().healthCheckInterval() * slowdown);
    }

    /**
     * Picks the task for a new flow: a healthy target at random (the NLB's flow hash), or any
     * registered, non-draining target when none is healthy (fail-open). With the {@code sticky-nlb}
     * fault the first healthy target in registration order takes every new flow until it turns
     * unhealthy.
     */
    public Optional<String> route() {
        List<Target> healthy = new ArrayList<>();
        List<Target> open = new ArrayList<>();
        for (Target target : stack.targetGroup().targets()) {
            if (target.state().equals("healthy")) {
                healthy.add(target);
            } else if (!target.state().equals("draining")) {
                open.add(target);
            }
        }
        List<Target> pool = healthy.isEmpty() ? open : healthy;
        if (pool.isEmpty()) {
            return Optional.empty();
        }
        if (!healthy.isEmpty() && stack.settings().hasFault(Fault.STICKY_NLB)) {
            return Optional.of(healthy.get(0).taskId());
        }
        return Optional.of(pool.get(random.nextInt(pool.size())).taskId());
    }
}
