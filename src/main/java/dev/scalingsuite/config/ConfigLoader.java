package dev.scalingsuite.config;

import static dev.scalingsuite.config.ConfigKeys.ACCOUNTS;
import static dev.scalingsuite.config.ConfigKeys.ACCOUNTS_ALLOWED;
import static dev.scalingsuite.config.ConfigKeys.VALUES;

import dev.scalingsuite.config.ConfigEntry.Shape;
import dev.scalingsuite.fleet.GeneratorLimits;
import dev.scalingsuite.fleet.FargatePrices;
import dev.scalingsuite.fleet.ServiceRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads the configuration: reads the sources into one flat map of dotted keys ({@link ConfigSources}),
 * checks every key ({@link KeyChecks}), then checks and types every value into a {@link SuiteConfig},
 * reading the endpoints file if one is named ({@link EndpointsReader}). Every problem is reported at
 * once.
 */
final class ConfigLoader {

    /** A load host's key: its number as a list numbers it (0, 1, ... 999), then perhaps one of its settings. */
    private static final Pattern HOST_INDEX = Pattern.compile("load-hosts\\.(0|[1-9]\\d{0,2})(\\..*)?", Pattern.DOTALL);

    private final Path workingDir;
    private final ConfigEntries entries = new ConfigEntries();

    /** {@code workingDir} null: read no file at all. */
    ConfigLoader(Path workingDir) {
        this.workingDir = workingDir;
    }

    SuiteConfig load(ConfigLookup lookup) {
        Optional<String> source = ConfigSources.read(workingDir, lookup, entries);
        KeyChecks.check(entries);
        SuiteConfig config = build(source);
        if (!entries.problems().isEmpty()) {
            throw ConfigException.of(entries.problems());
        }
        return config;
    }

    private SuiteConfig build(Optional<String> source) {
        for (Map.Entry<String, ConfigKeys.Spec> e : VALUES.entrySet()) {
            value(e.getKey()).ifPresent(entry -> {
                if (!e.getValue().valid().test(entry.value())) {
                    problem(entry, "'" + entry.key() + "' must be " + e.getValue().allowed() + ", was '"
                            + entry.value() + "'");
                }
            });
        }
        Optional<Endpoints> endpoints = value("endpoints").flatMap(entry -> EndpointsReader.read(workingDir,
                entry.value(), what -> problem(entry, what)));
        Target target = endpoints.isPresent() || text("target").filter("aws"::equals).isPresent()
                ? Target.AWS : Target.LOCAL;

        AwsTarget aws = awsTarget(endpoints);
        OptionalInt timeScale = endpoints.map(e -> OptionalInt.of(e.timeScale()))
                .orElseGet(() -> text("time-scale").flatMap(ConfigKeys::parseInt).map(OptionalInt::of)
                        .orElse(target == Target.AWS ? OptionalInt.of(1) : OptionalInt.empty()));
        List<LoadHost> hosts = endpoints.map(Endpoints::loadHosts).orElseGet(this::loadHosts);
        List<String> accounts = allowedAccounts();
        if (target == Target.AWS && endpoints.isEmpty()) {
            requireForAws(aws, hosts, accounts);
        }
        boolean twin = target == Target.LOCAL || endpoints.isPresent();
        Recovery recovery = new Recovery(entries.bool("recovery.stop-foreign-sipp", false),
                entries.bool("recovery.allow", twin), entries.duration("recovery.timeout", Duration.ofMinutes(10)));
        Safety safety = new Safety(accounts, text("lock-ttl").flatMap(ConfigKeys::positiveDuration)
                .filter(d -> d.compareTo(Safety.MIN_LOCK_TTL) >= 0).orElse(Safety.DEFAULT_LOCK_TTL));
        Waits waits = text("waits").filter("fixed"::equals).map(w -> Waits.FIXED).orElse(Waits.AWAIT);
        Path reportsDir = Path.of(text("reports-dir").filter(ConfigKeys::isPath).orElse("target/scaling-reports"));
        Map<String, String> twinSettings = new TreeMap<>();
        entries.all().stream()
                .filter(e -> e.shape() == Shape.VALUE && e.key().startsWith("twin.") && e.key().indexOf('.', 5) < 0)
                .forEach(e -> twinSettings.put(e.key().substring(5), e.value()));
        Duration apiCallTimeout = text("api-call-timeout").flatMap(ConfigKeys::positiveDuration)
                .orElse(Duration.ofSeconds(30));
        Polls d = Polls.DEFAULTS;
        Polls poll = new Polls(entries.duration("poll.ecs", d.ecs()), entries.duration("poll.metrics", d.metrics()),
                entries.duration("poll.sessions", d.sessions()), entries.duration("poll.targets", d.targets()),
                entries.duration("poll.logs", d.logs()), entries.duration("poll.activities", d.activities()));
        boolean dryRun = text("dry-run").filter("true"::equalsIgnoreCase).isPresent();
        TelemetryConfig telemetry = TelemetryKeys.build(entries);
        Optional<Duration> protectionExpiry = text("protection-expiry").flatMap(ConfigKeys::protectionExpiry);
        // a deploy step changes the service's task definition: allowed on a twin, on AWS only when asked for
        boolean allowDeployments = text("allow-deployments").map("true"::equalsIgnoreCase).orElse(twin);
        List<String> scenarios = text("scenarios").map(ConfigKeys::scenarios).orElse(List.of());
        return new SuiteConfig(target, source, aws, endpoints, timeScale, hosts, recovery, waits, reportsDir,
                twinSettings, apiCallTimeout, poll, text("scenario"), scenarios, safety, dryRun, telemetry,
                protectionExpiry, bounds(), allowDeployments, history(),
                text("slos-file").filter(ConfigKeys::isPath).map(Path::of), generators(), pricing(),
                text("matrix").filter(ConfigKeys::isPath).map(Path::of));
    }

