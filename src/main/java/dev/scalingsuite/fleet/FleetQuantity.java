package dev.scalingsuite.fleet;

import dev.scalingsuite.fleet.finding.Source;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/** A quantity of the fleet, read from what the monitors last saw. */
public enum FleetQuantity implements Quantity {
    RUNNING_TASKS("running tasks", Source.ECS_SERVICE, fleet -> fleet.service().running()),
    DESIRED_COUNT("desired count", Source.ECS_SERVICE, fleet -> fleet.service().desired()),
    PENDING_TASKS("pending tasks", Source.ECS_SERVICE, fleet -> fleet.service().pending()),
    /** Sessions on all tasks, from their heartbeats. */
    ACTIVE_SESSIONS("active sessions", Source.HEARTBEATS, FleetSnapshot::activeSessions),
    /** Running tasks that hold at least one session: over how many the load balancer spread the calls. */
    TASKS_WITH_SESSIONS("running tasks with sessions", Source.HEARTBEATS, fleet -> fleet.tasksWithSessions().size()),
    /** Running tasks the load balancer reports healthy: the ones new calls can reach. */
    ROUTABLE_TASKS("routable tasks", Source.TARGETS,
            fleet -> fleet.runningTasks().stream().filter(TaskState::routable).count()),
    /** Where the service's rollout stands ({@link RolloutState}, by its ordinal), from its deployments. */
    ROLLOUT("rollout", Source.ECS_SERVICE, fleet -> fleet.service().rollout().ordinal(),
            v -> v >= 0 && v < RolloutState.values().length ? RolloutState.values()[(int) v].word() : String.valueOf(v));

    private final String label;
    private final Source source;
    private final ToLongFunction<FleetSnapshot> reading;
    private final LongFunction<String> words;

    FleetQuantity(String label, Source source, ToLongFunction<FleetSnapshot> reading) {
        this(label, source, reading, null);
    }

    FleetQuantity(String label, Source source, ToLongFunction<FleetSnapshot> reading, LongFunction<String> words) {
        this.label = label;
        this.source = source;
        this.reading = reading;
        this.words = words;
    }

    @Override
    public String show(long value) {
        return words == null ? String.valueOf(value) : words.apply(value);
    }

    @Override
    public boolean named() {
        return words != null;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public Source source() {
        return source;
    }

    /** Its value in {@code fleet}. */
    public long of(FleetSnapshot fleet) {
        return reading.applyAsLong(fleet);
    }

    @Override
    public long in(FleetSnapshot fleet, Supplier<CallOutcomes> calls) {
        return of(fleet);
    }
}
