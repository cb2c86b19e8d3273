package dev.scalingsuite.scenario;

import static dev.scalingsuite.fleet.Bound.AT_LEAST;
import static dev.scalingsuite.fleet.Bound.AT_MOST;
import static dev.scalingsuite.fleet.Bound.EXACTLY;
import static dev.scalingsuite.fleet.CallQuantity.DROPPED_CALLS;
import static dev.scalingsuite.fleet.CallQuantity.REJECTED_CALLS;
import static dev.scalingsuite.fleet.FleetQuantity.DESIRED_COUNT;
import static dev.scalingsuite.fleet.FleetQuantity.PENDING_TASKS;
import static dev.scalingsuite.fleet.FleetQuantity.ROUTABLE_TASKS;
import static dev.scalingsuite.fleet.FleetQuantity.RUNNING_TASKS;
import static dev.scalingsuite.fleet.FleetQuantity.TASKS_WITH_SESSIONS;

import dev.scalingsuite.fleet.Bound;
import dev.scalingsuite.fleet.CallQuantity;
import dev.scalingsuite.fleet.FleetQuantity;
import dev.scalingsuite.fleet.Quantity;
import dev.scalingsuite.fleet.RolloutState;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What an {@code expect} or {@code hold} condition checks; each is a YAML key with a whole number >= 0,
 * but {@code rollout}, whose value is a state ({@code in-progress}, {@code completed}).
 * Each kind is one row: its key, the quantity it bounds and how. The row alone says how the condition
 * reads ({@link #describe}), which quantity a step reports as observed and which assertion checks it.
 */
public enum ConditionKind {
    RUNNING_AT_LEAST("running-at-least", RUNNING_TASKS, AT_LEAST),
    RUNNING_AT_MOST("running-at-most", RUNNING_TASKS, AT_MOST),
    RUNNING("running", RUNNING_TASKS, EXACTLY),
    DESIRED("desired", DESIRED_COUNT, EXACTLY),
    DESIRED_AT_LEAST("desired-at-least", DESIRED_COUNT, AT_LEAST),
    PENDING("pending", PENDING_TASKS, EXACTLY),
    ACTIVE_SESSIONS("active-sessions", FleetQuantity.ACTIVE_SESSIONS, EXACTLY),
    ACTIVE_SESSIONS_AT_LEAST("active-sessions-at-least", FleetQuantity.ACTIVE_SESSIONS, AT_LEAST),
    /** Running tasks that hold at least one session. */
    SPREAD_OVER("spread-over", TASKS_WITH_SESSIONS, AT_LEAST),
    /** Running tasks the load balancer reports healthy: the ones new calls can reach. */
    ROUTABLE_AT_LEAST("routable-at-least", ROUTABLE_TASKS, AT_LEAST),
    /** The most dropped calls allowed so far. */
    DROPPED("dropped", DROPPED_CALLS, AT_MOST),
    /** The most rejected calls allowed so far. */
    REJECTED("rejected", REJECTED_CALLS, AT_MOST),
    /** The most front-door failures allowed so far: calls answered, then hung up with no agent event to explain it. */
    FRONT_DOOR_FAILURES("front-door-failures", CallQuantity.FRONT_DOOR_FAILURES, AT_MOST),
    /** Where the rollout a deploy step started stands: {@code in-progress} or {@code completed}. */
    ROLLOUT("rollout", FleetQuantity.ROLLOUT, EXACTLY);

    /** The states a {@code rollout} condition may name (a failed rollout fails the step by itself). */
    public static final List<RolloutState> ROLLOUT_STATES = List.of(RolloutState.IN_PROGRESS, RolloutState.COMPLETED);

    private final String key;
    private final Quantity quantity;
    private final Bound bound;

    ConditionKind(String key, Quantity quantity, Bound bound) {
        this.key = key;
        this.quantity = Objects.requireNonNull(quantity);
        this.bound = Objects.requireNonNull(bound);
    }

    /** The YAML key. */
    public String key() {
        return key;
    }

    /** The quantity a condition of this kind bounds. */
    public Quantity quantity() {
        return quantity;
    }

    /** How it bounds it. */
    public Bound bound() {
        return bound;
    }

    /** The value as YAML writes it: the number, or the state's word ({@code rollout: completed}). */
    public String yamlValue(int value) {
        return quantity.show(value);
    }

    /** How a condition of this kind reads in reports, e.g. {@code running tasks >= 2}. */
    public String describe(int value) {
        return bound.describe(quantity, value);
    }

    public static Optional<ConditionKind> ofKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    /** Every key, comma-separated, in declaration order. */
    public static String allowedKeys() {
        return Arrays.stream(values()).map(ConditionKind::key).collect(Collectors.joining(", "));
    }
}
