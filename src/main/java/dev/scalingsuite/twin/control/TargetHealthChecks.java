package dev.scalingsuite.twin.control;

import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.model.TargetGroupModel.Target;
import dev.scalingsuite.twin.stack.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The NLB's active health checks of the target group: every target but a draining one is checked every
 * {@code healthCheckInterval} (four times it with the {@code slow-health-checks} fault), the first time
 * one interval after it registered; {@code healthyThreshold} passes in a row make it healthy,
 * {@code unhealthyThreshold} failures in a row unhealthy.
 *
 * <p>A check is a real request that {@link HealthCheckSender} sends and answers later, so the control
 * plane's tick never waits on the network. A result is applied at the first tick after it came, the
 * results of several targets in the order their checks fell due. A check still in flight when the next
 * one falls due is not sent again: that next check is skipped. A result for a target that has started
 * draining or is gone is dropped. Without a sender (before the call path is up, after it closed) nothing
 * is checked and every target keeps its state.
 *
 * <p>Not thread-safe: used under the stack's monitor.
 */
final class TargetHealthChecks {

    /** The {@code slow-health-checks} fault: checks this many times the configured interval apart. */
    static final int SLOW_HEALTH_CHECK_FACTOR = 4;

    private final StackModel stack;
    private final Map<String, Instant> nextDue = new HashMap<>();
    private final Map<String, InFlight> inFlight = new HashMap<>();
    private Optional<HealthCheckSender> sender = Optional.empty();

    /** A check sent and not applied yet. */
    private record InFlight(String taskId, Instant due, CompletableFuture<HealthCheckResult> result) { }

    TargetHealthChecks(StackModel stack) {
        this.stack = stack;
    }

    /** From now on checks go out through {@code sender}; empty stops them and drops those in flight. */
    void sendThrough(Optional<HealthCheckSender> sender) {
        this.sender = sender;
        inFlight.clear();
    }

    void tick(Instant now) {
        nextDue.keySet().removeIf(id -> stack.targetGroup().target(id).isEmpty());
        applyArrived();
        sender.ifPresent(s -> sendDue(s, now));
    }

    private void applyArrived() {
        List<InFlight> arrived = inFlight.values().stream().filter(c -> c.result().isDone())
                .sorted(Comparator.comparing(InFlight::due)).toList();
        for (InFlight check : arrived) {
            inFlight.remove(check.taskId());
            stack.targetGroup().target(check.taskId()).filter(t -> !t.state().equals("draining"))
                    .ifPresent(t -> apply(t, check.due(), check.result().join()));
        }
    }

    private void sendDue(HealthCheckSender sender, Instant now) {
        String path = stack.settings().healthCheckPath();
        for (Target target : stack.targetGroup().targets()) {
            if (target.state().equals("draining")) {
                continue;
            }
            Instant due = nextDue.computeIfAbsent(target.taskId(), id -> now.plus(interval()));
            if (now.isBefore(due)) {
                continue;
            }
            nextDue.put(target.taskId(), due.plus(interval()));
            if (inFlight.containsKey(target.taskId())) {
                continue;
            }
            CompletableFuture<HealthCheckResult> result = sender.send(target.taskId(), path)
                    .exceptionally(e -> HealthCheckResult.connectionError(String.valueOf(e)));
            inFlight.put(target.taskId(), new InFlight(target.taskId(), due, result));
        }
    }

    /** One result, counted toward the thresholds; {@code due} is when the check fell due. */
    private void apply(Target target, Instant due, HealthCheckResult result) {
        boolean ok = result.passed();
        target.checked(ok);
        if (ok && target.consecutiveOk() >= stack.settings().healthyThreshold()
                && !target.state().equals("healthy")) {
            target.healthyAt(due);
        } else if (!ok && target.consecutiveFail() >= stack.settings().unhealthyThreshold()
                && !target.state().equals("unhealthy")) {
            // an NLB's code for any failed check: ResponseCodeMismatch is for ALBs and GWLBs only
            // (Elastic Load Balancing API reference, TargetHealth)
            target.state("unhealthy", "Target.FailedHealthChecks", "Health checks failed");
        }
    }

    /** The configured interval; four times it with the {@code slow-health-checks} fault. */
    private Duration interval() {
        int slowdown = stack.settings().hasFault(Fault.SLOW_HEALTH_CHECKS) ? SLOW_HEALTH_CHECK_FACTOR : 1;
        return stack.wall(stack.settings().healthCheckInterval() * slowdown);
    }
}
