package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.CallTally;
import dev.scalingsuite.fleet.CallsAssert;
import dev.scalingsuite.fleet.FleetAssert;
import dev.scalingsuite.fleet.FleetSnapshot;
import dev.scalingsuite.scenario.Condition;
import java.util.List;
import java.util.function.Supplier;

/** A scenario's conditions as hard AssertJ assertions on the latest snapshot and the call counts. */
final class Expectations {

    private Expectations() {
    }

    /** What the conditions' quantities were in {@code fleet}, e.g. {@code running tasks 2, routable tasks 2}. */
    static String observed(List<Condition> conditions, FleetSnapshot fleet, Supplier<CallTally> calls) {
        java.util.LinkedHashSet<String> parts = new java.util.LinkedHashSet<>();
        for (Condition c : conditions) {
            parts.add(switch (c.kind()) {
                case RUNNING_AT_LEAST, RUNNING_AT_MOST, RUNNING -> "running tasks " + fleet.service().running();
                case DESIRED, DESIRED_AT_LEAST -> "desired count " + fleet.service().desired();
                case PENDING -> "pending tasks " + fleet.service().pending();
                case ACTIVE_SESSIONS, ACTIVE_SESSIONS_AT_LEAST -> "active sessions " + fleet.activeSessions();
                case SPREAD_OVER -> "running tasks with sessions " + fleet.tasksWithSessions().size();
                case ROUTABLE_AT_LEAST -> "routable tasks "
                        + fleet.runningTasks().stream().filter(dev.scalingsuite.fleet.TaskState::routable).count();
                case DROPPED -> "dropped calls " + calls.get().dropped();
                case REJECTED -> "rejected calls " + calls.get().rejected();
            });
        }
        return String.join(", ", parts);
    }

    static void check(List<Condition> conditions, FleetSnapshot fleet, Supplier<CallTally> calls) {
        for (Condition c : conditions) {
            int n = c.value();
            switch (c.kind()) {
                case RUNNING_AT_LEAST -> FleetAssert.assertThat(fleet).hasRunningTasksAtLeast(n);
                case RUNNING_AT_MOST -> FleetAssert.assertThat(fleet).hasRunningTasksAtMost(n);
                case RUNNING -> FleetAssert.assertThat(fleet).hasRunningTasks(n);
                case DESIRED -> FleetAssert.assertThat(fleet).hasDesiredCount(n);
                case DESIRED_AT_LEAST -> FleetAssert.assertThat(fleet).hasDesiredCountAtLeast(n);
                case PENDING -> FleetAssert.assertThat(fleet).hasPendingTasks(n);
                case ACTIVE_SESSIONS -> FleetAssert.assertThat(fleet).hasActiveSessions(n);
                case ACTIVE_SESSIONS_AT_LEAST -> FleetAssert.assertThat(fleet).hasActiveSessionsAtLeast(n);
                case SPREAD_OVER -> FleetAssert.assertThat(fleet).isSpreadOver(n);
                case ROUTABLE_AT_LEAST -> FleetAssert.assertThat(fleet).hasRoutableTasksAtLeast(n);
                case DROPPED -> CallsAssert.assertThat(calls.get()).hasDroppedAtMost(n);
                case REJECTED -> CallsAssert.assertThat(calls.get()).hasRejectedAtMost(n);
                default -> throw new IllegalStateException("No check for condition " + c.kind());
            }
        }
    }
}
