package dev.scalingsuite.fleet;

import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/** A quantity of the calls, read from what the load generator counted. */
public enum CallQuantity implements Quantity {
    DROPPED_CALLS("dropped calls", CallTally::dropped),
    REJECTED_CALLS("rejected calls", CallTally::rejected);

    private final String label;
    private final ToLongFunction<CallTally> reading;

    CallQuantity(String label, ToLongFunction<CallTally> reading) {
        this.label = label;
        this.reading = reading;
    }

    @Override
    public String label() {
        return label;
    }

    /** Its value in {@code calls}. */
    public long of(CallTally calls) {
        return reading.applyAsLong(calls);
    }

    @Override
    public long in(FleetSnapshot fleet, Supplier<CallTally> calls) {
        return of(calls.get());
    }
}
