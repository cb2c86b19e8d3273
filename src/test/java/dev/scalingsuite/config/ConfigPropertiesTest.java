package dev.scalingsuite.config;

import static dev.scalingsuite.scenario.YamlMutations.anyDouble;
import static dev.scalingsuite.scenario.YamlMutations.anyInt;
import static dev.scalingsuite.scenario.YamlMutations.anyLong;
import static dev.scalingsuite.scenario.YamlMutations.anyString;
import static dev.scalingsuite.scenario.YamlMutations.listOf;
import static dev.scalingsuite.scenario.YamlMutations.maybe;
import static dev.scalingsuite.scenario.YamlMutations.oneOf;
import static dev.scalingsuite.scenario.YamlMutations.pick;
import static dev.scalingsuite.scenario.YamlMutations.stringIn;
import static dev.scalingsuite.scenario.YamlMutations.stringOf;
import static dev.scalingsuite.scenario.YamlMutations.weighted;
import static dev.scalingsuite.scenario.YamlMutations.where;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingsuite.load.SshAccess;
import dev.scalingsuite.scenario.Tries;
import dev.scalingsuite.scenario.YamlMutations;
import dev.scalingsuite.scenario.YamlMutations.Mutation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad configurations, generated: random {@code scaling.*} properties and edited {@code config.yaml}
 * files either load into a configuration the suite can use or fail with one {@link ConfigException}
 * whose every problem names where the value came from ({@code config.yaml:<line>} or
 * {@code -Dscaling.<key>}) and says what is allowed; nothing else ever escapes. A failure prints the
 * seed, the try and what was drawn; rerun it with {@code -Dproperties.seed=<seed>} (see {@link Tries}).
 */
class ConfigPropertiesTest {

    /** What a problem says to tell what is allowed; most say it after "; allowed:". */
    private static final List<String> SAYS_WHAT_IS_ALLOWED = List.of("allowed: ", " must be ", "duplicate key",
            " is required");
    private static final Pattern FILE_PROBLEM = Pattern.compile("config\\.yaml:(\\d+): (.+)", Pattern.DOTALL);

    private static final String LOCAL = """
            # the in-process twin, tuned
            target: local
            time-scale: 20
            waits: await
            reports-dir: target/scaling-reports
            api-call-timeout: 30s
            recovery: {stop-foreign-sipp: false, allow: true, timeout: 10m}
            poll:
              ecs: 2s
              metrics: 10s
              sessions: 5s
              targets: 5s
              logs: 30s
              activities: 10s
            twin: {maxCapacity: 12, coldStart: 90s}
            scenario: steady-state
            """;

    private static final String AWS = """
            target: aws
            region: us-east-1
            cluster: ssm:///voice-agent/ecs/cluster-arn
            service: voice-agent-poc-poc-voice-agent
            environment: poc
            sip: 10.0.1.5:5060
            log-group: /ecs/voice-agent-poc
            task-definition: voice-agent-poc-voice-agent:42
            load-hosts:
              - host: 10.0.0.7
                user: ec2-user
                private-key: keys/sipp.pem
                port: 2222
                sipp-home: /opt/sipp
              - {host: sipp-2.example.com, user: ec2-user, private-key: ~/.ssh/sipp.pem, known-hosts: kh}
            recovery:
              allow: false
            allowed-accounts: ['123456789012', '210987654321']
            lock-ttl: 45m
            dry-run: true
            """;

    private static List<String> seeds;
    private static Path tempDir;

    @BeforeAll
    static void seeds() throws IOException {
        String docs = Files.readString(Path.of("docs/scenarios-and-config.md"));
        Matcher example = Pattern.compile("```yaml\n(target: aws.*?)```", Pattern.DOTALL).matcher(docs);
        assertThat(example.find()).as("the configuration example in docs/scenarios-and-config.md").isTrue();
        seeds = List.of(example.group(1), LOCAL, AWS);
        tempDir = Files.createTempDirectory("config-properties");
    }

