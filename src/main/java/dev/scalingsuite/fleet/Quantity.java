package dev.scalingsuite.fleet;

import dev.scalingsuite.fleet.finding.Source;
import java.util.function.Supplier;

/**
 * A quantity a scenario's conditions bound: of the fleet, as a {@link FleetSnapshot} shows it, or of
 * the calls, in the stack's view ({@link CallOutcomes}).
 */
public sealed interface Quantity permits FleetQuantity, CallQuantity {

    /** How messages and reports name it, e.g. {@code running tasks}. */
    String label();

    /** Where it is read from: without data from there it is not measured. */
    Source source();

    /**
     * Its value in what the monitors last saw or in the calls' outcomes; the calls are read only for a
     * quantity of the calls.
     */
    long in(FleetSnapshot fleet, Supplier<CallOutcomes> calls);

    /** How a value of it reads: the number, or for a quantity of states the state's word. */
    default String show(long value) {
        return String.valueOf(value);
    }

    /** Whether its values are states with words (a condition then reads {@code rollout completed}). */
    default boolean named() {
        return false;
    }
}
