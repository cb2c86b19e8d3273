package dev.scalingsuite.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.aws.StackNames.Name;
import dev.scalingsuite.config.AwsTarget;
import dev.scalingsuite.config.ConfigException;
import dev.scalingsuite.config.ConfigValue;
import dev.scalingsuite.fleet.ServiceRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * Where each name comes from, read as on AWS: the cluster from the stack's SSM parameter, the service
 * by its deployed name, the environment from the task definition's ENVIRONMENT variable, the target
 * group from the service's load balancer, the log group from its task definition's awslogs options,
 * the session table from the stack's SSM parameter, unless configured; each resolved when first asked
 * for and kept.
 */
class StackNamesTest {

    private static final String TARGET_GROUP =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/voice-agent-poc-tg/0123abcd";
    private static final String TASK_DEFINITION =
            "arn:aws:ecs:us-east-1:123456789012:task-definition/voice-agent-poc-voice-agent:3";

    private final List<String> asked = new ArrayList<>();
    private static final String CLUSTER = "arn:aws:ecs:us-east-1:123456789012:cluster/voice-agent-poc-cluster";

    private final Map<String, String> parameters = new HashMap<>(Map.of(
            "/voice-agent/sessions/table-name", "voice-agent-poc-sessions", "/voice-agent/ecs/cluster-arn", CLUSTER));
    private boolean ecsDown;
    private List<LoadBalancer> loadBalancers = List.of(LoadBalancer.builder().targetGroupArn(TARGET_GROUP)
            .containerName("voice-agent").containerPort(8080).build());
    private List<ContainerDefinition> containers = List.of(
            container("log-router", "/ecs/firelens"), container("voice-agent", "/ecs/voice-agent-poc", "poc"));

    private static ContainerDefinition container(String name, String group) {
        return ContainerDefinition.builder().name(name).logConfiguration(LogConfiguration.builder()
                .logDriver("awslogs").options(Map.of("awslogs-group", group, "awslogs-stream-prefix", name)).build())
                .build();
    }

    /** A container logging to {@code group} whose environment sets ENVIRONMENT, as the stack's CDK does. */
    private static ContainerDefinition container(String name, String group, String environment) {
        return container(name, group).toBuilder().environment(KeyValuePair.builder().name("MAX_CONCURRENT_CALLS")
                .value("10").build(), KeyValuePair.builder().name("ENVIRONMENT").value(environment).build()).build();
    }

    private final EcsClient ecs = new EcsClient() {
        @Override
        public DescribeServicesResponse describeServices(DescribeServicesRequest request) {
            asked.add("DescribeServices " + request.services());
            if (ecsDown) {
                throw EcsException.builder().message("Service Unavailable (Status Code: 503)").build();
            }
            return DescribeServicesResponse.builder().services(Service.builder().serviceName("voice-agent-poc-service")
                    .taskDefinition(TASK_DEFINITION).loadBalancers(loadBalancers).build()).build();
        }

        @Override
        public DescribeTaskDefinitionResponse describeTaskDefinition(DescribeTaskDefinitionRequest request) {
            asked.add("DescribeTaskDefinition " + request.taskDefinition());
            return DescribeTaskDefinitionResponse.builder().taskDefinition(d -> d
                    .taskDefinitionArn(TASK_DEFINITION).containerDefinitions(containers)).build();
        }

        @Override
        public String serviceName() {
            return "ecs";
        }

        @Override
        public void close() {
        }
    };

    private final SsmClient ssm = new SsmClient() {
        @Override
        public GetParameterResponse getParameter(GetParameterRequest request) {
            asked.add("GetParameter " + request.name());
            String value = parameters.get(request.name());
            if (value == null) {
                throw ParameterNotFoundException.builder().message("not found").build();
            }
            return GetParameterResponse.builder().parameter(p -> p.name(request.name()).value(value)).build();
        }

        @Override
        public String serviceName() {
            return "ssm";
        }

        @Override
        public void close() {
        }
    };

    private StackNames names(Map<String, String> configured) {
        Map<String, Optional<ConfigValue>> c = new HashMap<>();
        for (String key : List.of("cluster", "service", "environment", "session-table", "log-group", "target-group",
                "task-definition")) {
            c.put(key, Optional.ofNullable(configured.get(key)).map(ConfigValue::of));
        }
        AwsTarget aws = new AwsTarget(Optional.empty(), c.get("cluster"), c.get("service"),
                c.get("session-table").or(() -> Optional.of(AwsTarget.DEFAULT_SESSION_TABLE)), c.get("log-group"),
                c.get("target-group"), c.get("task-definition"), c.get("environment"), Optional.empty());
        StackNames names = StackNames.resolve(ecs, new SsmResolver(ssm), aws, "us-east-1");
        asked.clear();
        return names;
    }

