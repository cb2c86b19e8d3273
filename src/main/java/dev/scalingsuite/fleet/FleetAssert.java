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

import dev.scalingsuite.fleet.finding.Missing;
import dev.scalingsuite.fleet.finding.NotMeasured;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link FleetSnapshot}, for use inside Awaitility polling:
 * <pre>
 * await().alias("scale-out to 2").atMost(scaled(8, MINUTES))
 *        .untilAsserted(() -> assertThat(monitor.latest()).hasRunningTasksAtLeast(2));
 * </pre>
 * A quantity whose source had nothing in the snapshot (not one fresh heartbeat, not one target) is not
 * measured: the assertion fails with a {@link NotMeasuredError} naming where it looked, whatever the
 * bound, since {@code active sessions = 0} on an empty session table says nothing of the sessions.
 */
public final class FleetAssert extends AbstractAssert<FleetAssert, FleetSnapshot> {

    private final SourceNames names;

    public FleetAssert(FleetSnapshot actual) {
        this(actual, SourceNames.GENERIC);
    }

    private FleetAssert(FleetSnapshot actual, SourceNames names) {
        super(actual, FleetAssert.class);
        this.names = names;
    }

    public static FleetAssert assertThat(FleetSnapshot actual) {
        return new FleetAssert(actual);
    }

    /** @param names where each source was read, for a failure that says a quantity was not measured */
    public static FleetAssert assertThat(FleetSnapshot actual, SourceNames names) {
        return new FleetAssert(actual, names);
    }

    /** {@code quantity} is within {@code bound} of {@code n}, e.g. {@code has(RUNNING_TASKS, AT_LEAST, 2)}. */
    public FleetAssert has(FleetQuantity quantity, Bound bound, long n) {
        isNotNull();
        if (!actual.hasDataFrom(quantity.source())) {
            throw new NotMeasuredError(new NotMeasured(bound.describe(quantity, n),
                    Missing.of(quantity.source()).in(names.where(quantity.source()))));
        }
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
