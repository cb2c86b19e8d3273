package dev.scalingsuite.fleet;

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

    public FleetAssert hasRunningTasksAtLeast(int n) {
        isNotNull();
        return check(actual.service().running() >= n, "running tasks >= " + n, actual.service().running());
    }

    public FleetAssert hasRunningTasksAtMost(int n) {
        isNotNull();
        return check(actual.service().running() <= n, "running tasks <= " + n, actual.service().running());
    }

    public FleetAssert hasRunningTasks(int n) {
        isNotNull();
        return check(actual.service().running() == n, "running tasks = " + n, actual.service().running());
    }

    public FleetAssert hasDesiredCount(int n) {
        isNotNull();
        return check(actual.service().desired() == n, "desired count = " + n, actual.service().desired());
    }

    public FleetAssert hasDesiredCountAtLeast(int n) {
        isNotNull();
        return check(actual.service().desired() >= n, "desired count >= " + n, actual.service().desired());
    }

    public FleetAssert hasPendingTasks(int n) {
        isNotNull();
        return check(actual.service().pending() == n, "pending tasks = " + n, actual.service().pending());
    }

    public FleetAssert hasActiveSessions(int n) {
        isNotNull();
        return check(actual.activeSessions() == n, "active sessions = " + n, actual.activeSessions());
    }

    public FleetAssert hasActiveSessionsAtLeast(int n) {
        isNotNull();
        return check(actual.activeSessions() >= n, "active sessions >= " + n, actual.activeSessions());
    }

    /** At least {@code n} running tasks hold a session: the load balancer spread the calls. */
    public FleetAssert isSpreadOver(int n) {
        isNotNull();
        int spread = actual.tasksWithSessions().size();
        return check(spread >= n, "running tasks with sessions >= " + n, spread);
    }

    /** At least {@code n} running tasks are healthy in the load balancer, so new calls can reach them. */
    public FleetAssert hasRoutableTasksAtLeast(int n) {
        isNotNull();
        long routable = actual.runningTasks().stream().filter(TaskState::routable).count();
        return check(routable >= n, "routable tasks >= " + n, routable);
    }

    private FleetAssert check(boolean holds, String expectation, long seen) {
        isNotNull();
        if (!holds) {
            throw assertionError(shouldHave(expectation, seen, actual.summary()));
        }
        return this;
    }
}
