package dev.scalingsuite.twin.control;

import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.model.TargetGroupModel.Target;
import dev.scalingsuite.twin.stack.Fault;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The NLB: HTTP health checks of the configured path ({@code healthCheckPath}: {@code /ready} as
 * deployed, {@code /health} on the recommended stack) on each target's agent port every interval, with
 * the healthy and unhealthy thresholds ({@link TargetHealthChecks}), and the routing of new flows. An
 * unhealthy target gets no new flows; ECS replaces its task (see {@code EcsScheduler}), so on
 * {@code /ready} a full task, whose agent answers 503, is replaced. When no target is healthy the NLB
 * fails open and routes to all of them, as AWS does.
 */
public final class LoadBalancer {

    private final StackModel stack;
    private final RandomGenerator random;
    private final TargetHealthChecks healthChecks;

    LoadBalancer(StackModel stack, RandomGenerator random) {
        this.stack = stack;
        this.random = random;
        this.healthChecks = new TargetHealthChecks(stack);
    }

    void tick(Instant now) {
        healthChecks.tick(now);
    }

    /** The health checks go out through {@code sender} from now on; empty stops them. */
    void sendHealthChecksThrough(Optional<HealthCheckSender> sender) {
        healthChecks.sendThrough(sender);
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