    /** {@code generator.*} and {@code allow-inconclusive}; the defaults otherwise. */
    private Generators generators() {
        GeneratorLimits d = GeneratorLimits.DEFAULTS;
        GeneratorLimits limits = new GeneratorLimits(
                generatorValue("max-sipp-cpu", ConfigKeys::share, d.maxSippCpu()),
                generatorValue("max-host-cpu", ConfigKeys::share, d.maxHostCpu()),
                generatorValue("max-watchdog-major", ConfigKeys::trips, d.maxWatchdogMajor()),
                generatorValue("max-watchdog-minor", ConfigKeys::trips, d.maxWatchdogMinor()),
                generatorValue("max-rate-shortfall", ConfigKeys::share, d.maxRateShortfall()));
        return new Generators(limits, text("allow-inconclusive").map("true"::equalsIgnoreCase).orElse(false));
    }

    private <T> T generatorValue(String name, Function<String, Optional<T>> parse, T fallback) {
        String key = "generator." + name;
        Optional<ConfigEntry> entry = value(key);
        if (entry.isEmpty()) {
            return fallback;
        }
        Optional<T> parsed = parse.apply(entry.get().value());
        if (parsed.isEmpty()) {
            problem(entry.get(), "'" + key + "' must be " + ConfigKeys.valueAllowed(key) + ", was '"
                    + entry.get().value() + "'");
        }
        return parsed.orElse(fallback);
    }

    /** {@code price.vcpu-hour} and {@code price.gb-hour}, each with where it was set; empty when not set. */
    private Pricing pricing() {
        return new Pricing(price("price.vcpu-hour"), price("price.gb-hour"));
    }

    private Optional<FargatePrices.Price> price(String key) {
        Optional<ConfigEntry> entry = value(key);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        Optional<Double> price = ConfigKeys.price(entry.get().value());
        if (price.isEmpty()) {
            problem(entry.get(), "'" + key + "' must be " + ConfigKeys.PRICE + ", was '" + entry.get().value() + "'");
        }
        return price.map(p -> new FargatePrices.Price(p, entry.get().origin()));
    }

    /** {@code history-dir} with where it was set, and {@code baseline}. */
    private HistoryConfig history() {
        Optional<String> dir = text("history-dir").filter(ConfigKeys::isPath);
        return new HistoryConfig(Path.of(dir.orElse(HistoryConfig.DEFAULT_DIR)),
                dir.flatMap(d -> value("history-dir")).map(ConfigEntry::origin).orElse("default"),
                text("baseline").filter(HistoryConfig::isBaseline));
    }

