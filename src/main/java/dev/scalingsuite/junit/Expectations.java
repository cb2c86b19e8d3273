package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.CallQuantity;
import dev.scalingsuite.fleet.CallOutcomes;
import dev.scalingsuite.fleet.CallsAssert;
import dev.scalingsuite.fleet.FleetAssert;
import dev.scalingsuite.fleet.FleetQuantity;
import dev.scalingsuite.fleet.FleetSnapshot;
import dev.scalingsuite.fleet.error.TimeFormat;
import dev.scalingsuite.scenario.Condition;
import dev.scalingsuite.scenario.ConditionKind;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A scenario's conditions as hard AssertJ assertions on the latest snapshot and the calls in the
 * stack's view. What each condition observes and asserts comes from its kind's row in
 * {@link ConditionKind}: the quantity and the bound. The calls are counted only when a condition
 * needs them.
 */
final class Expectations {

    private Expectations() {
    }

    /** What the conditions' quantities were in {@code fleet}, e.g. {@code running tasks 2, routable tasks 2}. */
    static String observed(List<Condition> conditions, FleetSnapshot fleet, Supplier<CallOutcomes> calls) {
        Set<String> parts = new LinkedHashSet<>();
        for (Condition c : conditions) {
            parts.add(c.kind().quantity().label() + " " + c.kind().quantity().show(c.kind().quantity().in(fleet, calls)));
        }
        return String.join(", ", parts);
    }

    /** @param time writes the calls' times in a failure that names calls (model time in a run) */
    static void check(List<Condition> conditions, FleetSnapshot fleet, Supplier<CallOutcomes> calls, TimeFormat time) {
        for (Condition c : conditions) {
            ConditionKind kind = c.kind();
            if (kind.quantity() instanceof FleetQuantity q) {
                FleetAssert.assertThat(fleet).has(q, kind.bound(), c.value());
            } else {
                CallsAssert.assertThat(calls.get(), time).has((CallQuantity) kind.quantity(), kind.bound(), c.value());
            }
        }
    }
}
