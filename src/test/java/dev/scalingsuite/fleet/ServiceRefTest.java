package dev.scalingsuite.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A cluster and a service given as names or ARNs: the names every API and the run lock use, and the errors. */
class ServiceRefTest {

    private static final String CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/voice-agent-poc-cluster";
    private static final String SERVICE_ARN =
            "arn:aws:ecs:us-east-1:123456789012:service/voice-agent-poc-cluster/voice-agent-poc-service";

    @ParameterizedTest
    @CsvSource({
            "voice-agent-poc-cluster, voice-agent-poc-service",
            CLUSTER_ARN + ", voice-agent-poc-service",
            "voice-agent-poc-cluster, " + SERVICE_ARN,
            CLUSTER_ARN + ", " + SERVICE_ARN,
            CLUSTER_ARN + ", arn:aws:ecs:us-east-1:123456789012:service/voice-agent-poc-service"})
    void namesAndArnsOfOneServiceAreTheSameServiceByName(String cluster, String service) {
        ServiceRef ref = ServiceRef.of(cluster, service);

        assertThat(ref.clusterName()).isEqualTo("voice-agent-poc-cluster");
        assertThat(ref.serviceName()).isEqualTo("voice-agent-poc-service");
        assertThat(ref).hasToString("voice-agent-poc-cluster/voice-agent-poc-service")
                .isEqualTo(ServiceRef.of("voice-agent-poc-cluster", "voice-agent-poc-service"))
                .hasSameHashCodeAs(ServiceRef.of("voice-agent-poc-cluster", "voice-agent-poc-service"));
    }

    @Test
    void otherPartitionsAndTheirRegionsAreArnsToo() {
        ServiceRef ref = ServiceRef.of("arn:aws-cn:ecs:cn-north-1:123456789012:cluster/c_1",
                "arn:aws-us-gov:ecs:cn-north-1:123456789012:service/c_1/s-2");

        assertThat(ref).hasToString("c_1/s-2");
        assertThat(ref.region()).contains("cn-north-1");
        assertThat(ServiceRef.of("c", "s").region()).isEmpty();
    }

    @Test
    void anotherServiceIsAnotherService() {
        assertThat(ServiceRef.of("voice-agent-poc-cluster", "voice-agent-poc-service"))
                .isNotEqualTo(ServiceRef.of("voice-agent-poc-cluster", "voice-agent-poc-service-2"))
                .isNotEqualTo(ServiceRef.of("voice-agent-poc-cluster-2", "voice-agent-poc-service"));
    }

    @Test
    void aClusterThatIsNeitherANameNorAClusterArnIsNamedWithWhatIsAllowed() {
        assertThatThrownBy(() -> ServiceRef.of("arn:aws:ecs:us-east-1:123456789012:service/voice-agent-poc-cluster",
                "SSM /voice-agent/ecs/cluster-arn, the default", "voice-agent-poc-service", "the default"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'cluster' (SSM /voice-agent/ecs/cluster-arn, the default) must be an ECS cluster name "
                        + "(1 to 255 letters, digits, - and _) or ARN arn:<partition>:ecs:<region>:<account>:cluster/"
                        + "<name>, was 'arn:aws:ecs:us-east-1:123456789012:service/voice-agent-poc-cluster'");
    }

    @Test
    void aServiceThatIsNeitherANameNorAServiceArnIsNamedWithWhatIsAllowed() {
        assertThatThrownBy(() -> ServiceRef.of("voice-agent-poc-cluster", "voice agent"))
                .hasMessage("'service' must be an ECS service name (1 to 255 letters, digits, - and _) or ARN "
                        + "arn:<partition>:ecs:<region>:<account>:service/<cluster>/<name> (or the older "
                        + "service/<name>), was 'voice agent'");
        assertThat(ServiceRef.isService("arn:aws:ecs:us-east-1:123456789012:service/a/b/c")).isFalse();
        assertThat(ServiceRef.isCluster(CLUSTER_ARN + "/x")).isFalse();
        assertThat(ServiceRef.isCluster("x".repeat(256))).isFalse();
        assertThat(ServiceRef.isCluster("x".repeat(255))).isTrue();
    }

    @Test
    void aServiceArnOfAnotherClusterContradictsTheCluster() {
        assertThatThrownBy(() -> ServiceRef.of(CLUSTER_ARN, "SSM /voice-agent/ecs/cluster-arn, the default",
                "arn:aws:ecs:us-east-1:123456789012:service/other-cluster/voice-agent-poc-service", "configuration"))
                .hasMessage("'service' arn:aws:ecs:us-east-1:123456789012:service/other-cluster/voice-agent-poc-service "
                        + "(configuration) is a service of cluster other-cluster, but 'cluster' is " + CLUSTER_ARN
                        + " (SSM /voice-agent/ecs/cluster-arn, the default); allowed: the service's own cluster, or "
                        + "the service as a name");
    }

    @Test
    void arnsOfAnotherRegionOrAccountContradictEachOther() {
        assertThatThrownBy(() -> ServiceRef.of(CLUSTER_ARN,
                "arn:aws:ecs:eu-west-1:123456789012:service/voice-agent-poc-cluster/voice-agent-poc-service"))
                .hasMessage("'service' arn:aws:ecs:eu-west-1:123456789012:service/voice-agent-poc-cluster/"
                        + "voice-agent-poc-service is in region eu-west-1, account 123456789012, but 'cluster' is "
                        + CLUSTER_ARN + ", in region us-east-1, account 123456789012; allowed: a cluster and a "
                        + "service of one region and account");
        assertThatThrownBy(() -> ServiceRef.of(CLUSTER_ARN,
                "arn:aws:ecs:us-east-1:210987654321:service/voice-agent-poc-service"))
                .hasMessageContaining("is in region us-east-1, account 210987654321, but 'cluster' is " + CLUSTER_ARN
                        + ", in region us-east-1, account 123456789012;");
    }
}
