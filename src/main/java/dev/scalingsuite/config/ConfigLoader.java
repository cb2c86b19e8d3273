package dev.scalingsuite.config;

import static dev.scalingsuite.text.YamlNodes.at;
import static dev.scalingsuite.text.YamlNodes.scalar;

import dev.scalingsuite.text.YamlNodes;
import dev.scalingsuite.text.YamlNodes.Detail;
import dev.scalingsuite.text.YamlSyntaxException;
import dev.scalingsuite.text.YamlText;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the sources into one flat map of dotted keys ({@code recovery.allow}, {@code load-hosts.0.host},
 * {@code twin.maxCapacity}), each value remembering where it came from, then checks and types it all.
 */
final class ConfigLoader {

    private enum Shape { VALUE, GROUP, LIST }

    private record Raw(String key, String value, String origin, Shape shape) {
    }

    /** A top-level single-value key: what it may be and how to check it. */
    private record Spec(String allowed, Predicate<String> valid) {
    }

    static final List<String> AWS_KEYS = List.of("region", "cluster", "service", "session-table", "log-group",
            "target-group", "task-definition", "environment", "sip");
    static final List<String> RECOVERY_KEYS = List.of("stop-foreign-sipp", "allow", "timeout");
    static final List<String> POLL_KEYS = List.of("ecs", "metrics", "sessions", "targets", "logs", "activities");
    static final List<String> HOST_KEYS = List.of("host", "port", "user", "private-key", "known-hosts", "sipp-home");
    static final String DURATION = "a duration like 90s, 8m, 1m30s, 500ms";
    static final String ACCOUNTS = "allowed-accounts";
    static final String ACCOUNTS_ALLOWED = "12-digit AWS account ids, as a list or separated by commas";
    /** The one property spelled in camel case, as the command line habitually writes it. */
    static final String DRY_RUN_ALIAS = "dryRun";
    static final String DIVISORS = "a divisor of 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60)";

    private static final Map<String, Spec> VALUES = new LinkedHashMap<>();
    private static final List<String> GROUPS = List.of("load-hosts", "recovery", "twin", "poll", ACCOUNTS);

    private static final String NAME = "[A-Za-z0-9_-]{1,255}";
    private static final String ARN = "arn:aws[a-z-]*:";

