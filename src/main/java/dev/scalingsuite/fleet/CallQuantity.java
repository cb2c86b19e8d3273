package dev.scalingsuite.fleet;

import dev.scalingsuite.fleet.finding.Source;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A quantity of the calls, in the stack's view ({@link CallOutcomes}): a call the far end hung up on
 * right after answering because the agents refused it is rejected, not dropped; one hung up with no
 * agent event to explain it is a front-door failure.
 */
public enum CallQuantity implements Quantity {
    DROPPED_CALLS("dropped calls", CallOutcomes::dropped),
    REJECTED_CALLS("rejected calls", CallOutcomes::rejected),
    /** Answered, then hung up by the front door with no agent event to explain it: lost calls. */
    FRONT_DOOR_FAILURES("front-door failures", CallOutcomes::frontDoorFailures);

    private final String label;
    private final ToLongFunction<CallOutcomes> reading;

    CallQuantity(String label, ToLongFunction<CallOutcomes> reading) {
        this.label = label;
        this.reading = reading;
    }

    @Override
    public String label() {
        return label;
    }

    /** SIPp's counts, summed over every caller instance of the run. */
    @Override
    public Source source() {
        return Source.SIPP_COUNTS;
    }

    /** Its value in {@code calls}. */
    public long of(CallOutcomes calls) {
        return reading.applyAsLong(calls);
    }

    @Override
    public long in(FleetSnapshot fleet, Supplier<CallOutcomes> calls) {
        return of(calls.get());
    }
}
