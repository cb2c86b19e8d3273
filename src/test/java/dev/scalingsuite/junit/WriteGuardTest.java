package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.config.SuiteConfig;
import dev.scalingsuite.fleet.LockStore;
import dev.scalingsuite.fleet.RunLock;
import dev.scalingsuite.fleet.ServiceRef;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The run lock is one per service by name, whether the cluster and service are given as names or ARNs. */
class WriteGuardTest {

    private static final String CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/voice-agent-poc-cluster";
    private static final String SERVICE_ARN =
            "arn:aws:ecs:us-east-1:123456789012:service/voice-agent-poc-cluster/voice-agent-poc-service";

    @ParameterizedTest
    @CsvSource({
            "voice-agent-poc-cluster, voice-agent-poc-service",
            CLUSTER_ARN + ", voice-agent-poc-service",
            "voice-agent-poc-cluster, " + SERVICE_ARN,
            CLUSTER_ARN + ", arn:aws:ecs:us-east-1:123456789012:service/voice-agent-poc-service"})
    void theLockIsNamedAfterTheClusterAndServiceNames(String cluster, String service) {
        assertThat(WriteGuard.lockName(ServiceRef.of(cluster, service)))
                .isEqualTo("/scaling-suite/locks/voice-agent-poc-cluster/voice-agent-poc-service");
    }

    @Test
    void aRunGivenArnsIsKeptOutByOneGivenNamesOfTheSameService() {
        LockStore store = new MemoryStore();
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

    /** Records in memory; creating one is atomic, as the store's contract asks. */
    private static final class MemoryStore implements LockStore {
        private final Map<String, String> records = new ConcurrentHashMap<>();

        @Override
        public Optional<String> read(String name) {
            return Optional.ofNullable(records.get(name));
        }

        @Override
        public boolean createIfAbsent(String name, String value) {
            return records.putIfAbsent(name, value) == null;
        }

        @Override
        public void overwrite(String name, String value) {
            records.put(name, value);
        }

        @Override
        public void delete(String name) {
            records.remove(name);
        }
    }
}
