package dev.scalingsuite.fleet;

import static dev.scalingsuite.fleet.Bound.AT_LEAST;
import static dev.scalingsuite.fleet.Bound.AT_MOST;
import static dev.scalingsuite.fleet.Bound.EXACTLY;
import static dev.scalingsuite.fleet.FleetQuantity.ACTIVE_SESSIONS;
import static dev.scalingsuite.fleet.FleetQuantity.DESIRED_COUNT;
import static dev.scalingsuite.fleet.FleetQuantity.PENDING_TASKS;
import static dev.scalingsuite.fleet.FleetQuantity.ROUTABLE_TASKS;
import static dev.scalingsuite.fleet.FleetQuantity.RUNNING_TASKS;
import static dev.scalingsuite.fleet.FleetQuantity.TASKS_WITH_SESSIONS;
import static dev.scalingsuite.fleet.error.ShouldHave.shouldHave;

import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link FleetSnapshot}, for use inside Awaitility polling:
 * <pre>
 * await().alias("scale-out to 2").atMost(scaled(8, MINUTES))
 *        .untilAsserted(() -> assertThat(monitor.latest()).hasRunningTasksAtLeast(2));
 * </pre>
 */
public final class FleetAssert extends AbstractAssert<FleetAssert, FleetSnapshot> {

    public FleetAssert(FleetSnapshot actual) {
        super(actual, FleetAssert.class);
    }

    public static FleetAssert assertThat(FleetSnapshot actual) {
        return new FleetAssert(actual);
    }

    /** {@code quantity} is within {@code bound} of {@code n}, e.g. {@code has(RUNNING_TASKS, AT_LEAST, 2)}. */
    public FleetAssert has(FleetQuantity quantity, Bound bound, long n) {
        isNotNull();
        long seen = quantity.of(actual);
        if (!bound.admits(seen, n)) {
            throw assertionError(shouldHave(bound.describe(quantity, n), quantity.show(seen), actual.summary()));
        }
        return this;
    }

    public FleetAssert hasRunningTasksAtLeast(int n) {
        return has(RUNNING_TASKS, AT_LEAST, n);
    }

    public FleetAssert hasRunningTasksAtMost(int n) {
        return has(RUNNING_TASKS, AT_MOST, n);
    }

    public FleetAssert hasRunningTasks(int n) {
        return has(RUNNING_TASKS, EXACTLY, n);
    }

    public FleetAssert hasDesiredCount(int n) {
        return has(DESIRED_COUNT, EXACTLY, n);
    }

    public FleetAssert hasDesiredCountAtLeast(int n) {
        return has(DESIRED_COUNT, AT_LEAST, n);
    }

    public FleetAssert hasPendingTasks(int n) {
        return has(PENDING_TASKS, EXACTLY, n);
    }

    public FleetAssert hasActiveSessions(int n) {
        return has(ACTIVE_SESSIONS, EXACTLY, n);
    }

    public FleetAssert hasActiveSessionsAtLeast(int n) {
        return has(ACTIVE_SESSIONS, AT_LEAST, n);
    }

    /** At least {@code n} running tasks hold a session: the load balancer spread the calls. */
    public FleetAssert isSpreadOver(int n) {
        return has(TASKS_WITH_SESSIONS, AT_LEAST, n);
    }

    /** At least {@code n} running tasks are healthy in the load balancer, so new calls can reach them. */
    public FleetAssert hasRoutableTasksAtLeast(int n) {
        return has(ROUTABLE_TASKS, AT_LEAST, n);
    }
}