    static {
        VALUES.put("target", new Spec("local, aws", v -> v.equals("local") || v.equals("aws")));
        aws("region", "an AWS region like us-east-1", "[a-z]{2}(-[a-z]+)+-\\d{1,2}");
        aws("cluster", "an ECS cluster name or ARN", NAME + "|" + ARN + "ecs:[a-z0-9-]+:\\d{12}:cluster/" + NAME);
        aws("service", "an ECS service name or ARN", NAME + "|" + ARN + "ecs:[a-z0-9-]+:\\d{12}:service/(" + NAME
                + "/)?" + NAME);
        aws("session-table", "a DynamoDB table name", "[A-Za-z0-9_.-]{3,255}");
        aws("log-group", "a CloudWatch Logs group name like /ecs/voice-agent", "[A-Za-z0-9_./#-]{1,512}");
        aws("target-group", "a target group ARN or name", "[A-Za-z0-9-]{1,32}|" + ARN
                + "elasticloadbalancing:[a-z0-9-]+:\\d{12}:targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]+");
        aws("task-definition", "a task definition family[:revision] or ARN", NAME + "(:\\d+)?|" + ARN
                + "ecs:[a-z0-9-]+:\\d{12}:task-definition/" + NAME + "(:\\d+)?");
        aws("environment", "a metric dimension value", "\\S{1,255}");
        aws("sip", "host:port of the SIP entry point, like 10.0.1.5:5060", "[A-Za-z0-9.-]+:\\d{1,5}");
        VALUES.put("endpoints", new Spec("the path of a standalone twin's endpoints file", ConfigLoader::isPath));
        VALUES.put("time-scale", new Spec(DIVISORS, v -> parseInt(v).filter(n -> n > 0 && 60 % n == 0).isPresent()));
        VALUES.put("waits", new Spec("await, fixed", v -> v.equals("await") || v.equals("fixed")));
        VALUES.put("reports-dir", new Spec("a directory path", ConfigLoader::isPath));
        VALUES.put("api-call-timeout", new Spec(DURATION, v -> positiveDuration(v).isPresent()));
        VALUES.put("scenario", new Spec("a scenario name or a path to a scenario YAML file", v -> true));
        VALUES.put("dry-run", new Spec("true, false", v -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")));
        VALUES.put("lock-ttl", new Spec(DURATION + ", at least 1m", v -> positiveDuration(v)
                .filter(d -> d.compareTo(Safety.MIN_LOCK_TTL) >= 0).isPresent()));
    }

    private static void aws(String key, String what, String regex) {
        Pattern pattern = Pattern.compile(regex);
        VALUES.put(key, new Spec(what + ", or " + SsmRef.ALLOWED,
                v -> v.startsWith(SsmRef.SCHEME) ? SsmRef.isValid(v) : pattern.matcher(v).matches() && !v.isBlank()
                        && (!key.equals("sip") || port(v.substring(v.lastIndexOf(':') + 1)))));
    }

    private final Path workingDir;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Raw> raws = new LinkedHashMap<>();
    private Optional<String> source = Optional.empty();

    /** {@code workingDir} null: read no file at all. */
    ConfigLoader(Path workingDir) {
        this.workingDir = workingDir;
    }

    SuiteConfig load(Map<String, String> properties) {
        readFile(properties);
        new TreeMap<>(properties).forEach((name, value) -> {
            if (name.startsWith(SuiteConfig.PREFIX) && !name.equals(SuiteConfig.PREFIX + "config")) {
                String key = name.substring(SuiteConfig.PREFIX.length());
                key = key.equals(DRY_RUN_ALIAS) ? "dry-run" : key;
                raws.put(key, new Raw(key, value == null ? "" : value.trim(), "-D" + name, Shape.VALUE));
            }
        });
        checkKeys();
        SuiteConfig config = build();
        if (!problems.isEmpty()) {
            throw failure(problems);
        }
        return config;
    }

    // ---- reading ----

    private void readFile(Map<String, String> properties) {
        if (workingDir == null) {
            return;
        }
        String named = properties.get(SuiteConfig.PREFIX + "config");
        Path file;
        String label;
        if (named != null && !named.isBlank()) {
            label = named.trim();
            if (!isPath(label)) {
                throw failure(List.of("-Dscaling.config: config file " + label + " is not a path this system can "
                        + "name; allowed: an existing YAML file, or no scaling.config to read " + SuiteConfig.DEFAULT_FILE
                        + " if present"));
            }
            file = workingDir.resolve(label);
            if (!Files.isRegularFile(file)) {
                throw failure(List.of("-Dscaling.config: config file " + label + " not found (looked at "
                        + file.toAbsolutePath().normalize() + "); allowed: an existing YAML file, or no scaling.config"
                        + " to read " + SuiteConfig.DEFAULT_FILE + " if present"));
            }
        } else {
            label = SuiteConfig.DEFAULT_FILE;
            file = workingDir.resolve(label);
            if (!Files.isRegularFile(file)) {
                return;
            }
        }
        source = Optional.of(label);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw failure(List.of(label + ":1: cannot read the file (" + e.getClass().getSimpleName()
                    + "); allowed: a readable UTF-8 YAML file"));
        }
        Optional<Node> document;
        try {
            document = YamlNodes.compose(text, label, Detail.NONE);
        } catch (YamlSyntaxException e) {
            throw failure(List.of(e.problem()));
        }
        if (document.isEmpty()) {
            return;
        }
        if (!(document.get() instanceof MappingNode mapping)) {
            throw failure(List.of(at(label, document.get()) + ": the configuration must be a mapping of "
                    + "keys; allowed: " + topKeys()));
        }
        flatten(mapping, "", label);
    }

    private void flatten(MappingNode mapping, String prefix, String label) {
        for (NodeTuple t : mapping.getValue()) {
            String origin = at(label, t.getKeyNode());
            Optional<String> k = YamlNodes.key(t);
            if (k.isEmpty()) {
                problems.add(origin + ": a key must be a plain word; allowed: " + topKeys());
                continue;
            }
            String key = prefix + k.get();
            if (raws.containsKey(key)) {
                problems.add(origin + ": duplicate key '" + key + "' (first at " + raws.get(key).origin() + ")");
                continue;
            }
            put(key, t.getValueNode(), origin, label);
        }
    }

    private void put(String key, Node value, String origin, String label) {
        if (value instanceof MappingNode m) {
            raws.put(key, new Raw(key, null, origin, Shape.GROUP));
            flatten(m, key + ".", label);
        } else if (value instanceof SequenceNode s) {
            raws.put(key, new Raw(key, null, origin, Shape.LIST));
            List<Node> items = s.getValue();
            for (int i = 0; i < items.size(); i++) {
                put(key + "." + i, items.get(i), at(label, items.get(i)), label);
            }
        } else {
            scalar(value).ifPresent(v -> raws.put(key, new Raw(key, v.trim(), origin, Shape.VALUE)));
        }
    }

    // ---- checking keys and shapes ----

    private void checkKeys() {
        for (Raw raw : List.copyOf(raws.values())) {
            String[] parts = raw.key().split("\\.", -1);
            String top = parts[0];
            if (VALUES.containsKey(top)) {
                if (parts.length == 1 && raw.shape() != Shape.VALUE) {
                    problem(raw, "'" + top + "' must be a single value, was " + shape(raw) + "; allowed: "
                            + VALUES.get(top).allowed());
                } else if (parts.length > 1 && !isShapeProblem(top)) {
                    problem(raw, "unknown key '" + raw.key() + "'; allowed: " + top + " as a single value");
                }
            } else if (top.equals("recovery") || top.equals("poll") || top.equals("twin")) {
                checkGroup(raw, parts);
            } else if (top.equals("load-hosts")) {
                checkHosts(raw, parts);
            } else if (top.equals(ACCOUNTS)) {
                checkAccounts(raw, parts);
            } else {
                problem(raw, "unknown key '" + raw.key() + "'; allowed: " + topKeys());
            }
        }
    }

    private boolean isShapeProblem(String top) {
        Raw parent = raws.get(top);
        return parent != null && parent.shape() != Shape.VALUE;
    }

    private void checkGroup(Raw raw, String[] parts) {
        String top = parts[0];
        List<String> keys = top.equals("recovery") ? RECOVERY_KEYS : top.equals("poll") ? POLL_KEYS : List.of();
        String allowed = top.equals("twin") ? "twin settings as single values, like twin.maxCapacity"
                : prefixed(top, keys);
        if (parts.length == 1) {
            if (raw.shape() != Shape.GROUP) {
                problem(raw, "'" + top + "' must be a mapping, was " + shape(raw) + "; allowed: " + allowed);
            }
        } else if (raws.containsKey(top) && raws.get(top).shape() != Shape.GROUP) {
            return; // reported on the group itself
        } else if (parts.length > 2 || (!top.equals("twin") && !keys.contains(parts[1])) || parts[1].isEmpty()) {
            if (parts.length > 2 && raws.containsKey(top + "." + parts[1])
                    && raws.get(top + "." + parts[1]).shape() != Shape.VALUE) {
                return; // reported on the parent
            }
            problem(raw, "unknown key '" + raw.key() + "'; allowed: " + allowed);
        } else if (raw.shape() != Shape.VALUE) {
            problem(raw, "'" + raw.key() + "' must be a single value, was " + shape(raw) + "; allowed: "
                    + (top.equals("twin") ? "a twin setting's value" : valueAllowed(raw.key())));
        }
    }

    /** A list of account ids, or one value of ids separated by commas (as a property gives them). */
    private void checkAccounts(Raw raw, String[] parts) {
        if (parts.length == 1) {
            if (raw.shape() == Shape.GROUP) {
                problem(raw, "'" + ACCOUNTS + "' must be a list or a single value, was a mapping; allowed: "
                        + ACCOUNTS_ALLOWED);
            }
            return;
        }
        if (isShapeProblem(ACCOUNTS) && raws.get(ACCOUNTS).shape() != Shape.LIST) {
            return;
        }
        Raw item = raws.get(ACCOUNTS + "." + parts[1]);
        if (parts.length > 2 && item != null && item.shape() != Shape.VALUE) {
            return; // reported on the item
        }
        if (parts.length > 2 || !parts[1].matches("0|[1-9]\\d{0,3}")) {
            problem(raw, "unknown key '" + raw.key() + "'; allowed: " + ACCOUNTS + " as " + ACCOUNTS_ALLOWED);
        } else if (raw.shape() != Shape.VALUE) {
            problem(raw, "'" + raw.key() + "' must be a single value, was " + shape(raw) + "; allowed: "
                    + ACCOUNTS_ALLOWED);
        }
    }

    private List<String> allowedAccounts() {
        Raw list = raws.get(ACCOUNTS);
        if (list == null) {
            return List.of();
        }
        List<Raw> items = list.shape() == Shape.LIST
                ? raws.values().stream().filter(r -> r.key().matches(ACCOUNTS + "\\.\\d+") && r.shape() == Shape.VALUE)
                        .toList()
                : list.shape() == Shape.VALUE ? List.of(list) : List.of();
        List<String> accounts = new ArrayList<>();
        for (Raw item : items) {
            for (String account : item.value().split(",", -1)) {
                String id = account.strip();
                if (id.matches("\\d{12}")) {
                    accounts.add(id);
                } else {
                    problem(item, "'" + item.key() + "' must be " + ACCOUNTS_ALLOWED + ", was '" + id + "'");
                }
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(accounts));
    }

    private void checkHosts(Raw raw, String[] parts) {
        String item = "a list of hosts with " + String.join(", ", HOST_KEYS);
        if (parts.length == 1) {
            if (raw.shape() != Shape.LIST) {
                problem(raw, "'load-hosts' must be a list, was " + shape(raw) + "; allowed: " + item);
            }
            return;
        }
        if (isShapeProblem("load-hosts") && raws.get("load-hosts").shape() != Shape.LIST) {
            return;
        }
        if (!parts[1].matches("0|[1-9]\\d{0,2}")) {
            problem(raw, "unknown key '" + raw.key() + "'; allowed: load-hosts.<n>.<key> with n = 0, 1, ... and key "
                    + "one of " + String.join(", ", HOST_KEYS));
            return;
        }
        String itemKey = "load-hosts." + parts[1];
        if (parts.length == 2) {
            if (raw.shape() != Shape.GROUP) {
                problem(raw, "'" + itemKey + "' must be a mapping, was " + shape(raw) + "; allowed: a host with "
                        + String.join(", ", HOST_KEYS));
            }
            return;
        }
        Raw parent = raws.get(itemKey);
        if (parent != null && parent.shape() != Shape.GROUP) {
            return;
        }
        if (parts.length > 3 || !HOST_KEYS.contains(parts[2])) {
            problem(raw, "unknown key '" + raw.key() + "'; allowed: " + String.join(", ", HOST_KEYS));
        } else if (raw.shape() != Shape.VALUE) {
            problem(raw, "'" + raw.key() + "' must be a single value, was " + shape(raw));
        }
    }

    // ---- building ----

    private SuiteConfig build() {
        for (Map.Entry<String, Spec> e : VALUES.entrySet()) {
            value(e.getKey()).ifPresent(raw -> {
                if (!e.getValue().valid().test(raw.value())) {
                    problem(raw, "'" + raw.key() + "' must be " + e.getValue().allowed() + ", was '" + raw.value()
                            + "'");
                }
            });
        }
        Optional<Endpoints> endpoints = value("endpoints")
                .flatMap(raw -> EndpointsReader.read(workingDir, raw.value(), what -> problem(raw, what)));
        Target target = endpoints.isPresent() || text("target").filter("aws"::equals).isPresent()
                ? Target.AWS : Target.LOCAL;

        AwsTarget aws = awsTarget(endpoints);
        OptionalInt timeScale = endpoints.map(e -> OptionalInt.of(e.timeScale()))
                .orElseGet(() -> text("time-scale").flatMap(ConfigLoader::parseInt).map(OptionalInt::of)
                        .orElse(target == Target.AWS ? OptionalInt.of(1) : OptionalInt.empty()));
        List<LoadHost> hosts = endpoints.map(e -> List.of(e.ssh())).orElseGet(this::loadHosts);
        List<String> accounts = allowedAccounts();
        if (target == Target.AWS && endpoints.isEmpty()) {
            requireForAws(aws, hosts, accounts);
        }
        boolean twin = target == Target.LOCAL || endpoints.isPresent();
        Recovery recovery = new Recovery(bool("recovery.stop-foreign-sipp", false),
                bool("recovery.allow", twin), duration("recovery.timeout", Duration.ofMinutes(10)));
        Safety safety = new Safety(accounts, text("lock-ttl").flatMap(ConfigLoader::positiveDuration)
                .filter(d -> d.compareTo(Safety.MIN_LOCK_TTL) >= 0).orElse(Safety.DEFAULT_LOCK_TTL));
        Waits waits = text("waits").filter("fixed"::equals).map(w -> Waits.FIXED).orElse(Waits.AWAIT);
        Path reportsDir = Path.of(text("reports-dir").filter(ConfigLoader::isPath).orElse("target/scaling-reports"));
        Map<String, String> twinSettings = new TreeMap<>();
        raws.values().stream()
                .filter(r -> r.shape() == Shape.VALUE && r.key().startsWith("twin.") && r.key().indexOf('.', 5) < 0)
                .forEach(r -> twinSettings.put(r.key().substring(5), r.value()));
        Duration apiCallTimeout = text("api-call-timeout").flatMap(ConfigLoader::positiveDuration)
                .orElse(Duration.ofSeconds(30));
        Polls d = Polls.DEFAULTS;
        Polls poll = new Polls(duration("poll.ecs", d.ecs()), duration("poll.metrics", d.metrics()),
                duration("poll.sessions", d.sessions()), duration("poll.targets", d.targets()),
                duration("poll.logs", d.logs()), duration("poll.activities", d.activities()));
        boolean dryRun = text("dry-run").filter("true"::equalsIgnoreCase).isPresent();
        return new SuiteConfig(target, source, aws, endpoints, timeScale, hosts, recovery, waits, reportsDir,
                twinSettings, apiCallTimeout, poll, text("scenario"), safety, dryRun);
    }

    private AwsTarget awsTarget(Optional<Endpoints> endpoints) {
        Function<String, Optional<ConfigValue>> v = key -> text(key)
                .filter(VALUES.get(key).valid())
                .map(ConfigValue::of);
        Optional<ConfigValue> region = endpoints.<ConfigValue>map(e -> new ConfigValue.Literal(e.region()))
                .or(() -> v.apply("region"));
        Optional<ConfigValue> cluster = endpoints.<ConfigValue>map(e -> new ConfigValue.Literal(e.cluster()))
                .or(() -> v.apply("cluster"));
        Optional<ConfigValue> service = endpoints.<ConfigValue>map(e -> new ConfigValue.Literal(e.service()))
                .or(() -> v.apply("service"));
        Optional<ConfigValue> environment = endpoints.<ConfigValue>map(e -> new ConfigValue.Literal(e.environment()))
                .or(() -> v.apply("environment"));
        Optional<ConfigValue> sip = endpoints.<ConfigValue>map(e -> new ConfigValue.Literal(e.sip()))
                .or(() -> v.apply("sip"));
        return new AwsTarget(region, cluster, service,
                v.apply("session-table").or(() -> Optional.of(AwsTarget.DEFAULT_SESSION_TABLE)),
                v.apply("log-group"),
                v.apply("target-group").or(() -> Optional.of(AwsTarget.DEFAULT_TARGET_GROUP)),
                v.apply("task-definition"), environment, sip);
    }

    private void requireForAws(AwsTarget aws, List<LoadHost> hosts, List<String> accounts) {
        String origin = value("target").map(Raw::origin).orElse("-Dscaling.target");
        Map<String, Optional<ConfigValue>> required = new LinkedHashMap<>();
        required.put("region", aws.region());
        required.put("cluster", aws.cluster());
        required.put("service", aws.service());
        required.put("environment", aws.environment());
        required.put("sip", aws.sip());
        required.forEach((key, value) -> {
            if (value.isEmpty() && value(key).isEmpty()) {
                problems.add(origin + ": '" + key + "' is required when target is aws; allowed: "
                        + VALUES.get(key).allowed());
            }
        });
        if (hosts.isEmpty() && raws.keySet().stream().noneMatch(k -> k.startsWith("load-hosts."))) {
            problems.add(origin + ": at least one load host is required when target is aws; allowed: load-hosts: "
                    + "[{host, user, private-key, known-hosts, port, sipp-home}]");
        }
        if (accounts.isEmpty() && !raws.containsKey(ACCOUNTS)) {
            problems.add(origin + ": '" + ACCOUNTS + "' is required when target is aws: the suite changes the "
                    + "service only in an account named there; allowed: " + ACCOUNTS_ALLOWED);
        }
    }

    static final String HOST = "[A-Za-z0-9.:-]+";
    static final String USER = "[A-Za-z0-9_.-]+";
    /** What a sipp-home may be: it reaches the load host's shell, so what the shell layer takes, '..' excluded. */
    static final String SIPP_HOME = "an absolute path (letters, digits, _ . / + -, no '..')";

    static boolean isSippHome(String path) {
        return path.matches("/[A-Za-z0-9_./+-]*") && !path.contains("..");
    }

    /** A load host's key: its number as a list numbers it (0, 1, ... 999), then perhaps one of its settings. */
    private static final Pattern HOST_INDEX = Pattern.compile("load-hosts\\.(0|[1-9]\\d{0,2})(\\..*)?", Pattern.DOTALL);

    private List<LoadHost> loadHosts() {
        TreeSet<Integer> indices = new TreeSet<>();
        for (String key : raws.keySet()) {
            Matcher m = HOST_INDEX.matcher(key);
            if (m.matches()) {
                indices.add(Integer.parseInt(m.group(1)));
            }
        }
        List<LoadHost> hosts = new ArrayList<>();
        int expected = 0;
        for (int i : indices) {
            String p = "load-hosts." + i + ".";
            if (i != expected) {
                Raw first = anyOf(i);
                problem(first, "load host " + i + " has no load host " + expected + " before it; allowed: load hosts "
                        + "numbered from 0 without gaps");
                expected = i;
            }
            expected++;
            Raw anchor = value(p + "host").orElseGet(() -> anyOf(i));
            Optional<String> host = requiredText(p + "host", anchor, "a host name or IP address",
                    h -> h.matches(HOST));
            int port = text(p + "port").flatMap(ConfigLoader::parseInt).orElse(LoadHost.DEFAULT_PORT);
            value(p + "port").filter(r -> !port(r.value()))
                    .ifPresent(r -> problem(r, "'" + r.key() + "' must be a port from 1 to 65535, was '" + r.value() + "'"));
            Optional<String> user = requiredText(p + "user", anchor, "a user name", u -> u.matches(USER));
            Optional<String> key = requiredText(p + "private-key", anchor, "the path of a private key file",
                    ConfigLoader::isPath);
            Optional<Raw> badKnownHosts = value(p + "known-hosts").filter(r -> !isPath(r.value()));
            badKnownHosts.ifPresent(r -> problem(r, "'" + r.key() + "' must be the path of a known_hosts file, was '"
                    + r.value() + "'"));
            String knownHosts = text(p + "known-hosts").filter(ConfigLoader::isPath)
                    .orElse(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts").toString());
            String sippHome = text(p + "sipp-home").orElse(LoadHost.DEFAULT_SIPP_HOME);
            value(p + "sipp-home").filter(r -> !isSippHome(r.value()))
                    .ifPresent(r -> problem(r, "'" + r.key() + "' must be " + SIPP_HOME + ", was '" + r.value() + "'"));
            if (host.isPresent() && user.isPresent() && key.isPresent()) {
                hosts.add(new LoadHost(host.get(), port, user.get(), home(key.get()), home(knownHosts), sippHome));
            }
        }
        return hosts;
    }

    /** The entry of load host {@code i} itself if there is one, else its first setting. */
    private Raw anyOf(int i) {
        String p = "load-hosts." + i + ".";
        return Optional.ofNullable(raws.get("load-hosts." + i)).orElseGet(() -> raws.entrySet().stream()
                .filter(e -> e.getKey().startsWith(p)).findFirst().map(Map.Entry::getValue).orElseThrow());
    }

    /** A path, with a leading {@code ~/} meaning the user's home directory. */
    private static Path home(String path) {
        return path.startsWith("~/") ? Path.of(System.getProperty("user.home"), path.substring(2)) : Path.of(path);
    }

    private Optional<String> requiredText(String key, Raw anchor, String allowed, Predicate<String> valid) {
        Optional<Raw> raw = value(key);
        if (raw.isEmpty()) {
            problem(anchor, "'" + key + "' is required; allowed: " + allowed);
            return Optional.empty();
        }
        if (!valid.test(raw.get().value())) {
            problem(raw.get(), "'" + key + "' must be " + allowed + ", was '" + raw.get().value() + "'");
            return Optional.empty();
        }
        return Optional.of(raw.get().value());
    }

    // ---- typed values ----

    private Optional<Raw> value(String key) {
        Raw raw = raws.get(key);
        return raw != null && raw.shape() == Shape.VALUE && !raw.value().isEmpty() ? Optional.of(raw) : Optional.empty();
    }

    private Optional<String> text(String key) {
        return value(key).map(Raw::value);
    }

    private boolean bool(String key, boolean fallback) {
        Optional<Raw> raw = value(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        String v = raw.get().value().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        problem(raw.get(), "'" + key + "' must be true or false, was '" + raw.get().value() + "'");
        return fallback;
    }

    private Duration duration(String key, Duration fallback) {
        Optional<Raw> raw = value(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        Optional<Duration> d = positiveDuration(raw.get().value());
        if (d.isEmpty()) {
            problem(raw.get(), "'" + key + "' must be " + DURATION + " (more than 0s), was '" + raw.get().value() + "'");
        }
        return d.orElse(fallback);
    }

    private static String valueAllowed(String key) {
        return key.startsWith("recovery.") && !key.endsWith("timeout") ? "true, false" : DURATION;
    }

    private static final Pattern DURATION_SHAPE =
            Pattern.compile("(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?(?:(\\d{1,9})s)?(?:(\\d{1,9})ms)?");

    /** Durations as in scenario files ({@code 90s}, {@code 8m}, {@code 1m30s}, {@code 500ms}, {@code 1h}), > 0. */
    static Optional<Duration> positiveDuration(String text) {
        Matcher m = DURATION_SHAPE.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            return Optional.empty();
        }
        long[] parts = new long[4];
        for (int i = 0; i < 4; i++) {
            parts[i] = m.group(i + 1) == null ? 0 : Long.parseLong(m.group(i + 1));
        }
        Duration d = Duration.ofHours(parts[0]).plusMinutes(parts[1]).plusSeconds(parts[2]).plusMillis(parts[3]);
        return d.isZero() ? Optional.empty() : Optional.of(d);
    }

    private static Optional<Integer> parseInt(String text) {
        return text.matches("\\d{1,9}") ? Optional.of(Integer.parseInt(text)) : Optional.empty();
    }

    static boolean port(String text) {
        return parseInt(text).filter(p -> p >= 1 && p <= 65535).isPresent();
    }

    // ---- helpers ----

    /** The exception for {@code problems}, each on one line: values echoed in them may hold line breaks. */
    private static ConfigException failure(List<String> problems) {
        return new ConfigException(problems.stream().map(YamlText::oneLine).toList());
    }

    /** Whether {@code path} is one this file system can name ({@code ~/} as in {@link #home}). */
    static boolean isPath(String path) {
        try {
            home(path);
            return true;
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private void problem(Raw raw, String what) {
        problems.add(raw.origin() + ": " + what);
    }

    private static String shape(Raw raw) {
        return switch (raw.shape()) {
            case GROUP -> "a mapping";
            case LIST -> "a list";
            case VALUE -> "a single value";
        };
    }

    private static String prefixed(String group, List<String> keys) {
        return String.join(", ", keys.stream().map(k -> group + "." + k).toList());
    }

    static String topKeys() {
        List<String> keys = new ArrayList<>(VALUES.keySet());
        keys.addAll(GROUPS);
        return String.join(", ", keys);
    }
}
