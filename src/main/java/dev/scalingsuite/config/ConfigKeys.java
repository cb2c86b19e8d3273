package dev.scalingsuite.config;

import dev.scalingsuite.fleet.ServiceRef;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every key the configuration knows and what each may be: the single values with their checks, the
 * groups with their members, and the rules values share (durations, ports, paths, a load host's names).
 */
final class ConfigKeys {

    /** A top-level single-value key: what it may be and how to check it. */
    record Spec(String allowed, Predicate<String> valid) {
    }

    static final List<String> RECOVERY_KEYS = List.of("stop-foreign-sipp", "allow", "timeout");
    static final List<String> POLL_KEYS = List.of("ecs", "metrics", "sessions", "targets", "logs", "activities");
    /** When a load generator counts as saturated (fleet.GeneratorLimits). */
    static final List<String> GENERATOR_KEYS = List.of("max-sipp-cpu", "max-host-cpu", "max-watchdog-major",
            "max-watchdog-minor", "max-rate-shortfall");
    static final String SHARE = "a share from 0 to 1, like 0.95";
    static final String TRIPS = "a whole number of trips from 0 to 1000000, like 3";
    /** The members of {@code price}: Fargate's prices for the run's region (see {@link Pricing}). */
    static final List<String> PRICE_KEYS = List.of("vcpu-hour", "gb-hour");
    static final String PRICE = "a non-negative decimal number of US dollars per hour, like 0.04048";
    static final List<String> HOST_KEYS = List.of("host", "port", "user", "private-key", "known-hosts", "sipp-home",
            "bind", "weight");
    /** What a load host's {@code weight} may be. */
    static final String WEIGHT = "a whole number from 1 to " + LoadHost.MAX_WEIGHT
            + ": the host's share of each place-calls step's calls, like 2";
    static final String DURATION = "a duration like 90s, 8m, 1m30s, 500ms";
    static final String ACCOUNTS = "allowed-accounts";
    static final String ACCOUNTS_ALLOWED = "12-digit AWS account ids, as a list or separated by commas";
    /** The one property spelled in camel case, as the command line habitually writes it. */
    static final String DRY_RUN_ALIAS = "dryRun";
    static final String DIVISORS = "a divisor of 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60)";
    static final String HOST = "[A-Za-z0-9.:-]+";
    static final String USER = "[A-Za-z0-9_.-]+";
    /** What a sipp-home may be: it reaches the load host's shell, so what the shell layer takes, '..' excluded. */
    static final String SIPP_HOME = "an absolute path (letters, digits, _ . / + -, no '..')";
    /** What a load host's {@code bind} may be. */
    static final String BIND = "an IPv4 address of the load host (the one SIPp binds), like 10.0.2.15";
    static final String PROTECTION_EXPIRY = "whole minutes from 1m to 48h, like 30m (ECS's ExpiresInMinutes)";
    static final String MAX_RUN_TIME = "a duration of model time from 1m to 48h, like 90m or 2h";
    static final String MAX_TASK_MINUTES = "a whole number of task-minutes from 1 to 1000000, like 600";
    static final String SCENARIOS = "scenario names separated by commas, like burst,steady-state, or all";

    /** The top-level single values, in the order messages list them. */
    static final Map<String, Spec> VALUES;
    static final List<String> GROUPS = List.of("load-hosts", "recovery", "twin", "poll", "generator", "price", ACCOUNTS,
            TelemetryKeys.TOP);

    private static final String NAME = "[A-Za-z0-9_-]{1,255}";
    private static final String ARN = "arn:aws[a-z-]*:";

    static {
        Map<String, Spec> values = new LinkedHashMap<>();
        values.put("target", new Spec("local, aws", v -> v.equals("local") || v.equals("aws")));
        aws(values, "region", "an AWS region like us-east-1", "[a-z]{2}(-[a-z]+)+-\\d{1,2}");
        aws(values, "cluster", ServiceRef.CLUSTER_ALLOWED, ServiceRef::isCluster);
        aws(values, "service", ServiceRef.SERVICE_ALLOWED, ServiceRef::isService);
        aws(values, "session-table", "a DynamoDB table name", "[A-Za-z0-9_.-]{3,255}");
        aws(values, "log-group", "a CloudWatch Logs group name like /ecs/voice-agent", "[A-Za-z0-9_./#-]{1,512}");
        aws(values, "target-group", "a target group ARN or name", "[A-Za-z0-9-]{1,32}|" + ARN
                + "elasticloadbalancing:[a-z0-9-]+:\\d{12}:targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]+");
        aws(values, "task-definition", "a task definition family[:revision] or ARN", NAME + "(:\\d+)?|" + ARN
                + "ecs:[a-z0-9-]+:\\d{12}:task-definition/" + NAME + "(:\\d+)?");
        aws(values, "environment", "a metric dimension value", "\\S{1,255}");
        aws(values, "sip", "host:port of the SIP entry point, like 10.0.1.5:5060", "[A-Za-z0-9.-]+:\\d{1,5}");
        values.put("endpoints", new Spec("the path of a standalone twin's endpoints file", ConfigKeys::isPath));
        values.put("time-scale", new Spec(DIVISORS, v -> parseInt(v).filter(n -> n > 0 && 60 % n == 0).isPresent()));
        values.put("waits", new Spec("await, fixed", v -> v.equals("await") || v.equals("fixed")));
        values.put("reports-dir", new Spec("a directory path", ConfigKeys::isPath));
        values.put("api-call-timeout", new Spec(DURATION, v -> positiveDuration(v).isPresent()));
        values.put("scenario", new Spec("a scenario name or a path to a scenario YAML file", v -> true));
        values.put("scenarios", new Spec(SCENARIOS, v -> !scenarios(v).isEmpty()));
        values.put("matrix", new Spec("the path of a matrix file (docs/scenarios-and-config.md, Matrix runs)",
                ConfigKeys::isPath));
        values.put("dry-run", new Spec("true, false", v -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")));
        values.put("lock-ttl", new Spec(DURATION + ", at least 1m", v -> positiveDuration(v)
                .filter(d -> d.compareTo(Safety.MIN_LOCK_TTL) >= 0).isPresent()));
        values.put("protection-expiry", new Spec(PROTECTION_EXPIRY, v -> protectionExpiry(v).isPresent()));
        values.put("max-run-time", new Spec(MAX_RUN_TIME, v -> maxRunTime(v).isPresent()));
        values.put("max-task-minutes", new Spec(MAX_TASK_MINUTES, v -> maxTaskMinutes(v).isPresent()));
        values.put("allow-deployments", new Spec("true, false",
                v -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")));
        values.put("allow-inconclusive", new Spec("true, false",
                v -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")));
        values.put("history-dir", new Spec("a directory path", ConfigKeys::isPath));
        values.put("baseline", new Spec(HistoryConfig.BASELINE_ALLOWED, HistoryConfig::isBaseline));
        values.put("slos-file", new Spec("the path of a shared SLO file (YAML with slos:)", ConfigKeys::isPath));
        VALUES = Collections.unmodifiableMap(values);
    }

    private static void aws(Map<String, Spec> values, String key, String what, String regex) {
        Pattern pattern = Pattern.compile(regex);
        aws(values, key, what, v -> pattern.matcher(v).matches() && !v.isBlank()
                && (!key.equals("sip") || port(v.substring(v.lastIndexOf(':') + 1))));
    }

    /** A value of the stack's names: {@code valid}, or an SSM parameter that holds it. */
    private static void aws(Map<String, Spec> values, String key, String what, Predicate<String> valid) {
        values.put(key, new Spec(what + ", or " + SsmRef.ALLOWED,
                v -> v.startsWith(SsmRef.SCHEME) ? SsmRef.isValid(v) : valid.test(v)));
    }

    private ConfigKeys() {
    }

    /**
     * Every key known by name, as a property spells it after {@code scaling.}: the single values, the
     * camel-case alias, the members of {@code recovery}, {@code poll} and {@code price}, {@code allowed-accounts} and the
     * {@code telemetry} names (load hosts are numbered, twin settings named by the twin).
     */
    static List<String> named() {
        List<String> keys = new ArrayList<>(VALUES.keySet());
        keys.add(DRY_RUN_ALIAS);
        RECOVERY_KEYS.forEach(k -> keys.add("recovery." + k));
        POLL_KEYS.forEach(k -> keys.add("poll." + k));
        GENERATOR_KEYS.forEach(k -> keys.add("generator." + k));
        PRICE_KEYS.forEach(k -> keys.add("price." + k));
        keys.add(ACCOUNTS);
        keys.addAll(TelemetryKeys.names());
        return keys;
    }

    /** The names of a series ({@code scenarios}), in order; empty when there is none. */
    static List<String> scenarios(String text) {
        List<String> names = new ArrayList<>();
        for (String name : text.split(",", -1)) {
            if (name.isBlank()) {
                return List.of();
            }
            names.add(name.strip());
        }
        return names;
    }

    /** The top-level keys, as messages list what is allowed. */
    static String topKeys() {
        List<String> keys = new ArrayList<>(VALUES.keySet());
        keys.addAll(GROUPS);
        return String.join(", ", keys);
    }

    /** {@code group.key} for each of {@code keys}, as messages list them. */
    static String prefixed(String group, List<String> keys) {
        return String.join(", ", keys.stream().map(k -> group + "." + k).toList());
    }

    /** What a recovery, poll, generator or price setting may be. */
    static String valueAllowed(String key) {
        if (key.startsWith("price.")) {
            return PRICE;
        }
        if (key.startsWith("generator.")) {
            return key.contains("watchdog") ? TRIPS : SHARE;
        }
        return key.startsWith("recovery.") && !key.endsWith("timeout") ? "true, false" : DURATION;
    }

    /** A share from 0 to 1 ({@code generator.max-sipp-cpu}, ...). */
    static Optional<Double> share(String text) {
        try {
            double value = Double.parseDouble(text.strip());
            return value >= 0 && value <= 1 && text.strip().matches("[0-9.]+") ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A whole number of watchdog trips ({@code generator.max-watchdog-major}, ...). */
    static Optional<Long> trips(String text) {
        return text.strip().matches("\\d{1,7}") ? Optional.of(Long.parseLong(text.strip())).filter(n -> n <= 1_000_000)
                : Optional.empty();
    }

    /** A price per hour: a non-negative decimal number (no sign, no exponent), at most a million dollars. */
    static Optional<Double> price(String text) {
        return text.matches("\\d{1,7}(\\.\\d{1,12})?") ? Optional.of(Double.parseDouble(text))
                .filter(p -> p <= 1_000_000) : Optional.empty();
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

    /** How long task protection lasts: a duration of whole minutes, 1 to 2880 (ECS's ExpiresInMinutes). */
    static Optional<Duration> protectionExpiry(String text) {
        return positiveDuration(text).filter(d -> d.toSeconds() % 60 == 0 && d.toMillis() % 1000 == 0
                && d.toMinutes() >= 1 && d.toMinutes() <= 2880);
    }

    /** A run's time bound: 1m to 48h. */
    static Optional<Duration> maxRunTime(String text) {
        return positiveDuration(text).filter(d -> d.compareTo(Bounds.MIN_RUN_TIME) >= 0
                && d.compareTo(Bounds.MAX_RUN_TIME) <= 0);
    }

    /** A run's task-minutes bound: 1 to a million. */
    static Optional<Integer> maxTaskMinutes(String text) {
        return parseInt(text).filter(n -> n >= 1 && n <= Bounds.MOST_TASK_MINUTES);
    }

    static Optional<Integer> parseInt(String text) {
        return text.matches("\\d{1,9}") ? Optional.of(Integer.parseInt(text)) : Optional.empty();
    }

    /** A load host's weight: 1 to {@link LoadHost#MAX_WEIGHT}. */
    static Optional<Integer> weight(String text) {
        return parseInt(text).filter(n -> n >= 1 && n <= LoadHost.MAX_WEIGHT);
    }

    static boolean port(String text) {
        return parseInt(text).filter(p -> p >= 1 && p <= 65535).isPresent();
    }

    /** An IPv4 address: what a load host's {@code bind} may be. */
    static boolean isIpv4(String text) {
        if (!text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return false;
        }
        for (String part : text.split("\\.")) {
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isSippHome(String path) {
        return path.matches("/[A-Za-z0-9_./+-]*") && !path.contains("..");
    }

    /** A path, with a leading {@code ~/} meaning the user's home directory. */
    static Path home(String path) {
        return path.startsWith("~/") ? Path.of(System.getProperty("user.home"), path.substring(2)) : Path.of(path);
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
}