    @AfterAll
    static void removeTempDir() throws IOException {
        try (Stream<Path> files = Files.walk(tempDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void everySeedLoads() throws IOException {
        for (String seed : seeds) {
            Path dir = Files.createTempDirectory(tempDir, "seed");
            Files.writeString(dir.resolve("config.yaml"), seed);
            assertUsable(SuiteConfig.load(dir, Map.of()));
        }
    }

    // ---- properties ----

    /** Random scaling.* properties, no file. */
    @Test
    void anyPropertiesLoadOrFailNamingTheirKeys() {
        Tries.check(1000, t -> {
            Map<String, String> properties = t.draw("properties", ConfigPropertiesTest::properties);
            t.outcome(check(emptyDir(), properties, null));
        });
    }

    /** An edited config.yaml, sometimes with properties too. */
    @Test
    void anEditedConfigYamlLoadsOrFailsNamingItsLines() {
        Tries.check(1000, t -> {
            String seed = t.draw("seed", ConfigPropertiesTest::seed);
            List<Mutation> edits = t.draw("edits", YamlMutations::mutationLists);
            Map<String, String> properties = t.draw("properties", ConfigPropertiesTest::fewProperties);
            Path dir = emptyDir();
            String text = write(dir.resolve("config.yaml"), YamlMutations.apply(seed, edits));
            t.outcome(check(dir, properties, text));
        });
    }

    /** The same file named by scaling.config: its problems name it as given. */
    @Test
    void aNamedConfigFileLoadsOrFailsNamingItsLines() {
        Tries.check(200, t -> {
            String seed = t.draw("seed", ConfigPropertiesTest::seed);
            List<Mutation> edits = t.draw("edits", YamlMutations::mutationLists);
            Path dir = emptyDir();
            Files.createDirectories(dir.resolve("conf"));
            String text = write(dir.resolve("conf/suite.yaml"), YamlMutations.apply(seed, edits));
            try {
                assertUsable(SuiteConfig.load(dir, Map.of("scaling.config", "conf/suite.yaml")));
                t.outcome("loads");
            } catch (ConfigException e) {
                for (String p : e.problems()) {
                    assertThat(p).startsWith("conf/suite.yaml:");
                    assertOneLine(p);
                    assertSaysWhatIsAllowed(p);
                    int line = Integer.parseInt(p.substring("conf/suite.yaml:".length(), p.indexOf(':', 16)));
                    assertThat(line).isBetween(1, YamlMutations.lineCount(text));
                }
                t.outcome("problems");
            }
        });
    }

    /** A scalar replaced by a list or mapping is wrong for every key: the problem names that line. */
    @Test
    void aValueOfTheWrongShapeIsReportedOnItsLine() {
        Tries.check(300, t -> {
            String seed = t.draw("seed", ConfigPropertiesTest::seed);
            int pick = t.draw("pick", ConfigPropertiesTest::positions);
            String replacement = t.draw("replacement", r -> pick(r, "[1, 2]", "[]", "{a: 1}", "{x: {y: 1}}"));
            List<int[]> values = YamlMutations.valuePositions(seed);
            int[] at = values.get(pick % values.size());
            List<String> lines = new ArrayList<>(List.of(seed.split("\n", -1)));
            String line = lines.get(at[0]);
            lines.set(at[0], line.substring(0, at[1]) + replacement + line.substring(at[2]));
            String text = String.join("\n", lines);
            Path dir = emptyDir();
            Files.writeString(dir.resolve("config.yaml"), text);

            ConfigException e = expectProblems(dir, Map.of(), text);
            assertThat(e.problems()).as("line %d became %s", at[0] + 1, lines.get(at[0]))
                    .anyMatch(p -> p.startsWith("config.yaml:" + (at[0] + 1) + ": "));
        });
    }

    static int positions(Random r) {
        return r.nextInt(10_001);
    }

    /** Characters YAML does not allow anywhere are reported on their line. */
    @Test
    void aCharacterYamlForbidsIsReportedOnItsLine() {
        Tries.check(200, t -> {
            String seed = t.draw("seed", ConfigPropertiesTest::seed);
            int position = t.draw("position", ConfigPropertiesTest::positions);
            char c = t.draw("c", ConfigPropertiesTest::forbidden);
            int at = position % (seed.length() + 1);
            String text = seed.substring(0, at) + c + seed.substring(at);
            Path dir = emptyDir();
            Files.writeString(dir.resolve("config.yaml"), text);
            int line = YamlMutations.lineCount(seed.substring(0, at));

            ConfigException e = expectProblems(dir, Map.of(), text);
            assertThat(e.problems()).as("character %s on line %d", YamlMutations.visible(String.valueOf(c)), line)
                    .singleElement().asString().startsWith("config.yaml:" + line + ": ");
        });
    }

    static char forbidden(Random r) {
        // what UTF-8 can carry: no lone surrogates here (the file would hold '?')
        return where(r, YamlMutations::anyChar, c -> (c < ' ' && c != '\t' && c != '\n' && c != '\r')
                || c == '\u007f' || (c >= '\u0080' && c <= '\u009f' && c != '\u0085') || c == '\uFFFE'
                || c == '\uFFFF');
    }

    /** Values of unknown keys are never shown: they may be secrets. */
    @Test
    void valuesOfUnknownKeysNeverAppear() {
        Tries.check(300, t -> {
            String key = t.draw("key", ConfigPropertiesTest::unknownKeys);
            String secret = t.draw("secret", r -> "S3cr3t" + stringIn(r, 'A', 'Z', 12, 12));
            boolean inFile = t.draw("inFile", Random::nextBoolean);
            Map<String, String> others = t.draw("others", ConfigPropertiesTest::fewProperties);
            Path dir = emptyDir();
            Map<String, String> properties = new LinkedHashMap<>(others);
            properties.values().removeIf(v -> v.contains(secret));
            if (inFile) {
                Files.writeString(dir.resolve("config.yaml"), "waits: fixed\n" + key + ": " + secret + "\n");
            } else {
                properties.put("scaling." + key, secret);
            }
            try {
                SuiteConfig.load(dir, properties);
            } catch (ConfigException e) {
                assertThat(e.getMessage()).doesNotContain(secret);
                assertThat(e.toString()).doesNotContain(secret);
                return;
            }
            throw new AssertionError("an unknown key loaded: " + key);
        });
    }

    static String unknownKeys(Random r) {
        return r.nextBoolean()
                ? pick(r, "token", "password", "regoin", "load-hosts.0.passphrase", "recovery.secret", "poll.ec2",
                        "aws.secret-access-key", "region.secret")
                : "x-" + stringIn(r, 'a', 'z', 1, 8);
    }

    /**
     * Of a load host's values only sipp-home reaches the load host's shell (host, port and user go to the
     * SSH library): one the configuration accepts has no shell metacharacters and is one the SSH layer takes.
     * Host and user are checked for shell-free characters too.
     */
    @Test
    void anAcceptedLoadHostIsSafeForTheShell() {
        Tries.check(500, t -> {
            String host = t.draw("host", ConfigPropertiesTest::hostValues);
            String user = t.draw("user", ConfigPropertiesTest::userValues);
            String sippHome = t.draw("sippHome", ConfigPropertiesTest::sippHomes);
            String port = t.draw("port", ConfigPropertiesTest::portValues);
            Map<String, String> p = Map.of("scaling.load-hosts.0.host", host, "scaling.load-hosts.0.user", user,
                    "scaling.load-hosts.0.private-key", "keys/k.pem", "scaling.load-hosts.0.sipp-home", sippHome,
                    "scaling.load-hosts.0.port", port);
            SuiteConfig config;
            try {
                config = SuiteConfig.load(emptyDir(), p);
            } catch (ConfigException e) {
                assertClear(e, p, null);
                t.outcome("rejected");
                return;
            } catch (RuntimeException e) {
                throw new AssertionError("loading threw " + e + " instead of a ConfigException for " + shown(p), e);
            }
            t.outcome("accepted");
            LoadHost h = config.loadHosts().get(0);
            assertThat(h.host()).matches("[A-Za-z0-9.:-]+");
            assertThat(h.user()).matches("[A-Za-z0-9_.-]+");
            assertThat(h.sippHome()).isEqualTo(sippHome.trim()).matches("/[A-Za-z0-9_./+-]*").doesNotContain("..");
            SshAccess access = new SshAccess("h", h.port(), h.user(), h.privateKey(), h.knownHosts(), h.sippHome());
            assertThat(access.sippHome()).isEqualTo(h.sippHome());
        });
    }

    // each value: often a usual one, so that all four are fine together often enough to test what is accepted

    static String hostValues(Random r) {
        return switch (weighted(r, 2, 1, 1)) {
            case 0 -> pick(r, "10.0.0.7", "sipp.example.com");
            case 1 -> pick(r, "10.0.0.7", "sipp.example.com", "a", "-a", "a-", ".a", "a.", "::1", "fe80::1", "10.0.0.7:22",
                        "h;reboot", "$(id)", "h h", "");
            default -> stringOf(r, "abc019.-:_;$` ", 0, 12);
        };
    }

    static String userValues(Random r) {
        return switch (weighted(r, 2, 1, 1)) {
            case 0 -> pick(r, "ec2-user", "root");
            case 1 -> pick(r, "ec2-user", "root", "-oProxyCommand=x", "a b", "$(id)", "_", ".");
            default -> stringOf(r, "abc019.-_;$` '", 1, 10);
        };
    }

    static String sippHomes(Random r) {
        return switch (weighted(r, 2, 1, 1)) {
            case 0 -> pick(r, "/opt/sipp", "/usr/local/sipp");
            case 1 -> pick(r, "/opt/sipp", "/", "/opt/sipp/", "relative", "/opt/../etc", "/..", "/opt/sipp; rm -rf /",
                        "/opt/$(touch x)", "/opt/`id`", "/opt/a b", "/opt/'x'", "/opt/\"x\"", "/opt/a|b", "/opt/a&b",
                        "/opt/a>b", "/opt/*", "/opt/~", "/opt/a\nb", "~/sipp", "/opt/é", "/opt/a+b", "/opt/..x",
                        "/opt/x..", "/opt/./sipp");
            default -> "/" + stringOf(r, "/ab.+-_;$`'\"|&<>*?~ \\(){}!#", 1, 12);
        };
    }

    static String portValues(Random r) {
        return switch (weighted(r, 2, 1, 1)) {
            case 0 -> pick(r, "22", "2222");
            case 1 -> pick(r, "22", "2222", "65535", "0", "65536", "-1", "ssh", "", " 22 ");
            default -> String.valueOf(anyInt(r));
        };
    }

    /** A standalone twin's endpoints file, edited: a field set to any JSON value or removed, or the file cut short. */
    @Test
    void anEditedEndpointsFileLoadsOrFailsNamingTheProperty() {
        Tries.check(500, t -> {
            String field = t.draw("field", ConfigPropertiesTest::endpointFields);
            Optional<JsonNode> value = t.draw("value", ConfigPropertiesTest::jsonValues);
            int cut = t.draw("cut", ConfigPropertiesTest::cuts);
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode json = (ObjectNode) mapper.readTree(ENDPOINTS);
            String[] path = field.split("\\.");
            ObjectNode parent = path.length == 1 ? json : (ObjectNode) json.get(path[0]);
            String name = path[path.length - 1];
            value.ifPresentOrElse(v -> parent.set(name, v), () -> parent.remove(name));
            String text = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(json);
            if (cut > 0) {
                text = text.substring(0, cut % text.length());
            }
            Path dir = emptyDir();
            write(dir.resolve("endpoints.json"), text);
            Map<String, String> p = Map.of("scaling.endpoints", "endpoints.json");
            SuiteConfig config;
            try {
                config = SuiteConfig.load(dir, p);
            } catch (ConfigException e) {
                assertClear(e, p, null);
                assertThat(e.getMessage()).doesNotContain("S3cr3tKey");
                t.outcome("problems");
                return;
            } catch (RuntimeException e) {
                throw new AssertionError("loading threw " + e + " instead of a ConfigException for endpoints.json:\n"
                        + text, e);
            }
            t.outcome("loads");
            assertUsable(config);
            assertThat(config.endpoints()).isPresent();
            assertThat(config.toString()).doesNotContain("S3cr3tKey");
        });
    }

    private static final String ENDPOINTS = """
            {"aws": "http://127.0.0.1:45001", "dynamodb": "http://127.0.0.1:45002", "sip": "127.0.0.1:45060",
             "region": "us-east-1", "account": "123456789012", "timeScale": 10,
             "ssh": {"host": "127.0.0.1", "port": 45022, "user": "tester", "privateKey": "/tmp/id_ed25519",
                     "knownHosts": "/tmp/known_hosts", "sippHome": "/tmp/sipp-home"},
             "credentials": {"accessKeyId": "twinAccessKey", "secretAccessKey": "S3cr3tKey"}}
            """;

    static String endpointFields(Random r) {
        return r.nextBoolean()
                ? pick(r, "aws", "dynamodb", "sip", "region", "account", "timeScale", "ssh", "credentials", "ssh.host", "ssh.port", "ssh.user", "ssh.privateKey",
                        "ssh.knownHosts", "ssh.sippHome", "credentials.accessKeyId", "credentials.secretAccessKey")
                // the load host's values, which the SSH layer and the load host's shell take
                : pick(r, "ssh.host", "ssh.port", "ssh.user", "ssh.privateKey", "ssh.knownHosts", "ssh.sippHome");
    }

    static Optional<JsonNode> jsonValues(Random r) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return maybe(r, 0.85, x -> switch (x.nextInt(3)) {
            case 0 -> f.textNode(oneOf(x, y -> anyString(y, 0, 12), y -> stringOf(y, "a/.\0 $", 1, 6),
                    y -> pick(y, "", " ", "a\0b", "\0", "http://", "http://h:1", "://x", "h:1", "~/k", "/opt/$(id)",
                            "/opt/../x", "x y", "ftp://h/x", "http://[::1]:80", "http://h:99999")));
            case 1 -> switch (x.nextInt(4)) {
                case 0 -> f.numberNode(anyInt(x));
                case 1 -> f.numberNode(anyLong(x));
                case 2 -> f.numberNode(anyDouble(x));
                default -> f.numberNode(pick(x, 0, 1, 7, 60, -1));
            };
            default -> switch (x.nextInt(6)) {
                case 0 -> f.nullNode();
                case 1 -> f.booleanNode(true);
                case 2 -> f.objectNode();
                case 3 -> f.arrayNode();
                case 4 -> f.arrayNode().add("x");
                default -> f.objectNode().put("a", 1);
            };
        });
    }

    static int cuts(Random r) {
        return weighted(r, 5, 1) == 0 ? 0 : r.nextInt(1, 10_001);
    }

    // ---- generators ----

    static String seed(Random r) {
        return pick(r, seeds);
    }

    private static final List<String> HOST_KEYS = List.of("host", "port", "user", "private-key", "known-hosts",
            "sipp-home", "weight");

    static Map<String, String> properties(Random r) {
        return toMap(listOf(r, 0, 12, ConfigPropertiesTest::entry));
    }

    static Map<String, String> fewProperties(Random r) {
        return toMap(listOf(r, 0, 3, ConfigPropertiesTest::entry));
    }

    private static Map<String, String> toMap(List<Map.Entry<String, String>> entries) {
        Map<String, String> map = new LinkedHashMap<>();
        entries.forEach(e -> map.put(e.getKey(), e.getValue()));
        return map;
    }

    private static final List<String> KEYS = List.of("target", "region", "cluster", "service", "session-table",
            "log-group", "target-group", "task-definition", "environment", "sip", "time-scale", "waits", "reports-dir",
            "api-call-timeout", "scenario", "scenarios", "recovery.stop-foreign-sipp", "recovery.allow", "recovery.timeout",
            "poll.ecs", "poll.metrics", "poll.sessions", "poll.targets", "poll.logs", "poll.activities",
            "allowed-accounts", "lock-ttl", "dry-run", "dryRun", "protection-expiry", "allow-deployments",
            "telemetry.sessions.namespace",
            "telemetry.sessions.dimension", "telemetry.sessions.sessions-per-task", "telemetry.latency.metric",
            "telemetry.events.ready", "telemetry.events.drain-started");

    private static final List<String> ODD_KEYS = List.of("", ".", "..", "clustr", "region.x", "poll", "poll.ecs.x",
            "recovery", "recovery.", "twin", "twin.", "twin.maxCapacity", "twin.a.b", "load-hosts", "load-hosts.0",
            "load-hosts.1", "load-hosts.0.host.x", "load-hosts.0.passphrase", "load-hosts..host", "target.", "poll..",
            "Region", "REGION", " region", "region ", "telemetry", "telemetry.", "telemetry.latency",
            "telemetry.latency.", "telemetry.latency.metric.x", "telemetry.logs.ready", "telemetry.events.Ready");

    /** One property: a key, known or not, with a value right or wrong for it. */
    static Map.Entry<String, String> entry(Random r) {
        return switch (weighted(r, 6, 4, 1, 2, 1, 1)) {
            case 0 -> {
                String k = pick(r, KEYS);
                yield Map.entry("scaling." + k, valueFor(r, k));
            }
            case 1 -> {
                String n = pick(r, "0", "0", "1", "2", "00", "01", "-1", "x", "1000", "", " 0");
                String k = pick(r, HOST_KEYS);
                yield Map.entry("scaling.load-hosts." + n + "." + k, valueFor(r, k));
            }
            case 2 -> Map.entry("scaling." + pick(r, "endpoints", "config"), paths(r));
            case 3 -> Map.entry("scaling." + pick(r, ODD_KEYS), anyValue(r));
            case 4 -> Map.entry("scaling." + anyString(r, 0, 10), anyValue(r));
            default -> Map.entry(pick(r, "other.x", "scaling", "Scaling.region", "twin.x"), anyValue(r));
        };
    }

    private static String valueFor(Random r, String key) {
        if (weighted(r, 1, 2) == 0) {
            return switch (key) {
                case "target" -> pick(r, "local", "aws");
                case "region" -> pick(r, "us-east-1", "eu-west-2", "ap-southeast-1", "us-gov-west-1",
                        "ssm:///voice-agent/region");
                case "cluster", "service", "environment" -> pick(r, "voice-agent", "poc",
                        "ssm:///voice-agent/ecs/cluster-arn", "arn:aws:ecs:us-east-1:123456789012:cluster/c",
                        "arn:aws:ecs:us-east-1:123456789012:service/c/s");
                case "session-table" -> pick(r, "sessions", "a.b-c_d", "ssm:///t");
                case "log-group" -> pick(r, "/ecs/voice-agent-poc", "#x", "ssm:///l");
                case "target-group" -> pick(r, "tg-1", "arn:aws:elasticloadbalancing:us-east-1:123456789012:"
                        + "targetgroup/tg/0123abcd", "ssm:///ops/voice-agent/target-group-arn");
                case "task-definition" -> pick(r, "voice-agent-poc-voice-agent", "voice-agent-poc-voice-agent:42",
                        "ssm:///td");
                case "sip" -> pick(r, "10.0.1.5:5060", "sip.example.com:5060", "h:65535", "ssm:///sip");
                case "time-scale" -> pick(r, "1", "2", "3", "4", "5", "6", "10", "12", "15", "20", "30", "60");
                case "waits" -> pick(r, "await", "fixed");
                case "scenarios" -> pick(r, "all", "burst", "steady-state,burst", "burst, sustained-24,burst");
                case "recovery.stop-foreign-sipp", "recovery.allow", "dry-run", "dryRun", "allow-deployments" ->
                        pick(r, "true", "false", "TRUE", "False");
                case "allowed-accounts" -> pick(r, "123456789012", "123456789012,210987654321", "000000000000 ");
                case "lock-ttl" -> pick(r, "1m", "30m", "2h", "1h30m");
                case "protection-expiry" -> pick(r, "1m", "30m", "48h", "1h30m");
                case "host" -> pick(r, "10.0.0.7", "sipp.example.com", "h");
                case "port" -> String.valueOf(r.nextInt(1, 65536));
                case "user" -> pick(r, "ec2-user", "root", "a.b_c");
                case "private-key", "known-hosts" -> pick(r, "keys/k.pem", "~/.ssh/id", "/k");
                case "sipp-home" -> pick(r, "/opt/sipp", "/", "/home/x/sipp-3.7");
                case "weight" -> pick(r, "1", "2", "1000", "0", "1001");
                case "telemetry.sessions.namespace" -> pick(r, "VoiceAgent/Sessions", "Acme/Sessions", "a b:#_-.");
                case "telemetry.sessions.dimension" -> pick(r, "Environment", "Stage", "a:b");
                case "telemetry.sessions.sessions-per-task", "telemetry.latency.metric" ->
                        pick(r, "SessionsPerTask", "AgentResponseLatency", "E2ELatency", "a/b#c:d");
                case "telemetry.events.ready", "telemetry.events.drain-started" ->
                        pick(r, "service_ready", "agent_ready", "drain_started", "drain_complete", "a.b-c");
                default -> where(r, YamlMutations::durations, d -> d.matches("[0-9]+(h|m|s|ms)")
                        && !d.matches("0+[a-z]+"));
            };
        }
        return switch (key) {
            case "time-scale" -> r.nextBoolean() ? YamlMutations.numbers(r) : String.valueOf(anyInt(r));
            case "region", "cluster", "service", "session-table", "log-group", "target-group", "task-definition",
                    "environment", "sip" -> r.nextBoolean() ? ssmRefs(r) : anyValue(r);
            case "private-key", "known-hosts", "reports-dir", "scenario" -> paths(r);
            case "scenarios" -> pick(r, "", ",", "burst,", ",burst", "burst,,steady-state", " ", "a, ,b");
            case "sipp-home" -> r.nextBoolean() ? paths(r) : pick(r, "/opt/$(touch x)", "/opt/a b", "/../x");
            case "allowed-accounts" -> pick(r, "", ",", "1", "12345678901", "1234567890123", "12345678901a",
                    "123456789012,,123456789012", "[123456789012]", "123456789012;210987654321");
            case "api-call-timeout", "lock-ttl", "protection-expiry", "recovery.timeout", "poll.ecs", "poll.metrics", "poll.sessions", "poll.targets",
                    "poll.logs", "poll.activities" -> YamlMutations.durations(r);
            default -> anyValue(r);
        };
    }

    private static String ssmRefs(Random r) {
        return r.nextBoolean()
                ? pick(r, "ssm://", "ssm:///", "ssm://a", "ssm:////a", "ssm:///a//b", "ssm:///a b", "ssm:///a/",
                        "ssm:///a/$(id)", "ssm:///ä", "SSM:///a", "ssm:/a", "ssm:///a\nb")
                : "ssm://" + stringOf(r, "/ab.-_ $:", 0, 10);
    }

    private static String paths(Random r) {
        return r.nextBoolean()
                ? pick(r, "", "missing.json", "/", ".", "..", "a\0b", "\0", "~/x", "~", "x/../y", "/dev/null", "dir/",
                        "a b", "é")
                : anyString(r, 0, 10);
    }

    private static String anyValue(Random r) {
        return oneOf(r, YamlMutations::values, x -> anyString(x, 0, 12),
                x -> pick(x, "", " ", "\n", "\0", "a\nb", "true", "1", "-1", "0"));
    }

    // ---- checks ----

    /** Writes {@code text} as UTF-8 (a lone surrogate becomes '?'); returns the text as the file holds it. */
    private static String write(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Files.write(file, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Path emptyDir() throws IOException {
        return Files.createTempDirectory(tempDir, "wd");
    }

    /** Loads: a usable configuration or one clear ConfigException; nothing else. Returns which it was. */
    private static String check(Path dir, Map<String, String> properties, String fileText) {
        SuiteConfig config;
        try {
            config = SuiteConfig.load(dir, properties);
        } catch (ConfigException e) {
            assertClear(e, properties, fileText);
            return "problems";
        } catch (RuntimeException | Error e) {
            throw new AssertionError("loading threw " + e + " instead of a ConfigException for " + shown(properties)
                    + (fileText == null ? "" : " and config.yaml:\n" + fileText), e);
        }
        assertUsable(config);
        return "loads";
    }

    private static ConfigException expectProblems(Path dir, Map<String, String> properties, String fileText) {
        try {
            SuiteConfig config = SuiteConfig.load(dir, properties);
            throw new AssertionError("expected problems, but it loaded as " + config + " from:\n" + fileText);
        } catch (ConfigException e) {
            assertClear(e, properties, fileText);
            return e;
        } catch (RuntimeException e) {
            throw new AssertionError("loading threw " + e + " instead of a ConfigException for:\n" + fileText, e);
        }
    }

    /** Every problem names config.yaml and a line it has, or one of the properties given; and what is allowed. */
    static void assertClear(ConfigException e, Map<String, String> properties, String fileText) {
        assertThat(e.problems()).isNotEmpty();
        assertThat(e.getMessage()).isEqualTo(e.problems().size() == 1 ? e.problems().get(0)
                : e.problems().size() + " problems in the suite configuration:\n" + String.join("\n", e.problems()));
        Set<String> origins = properties.keySet().stream().filter(k -> k.startsWith(SuiteConfig.PREFIX))
                .map(k -> "-D" + k + ": ").collect(Collectors.toSet());
        for (String p : e.problems()) {
            Matcher file = FILE_PROBLEM.matcher(p);
            if (fileText != null && file.matches()) {
                assertThat(Integer.parseInt(file.group(1))).as("line of '%s' in:%n%s", p, fileText)
                        .isBetween(1, YamlMutations.lineCount(fileText));
            } else {
                assertThat(origins).as("'%s' names one of the properties %s", p, shown(properties))
                        .anyMatch(o -> p.startsWith(YamlMutations.oneLine(o)));
            }
            assertOneLine(p);
            assertSaysWhatIsAllowed(p);
            assertThat(p).doesNotContain("org.yaml.snakeyaml", "java.lang", "Exception");
        }
    }

    private static void assertOneLine(String problem) {
        assertThat(problem).as("one line of text").doesNotContain("\n", "\r", "\u0085", "\u2028", "\u2029");
    }

    private static void assertSaysWhatIsAllowed(String problem) {
        assertThat(SAYS_WHAT_IS_ALLOWED).as("'%s' says what is allowed", problem).anyMatch(problem::contains);
    }

    /** What a loaded configuration always is. */
    static void assertUsable(SuiteConfig c) {
        assertThat(c.target()).isNotNull();
        c.timeScale().ifPresent(t -> assertThat(60 % t).as("time scale %d divides 60", t).isZero());
        if (c.target() == Target.AWS && c.endpoints().isEmpty()) {
            assertThat(c.aws().region()).isPresent();
            // cluster, service and environment are optional: the harness finds them as the stack publishes them
            assertThat(c.aws().sip()).isPresent();
            assertThat(c.loadHosts()).isNotEmpty();
            assertThat(c.timeScale()).isPresent();
        }
        for (LoadHost h : c.loadHosts()) {
            assertThat(h.port()).isBetween(1, 65535);
            assertThat(h.user()).matches("[A-Za-z0-9_.-]+");
            assertThat(h.sippHome()).matches("/[A-Za-z0-9_./+-]*");
            assertThat(h.privateKey()).isNotNull();
            assertThat(h.knownHosts()).isNotNull();
        }
        Stream.of(c.apiCallTimeout(), c.recovery().timeout(), c.poll().ecs(), c.poll().metrics(), c.poll().sessions(),
                c.poll().targets(), c.poll().logs(), c.poll().activities())
                .forEach(d -> assertThat(d).isGreaterThan(Duration.ZERO));
        assertThat(c.reportsDir()).isNotNull();
        assertThat(c.aws().ssmRefs()).allSatisfy(r -> assertThat(SsmRef.isValid(r.toString())).isTrue());
        assertThat(c.telemetry().lines()).hasSize(20);
        assertThat(c.toString()).isNotBlank();
    }

    private static String shown(Map<String, String> properties) {
        return properties.entrySet().stream()
                .map(e -> YamlMutations.visible(e.getKey()) + "=" + YamlMutations.visible(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
