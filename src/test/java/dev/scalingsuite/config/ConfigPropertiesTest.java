package dev.scalingsuite.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingsuite.load.SshAccess;
import dev.scalingsuite.scenario.YamlMutations;
import dev.scalingsuite.scenario.YamlMutations.Mutation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Bad configurations, generated: random {@code scaling.*} properties and edited {@code config.yaml}
 * files either load into a configuration the suite can use or fail with one {@link ConfigException}
 * whose every problem names where the value came from ({@code config.yaml:<line>} or
 * {@code -Dscaling.<key>}) and says what is allowed; nothing else ever escapes. A failure prints the
 * seed; rerun it with {@code @Property(seed = "...")}.
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
            log-group: /ecs/voice-agent
            task-definition: voice-agent:42
            load-hosts:
              - host: 10.0.0.7
                user: ec2-user
                private-key: keys/sipp.pem
                port: 2222
                sipp-home: /opt/sipp
              - {host: sipp-2.example.com, user: ec2-user, private-key: ~/.ssh/sipp.pem, known-hosts: kh}
            recovery:
              allow: false
            """;

    private static List<String> seeds;
    private static Path tempDir;

    @BeforeContainer
    static void seeds() throws IOException {
        String docs = Files.readString(Path.of("docs/scenarios-and-config.md"));
        Matcher example = Pattern.compile("```yaml\n(target: aws.*?)```", Pattern.DOTALL).matcher(docs);
        assertThat(example.find()).as("the configuration example in docs/scenarios-and-config.md").isTrue();
        seeds = List.of(example.group(1), LOCAL, AWS);
        tempDir = Files.createTempDirectory("config-properties");
    }

    @AfterContainer
    static void removeTempDir() throws IOException {
        try (Stream<Path> files = Files.walk(tempDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Example
    void everySeedLoads() throws IOException {
        for (String seed : seeds) {
            Path dir = Files.createTempDirectory(tempDir, "seed");
            Files.writeString(dir.resolve("config.yaml"), seed);
            assertUsable(SuiteConfig.load(dir, Map.of()));
        }
    }

    // ---- properties ----

    /** Random scaling.* properties, no file. */
    @Property(tries = 1000)
    void anyPropertiesLoadOrFailNamingTheirKeys(@ForAll("properties") Map<String, String> properties)
            throws IOException {
        check(emptyDir(), properties, null);
    }

    /** An edited config.yaml, sometimes with properties too. */
    @Property(tries = 1000)
    void anEditedConfigYamlLoadsOrFailsNamingItsLines(@ForAll("seed") String seed,
            @ForAll("edits") List<Mutation> edits, @ForAll("fewProperties") Map<String, String> properties)
            throws IOException {
        Path dir = emptyDir();
        String text = write(dir.resolve("config.yaml"), YamlMutations.apply(seed, edits));
        check(dir, properties, text);
    }

    /** The same file named by scaling.config: its problems name it as given. */
    @Property(tries = 200)
    void aNamedConfigFileLoadsOrFailsNamingItsLines(@ForAll("seed") String seed,
            @ForAll("edits") List<Mutation> edits) throws IOException {
        Path dir = emptyDir();
        Files.createDirectories(dir.resolve("conf"));
        String text = write(dir.resolve("conf/suite.yaml"), YamlMutations.apply(seed, edits));
        try {
            assertUsable(SuiteConfig.load(dir, Map.of("scaling.config", "conf/suite.yaml")));
        } catch (ConfigException e) {
            for (String p : e.problems()) {
                assertThat(p).startsWith("conf/suite.yaml:");
                assertOneLine(p);
                assertSaysWhatIsAllowed(p);
                int line = Integer.parseInt(p.substring("conf/suite.yaml:".length(), p.indexOf(':', 16)));
                assertThat(line).isBetween(1, YamlMutations.lineCount(text));
            }
        }
    }

    /** A scalar replaced by a list or mapping is wrong for every key: the problem names that line. */
    @Property(tries = 300)
    void aValueOfTheWrongShapeIsReportedOnItsLine(@ForAll("seed") String seed,
            @ForAll("positions") int pick, @ForAll("wrongShapes") String replacement) throws IOException {
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
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 10_000);
    }

    @Provide
    Arbitrary<String> wrongShapes() {
        return Arbitraries.of("[1, 2]", "[]", "{a: 1}", "{x: {y: 1}}");
    }

    /** Characters YAML does not allow anywhere are reported on their line. */
    @Property(tries = 200)
    void aCharacterYamlForbidsIsReportedOnItsLine(@ForAll("seed") String seed, @ForAll("positions") int position,
            @ForAll("forbidden") char c) throws IOException {
        int at = position % (seed.length() + 1);
        String text = seed.substring(0, at) + c + seed.substring(at);
        Path dir = emptyDir();
        Files.writeString(dir.resolve("config.yaml"), text);
        int line = YamlMutations.lineCount(seed.substring(0, at));

        ConfigException e = expectProblems(dir, Map.of(), text);
        assertThat(e.problems()).as("character %s on line %d", YamlMutations.visible(String.valueOf(c)), line)
                .singleElement().asString().startsWith("config.yaml:" + line + ": ");
    }

    @Provide
    Arbitrary<Character> forbidden() {
        // what UTF-8 can carry: no lone surrogates here (the file would hold '?')
        return Arbitraries.chars().filter(c -> (c < ' ' && c != '\t' && c != '\n' && c != '\r') || c == '\u007f'
                || (c >= '\u0080' && c <= '\u009f' && c != '\u0085') || c == '\uFFFE' || c == '\uFFFF');
    }

    /** Values of unknown keys are never shown: they may be secrets. */
    @Property(tries = 300)
    void valuesOfUnknownKeysNeverAppear(@ForAll("unknownKeys") String key, @ForAll("secrets") String secret,
            @ForAll boolean inFile, @ForAll("fewProperties") Map<String, String> others) throws IOException {
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
    }

    @Provide
    Arbitrary<String> unknownKeys() {
        return Arbitraries.oneOf(Arbitraries.of("token", "password", "regoin", "load-hosts.0.passphrase",
                        "recovery.secret", "poll.ec2", "aws.secret-access-key", "region.secret"),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8).map(k -> "x-" + k));
    }

    @Provide
    Arbitrary<String> secrets() {
        return Arbitraries.strings().withCharRange('A', 'Z').ofLength(12).map(s -> "S3cr3t" + s);
    }

    /**
     * Of a load host's values only sipp-home reaches the load host's shell (host, port and user go to the
     * SSH library): one the configuration accepts has no shell metacharacters and is one the SSH layer takes.
     * Host and user are checked for shell-free characters too.
     */
    @Property(tries = 500)
    void anAcceptedLoadHostIsSafeForTheShell(@ForAll("hostValues") String host, @ForAll("userValues") String user,
            @ForAll("sippHomes") String sippHome, @ForAll("portValues") String port) throws IOException {
        Map<String, String> p = Map.of("scaling.load-hosts.0.host", host, "scaling.load-hosts.0.user", user,
                "scaling.load-hosts.0.private-key", "keys/k.pem", "scaling.load-hosts.0.sipp-home", sippHome,
                "scaling.load-hosts.0.port", port);
        SuiteConfig config;
        try {
            config = SuiteConfig.load(emptyDir(), p);
        } catch (ConfigException e) {
            assertClear(e, p, null);
            Statistics.label("load host").collect("rejected");
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("loading threw " + e + " instead of a ConfigException for " + shown(p), e);
        }
        Statistics.label("load host").collect("accepted");
        LoadHost h = config.loadHosts().get(0);
        assertThat(h.host()).matches("[A-Za-z0-9.:-]+");
        assertThat(h.user()).matches("[A-Za-z0-9_.-]+");
        assertThat(h.sippHome()).isEqualTo(sippHome.trim()).matches("/[A-Za-z0-9_./+-]*").doesNotContain("..");
        SshAccess access = new SshAccess("h", h.port(), h.user(), h.privateKey(), h.knownHosts(), h.sippHome());
        assertThat(access.sippHome()).isEqualTo(h.sippHome());
    }

    @Provide
    Arbitrary<String> hostValues() {
        return Arbitraries.oneOf(Arbitraries.of("10.0.0.7", "sipp.example.com", "a", "-a", "a-", ".a", "a.", "::1",
                        "fe80::1", "10.0.0.7:22", "h;reboot", "$(id)", "h h", ""),
                Arbitraries.strings().withChars("abc019.-:_;$` ").ofMaxLength(12));
    }

    @Provide
    Arbitrary<String> userValues() {
        return Arbitraries.oneOf(Arbitraries.of("ec2-user", "root", "-oProxyCommand=x", "a b", "$(id)", "_", "."),
                Arbitraries.strings().withChars("abc019.-_;$` '").ofMinLength(1).ofMaxLength(10));
    }

    @Provide
    Arbitrary<String> sippHomes() {
        return Arbitraries.oneOf(Arbitraries.of("/opt/sipp", "/", "/opt/sipp/", "relative", "/opt/../etc", "/..",
                        "/opt/sipp; rm -rf /", "/opt/$(touch x)", "/opt/`id`", "/opt/a b", "/opt/'x'", "/opt/\"x\"",
                        "/opt/a|b", "/opt/a&b", "/opt/a>b", "/opt/*", "/opt/~", "/opt/a\nb", "~/sipp", "/opt/é",
                        "/opt/a+b", "/opt/..x", "/opt/x..", "/opt/./sipp"),
                Arbitraries.strings().withChars("/ab.+-_;$`'\"|&<>*?~ \\(){}!#").ofMinLength(1).ofMaxLength(12)
                        .map(s -> "/" + s));
    }

    @Provide
    Arbitrary<String> portValues() {
        return Arbitraries.oneOf(Arbitraries.of("22", "2222", "65535", "0", "65536", "-1", "ssh", "", " 22 "),
                Arbitraries.integers().map(String::valueOf));
    }

    /** A standalone twin's endpoints file, edited: a field set to any JSON value or removed, or the file cut short. */
    @Property(tries = 500)
    void anEditedEndpointsFileLoadsOrFailsNamingTheProperty(@ForAll("endpointFields") String field,
            @ForAll("jsonValues") Optional<JsonNode> value, @ForAll("cuts") int cut) throws IOException {
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
            Statistics.label("endpoints").collect("problems");
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("loading threw " + e + " instead of a ConfigException for endpoints.json:\n"
                    + text, e);
        }
        Statistics.label("endpoints").collect("loads");
        assertUsable(config);
        assertThat(config.endpoints()).isPresent();
        assertThat(config.toString()).doesNotContain("S3cr3tKey");
    }

    private static final String ENDPOINTS = """
            {"aws": "http://127.0.0.1:45001", "dynamodb": "http://127.0.0.1:45002", "sip": "127.0.0.1:45060",
             "region": "us-east-1", "account": "123456789012", "cluster": "voice-agent-twin", "service": "voice-agent",
             "environment": "twin", "timeScale": 10,
             "ssh": {"host": "127.0.0.1", "port": 45022, "user": "tester", "privateKey": "/tmp/id_ed25519",
                     "knownHosts": "/tmp/known_hosts", "sippHome": "/tmp/sipp-home"},
             "credentials": {"accessKeyId": "twinAccessKey", "secretAccessKey": "S3cr3tKey"}}
            """;

    @Provide
    Arbitrary<String> endpointFields() {
        return Arbitraries.oneOf(Arbitraries.of("aws", "dynamodb", "sip", "region", "account", "cluster", "service",
                        "environment", "timeScale", "ssh", "credentials", "ssh.host", "ssh.port", "ssh.user",
                        "ssh.privateKey", "ssh.knownHosts", "ssh.sippHome", "credentials.accessKeyId",
                        "credentials.secretAccessKey"),
                // the load host's values, which the SSH layer and the load host's shell take
                Arbitraries.of("ssh.host", "ssh.port", "ssh.user", "ssh.privateKey", "ssh.knownHosts", "ssh.sippHome"));
    }

    @Provide
    Arbitrary<Optional<JsonNode>> jsonValues() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Arbitrary<JsonNode> text = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.strings().withChars("a/.\0 $").ofMinLength(1).ofMaxLength(6),
                Arbitraries.of("", " ", "a\0b", "\0", "http://", "http://h:1", "://x", "h:1", "~/k", "/opt/$(id)",
                        "/opt/../x", "x y", "ftp://h/x", "http://[::1]:80", "http://h:99999"))
                .map(f::textNode);
        Arbitrary<JsonNode> number = Arbitraries.oneOf(Arbitraries.integers().map(f::numberNode),
                Arbitraries.longs().map(f::numberNode), Arbitraries.doubles().map(f::numberNode),
                Arbitraries.of(0, 1, 7, 60, -1).map(f::numberNode));
        Arbitrary<JsonNode> other = Arbitraries.of(f.nullNode(), f.booleanNode(true), f.objectNode(), f.arrayNode(),
                f.arrayNode().add("x"), f.objectNode().put("a", 1));
        return Arbitraries.oneOf(text, number, other).optional(0.85);
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(1, 10_000)));
    }

    // ---- generators ----

    @Provide
    Arbitrary<String> seed() {
        return Arbitraries.of(seeds);
    }

    @Provide
    Arbitrary<List<Mutation>> edits() {
        return YamlMutations.mutationLists();
    }

    private static final List<String> HOST_KEYS = List.of("host", "port", "user", "private-key", "known-hosts",
            "sipp-home");

    @Provide
    Arbitrary<Map<String, String>> properties() {
        return entry().list().ofMinSize(0).ofMaxSize(12).map(ConfigPropertiesTest::toMap);
    }

    @Provide
    Arbitrary<Map<String, String>> fewProperties() {
        return entry().list().ofMinSize(0).ofMaxSize(3).map(ConfigPropertiesTest::toMap);
    }

    private static Map<String, String> toMap(List<Map.Entry<String, String>> entries) {
        Map<String, String> map = new LinkedHashMap<>();
        entries.forEach(e -> map.put(e.getKey(), e.getValue()));
        return map;
    }

    /** One property: a key, known or not, with a value right or wrong for it. */
    static Arbitrary<Map.Entry<String, String>> entry() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("target", "region", "cluster", "service", "session-table", "log-group",
                        "target-group", "task-definition", "environment", "sip", "time-scale", "waits", "reports-dir",
                        "api-call-timeout", "scenario", "recovery.stop-foreign-sipp", "recovery.allow",
                        "recovery.timeout", "poll.ecs", "poll.metrics", "poll.sessions", "poll.targets", "poll.logs",
                        "poll.activities").flatMap(k -> valueFor(k).map(v -> Map.entry("scaling." + k, v)))),
                Tuple.of(4, Combinators.combine(Arbitraries.of("0", "0", "1", "2", "00", "01", "-1", "x", "1000", "",
                                " 0"), Arbitraries.of(HOST_KEYS))
                        .flatAs((n, k) -> valueFor(k).map(v -> Map.entry("scaling.load-hosts." + n + "." + k, v)))),
                Tuple.of(1, Combinators.combine(Arbitraries.of("endpoints", "config"), paths())
                        .as((k, v) -> Map.entry("scaling." + k, v))),
                Tuple.of(2, Combinators.combine(Arbitraries.of("", ".", "..", "clustr", "region.x", "poll", "poll.ecs.x",
                                "recovery", "recovery.", "twin", "twin.", "twin.maxCapacity", "twin.a.b", "load-hosts",
                                "load-hosts.0", "load-hosts.1", "load-hosts.0.host.x", "load-hosts.0.passphrase",
                                "load-hosts..host", "target.", "poll..", "Region", "REGION", " region", "region "),
                        anyValue()).as((k, v) -> Map.entry("scaling." + k, v))),
                Tuple.of(1, Combinators.combine(Arbitraries.strings().all().ofMaxLength(10), anyValue())
                        .as((k, v) -> Map.entry("scaling." + k, v))),
                Tuple.of(1, Combinators.combine(Arbitraries.of("other.x", "scaling", "Scaling.region", "twin.x"),
                        anyValue()).as(Map::entry)));
    }

    private static Arbitrary<String> valueFor(String key) {
        Arbitrary<String> good = switch (key) {
            case "target" -> Arbitraries.of("local", "aws");
            case "region" -> Arbitraries.of("us-east-1", "eu-west-2", "ap-southeast-1", "us-gov-west-1",
                    "ssm:///voice-agent/region");
            case "cluster", "service", "environment" -> Arbitraries.of("voice-agent", "poc",
                    "ssm:///voice-agent/ecs/cluster-arn", "arn:aws:ecs:us-east-1:123456789012:cluster/c",
                    "arn:aws:ecs:us-east-1:123456789012:service/c/s");
            case "session-table" -> Arbitraries.of("sessions", "a.b-c_d", "ssm:///t");
            case "log-group" -> Arbitraries.of("/ecs/voice-agent", "#x", "ssm:///l");
            case "target-group" -> Arbitraries.of("tg-1", "arn:aws:elasticloadbalancing:us-east-1:123456789012:"
                    + "targetgroup/tg/0123abcd", "ssm:///voice-agent/nlb/target-group-arn");
            case "task-definition" -> Arbitraries.of("voice-agent", "voice-agent:42", "ssm:///td");
            case "sip" -> Arbitraries.of("10.0.1.5:5060", "sip.example.com:5060", "h:65535", "ssm:///sip");
            case "time-scale" -> Arbitraries.of("1", "2", "3", "4", "5", "6", "10", "12", "15", "20", "30", "60");
            case "waits" -> Arbitraries.of("await", "fixed");
            case "recovery.stop-foreign-sipp", "recovery.allow" -> Arbitraries.of("true", "false", "TRUE", "False");
            case "host" -> Arbitraries.of("10.0.0.7", "sipp.example.com", "h");
            case "port" -> Arbitraries.integers().between(1, 65535).map(String::valueOf);
            case "user" -> Arbitraries.of("ec2-user", "root", "a.b_c");
            case "private-key", "known-hosts" -> Arbitraries.of("keys/k.pem", "~/.ssh/id", "/k");
            case "sipp-home" -> Arbitraries.of("/opt/sipp", "/", "/home/x/sipp-3.7");
            default -> YamlMutations.durations().filter(d -> d.matches("[0-9]+(h|m|s|ms)") && !d.matches("0+[a-z]+"));
        };
        Arbitrary<String> bad = switch (key) {
            case "time-scale" -> Arbitraries.oneOf(YamlMutations.numbers(), Arbitraries.integers().map(String::valueOf));
            case "region", "cluster", "service", "session-table", "log-group", "target-group", "task-definition",
                    "environment", "sip" -> Arbitraries.oneOf(ssmRefs(), anyValue());
            case "private-key", "known-hosts", "reports-dir", "scenario" -> paths();
            case "sipp-home" -> Arbitraries.oneOf(paths(), Arbitraries.of("/opt/$(touch x)", "/opt/a b", "/../x"));
            case "api-call-timeout", "recovery.timeout", "poll.ecs", "poll.metrics", "poll.sessions", "poll.targets",
                    "poll.logs", "poll.activities" -> YamlMutations.durations();
            default -> anyValue();
        };
        return Arbitraries.frequencyOf(Tuple.of(1, good), Tuple.of(2, bad));
    }

    private static Arbitrary<String> ssmRefs() {
        return Arbitraries.oneOf(Arbitraries.of("ssm://", "ssm:///", "ssm://a", "ssm:////a", "ssm:///a//b",
                        "ssm:///a b", "ssm:///a/", "ssm:///a/$(id)", "ssm:///ä", "SSM:///a", "ssm:/a", "ssm:///a\nb"),
                Arbitraries.strings().withChars("/ab.-_ $:").ofMaxLength(10).map(s -> "ssm://" + s));
    }

    private static Arbitrary<String> paths() {
        return Arbitraries.oneOf(Arbitraries.of("", "missing.json", "/", ".", "..", "a\0b", "\0", "~/x", "~", "x/../y",
                        "/dev/null", "dir/", "a b", "é"),
                Arbitraries.strings().all().ofMaxLength(10));
    }

    private static Arbitrary<String> anyValue() {
        return Arbitraries.oneOf(YamlMutations.values(), Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.of("", " ", "\n", "\0", "a\nb", "true", "1", "-1", "0"));
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

    /** Loads: a usable configuration or one clear ConfigException; nothing else. */
    private static void check(Path dir, Map<String, String> properties, String fileText) {
        SuiteConfig config;
        try {
            config = SuiteConfig.load(dir, properties);
        } catch (ConfigException e) {
            assertClear(e, properties, fileText);
            Statistics.label("outcome").collect("problems");
            return;
        } catch (RuntimeException | Error e) {
            throw new AssertionError("loading threw " + e + " instead of a ConfigException for " + shown(properties)
                    + (fileText == null ? "" : " and config.yaml:\n" + fileText), e);
        }
        assertUsable(config);
        Statistics.label("outcome").collect("loads");
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
            assertThat(c.aws().cluster()).isPresent();
            assertThat(c.aws().service()).isPresent();
            assertThat(c.aws().environment()).isPresent();
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
        assertThat(c.toString()).isNotBlank();
    }

    private static String shown(Map<String, String> properties) {
        return properties.entrySet().stream()
                .map(e -> YamlMutations.visible(e.getKey()) + "=" + YamlMutations.visible(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