    @Test
    void byDefaultEachNameIsReadWhereTheDeployedStackKeepsIt() {
        StackNames names = names(Map.of());
        assertThat(asked).as("building the names reads nothing").isEmpty();

        assertThat(names.lines()).containsExactly(
                "cluster: " + CLUSTER + " (SSM /voice-agent/ecs/cluster-arn, the default)",
                "service: voice-agent-poc-service (the default)",
                "environment: poc (task definition voice-agent-poc-voice-agent:3 of the service, container "
                        + "voice-agent: environment variable ENVIRONMENT)",
                "target group: " + TARGET_GROUP + " (DescribeServices of voice-agent-poc-service: "
                        + "loadBalancers[0].targetGroupArn)",
                "log group: /ecs/voice-agent-poc (task definition voice-agent-poc-voice-agent:3 of the service, "
                        + "container voice-agent: awslogs-group)",
                "session table: voice-agent-poc-sessions (SSM /voice-agent/sessions/table-name, the default)");
        assertThat(asked).containsExactly("DescribeServices [voice-agent-poc-service]",
                "DescribeTaskDefinition " + TASK_DEFINITION, "DescribeServices [voice-agent-poc-service]",
                "DescribeServices [voice-agent-poc-service]", "DescribeTaskDefinition " + TASK_DEFINITION,
                "GetParameter /voice-agent/sessions/table-name");

        asked.clear();
        names.environment();
        names.targetGroup();
        names.logGroup();
        names.sessionTable();
        assertThat(asked).as("each is kept once resolved").isEmpty();
    }

    @Test
    void configuredNamesWinAndSayWhereTheyCameFrom() {
        parameters.put("/voice-agent/nlb/tg", TARGET_GROUP);
        StackNames names = names(Map.of("target-group", "ssm:///voice-agent/nlb/tg", "log-group", "/ecs/mine",
                "session-table", "calls", "cluster", "voice-agent-poc-poc-voice-agent", "service", "svc",
                "environment", "staging"));

        assertThat(names.lines()).startsWith("cluster: voice-agent-poc-poc-voice-agent (configuration)",
                "service: svc (configuration)");
        assertThat(names.service()).isEqualTo(ServiceRef.of("voice-agent-poc-poc-voice-agent", "svc"));
        assertThat(names.environment()).isEqualTo(new Name("staging", "configuration"));
        assertThat(names.targetGroup()).isEqualTo(new Name(TARGET_GROUP, "SSM /voice-agent/nlb/tg, configured"));
        assertThat(names.logGroup()).isEqualTo(new Name("/ecs/mine", "configuration"));
        assertThat(names.sessionTable()).isEqualTo(new Name("calls", "configuration"));
        assertThat(asked).containsExactly("GetParameter /voice-agent/nlb/tg");
    }

    @Test
    void theLogGroupIsTheLoadBalancedContainersElseTheFirstLoggingWithAwslogs() {
        containers = List.of(ContainerDefinition.builder().name("sidecar").build(),
                container("log-router", "/ecs/firelens"), container("voice-agent", "/ecs/voice-agent-poc"));
        assertThat(names(Map.of()).logGroup().value()).isEqualTo("/ecs/voice-agent-poc");

        loadBalancers = List.of();
        assertThat(names(Map.of()).logGroup()).isEqualTo(new Name("/ecs/firelens",
                "task definition voice-agent-poc-voice-agent:3 of the service, container log-router: awslogs-group"));

        containers = List.of(ContainerDefinition.builder().name("voice-agent").build());
        assertThatThrownBy(() -> names(Map.of()).logGroup()).hasMessage("no 'log-group' configured, and task "
                + "definition voice-agent-poc-voice-agent:3 of the service has no container logging with awslogs "
                + "(logConfiguration.options awslogs-group): set 'log-group'");
    }

    @Test
    void theEnvironmentIsTheLoadBalancedContainersElseTheFirstSettingIt() {
        containers = List.of(container("sidecar", "/ecs/x", "other"), container("voice-agent", "/ecs/voice-agent-poc",
                "poc"));
        assertThat(names(Map.of()).environment().value()).isEqualTo("poc");

        loadBalancers = List.of();
        assertThat(names(Map.of()).environment()).isEqualTo(new Name("other", "task definition "
                + "voice-agent-poc-voice-agent:3 of the service, container sidecar: environment variable ENVIRONMENT"));

        containers = List.of(container("voice-agent", "/ecs/voice-agent-poc"));
        assertThatThrownBy(() -> names(Map.of()).environment()).hasMessage("no 'environment' configured, and task "
                + "definition voice-agent-poc-voice-agent:3 of the service has no container with the environment "
                + "variable ENVIRONMENT: set 'environment'");
    }

