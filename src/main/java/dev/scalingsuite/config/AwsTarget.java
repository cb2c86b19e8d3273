package dev.scalingsuite.config;

import java.util.Optional;

/**
 * Where the stack under test lives. Each value may be an {@link SsmRef}. With {@code target: aws}
 * region and sip are required (an endpoints file gives them); sessionTable defaults to the deployed
 * stack's SSM parameter; the others are optional, the harness finding them as the deployed stack
 * publishes them when absent: the cluster in SSM ({@link #DEFAULT_CLUSTER}), the service by its
 * deployed name ({@link #DEFAULT_SERVICE}), the environment in the task definition's {@code ENVIRONMENT}
 * variable, the target group from the service's load balancer, the log group from its task
 * definition's awslogs options.
 */
public record AwsTarget(Optional<ConfigValue> region, Optional<ConfigValue> cluster, Optional<ConfigValue> service,
        Optional<ConfigValue> sessionTable, Optional<ConfigValue> logGroup, Optional<ConfigValue> targetGroup,
        Optional<ConfigValue> taskDefinition, Optional<ConfigValue> environment, Optional<ConfigValue> sip) {

    /** Where the deployed stack publishes its session table's name (infrastructure/src/ssm-parameters.ts). */
    public static final SsmRef DEFAULT_SESSION_TABLE = new SsmRef("/voice-agent/sessions/table-name");
    /** Where the deployed stack publishes its cluster's ARN (infrastructure/src/ssm-parameters.ts). */
    public static final SsmRef DEFAULT_CLUSTER = new SsmRef("/voice-agent/ecs/cluster-arn");
    /** The deployed stack's service ({@code ${resourcePrefix}-service} in ecs-stack.ts); no SSM parameter names it. */
    public static final String DEFAULT_SERVICE = "voice-agent-poc-service";

    /** Every SSM reference among the values, for the harness to resolve in one go. */
    public java.util.List<SsmRef> ssmRefs() {
        return java.util.stream.Stream.of(region, cluster, service, sessionTable, logGroup, targetGroup,
                        taskDefinition, environment, sip)
                .flatMap(Optional::stream)
                .filter(SsmRef.class::isInstance).map(SsmRef.class::cast)
                .toList();
    }
}
