package dev.scalingsuite.aws;

import dev.scalingsuite.config.AwsTarget;
import dev.scalingsuite.config.ConfigException;
import dev.scalingsuite.config.ConfigValue;
import dev.scalingsuite.config.SsmRef;
import dev.scalingsuite.fleet.ServiceRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Every name the harness uses for the stack under test, each with where it came from: as configured
 * (a value, or an SSM parameter it names), else read the way it must be read on AWS, where the stack
 * publishes no SSM parameter for the target group, the service or the environment:
 *
 * <ul>
 *   <li>cluster: {@code cluster}, by default the SSM parameter {@link AwsTarget#DEFAULT_CLUSTER} (an ARN);</li>
 *   <li>service: {@code service}, by default {@link AwsTarget#DEFAULT_SERVICE};</li>
 *   <li>environment (the metrics' dimension value): {@code environment} when configured, else the
 *       {@code ENVIRONMENT} variable of the task definition's container the service's load balancer
 *       names (else of the first container setting it), as the stack's CDK sets it;</li>
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
 * The cluster and service are resolved and checked when the names are built (every port needs them, by name:
 * {@link #service()}); the others
 * when first asked for and then kept; a read that fails is tried again at the next
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
    private final ServiceRef ref;
    private final AwsTarget configured;
    private final Once environment = new Once(this::findEnvironment);
    private final Once targetGroup = new Once(this::findTargetGroup);
    private final Once logGroup = new Once(this::findLogGroup);
    private final Once sessionTable = new Once(this::findSessionTable);
    private final Once configuredTaskDefinition = new Once(this::findConfiguredTaskDefinition);

    private StackNames(EcsClient ecs, SsmResolver ssm, Name cluster, Name service, ServiceRef ref,
            AwsTarget configured) {
        this.ecs = new EcsAdapter(ecs, ref);
        this.ssm = ssm;
        this.cluster = cluster;
        this.service = service;
        this.ref = ref;
        this.configured = configured;
    }

    /**
     * Resolves the cluster and the service now (SSM is read for the cluster) and checks them; the rest is
     * resolved when first needed.
     *
     * @param ecs the client for DescribeServices and DescribeTaskDefinition, shared as the fleet's ECS port
     *     ({@link #ecs()})
     * @param configured what the configuration says; target group, log group, session table and task
     *     definition are taken from it when present
     * @param region the region the clients call: an ARN of the cluster or service must name it
     * @throws ConfigException when the cluster or service, as configured or read from SSM, is neither a name
     *     nor an ARN of its kind, or the two (or an ARN and the region) contradict each other
     */
    public static StackNames resolve(EcsClient ecs, SsmResolver ssm, AwsTarget configured, String region) {
        Name cluster = cluster(ssm, configured);
        Name service = service(ssm, configured);
        return new StackNames(ecs, ssm, cluster, service, serviceRef(cluster, service, region), configured);
    }

    /** The cluster and service checked, each error naming where the value came from. */
    static ServiceRef serviceRef(Name cluster, Name service, String region) {
        ServiceRef ref;
        try {
            ref = ServiceRef.of(cluster.value(), cluster.origin(), service.value(), service.origin());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(e.getMessage()));
        }
        if (ref.region().filter(r -> !r.equals(region)).isPresent()) {
            throw new ConfigException(List.of("'cluster' " + cluster + " and 'service' " + service + " name region "
                    + ref.region().get() + ", but the suite calls region " + region + "; allowed: the region of "
                    + "the service under test, or the cluster and service as names"));
        }
        return ref;
    }

    /**
     * The cluster: as configured, else the deployed stack's SSM parameter {@code /voice-agent/ecs/cluster-arn}
     * (an ARN; where AWS wants a name, {@link ServiceRef} gives its name). Reads SSM now.
     */
    static Name cluster(SsmResolver ssm, AwsTarget configured) {
        if (configured.cluster().isPresent()) {
            return configured(ssm, "cluster", configured.cluster().get());
        }
        String parameter = AwsTarget.DEFAULT_CLUSTER.parameter();
        try {
            return new Name(ssm.resolve("cluster", parameter), "SSM " + parameter + ", the default");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no 'cluster' configured, and SSM parameter '" + parameter + "', where "
                    + "the deployed stack publishes its cluster's ARN, does not exist in this account and region: "
                    + "set 'cluster'", e);
        }
    }

    /** The service: as configured, else the deployed stack's {@code voice-agent-poc-service}. */
    static Name service(SsmResolver ssm, AwsTarget configured) {
        return configured.service().map(v -> configured(ssm, "service", v))
                .orElseGet(() -> new Name(AwsTarget.DEFAULT_SERVICE, "the default"));
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

    /** The service under test in its cluster, by name for every API and the run lock. */
    public ServiceRef service() {
        return ref;
    }

    /** The value of the metrics' dimension: as configured, else the task definition's {@code ENVIRONMENT}. */
    public Name environment() {
        return environment.get();
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
        line(out, "environment", environment::known);
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
        Read read = readTaskDefinition("log-group", "whose awslogs options name it");
        String shown = read.shown();
        Optional<String> named = read.loadBalancedContainer();
        List<ContainerDefinition> logging = read.definition().containerDefinitions().stream()
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

    private Name findEnvironment() {
        if (configured.environment().isPresent()) {
            return configured(ssm, "environment", configured.environment().get());
        }
        Read read = readTaskDefinition("environment", "whose container environment names it");
        Optional<String> named = read.loadBalancedContainer();
        List<ContainerDefinition> setting = read.definition().containerDefinitions().stream()
                .filter(c -> environmentOf(c).isPresent()).toList();
        ContainerDefinition container = setting.stream().filter(c -> named.isPresent() && c.name().equals(named.get()))
                .findFirst().or(() -> setting.stream().findFirst())
                .orElseThrow(() -> new IllegalStateException("no 'environment' configured, and task definition "
                        + read.shown() + " has no container with the environment variable " + ENVIRONMENT_VARIABLE
                        + ": set 'environment'"));
        return new Name(environmentOf(container).orElseThrow(), "task definition " + read.shown() + ", container "
                + container.name() + ": environment variable " + ENVIRONMENT_VARIABLE);
    }

    /** The container environment variable the stack's CDK gives the deployment's environment (ecs-stack.ts). */
    static final String ENVIRONMENT_VARIABLE = "ENVIRONMENT";

    private static Optional<String> environmentOf(ContainerDefinition container) {
        return container.environment().stream().filter(kv -> ENVIRONMENT_VARIABLE.equals(kv.name()))
                .map(KeyValuePair::value).filter(v -> v != null && !v.isBlank()).findFirst();
    }

    /** The task definition a name is read from, with the service that names it, as a message shows it. */
    private record Read(Service service, TaskDefinition definition, String shown) {
        Optional<String> loadBalancedContainer() {
            return service.loadBalancers().stream().findFirst().map(LoadBalancer::containerName);
        }
    }

    /**
     * DescribeTaskDefinition of {@code task-definition} when configured, else of the service's.
     *
     * @param key the name looked for, for the errors
     * @param why what the task definition has to do with it, for the errors
     */
    private Read readTaskDefinition(String key, String why) {
        Service described = describe(key, "where the service names its task definition");
        boolean given = configured.taskDefinition().isPresent();
        String arn = given ? configuredTaskDefinition.get().value() : described.taskDefinition();
        String shown = arn.substring(arn.lastIndexOf('/') + 1) + (given ? " as configured" : " of the service");
        try {
            return new Read(described, ecs.taskDefinition(arn), shown);
        } catch (RuntimeException e) {
            throw new IllegalStateException("no '" + key + "' configured, and DescribeTaskDefinition of " + shown
                    + ", " + why + ", failed: " + firstLine(e), e);
        }
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
        return ref.serviceName();
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
