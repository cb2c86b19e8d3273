package dev.scalingsuite.aws;

import dev.scalingsuite.config.AwsTarget;
import dev.scalingsuite.config.ConfigValue;
import dev.scalingsuite.config.SsmRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Every name the harness uses for the stack under test, each with where it came from. The cluster,
 * service and environment are given (the configuration, SSM, an endpoints file); the others are read
 * the way they must be read on AWS, where the stack publishes no SSM parameter for the target group
 * and names its log group only in the task definition:
 *
 * <ul>
 *   <li>target group: {@code target-group} when configured, else DescribeServices'
 *       {@code loadBalancers[0].targetGroupArn} of the service;</li>
 *   <li>log group: {@code log-group} when configured, else the {@code awslogs-group} option of the
 *       task definition's container the service's load balancer names (else the first container
 *       logging with awslogs); the task definition is {@code task-definition} when configured, else
 *       the service's;</li>
 *   <li>session table: {@code session-table}, by default the SSM parameter
 *       {@link AwsTarget#DEFAULT_SESSION_TABLE}.</li>
 * </ul>
 *
 * Each is resolved when first asked for and then kept; a read that fails is tried again at the next
 * ask, and its error says where the name was looked for. So building the ports reads nothing, and a
 * dead endpoint fails the reads that need it (a dry run names each) instead of the suite's start.
 */
public final class StackNames {

    /** A name and where it came from: the configuration, SSM, DescribeServices, a task definition, a default. */
    public record Name(String value, String origin) {
        @Override
        public String toString() {
            return value + " (" + origin + ")";
        }
    }

    private final EcsAdapter ecs;
    private final SsmResolver ssm;
    private final Name cluster;
    private final Name service;
    private final Name environment;
    private final AwsTarget configured;
    private final Once targetGroup = new Once(this::findTargetGroup);
    private final Once logGroup = new Once(this::findLogGroup);
    private final Once sessionTable = new Once(this::findSessionTable);
    private final Once configuredTaskDefinition = new Once(this::findConfiguredTaskDefinition);

    /**
     * @param ecs the service's adapter, for DescribeServices and DescribeTaskDefinition
     * @param configured what the configuration says; target group, log group, session table and task
     *     definition are taken from it when present
     */
    public StackNames(EcsAdapter ecs, SsmResolver ssm, Name cluster, Name service, Name environment,
            AwsTarget configured) {
        this.ecs = ecs;
        this.ssm = ssm;
        this.cluster = cluster;
        this.service = service;
        this.environment = environment;
        this.configured = configured;
    }

    /**
     * A value from the configuration: itself, or the value of the SSM parameter it refers to.
     *
     * @param key the configuration key, for the origin and for the error when the parameter is missing
     */
    public static Name configured(SsmResolver ssm, String key, ConfigValue value) {
        return value instanceof SsmRef ref
                ? new Name(ssm.resolve(key, ref.parameter()), "SSM " + ref.parameter() + ", configured")
                : new Name(value.literal(), "configuration");
    }

    /** The service's adapter the names are read through, to share as the fleet's ECS port. */
    public EcsAdapter ecs() {
        return ecs;
    }

    public Name cluster() {
        return cluster;
    }

    public Name service() {
        return service;
    }

    public Name environment() {
        return environment;
    }

    /** The target group's ARN (or name, when configured so). */
    public Name targetGroup() {
        return targetGroup.get();
    }

    public Name logGroup() {
        return logGroup.get();
    }

    public Name sessionTable() {
        return sessionTable.get();
    }

    /**
     * The task definition to read: as configured, else the service's current one, read again each time
     * (a deployment changes it).
     */
    public String taskDefinition() {
        return configured.taskDefinition().isPresent() ? configuredTaskDefinition.get().value()
                : ecs.describe().taskDefinition();
    }

    /**
     * One line per name, {@code what: value (origin)}. A name not asked for yet is resolved now; one whose
     * last resolution failed is not tried again here but says why it failed.
     */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        line(out, "cluster", () -> cluster);
        line(out, "service", () -> service);
        line(out, "environment", () -> environment);
        line(out, "target group", targetGroup::known);
        line(out, "log group", logGroup::known);
        line(out, "session table", sessionTable::known);
        return out;
    }

    private static void line(List<String> out, String what, Supplier<Name> name) {
        String shown;
        try {
            shown = name.get().toString();
        } catch (RuntimeException e) {
            shown = "not resolved: " + firstLine(e);
        }
        out.add(what + ": " + shown);
    }

    private Name findTargetGroup() {
        if (configured.targetGroup().isPresent()) {
            return configured(ssm, "target-group", configured.targetGroup().get());
        }
        Service described = describe("target-group", "where the service names its target group");
        Optional<String> arn = described.loadBalancers().stream().findFirst().map(LoadBalancer::targetGroupArn);
        if (arn.isEmpty()) {
            throw new IllegalStateException("no 'target-group' configured, and ECS service '" + serviceName()
                    + "' has no load balancer with a target group (DescribeServices loadBalancers is empty): set "
                    + "'target-group'");
        }
        return new Name(arn.get(), "DescribeServices of " + serviceName() + ": loadBalancers[0].targetGroupArn");
    }

    private Name findLogGroup() {
        if (configured.logGroup().isPresent()) {
            return configured(ssm, "log-group", configured.logGroup().get());
        }
        Service described = describe("log-group", "where the service names its task definition");
        boolean given = configured.taskDefinition().isPresent();
        String arn = given ? configuredTaskDefinition.get().value() : described.taskDefinition();
        String shown = EcsName.of(arn) + (given ? " as configured" : " of the service");
        TaskDefinition definition;
        try {
            definition = ecs.taskDefinition(arn);
        } catch (RuntimeException e) {
            throw new IllegalStateException("no 'log-group' configured, and DescribeTaskDefinition of " + shown
                    + ", whose awslogs options name it, failed: " + firstLine(e), e);
        }
        Optional<String> named = described.loadBalancers().stream().findFirst().map(LoadBalancer::containerName);
        List<ContainerDefinition> logging = definition.containerDefinitions().stream()
                .filter(c -> c.logConfiguration() != null && "awslogs".equals(c.logConfiguration().logDriverAsString())
                        && c.logConfiguration().options().containsKey("awslogs-group"))
                .toList();
        ContainerDefinition container = logging.stream().filter(c -> named.isPresent() && c.name().equals(named.get()))
                .findFirst().or(() -> logging.stream().findFirst())
                .orElseThrow(() -> new IllegalStateException("no 'log-group' configured, and task definition " + shown
                        + " has no container logging with awslogs (logConfiguration.options awslogs-group): set "
                        + "'log-group'"));
        return new Name(container.logConfiguration().options().get("awslogs-group"),
                "task definition " + shown + ", container " + container.name() + ": awslogs-group");
    }

    private Name findSessionTable() {
        ConfigValue table = configured.sessionTable().orElse(AwsTarget.DEFAULT_SESSION_TABLE);
        if (table.equals(AwsTarget.DEFAULT_SESSION_TABLE)) {
            return new Name(ssm.resolve("session-table", AwsTarget.DEFAULT_SESSION_TABLE.parameter()),
                    "SSM " + AwsTarget.DEFAULT_SESSION_TABLE.parameter() + ", the default");
        }
        return configured(ssm, "session-table", table);
    }

    private Name findConfiguredTaskDefinition() {
        return configured(ssm, "task-definition", configured.taskDefinition().orElseThrow());
    }

    private Service describe(String key, String why) {
        try {
            return ecs.describe();
        } catch (RuntimeException e) {
            throw new IllegalStateException("no '" + key + "' configured, and DescribeServices of " + serviceName()
                    + ", " + why + ", failed: " + firstLine(e), e);
        }
    }

    private String serviceName() {
        return EcsName.of(service.value());
    }

    private static String firstLine(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /** A name resolved at the first successful ask and kept; a failed ask is tried again the next time. */
    private static final class Once {

        private final Supplier<Name> resolve;
        private Name value;
        private RuntimeException failure;

        Once(Supplier<Name> resolve) {
            this.resolve = resolve;
        }

        synchronized Name get() {
            if (value == null) {
                try {
                    value = resolve.get();
                    failure = null;
                } catch (RuntimeException e) {
                    failure = e;
                    throw e;
                }
            }
            return value;
        }

        /** The name, or the last ask's failure again without asking anew. */
        synchronized Name known() {
            if (value == null && failure != null) {
                throw failure;
            }
            return get();
        }
    }
}
