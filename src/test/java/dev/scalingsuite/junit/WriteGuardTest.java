package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.config.SuiteConfig;
import dev.scalingsuite.fleet.LockStore;
import dev.scalingsuite.fleet.MemoryLockStore;
import dev.scalingsuite.fleet.RunLock;
import dev.scalingsuite.fleet.ServiceRef;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The run lock is one per service by name, whether the cluster and service are given as names or ARNs. */
class WriteGuardTest {

    private static final String CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/voice-agent-poc-cluster";
    private static final String SERVICE_ARN =
            "arn:aws:ecs:us-east-1:123456789012:service/voice-agent-poc-cluster/voice-agent-poc-service";

    @Test
    void theLockIsNamedAfterTheClusterAndServiceNamesWhenGivenArns() {
        assertThat(WriteGuard.lockName(ServiceRef.of(CLUSTER_ARN, SERVICE_ARN)))
                .isEqualTo("/scaling-suite/locks/voice-agent-poc-cluster/voice-agent-poc-service");
    }

    @Test
    void aRunGivenArnsIsKeptOutByOneGivenNamesOfTheSameService() {
        LockStore store = new MemoryLockStore();
        SuiteConfig config = SuiteConfig.defaults();
        String account = "000000000000";

        try (RunLock byNames = WriteGuard.check(config, Optional.of(account), () -> account, store,
                ServiceRef.of("voice-agent-poc-cluster", "voice-agent-poc-service"))) {
            assertThatThrownBy(() -> WriteGuard.check(config, Optional.of(account), () -> account, store,
                    ServiceRef.of(CLUSTER_ARN, SERVICE_ARN)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("The run lock /scaling-suite/locks/voice-agent-poc-cluster/"
                            + "voice-agent-poc-service is taken: held by ");
        }
    }
}
