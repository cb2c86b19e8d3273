package dev.scalingsuite.fleet;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FleetAssertTest {

    private static final String NL = System.lineSeparator();
    private static final Instant T = Instant.parse("2026-11-23T12:00:00Z");

    private static TaskState task(String id, int sessions, String health) {
        return new TaskState(id + "0000000000", "10.0.0." + id.length(), "RUNNING", "RUNNING", T, T, T, T, null,
                null, sessions > 0, null, health, sessions, "td:1");
    }

    private static final FleetSnapshot FLEET = new FleetSnapshot(T, new ServiceState(3, 2, 1),
            List.of(task("aaaaaaaa", 5, "healthy"), task("bbbbbbbb", 0, "unhealthy")),
            new SessionMetrics(T, Map.of(SessionMetrics.SESSIONS_PER_TASK, 2.5)));

    private static final String SEEN = "(running 2, desired 3, pending 1; sessions 5 on tasks aaaaaaaa=5 "
            + "bbbbbbbb=0(unhealthy); SessionsPerTask 2.50)";

    @Nested
    class RunningTasks {
        @Test
        void atLeastHoldsAndFailsWithWhatWasSeen() {
            assertThatCode(() -> FleetAssert.assertThat(FLEET).hasRunningTasksAtLeast(2)).doesNotThrowAnyException();
            assertThatThrownBy(() -> FleetAssert.assertThat(FLEET).hasRunningTasksAtLeast(3))
                    .hasMessage(NL + "Expected running tasks >= 3 but was 2 " + SEEN);
        }

        @Test
        void atMost() {
            assertThatThrownBy(() -> FleetAssert.assertThat(FLEET).hasRunningTasksAtMost(1))
                    .hasMessage(NL + "Expected running tasks <= 1 but was 2 " + SEEN);
        }

        @Test
        void exactly() {
            assertThatThrownBy(() -> FleetAssert.assertThat(FLEET).hasRunningTasks(1))
                    .hasMessage(NL + "Expected running tasks = 1 but was 2 " + SEEN);
        }
    }

    @Test
    void desiredAndPending() {
        assertThatThrownBy(() -> FleetAssert.assertThat(FLEET).hasDesiredCount(1))
                .hasMessage(NL + "Expected desired count = 1 but was 3 " + SEEN);
        assertThatThrownBy(() -> FleetAssert.assertThat(FLEET).hasDesiredCountAtLeast(4))
                .hasMessage(NL + "Expected desired count >= 4 but was 3 " + SEEN);
        assertThatThrownBy(() -> FleetAssert.assertThat(FLEET).hasPendingTasks(0))
                .hasMessage(NL + "Expected pending tasks = 0 but was 1 " + SEEN);
    }

    @Test
    void sessionsAreSummedFromTheTasksHeartbeats() {
        assertThatCode(() -> FleetAssert.assertThat(FLEET).hasActiveSessions(5).hasActiveSessionsAtLeast(5))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> FleetAssert.assertThat(FLEET).hasActiveSessions(0))
                .hasMessage(NL + "Expected active sessions = 0 but was 5 " + SEEN);
    }

    @Test
    void spreadCountsRunningTasksWithSessions() {
        assertThatCode(() -> FleetAssert.assertThat(FLEET).isSpreadOver(1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> FleetAssert.assertThat(FLEET).isSpreadOver(2))
                .hasMessage(NL + "Expected running tasks with sessions >= 2 but was 1 " + SEEN);
    }

    @Test
    void routableCountsRunningTasksTheLoadBalancerFindsHealthy() {
        assertThatCode(() -> FleetAssert.assertThat(FLEET).hasRoutableTasksAtLeast(1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> FleetAssert.assertThat(FLEET).hasRoutableTasksAtLeast(2))
                .hasMessage(NL + "Expected routable tasks >= 2 but was 1 " + SEEN);
    }

    @Test
    void callsAssertions() {
        CallOutcomes calls = CallOutcomes.ofCounts(new CallTally(10, 8, 2, 1, 7));
        assertThatCode(() -> CallsAssert.assertThat(calls).hasDroppedAtMost(1).hasRejectedAtMost(2))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> CallsAssert.assertThat(calls).hasDroppedAtMost(0))
                .hasMessage(NL + "Expected dropped calls <= 0 but was 1 "
                        + "(calls: SIP view: placed 10, answered 8, 503 2, ended by the far end 1, completed 7; stack's view: "
                        + "rejected 2 (503 2, refused after answer 0), dropped 1, front-door failures 0)");
    }

    @Test
    void aNullSnapshotIsReportedAsSuch() {
        assertThatThrownBy(() -> FleetAssert.assertThat(null).hasRunningTasks(1))
                .hasMessageContaining("Expecting actual not to be null");
    }
}