    /** {@code max-run-time} and {@code max-task-minutes}, each with where it was set; the defaults otherwise. */
    private Bounds bounds() {
        Optional<Duration> runTime = text("max-run-time").flatMap(ConfigKeys::maxRunTime);
        Optional<Integer> taskMinutes = text("max-task-minutes").flatMap(ConfigKeys::maxTaskMinutes);
        return new Bounds(runTime.orElse(Bounds.DEFAULT_MAX_RUN_TIME),
                taskMinutes.orElse(Bounds.DEFAULT_MAX_TASK_MINUTES),
                runTime.flatMap(d -> value("max-run-time")).map(ConfigEntry::origin).orElse("default"),
                taskMinutes.flatMap(n -> value("max-task-minutes")).map(ConfigEntry::origin).orElse("default"));
    }

    private AwsTarget awsTarget(Optional<Endpoints> endpoints) {
        Function<String, Optional<ConfigValue>> v = key -> text(key)
                .filter(VALUES.get(key).valid())
                .map(ConfigValue::of);
        Optional<ConfigValue> region = endpoints.<ConfigValue>map(e -> new ConfigValue.Literal(e.region()))
                .or(() -> v.apply("region"));
        Optional<ConfigValue> sip = endpoints.<ConfigValue>map(e -> new ConfigValue.Literal(e.sip()))
                .or(() -> v.apply("sip"));
        // the cluster, service and environment are the stack's names, which an endpoints file does not carry:
        // when absent the harness finds them as the deployed stack publishes them (see AwsTarget)
        checkServiceInCluster(v.apply("cluster"), v.apply("service"));
        return new AwsTarget(region, v.apply("cluster"), v.apply("service"),
                v.apply("session-table").or(() -> Optional.of(AwsTarget.DEFAULT_SESSION_TABLE)),
                v.apply("log-group"),
                v.apply("target-group"),
                v.apply("task-definition"), v.apply("environment"), sip);
    }

    /**
     * A service given as an ARN that names another cluster (or region, or account) than the cluster's is a
     * mistake found now, when both are written out; one read from SSM is checked once resolved.
     */
    private void checkServiceInCluster(Optional<ConfigValue> cluster, Optional<ConfigValue> service) {
        if (cluster.orElse(null) instanceof ConfigValue.Literal c && service.orElse(null) instanceof ConfigValue.Literal s) {
            try {
                ServiceRef.of(c.literal(), value("cluster").orElseThrow().origin(), s.literal(), "");
            } catch (IllegalArgumentException e) {
                problem(value("service").orElseThrow(), e.getMessage());
            }
        }
    }

    private void requireForAws(AwsTarget aws, List<LoadHost> hosts, List<String> accounts) {
        String origin = value("target").map(ConfigEntry::origin).orElse("-Dscaling.target");
        Map<String, Optional<ConfigValue>> required = new LinkedHashMap<>();
        required.put("region", aws.region());
        required.put("sip", aws.sip());
        required.forEach((key, value) -> {
            if (value.isEmpty() && value(key).isEmpty()) {
                entries.problem(origin + ": '" + key + "' is required when target is aws; allowed: "
                        + VALUES.get(key).allowed());
            }
        });
        if (hosts.isEmpty() && entries.all().stream().noneMatch(e -> e.key().startsWith("load-hosts."))) {
            entries.problem(origin + ": at least one load host is required when target is aws; allowed: load-hosts: "
                    + "[{host, user, private-key, known-hosts, port, sipp-home, bind, weight}]");
        }
        if (accounts.isEmpty() && !entries.contains(ACCOUNTS)) {
            entries.problem(origin + ": '" + ACCOUNTS + "' is required when target is aws: the suite changes the "
                    + "service only in an account named there; allowed: " + ACCOUNTS_ALLOWED);
        }
    }

    private List<String> allowedAccounts() {
        Optional<ConfigEntry> list = entries.get(ACCOUNTS);
        if (list.isEmpty()) {
            return List.of();
        }
        List<ConfigEntry> items = list.get().shape() == Shape.LIST
                ? entries.all().stream()
                        .filter(e -> e.key().matches(ACCOUNTS + "\\.\\d+") && e.shape() == Shape.VALUE).toList()
                : list.get().shape() == Shape.VALUE ? List.of(list.get()) : List.of();
        List<String> accounts = new ArrayList<>();
        for (ConfigEntry item : items) {
            for (String account : item.value().split(",", -1)) {
                String id = account.strip();
                if (id.matches("\\d{12}")) {
                    accounts.add(id);
                } else {
                    problem(item, "'" + item.key() + "' must be " + ACCOUNTS_ALLOWED + ", was '" + id + "'");
                }
            }
        }
        return List.copyOf(new LinkedHashSet<>(accounts));
    }

