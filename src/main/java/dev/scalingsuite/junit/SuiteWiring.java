package dev.scalingsuite.junit;

import dev.scalingsuite.aws.AutoScalingAdapter;
import dev.scalingsuite.aws.AwsAccess;
import dev.scalingsuite.aws.AwsClients;
import dev.scalingsuite.aws.CloudWatchAdapter;
import dev.scalingsuite.aws.DynamoSessionsAdapter;
import dev.scalingsuite.aws.ElbAdapter;
import dev.scalingsuite.aws.LogsAdapter;
import dev.scalingsuite.aws.SsmLockStore;
import dev.scalingsuite.aws.SsmResolver;
import dev.scalingsuite.aws.StackNames;
import dev.scalingsuite.aws.StackNames.Name;
import dev.scalingsuite.aws.StsIdentity;
import dev.scalingsuite.config.AwsTarget;
import dev.scalingsuite.config.ConfigValue;
import dev.scalingsuite.config.Endpoints;
import dev.scalingsuite.config.LoadHost;
import dev.scalingsuite.config.SuiteConfig;
import dev.scalingsuite.fleet.FleetPorts;
import dev.scalingsuite.fleet.Telemetry;
import dev.scalingsuite.report.RunRecord;
import dev.scalingsuite.load.SippHost;
import dev.scalingsuite.load.SshAccess;
import dev.scalingsuite.twin.Twin;
import dev.scalingsuite.twin.TwinEndpoints;
import dev.scalingsuite.twin.netns.NetnsTwin;
import dev.scalingsuite.twin.stack.TwinConfigException;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The only place that knows the AWS adapters and the twin exist: it turns the configuration into a
 * {@link Suite}. With {@code target: local} it starts the twin and then reaches it exactly as it
 * reaches AWS, through its endpoints; with an endpoints file it knows nothing of the twin at all.
 */
final class SuiteWiring {

    private SuiteWiring() {
    }

