package dev.scalingsuite.twin.control;

import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.model.TaskRecord;
import dev.scalingsuite.twin.stack.Fault;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The {@code task-crash} fault: once per twin lifetime, the first task that has held a session for
 * 30 model seconds without a break crashes, so its calls drop in the middle of a conversation.
 * ECS then starts a replacement on its own, as desired has not changed.
 */
final class TaskCrash {

    /** Long enough that the call is established and talking, short enough for a test to wait for. */
    static final double BUSY_SECONDS_BEFORE_CRASH = 30;

    private final StackModel stack;
    private final Agents agents;
    private final BiConsumer<TaskRecord, Instant> crash;
    private boolean crashed;

    TaskCrash(StackModel stack, Agents agents, BiConsumer<TaskRecord, Instant> crash) {
        this.stack = stack;
        this.agents = agents;
        this.crash = crash;
    }

    void tick(Instant now) {
        if (crashed || !stack.settings().hasFault(Fault.TASK_CRASH)) {
            return;
        }
        Instant busyBefore = now.minus(stack.wall(BUSY_SECONDS_BEFORE_CRASH));
        Optional<Agent> victim = agents.all().stream()
                .filter(a -> !a.exited() && a.busySince() != null && !a.busySince().isAfter(busyBefore))
                .min(Comparator.comparing(Agent::busySince));
        victim.flatMap(a -> stack.ecs().task(a.taskId())).ifPresent(task -> {
            crashed = true;
            crash.accept(task, now);
        });
    }
}