    private List<LoadHost> loadHosts() {
        TreeSet<Integer> indices = new TreeSet<>();
        for (ConfigEntry entry : entries.all()) {
            Matcher m = HOST_INDEX.matcher(entry.key());
            if (m.matches()) {
                indices.add(Integer.parseInt(m.group(1)));
            }
        }
        List<LoadHost> hosts = new ArrayList<>();
        int expected = 0;
        for (int i : indices) {
            String p = "load-hosts." + i + ".";
            if (i != expected) {
                problem(anyOf(i), "load host " + i + " has no load host " + expected + " before it; allowed: load "
                        + "hosts numbered from 0 without gaps");
                expected = i;
            }
            expected++;
            ConfigEntry anchor = value(p + "host").orElseGet(() -> anyOf(i));
            Optional<String> host = requiredText(p + "host", anchor, "a host name or IP address",
                    h -> h.matches(ConfigKeys.HOST));
            int port = text(p + "port").flatMap(ConfigKeys::parseInt).orElse(LoadHost.DEFAULT_PORT);
            value(p + "port").filter(e -> !ConfigKeys.port(e.value()))
                    .ifPresent(e -> problem(e, "'" + e.key() + "' must be a port from 1 to 65535, was '" + e.value()
                            + "'"));
            Optional<String> user = requiredText(p + "user", anchor, "a user name", u -> u.matches(ConfigKeys.USER));
            Optional<String> key = requiredText(p + "private-key", anchor, "the path of a private key file",
                    ConfigKeys::isPath);
            value(p + "known-hosts").filter(e -> !ConfigKeys.isPath(e.value()))
                    .ifPresent(e -> problem(e, "'" + e.key() + "' must be the path of a known_hosts file, was '"
                            + e.value() + "'"));
            String knownHosts = text(p + "known-hosts").filter(ConfigKeys::isPath)
                    .orElse(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts").toString());
            String sippHome = text(p + "sipp-home").orElse(LoadHost.DEFAULT_SIPP_HOME);
            value(p + "sipp-home").filter(e -> !ConfigKeys.isSippHome(e.value()))
                    .ifPresent(e -> problem(e, "'" + e.key() + "' must be " + ConfigKeys.SIPP_HOME + ", was '"
                            + e.value() + "'"));
            Optional<String> bind = text(p + "bind");
            value(p + "bind").filter(e -> !ConfigKeys.isIpv4(e.value()))
                    .ifPresent(e -> problem(e, "'" + e.key() + "' must be " + ConfigKeys.BIND + ", was '" + e.value()
                            + "'"));
            int weight = text(p + "weight").flatMap(ConfigKeys::weight).orElse(LoadHost.DEFAULT_WEIGHT);
            value(p + "weight").filter(e -> ConfigKeys.weight(e.value()).isEmpty())
                    .ifPresent(e -> problem(e, "'" + e.key() + "' must be " + ConfigKeys.WEIGHT + ", was '" + e.value()
                            + "'"));
            if (host.isPresent() && user.isPresent() && key.isPresent()) {
                hosts.add(new LoadHost(host.get(), port, user.get(), ConfigKeys.home(key.get()),
                        ConfigKeys.home(knownHosts), sippHome, bind.filter(ConfigKeys::isIpv4), weight));
            }
        }
        return hosts;
    }

    /** The entry of load host {@code i} itself if there is one, else its first setting. */
    private ConfigEntry anyOf(int i) {
        String p = "load-hosts." + i + ".";
        return entries.get("load-hosts." + i).orElseGet(() -> entries.all().stream()
                .filter(e -> e.key().startsWith(p)).findFirst().orElseThrow());
    }

    private Optional<String> requiredText(String key, ConfigEntry anchor, String allowed, Predicate<String> valid) {
        Optional<ConfigEntry> entry = value(key);
        if (entry.isEmpty()) {
            problem(anchor, "'" + key + "' is required; allowed: " + allowed);
            return Optional.empty();
        }
        if (!valid.test(entry.get().value())) {
            problem(entry.get(), "'" + key + "' must be " + allowed + ", was '" + entry.get().value() + "'");
            return Optional.empty();
        }
        return Optional.of(entry.get().value());
    }

    private Optional<ConfigEntry> value(String key) {
        return entries.value(key);
    }

    private Optional<String> text(String key) {
        return entries.text(key);
    }

    private void problem(ConfigEntry entry, String what) {
        entries.problem(entry, what);
    }
}