    static Suite build(SuiteConfig config) {
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            return build(config, resources);
        } catch (RuntimeException | Error e) {
            for (int i = resources.size() - 1; i >= 0; i--) {
                try {
                    resources.get(i).close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static Suite build(SuiteConfig config, List<AutoCloseable> resources) {
        Endpoints endpoints;
        String kind;
        String description;
        Map<String, String> twinShown = new LinkedHashMap<>();
        if (config.isLocal()) {
            LocalTwin twin = startTwin(config);
            resources.add(twin.resource());
            endpoints = twin.endpoints();
            kind = "local";
            description = "local twin (" + twin.where() + ", seed " + twin.seed() + ")";
            twinShown.put("stack-profile", twin.stackProfile());
            twinShown.put("twin-seed", String.valueOf(twin.seed()));
        } else if (config.endpoints().isPresent()) {
            endpoints = config.endpoints().get();
            kind = "endpoints";
            description = "twin at " + endpoints.file();
        } else {
            return awsSuite(config, resources);
        }
        AwsClients clients = new AwsClients(new AwsAccess(endpoints.region(), Optional.of(endpoints.aws()),
                Optional.of(endpoints.dynamodb()), Optional.of(endpoints.credentials().accessKeyId()),
                Optional.of(endpoints.credentials().secretAccessKey()), config.apiCallTimeout(), endpoints.timeScale()));
        resources.add(clients);
        StackNames names = StackNames.resolve(clients.ecs(), new SsmResolver(clients.ssm()), config.aws(),
                endpoints.region());
        FleetPorts ports = ports(clients, names, config.telemetry().telemetry());
        List<String> writeChecks = guard(config, Optional.of(endpoints.account()), clients, names, resources);
        List<SippHost> hosts = connect(endpoints.loadHosts(), resources);
        RunRecord.Target target = new RunRecord.Target(kind, description, Optional.of(endpoints.account()),
                Optional.of(endpoints.region()), names.service());
        return new Suite(config, target, ports, hosts, endpoints.sip(), new TimeScale(endpoints.timeScale()),
                resources, true, writeChecks, () -> namesUsed(names, config), twinShown);
    }

    private static Suite awsSuite(SuiteConfig config, List<AutoCloseable> resources) {
        AwsTarget aws = config.aws();
        String region = aws.region().map(ConfigValue::literal).orElseThrow();
        AwsClients clients = new AwsClients(new AwsAccess(region, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), config.apiCallTimeout(), config.timeScale().orElse(1)));
        resources.add(clients);
        SsmResolver ssm = new SsmResolver(clients.ssm());
        StackNames names = StackNames.resolve(clients.ecs(), ssm, aws, region);
        FleetPorts ports = ports(clients, names, config.telemetry().telemetry());
        List<String> writeChecks = guard(config, Optional.empty(), clients, names, resources);
        List<SippHost> hosts = connect(config.loadHosts(), resources);
        RunRecord.Target target = new RunRecord.Target("aws", "aws " + region, Optional.empty(), Optional.of(region),
                names.service());
        return new Suite(config, target, ports, hosts, configured(ssm, "sip", aws.sip()).value(),
                new TimeScale(config.timeScale().orElse(1)), resources, false,
                writeChecks, () -> namesUsed(names, config), Map.of());
    }

    /** The stack's names, then the telemetry's, each with where it came from. */
    private static List<String> namesUsed(StackNames names, SuiteConfig config) {
        List<String> lines = new ArrayList<>(names.lines());
        lines.addAll(config.telemetry().lines());
        return lines;
    }

    /** Account, recovery and run lock, before the first change; a dry run only reads what they would find. */
    private static List<String> guard(SuiteConfig config, Optional<String> twinAccount, AwsClients clients,
            StackNames names, List<AutoCloseable> resources) {
        StsIdentity identity = new StsIdentity(clients.sts());
        SsmLockStore locks = new SsmLockStore(clients.ssm());
        if (config.dryRun()) {
            return WriteGuard.preview(config, twinAccount, identity, locks, names.service());
        }
        resources.add(WriteGuard.check(config, twinAccount, identity, locks, names.service()));
        return List.of();
    }

    /** The fleet ports; building them reads nothing, so an unreachable source fails only the reads that need it. */
    private static FleetPorts ports(AwsClients clients, StackNames names, Telemetry telemetry) {
        return new FleetPorts(names.ecs(),
                new CloudWatchAdapter(clients.cloudWatch(), telemetry, () -> names.environment().value(),
                        names.service(), 60),
                new DynamoSessionsAdapter(clients.dynamo(), () -> names.sessionTable().value()),
                new ElbAdapter(clients.elb(), () -> names.targetGroup().value()),
                new LogsAdapter(clients.logs(), () -> names.logGroup().value()),
                new AutoScalingAdapter(clients.autoScaling(), clients.cloudWatch(), clients.ecs(), names.service(),
                        names::taskDefinition));
    }

    private static Name configured(SsmResolver ssm, String key, Optional<ConfigValue> value) {
        return StackNames.configured(ssm, key,
                value.orElseThrow(() -> new IllegalStateException("Setting '" + key + "' is required")));
    }

    private static List<SippHost> connect(List<LoadHost> hosts, List<AutoCloseable> resources) {
        List<SippHost> out = new ArrayList<>();
        for (LoadHost host : hosts) {
            SippHost sipp = SippHost.connect(new SshAccess(host.host(), host.port(), host.user(), host.privateKey(),
                    host.knownHosts(), host.sippHome()), host.bind(), host.weight());
            resources.add(sipp);
            out.add(sipp);
        }
        return out;
    }

    /**
     * Why the local twin could not start on {@code settings} (its settings by name, without {@code twin.}), as
     * the twin says it; empty when it could. A matrix asks this for each cell before the first runs.
     */
    static Optional<String> twinSettingsProblem(Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>();
        settings.forEach((key, value) -> properties.put("twin." + key, value));
        try {
            TwinSettings.of(properties, "twin.");
            return Optional.empty();
        } catch (TwinConfigException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The suite's own twin, wherever it runs: what to close, where calls and APIs reach it, its seed and profile. */
    private record LocalTwin(AutoCloseable resource, Endpoints endpoints, String where, long seed,
            String stackProfile) { }

    /**
     * Starts the twin where its setting {@code topology} says: in network namespaces of its own
     * (docs/twin.md, Topology), or in this JVM on loopback. With {@code auto}, a machine that cannot make
     * namespaces gets the loopback twin and one line saying why.
     */
    private static LocalTwin startTwin(SuiteConfig config) {
        Map<String, String> properties = new HashMap<>();
        config.twin().forEach((key, value) -> properties.put("twin." + key, value));
        TwinSettings settings = TwinSettings.of(properties, "twin."); // a bad setting fails here, before anything starts
        if (settings.topology() != TwinSettings.Topology.LOOPBACK) {
            Map<String, String> child = new HashMap<>(config.twin());
            // the seed drawn here, so the run names it as an in-process twin's run does
            long seed = settings.seed().orElseGet(() -> new java.security.SecureRandom().nextLong());
            child.put("seed", String.valueOf(seed));
            try {
                NetnsTwin twin = NetnsTwin.start(child, twinDir(), line -> System.out.println("scaling suite: " + line));
                System.out.println("scaling suite: the twin runs in " + twin.describe() + ": " + twin.addressesLine());
                try {
                    return new LocalTwin(twin, Endpoints.read(twin.endpoints()), twin.describe(), seed,
                            settings.stack().profileName());
                } catch (RuntimeException e) {
                    twin.close();
                    throw e;
                }
            } catch (NetnsTwin.Unavailable e) {
                if (settings.topology() == TwinSettings.Topology.NETNS) {
                    throw new TwinConfigException("Twin setting 'topology' is netns, but this machine cannot run the "
                            + "twin in network namespaces: " + e.getMessage() + "; allowed: auto, loopback");
                }
                System.out.println("scaling suite: the twin runs in-process on loopback, not in network namespaces: "
                        + e.getMessage());
            }
        }
        Twin twin = Twin.start(settings);
        return new LocalTwin(twin, asEndpoints(twin.endpoints()), "in-process", twin.seed(),
                settings.stack().profileName());
    }

    /** Where a twin in network namespaces writes its endpoints and log: under target/ in a project, else tmp. */
    private static Path twinDir() {
        Path target = Path.of("target");
        return Files.isDirectory(target) ? target.resolve("twin")
                : Path.of(System.getProperty("java.io.tmpdir"), "scaling-suite-twin");
    }

    private static Endpoints asEndpoints(TwinEndpoints e) {
        List<LoadHost> hosts = e.loadHosts().stream().map(ssh -> new LoadHost(ssh.host(), ssh.port(), ssh.user(),
                ssh.privateKey(), ssh.knownHosts(), ssh.sippHome())).toList();
        return new Endpoints(null, e.aws(), e.dynamodb(), e.sip(), e.region(), e.account(), e.timeScale(),
                new Endpoints.Credentials(e.accessKeyId(), e.secretAccessKey()), hosts.get(0), hosts);
    }
}
