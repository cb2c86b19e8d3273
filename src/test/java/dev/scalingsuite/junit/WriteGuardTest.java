package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The run lock is one per service by name, whether the cluster and service are given as names or ARNs. */
class WriteGuardTest {

    @ParameterizedTest
    @CsvSource({
            "voice-agent-poc-cluster, voice-agent-poc-service",
            "arn:aws:ecs:us-east-1:123456789012:cluster/voice-agent-poc-cluster, voice-agent-poc-service",
            "voice-agent-poc-cluster, arn:aws:ecs:us-east-1:123456789012:service/voice-agent-poc-cluster/voice-agent-poc-service",
            "arn:aws:ecs:us-east-1:123456789012:cluster/voice-agent-poc-cluster, "
                    + "arn:aws:ecs:us-east-1:123456789012:service/voice-agent-poc-service"})
    void theLockIsNamedAfterTheClusterAndServiceNames(String cluster, String service) {
        assertThat(WriteGuard.lockName(cluster, service))
                .isEqualTo("/scaling-suite/locks/voice-agent-poc-cluster/voice-agent-poc-service");
    }
}
