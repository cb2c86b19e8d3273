package dev.scalingsuite.junit;

import dev.scalingsuite.config.Bounds;
import dev.scalingsuite.fleet.TaskMinutes;
import dev.scalingsuite.fleet.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a run may spend, checked while it runs: its run time in model time since its start, and its
 * tasks' task-minutes as Fargate bills them, from the tasks the ECS monitor has seen (so at most one
 * ECS poll old). Cheap enough for every poll of a step. The first bound reached is kept: every later
 * check, and the reports, name the same one.
 */
final class RunBounds {

    private final Bounds bounds;
    private final Instant startedAt;
    private final TimeScale scale;
    private final Supplier<List<TaskState>> tasksSeen;
    private final Clock clock;
    private volatile String reached;

    /** @param tasksSeen every task of the service seen since the run started, as last seen */
    RunBounds(Bounds bounds, Instant startedAt, TimeScale scale, Supplier<List<TaskState>> tasksSeen, Clock clock) {
        this.bounds = bounds;
        this.startedAt = startedAt;
        this.scale = scale;
        this.tasksSeen = tasksSeen;
        this.clock = clock;
    }

    /** @throws BoundReached naming the bound, when one is reached now or was before */
    void check() {
        Optional<String> bound = reachedNow();
        if (bound.isPresent()) {
            throw new BoundReached(bound.get());
        }
    }

    /**
     * The bound reached, now or before: {@code max-run-time 90m reached: 90m since the run started}, or
     * {@code max-task-minutes 30 reached: 30.4 task-minutes over 6 tasks}.
     */
    Optional<String> reachedNow() {
        if (reached == null) {
            Instant now = clock.instant();
            double runSeconds = scale.modelSeconds(Duration.between(startedAt, now));
            TaskMinutes spent;
            if (runSeconds >= bounds.maxRunTime().toSeconds()) {
                reached = "max-run-time " + Bounds.show(bounds.maxRunTime()) + " reached: "
                        + TimeScale.show(runSeconds) + " since the run started";
            } else if ((spent = TaskMinutes.of(tasksSeen.get(), startedAt, now, scale.factor())).total()
                    >= bounds.maxTaskMinutes()) {
                reached = "max-task-minutes " + bounds.maxTaskMinutes() + " reached: " + spent;
            }
        }
        return Optional.ofNullable(reached);
    }

    /** The bound a check found reached, if one did; asks nothing anew. */
    Optional<String> reached() {
        return Optional.ofNullable(reached);
    }

    Bounds bounds() {
        return bounds;
    }
}