    @Test
    void withoutTheStacksClusterParameterTheClusterMustBeConfigured() {
        parameters.remove("/voice-agent/ecs/cluster-arn");
        assertThatThrownBy(() -> names(Map.of())).hasMessage("no 'cluster' configured, and SSM parameter "
                + "'/voice-agent/ecs/cluster-arn', where the deployed stack publishes its cluster's ARN, does not exist "
                + "in this account and region: set 'cluster'");
    }

    @Test
    void aConfiguredTaskDefinitionIsTheOneWhoseLogGroupIsRead() {
        StackNames names = names(Map.of("task-definition", "voice-agent-poc-voice-agent:2"));

        assertThat(names.logGroup().origin()).isEqualTo("task definition voice-agent-poc-voice-agent:2 as configured, "
                + "container voice-agent: awslogs-group");
        assertThat(asked).contains("DescribeTaskDefinition voice-agent-poc-voice-agent:2");
        assertThat(names.taskDefinition()).isEqualTo("voice-agent-poc-voice-agent:2");
    }

    @Test
    void withoutALoadBalancerTheTargetGroupMustBeConfigured() {
        loadBalancers = List.of();
        assertThatThrownBy(() -> names(Map.of()).targetGroup()).hasMessage("no 'target-group' configured, and ECS "
                + "service 'voice-agent-poc-service' has no load balancer with a target group (DescribeServices "
                + "loadBalancers is empty): set 'target-group'");
    }

    @Test
    void aFailedReadIsNamedAndTriedAgainAtTheNextAsk() {
        ecsDown = true;
        StackNames names = names(Map.of());
        assertThatThrownBy(names::targetGroup).hasMessage("no 'target-group' configured, and DescribeServices of "
                + "voice-agent-poc-service, where the service names its target group, failed: Service Unavailable "
                + "(Status Code: 503)");
        asked.clear();
        assertThat(names.lines()).contains("target group: not resolved: no 'target-group' configured, and "
                + "DescribeServices of voice-agent-poc-service, where the service names its target group, failed: "
                + "Service Unavailable (Status Code: 503)");
        assertThat(asked).as("the lines ask for the names not asked for yet, not again for the one that just failed")
                .containsExactly("DescribeServices [voice-agent-poc-service]", "DescribeServices [voice-agent-poc-service]",
                        "GetParameter /voice-agent/sessions/table-name");

        ecsDown = false;
        assertThat(names.targetGroup().value()).isEqualTo(TARGET_GROUP);
    }

    @Test
    void aMissingParameterSaysWhichSettingReferredToIt() {
        parameters.remove("/voice-agent/sessions/table-name");
        assertThatThrownBy(() -> names(Map.of()).sessionTable()).hasMessage("Setting 'session-table' refers to SSM "
                + "parameter '/voice-agent/sessions/table-name', which does not exist in this account and region; "
                + "create it or set the value directly");
    }

    @Test
    void aClusterReadFromSsmIsCheckedAndItsErrorSaysWhereItCameFrom() {
        parameters.put("/voice-agent/ecs/cluster-arn", "voice agent poc cluster");
        assertThatThrownBy(() -> names(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessage("'cluster' (SSM /voice-agent/ecs/cluster-arn, the default) must be an ECS cluster name (1 "
                        + "to 255 letters, digits, - and _) or ARN arn:<partition>:ecs:<region>:<account>:cluster/"
                        + "<name>, was 'voice agent poc cluster'");
    }

    @Test
    void aServiceArnOfAnotherClusterThanTheStacksContradictsIt() {
        assertThatThrownBy(() -> names(Map.of("service",
                "arn:aws:ecs:us-east-1:123456789012:service/other-cluster/voice-agent-poc-service")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("'service' arn:aws:ecs:us-east-1:123456789012:service/other-cluster/voice-agent-poc-service "
                        + "(configuration) is a service of cluster other-cluster, but 'cluster' is " + CLUSTER
                        + " (SSM /voice-agent/ecs/cluster-arn, the default); allowed: the service's own cluster, or "
                        + "the service as a name");
    }

    @Test
    void anArnOfAnotherRegionThanTheSuiteCallsContradictsIt() {
        parameters.put("/voice-agent/ecs/cluster-arn", CLUSTER.replace("us-east-1", "eu-west-1"));
        assertThatThrownBy(() -> names(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessage("'cluster' " + CLUSTER.replace("us-east-1", "eu-west-1") + " (SSM "
                        + "/voice-agent/ecs/cluster-arn, the default) and 'service' voice-agent-poc-service (the "
                        + "default) name region eu-west-1, but the suite calls region us-east-1; allowed: the region "
                        + "of the service under test, or the cluster and service as names");
    }
}
