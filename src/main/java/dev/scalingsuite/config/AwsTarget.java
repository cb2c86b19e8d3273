package dev.scalingsuite.config;

import java.util.Optional;

/**
 * Where the stack under test lives. Each value may be an {@link SsmRef}. With {@code target: aws}
 * region, cluster, service, environment and sip are required (an endpoints file gives them);
 * sessionTable defaults to the deployed stack's SSM parameter; targetGroup, logGroup and
 * taskDefinition are optional: the harness reads them from the ECS service when absent (the target
 * group from its load balancer, the log group from its task definition's awslogs options).
 */
public record AwsTarget(Optional<ConfigValue> region, Optional<ConfigValue> cluster, Optional<ConfigValue> service,
        Optional<ConfigValue> sessionTable, Optional<ConfigValue> logGroup, Optional<ConfigValue> targetGroup,
        Optional<ConfigValue> taskDefinition, Optional<ConfigValue> environment, Optional<ConfigValue> sip) {

    /** Where the deployed stack publishes its session table's name (infrastructure/src/ssm-parameters.ts). */
    public static final SsmRef DEFAULT_SESSION_TABLE = new SsmRef("/voice-agent/sessions/table-name");

    /** Every SSM reference among the values, for the harness to resolve in one go. */
    public java.util.List<SsmRef> ssmRefs() {
        return java.util.stream.Stream.of(region, cluster, service, sessionTable, logGroup, targetGroup,
                        taskDefinition, environment, sip)
                .flatMap(Optional::stream)
                .filter(SsmRef.class::isInstance).map(SsmRef.class::cast)
                .toList();
    }
}
