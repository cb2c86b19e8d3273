package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.CallQuantity;
import dev.scalingsuite.fleet.CallOutcomes;
import dev.scalingsuite.fleet.CallsAssert;
import dev.scalingsuite.fleet.FleetAssert;
import dev.scalingsuite.fleet.FleetQuantity;
import dev.scalingsuite.fleet.FleetSnapshot;
import dev.scalingsuite.fleet.NotMeasuredError;
import dev.scalingsuite.fleet.SourceNames;
import dev.scalingsuite.fleet.error.TimeFormat;
import dev.scalingsuite.fleet.finding.NotMeasured;
import dev.scalingsuite.scenario.Condition;
import dev.scalingsuite.scenario.ConditionKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A scenario's conditions as hard AssertJ assertions on the latest snapshot and the calls in the
 * stack's view. What each condition observes and asserts comes from its kind's row in
 * {@link ConditionKind}: the quantity and the bound. The calls are counted only when a condition
 * needs them. A condition whose source had nothing in the snapshot (no heartbeat, no target, no SIPp
 * counts) is not measured: it never holds, and a check whose other conditions hold fails with a
 * {@link NotMeasuredError} that names each by its key.
 */
final class Expectations {

    private Expectations() {
    }

    /** What the conditions' quantities were in {@code fleet}, e.g. {@code running tasks 2, routable tasks 2}. */
    static String observed(List<Condition> conditions, FleetSnapshot fleet, Supplier<CallOutcomes> calls) {
        Set<String> parts = new LinkedHashSet<>();
        for (Condition c : conditions) {
            var quantity = c.kind().quantity();
            boolean measured = quantity instanceof FleetQuantity ? fleet.hasDataFrom(quantity.source())
                    : calls.get().sip().uncounted().isEmpty();
            parts.add(quantity.label() + " " + (measured ? quantity.show(quantity.in(fleet, calls)) : "not measured"));
        }
        return String.join(", ", parts);
    }

    /**
     * Fails at the first condition that does not hold; when every condition measured holds, fails with the
     * conditions not measured, each named by its key and looked for as {@code names} says at {@code at}.
     *
     * @param time writes the calls' times in a failure that names calls (model time in a run)
     */
    static void check(List<Condition> conditions, FleetSnapshot fleet, Supplier<CallOutcomes> calls, TimeFormat time,
            SourceNames names, Instant at) {
        List<NotMeasured> notMeasured = new ArrayList<>();
        for (Condition c : conditions) {
            ConditionKind kind = c.kind();
            try {
                if (kind.quantity() instanceof FleetQuantity q) {
                    FleetAssert.assertThat(fleet, names).has(q, kind.bound(), c.value());
                } else {
                    CallsAssert.assertThat(calls.get(), time).has((CallQuantity) kind.quantity(), kind.bound(), c.value());
                }
            } catch (NotMeasuredError e) {
                notMeasured.add(e.as(kind.key()).map(m -> m.when().isEmpty() ? m.at(at) : m));
            }
        }
        if (!notMeasured.isEmpty()) {
            throw new NotMeasuredError(notMeasured);
        }
    }
}
