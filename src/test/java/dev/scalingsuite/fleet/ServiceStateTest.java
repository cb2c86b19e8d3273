package dev.scalingsuite.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where the rollout stands, read from the deployments DescribeServices lists. */
class ServiceStateTest {

    private static ServiceDeployment deployment(String status, String rolloutState) {
        return new ServiceDeployment("ecs-svc/" + status, status, "td:1", rolloutState, "", 1, 1, 0, 0, Instant.EPOCH,
                Instant.EPOCH);
    }

    private static RolloutState rollout(ServiceDeployment... deployments) {
        return new ServiceState(1, 1, 0, "td:1", List.of(deployments), List.of()).rollout();
    }

    @Test
    void oneCompletedPrimaryIsCompleted() {
        assertThat(rollout(deployment("PRIMARY", "COMPLETED"))).isEqualTo(RolloutState.COMPLETED);
        assertThat(rollout(deployment("PRIMARY", ""))).as("a service whose ECS reports no rollout state")
                .isEqualTo(RolloutState.COMPLETED);
    }

    @Test
    void aPrimaryInProgressOrAnEarlierDeploymentStillListedIsInProgress() {
        assertThat(rollout(deployment("PRIMARY", "IN_PROGRESS"))).isEqualTo(RolloutState.IN_PROGRESS);
        assertThat(rollout(deployment("PRIMARY", "COMPLETED"), deployment("ACTIVE", "COMPLETED")))
                .isEqualTo(RolloutState.IN_PROGRESS);
    }

    @Test
    void aFailedDeploymentStillListedIsFailedEvenWhileItsRollbackRuns() {
        assertThat(rollout(deployment("PRIMARY", "IN_PROGRESS"), deployment("ACTIVE", "FAILED")))
                .isEqualTo(RolloutState.FAILED);
    }

    @Test
    void nothingReadIsUnknown() {
        assertThat(ServiceState.UNKNOWN.rollout()).isEqualTo(RolloutState.UNKNOWN);
    }
}
