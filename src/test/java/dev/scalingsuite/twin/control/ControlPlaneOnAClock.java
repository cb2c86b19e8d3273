package dev.scalingsuite.twin.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.twin.model.EcsModel.ServiceEvent;
import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.model.TaskRecord;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * The control plane's parts (the ECS scheduler, the agents, the NLB) on a clock the test moves, ticked
 * every half model second as the control plane ticks them; nothing is written to DynamoDB. Every task
 * holds at most two calls unless the settings say otherwise.
 */
final class ControlPlaneOnAClock {

    final MovingClock clock = new MovingClock(Instant.parse("2026-08-14T10:00:00Z"));
    final StackModel stack;
    final Agents agents;
    final EcsScheduler scheduler;
    final LoadBalancer nlb;
    final TaskRecord first;
    final Instant start;

    ControlPlaneOnAClock(Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>();
        properties.put("twin.maxConcurrentCalls", "2");
        settings.forEach((k, v) -> properties.put("twin." + k, v));
        stack = new StackModel(TwinSettings.of(properties, "twin."), clock);
        agents = new Agents(stack, null, r -> { });
        scheduler = new EcsScheduler(stack, agents);
        nlb = new LoadBalancer(stack, new Random(1));
        nlb.sendHealthChecksThrough(Optional.of((taskId, path) -> CompletableFuture.completedFuture(
                answer(taskId, path))));
        start = clock.instant();
        for (TaskRecord task : stack.ecs().tasksWithStatus("RUNNING")) {
            agents.adopt(task, start);
        }
        first = stack.ecs().tasks().iterator().next();
    }

    /**
     * What a task's agent port answers a health check, as its HTTP server does (AgentHttpTest and
     * NlbHealthChecksTest show those answers over the wire): nothing listens before the agent has
     * initialized or once it has exited; {@code /ready} 503 unless ready; {@code /health} 200. Answered at
     * once, so a check counts at the next tick, half a model second after it fell due.
     */
    HealthCheckResult answer(String taskId, String path) {
        Instant now = clock.instant();
        Optional<Agent> agent = agents.agent(taskId).filter(a -> !a.exited() && a.initialized(now));
        if (agent.isEmpty()) {
            return HealthCheckResult.connectionError("Connection refused");
        }
        return HealthCheckResult.answered(path.equals("/health") || agent.get().ready(now) ? 200 : 503);
    }

    /** Fills the first task to maxConcurrentCalls (2). */
    void fill() {
        assertThat(agents.startSession(first.id(), "call-1")).isEmpty();
        assertThat(agents.startSession(first.id(), "call-2")).isEmpty();
    }

    /** Runs the control plane for {@code modelSeconds}, half a model second per tick. */
    void run(double modelSeconds) {
        runUntil(modelSeconds, () -> false);
    }

    /** Runs until {@code done} or {@code modelSeconds} more; the model seconds since the start. */
    double runUntil(double modelSeconds, BooleanSupplier done) {
        Instant end = clock.instant().plus(stack.wall(modelSeconds));
        while (clock.instant().isBefore(end) && !done.getAsBoolean()) {
            clock.advance(stack.wall(0.5));
            Instant now = clock.instant();
            scheduler.tick(now);
            scheduler.checkStopping(now);
            agents.tick(now);
            nlb.tick(now);
        }
        return model(clock.instant());
    }

    double model(Instant at) {
        return Duration.between(start, at).toNanos() / 1e9 * stack.settings().timeScale();
    }

    List<TaskRecord> others() {
        return stack.ecs().tasks().stream().filter(t -> !t.id().equals(first.id())).toList();
    }

    String target(TaskRecord task) {
        return stack.targetGroup().target(task.id()).map(t -> t.state()).orElse("gone");
    }

    List<String> events() {
        List<String> oldestFirst = new ArrayList<>(stack.ecs().events().stream()
                .map(ServiceEvent::message).toList());
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }
}
