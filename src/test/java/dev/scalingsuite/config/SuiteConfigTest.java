package dev.scalingsuite.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scalingsuite.fleet.FargatePrices;
import dev.scalingsuite.twin.TwinEndpoints;
import dev.scalingsuite.fleet.GeneratorLimits;
import dev.scalingsuite.fleet.Telemetry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteConfigTest {

    @TempDir
    Path dir;

    private SuiteConfig load(Map<String, String> properties) {
        return SuiteConfig.load(dir, properties);
    }

    private List<String> problems(Map<String, String> properties) {
        return catchThrowableOfType(ConfigException.class, () -> load(properties)).problems();
    }

    private void configYaml(String text) throws IOException {
        Files.writeString(dir.resolve("config.yaml"), text);
    }

    private static final String AWS_YAML = """
            target: aws
            region: us-east-1
            cluster: voice-agent-poc-poc-voice-agent
            service: voice-agent-poc-poc-voice-agent
            environment: poc
            sip: 10.0.1.5:5060
            allowed-accounts: [123456789012]
            load-hosts:
              - host: 10.0.0.7
                user: ec2-user
                private-key: keys/sipp.pem
            """;

    @Test
    void defaultsStartTheTwin() {
        SuiteConfig c = SuiteConfig.defaults();
        assertThat(c.target()).isEqualTo(Target.LOCAL);
        assertThat(c.isLocal()).isTrue();
        assertThat(c.source()).isEmpty();
        assertThat(c.endpoints()).isEmpty();
        assertThat(c.timeScale()).isEmpty();
        assertThat(c.loadHosts()).isEmpty();
        assertThat(c.recovery()).isEqualTo(new Recovery(false, true, Duration.ofMinutes(10)));
        assertThat(c.waits()).isEqualTo(Waits.AWAIT);
        assertThat(c.reportsDir()).isEqualTo(Path.of("target/scaling-reports"));
        assertThat(c.twin()).isEmpty();
        assertThat(c.apiCallTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.poll()).isEqualTo(new Polls(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(10)));
        assertThat(c.scenario()).isEmpty();
        assertThat(c.telemetry().telemetry()).isEqualTo(Telemetry.DEPLOYED);
        assertThat(load(Map.of())).isEqualTo(c);
    }

    @Test
    void readsAnAwsTarget() throws IOException {
        configYaml(AWS_YAML);
        SuiteConfig c = load(Map.of());
        assertThat(c.target()).isEqualTo(Target.AWS);
        assertThat(c.source()).contains("config.yaml");
        assertThat(c.timeScale()).hasValue(1);
        assertThat(c.recovery().allow()).isFalse();
        assertThat(c.aws().cluster()).contains(new ConfigValue.Literal("voice-agent-poc-poc-voice-agent"));
        assertThat(c.aws().sip()).map(ConfigValue::literal).contains("10.0.1.5:5060");
        assertThat(c.aws().sessionTable()).contains(new SsmRef("/voice-agent/sessions/table-name"));
        assertThat(c.aws().targetGroup()).as("read from the service's load balancer when absent").isEmpty();
        assertThat(c.aws().logGroup()).isEmpty();
        assertThat(c.loadHosts()).containsExactly(new LoadHost("10.0.0.7", 22, "ec2-user", Path.of("keys/sipp.pem"),
                Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"), "/opt/sipp"));
    }

    @Test
    void propertiesOverrideTheFileWhichOverridesDefaults() throws IOException {
        configYaml(AWS_YAML + """
                recovery:
                  stop-foreign-sipp: true
                  timeout: 5m
                waits: fixed
                poll: {ecs: 1s}
                twin: {maxCapacity: 4, timeScale: 20}
                """);
        SuiteConfig c = load(Map.of(
                "scaling.region", "eu-west-1",
                "scaling.recovery.timeout", "2m",
                "scaling.load-hosts.0.port", "2222",
                "scaling.twin.maxCapacity", "1",
                "scaling.poll.logs", "1m",
                "scaling.time-scale", "10",
                "other.property", "ignored"));
        assertThat(c.aws().region()).map(ConfigValue::literal).contains("eu-west-1");
        assertThat(c.recovery()).isEqualTo(new Recovery(true, false, Duration.ofMinutes(2)));
        assertThat(c.waits()).isEqualTo(Waits.FIXED);
        assertThat(c.poll().ecs()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.poll().logs()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.poll().metrics()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.loadHosts()).singleElement().extracting(LoadHost::port).isEqualTo(2222);
        assertThat(load(Map.of("scaling.load-hosts.0.private-key", "~/.ssh/sipp.pem")).loadHosts().get(0).privateKey())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".ssh", "sipp.pem"));
        assertThat(c.twin()).isEqualTo(Map.of("maxCapacity", "1", "timeScale", "20"));
        assertThat(c.timeScale()).hasValue(10);
    }

    @Test
    void scalingConfigNamesAnotherFileAndConfigYamlIsThenIgnored() throws IOException {
        configYaml("target: nonsense\n");
        Files.writeString(dir.resolve("other.yaml"), "reports-dir: out/reports\nscenario: burst\n");
        SuiteConfig c = load(Map.of("scaling.config", "other.yaml"));
        assertThat(c.source()).contains("other.yaml");
        assertThat(c.reportsDir()).isEqualTo(Path.of("out/reports"));
        assertThat(c.scenario()).contains("burst");
    }

    @Test
    void aNamedConfigFileMustExist() {
        assertThat(problems(Map.of("scaling.config", "missing.yaml"))).containsExactly(
                "-Dscaling.config: config file missing.yaml not found (looked at "
                        + dir.resolve("missing.yaml").toAbsolutePath().normalize()
                        + "); allowed: an existing YAML file, or no scaling.config to read config.yaml if present");
    }

    @Test
    void ssmReferencesAreKeptForTheHarness() {
        SuiteConfig c = load(Map.of("scaling.target", "aws", "scaling.region", "us-east-1",
                "scaling.cluster", "ssm:///voice-agent/ecs/cluster-arn",
                "scaling.service", "ssm:///ops/voice-agent/service-name",
                "scaling.environment", "ssm:///ops/voice-agent/environment",
                "scaling.sip", "ssm:///voice-agent/sip-server/endpoint",
                "scaling.load-hosts.0.host", "sipp.example.com", "scaling.load-hosts.0.user", "ec2-user",
                "scaling.load-hosts.0.private-key", "/keys/k.pem", "scaling.allowed-accounts", "123456789012"));
        assertThat(c.aws().cluster()).contains(new SsmRef("/voice-agent/ecs/cluster-arn"));
        assertThat(c.aws().ssmRefs()).extracting(SsmRef::toString).containsExactly(
                "ssm:///voice-agent/ecs/cluster-arn", "ssm:///ops/voice-agent/service-name",
                "ssm:///voice-agent/sessions/table-name",
                "ssm:///ops/voice-agent/environment", "ssm:///voice-agent/sip-server/endpoint");
        assertThatThrownBy(() -> c.aws().cluster().orElseThrow().literal())
                .hasMessage("ssm:///voice-agent/ecs/cluster-arn is not resolved yet");
    }

    @Nested
    class Errors {

        @Test
        void awsNeedsItsValuesAndALoadHost() throws IOException {
            configYaml("\ntarget: aws\n");
            assertThat(problems(Map.of())).containsExactly(
                    "config.yaml:2: 'region' is required when target is aws; allowed: an AWS region like us-east-1, "
                            + "or ssm:///path (letters, digits and _ . - between slashes)",
                    "config.yaml:2: 'sip' is required when target is aws; allowed: host:port of the SIP entry point, "
                            + "like 10.0.1.5:5060, or ssm:///path (letters, digits and _ . - between slashes)",
                    "config.yaml:2: at least one load host is required when target is aws; allowed: load-hosts: "
                            + "[{host, user, private-key, known-hosts, port, sipp-home, bind, weight}]",
                    "config.yaml:2: 'allowed-accounts' is required when target is aws: the suite changes the service "
                            + "only in an account named there; allowed: 12-digit AWS account ids, as a list or "
                            + "separated by commas");
        }

        @Test
        void unknownKeysNameTheirSourceAndTheAllowedKeys() throws IOException {
            configYaml("regoin: us-east-1\nrecovery:\n  stop-foreign: true\n");
            assertThat(problems(Map.of("scaling.clustr", "x", "scaling.poll.ec2", "1s"))).containsExactly(
                    "config.yaml:1: unknown key 'regoin'; allowed: target, region, cluster, service, session-table, "
                            + "log-group, target-group, task-definition, environment, sip, endpoints, time-scale, waits, "
                            + "reports-dir, api-call-timeout, scenario, scenarios, matrix, dry-run, lock-ttl, protection-expiry, max-run-time, "
                            + "max-task-minutes, allow-deployments, allow-inconclusive, history-dir, baseline, slos-file, load-hosts, "
                            + "recovery, twin, poll, generator, price, allowed-accounts, telemetry",
                    "config.yaml:3: unknown key 'recovery.stop-foreign'; allowed: recovery.stop-foreign-sipp, "
                            + "recovery.allow, recovery.timeout",
                    "-Dscaling.clustr: unknown key 'clustr'; allowed: target, region, cluster, service, session-table, "
                            + "log-group, target-group, task-definition, environment, sip, endpoints, time-scale, waits, "
                            + "reports-dir, api-call-timeout, scenario, scenarios, matrix, dry-run, lock-ttl, protection-expiry, max-run-time, "
                            + "max-task-minutes, allow-deployments, allow-inconclusive, history-dir, baseline, slos-file, load-hosts, "
                            + "recovery, twin, poll, generator, price, allowed-accounts, telemetry",
                    "-Dscaling.poll.ec2: unknown key 'poll.ec2'; allowed: poll.ecs, poll.metrics, poll.sessions, "
                            + "poll.targets, poll.logs, poll.activities");
        }

        @Test
        void wrongTypes() throws IOException {
            configYaml("""
                    target: cloud
                    time-scale: 7
                    waits: sometimes
                    recovery: {allow: yes please, timeout: forever}
                    poll: {ecs: 0s}
                    api-call-timeout: 30
                    """);
            assertThat(problems(Map.of("scaling.sip", "10.0.0.1:70000", "scaling.region", "US East")))
                    .containsExactly(
                            "config.yaml:1: 'target' must be local, aws, was 'cloud'",
                            "-Dscaling.region: 'region' must be an AWS region like us-east-1, or ssm:///path "
                                    + "(letters, digits and _ . - between slashes), was 'US East'",
                            "-Dscaling.sip: 'sip' must be host:port of the SIP entry point, like 10.0.1.5:5060, or "
                                    + "ssm:///path (letters, digits and _ . - between slashes), was '10.0.0.1:70000'",
                            "config.yaml:2: 'time-scale' must be a divisor of 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30,"
                                    + " 60), was '7'",
                            "config.yaml:3: 'waits' must be await, fixed, was 'sometimes'",
                            "config.yaml:6: 'api-call-timeout' must be a duration like 90s, 8m, 1m30s, 500ms, was '30'",
                            "config.yaml:4: 'recovery.allow' must be true or false, was 'yes please'",
                            "config.yaml:4: 'recovery.timeout' must be a duration like 90s, 8m, 1m30s, 500ms "
                                    + "(more than 0s), was 'forever'",
                            "config.yaml:5: 'poll.ecs' must be a duration like 90s, 8m, 1m30s, 500ms (more than 0s), "
                                    + "was '0s'");
        }

        @Test
        void badSsmReferences() {
            assertThat(problems(Map.of("scaling.cluster", "ssm://voice-agent/cluster")))
                    .containsExactly("-Dscaling.cluster: 'cluster' must be an ECS cluster name (1 to 255 letters, "
                            + "digits, - and _) or ARN arn:<partition>:ecs:<region>:<account>:cluster/<name>, or "
                            + "ssm:///path (letters, digits and _ . - between slashes), was 'ssm://voice-agent/cluster'");
        }

        @Test
        void aServiceArnOfAnotherClusterThanTheConfiguredOne() throws IOException {
            configYaml("""
                    cluster: arn:aws:ecs:us-east-1:123456789012:cluster/voice-agent-poc-cluster
                    service: arn:aws:ecs:us-east-1:123456789012:service/other-cluster/voice-agent-poc-service
                    """);
            assertThat(problems(Map.of())).containsExactly("config.yaml:2: 'service' "
                    + "arn:aws:ecs:us-east-1:123456789012:service/other-cluster/voice-agent-poc-service is a service "
                    + "of cluster other-cluster, but 'cluster' is "
                    + "arn:aws:ecs:us-east-1:123456789012:cluster/voice-agent-poc-cluster (config.yaml:1); allowed: "
                    + "the service's own cluster, or the service as a name");
            assertThat(load(Map.of("scaling.cluster", "other-cluster")).aws().service()).as("its own cluster")
                    .isPresent();
        }

        @Test
        void aServiceThatIsAClusterArn() {
            assertThat(problems(Map.of("scaling.service",
                    "arn:aws:ecs:us-east-1:123456789012:cluster/voice-agent-poc-cluster")))
                    .containsExactly("-Dscaling.service: 'service' must be an ECS service name (1 to 255 letters, "
                            + "digits, - and _) or ARN arn:<partition>:ecs:<region>:<account>:service/<cluster>/<name> "
                            + "(or the older service/<name>), or ssm:///path (letters, digits and _ . - between "
                            + "slashes), was 'arn:aws:ecs:us-east-1:123456789012:cluster/voice-agent-poc-cluster'");
        }

        @Test
        void wrongShapes() throws IOException {
            configYaml("""
                    recovery: true
                    region: {name: us-east-1}
                    load-hosts: sipp.example.com
                    twin: [1, 2]
                    """);
            assertThat(problems(Map.of("scaling.poll", "5s"))).containsExactly(
                    "config.yaml:1: 'recovery' must be a mapping, was a single value; allowed: "
                            + "recovery.stop-foreign-sipp, recovery.allow, recovery.timeout",
                    "config.yaml:2: 'region' must be a single value, was a mapping; allowed: an AWS region like "
                            + "us-east-1, or ssm:///path (letters, digits and _ . - between slashes)",
                    "config.yaml:3: 'load-hosts' must be a list, was a single value; allowed: a list of hosts with "
                            + "host, port, user, private-key, known-hosts, sipp-home, bind, weight",
                    "config.yaml:4: 'twin' must be a mapping, was a list; allowed: twin settings as single values, "
                            + "like twin.maxCapacity",
                    "-Dscaling.poll: 'poll' must be a mapping, was a single value; allowed: poll.ecs, poll.metrics, "
                            + "poll.sessions, poll.targets, poll.logs, poll.activities");
        }

        @Test
        void loadHostsNeedTheirKeysAndNoGaps() throws IOException {
            configYaml("""
                    load-hosts:
                      - host: a.example.com
                        port: ssh
                        sipp-home: relative/dir
                        passphrase: secret
                    """);
            assertThat(problems(Map.of("scaling.load-hosts.2.host", "c.example.com"))).containsExactly(
                    "config.yaml:5: unknown key 'load-hosts.0.passphrase'; allowed: host, port, user, private-key, "
                            + "known-hosts, sipp-home, bind, weight",
                    "config.yaml:3: 'load-hosts.0.port' must be a port from 1 to 65535, was 'ssh'",
                    "config.yaml:2: 'load-hosts.0.user' is required; allowed: a user name",
                    "config.yaml:2: 'load-hosts.0.private-key' is required; allowed: the path of a private key file",
                    "config.yaml:4: 'load-hosts.0.sipp-home' must be an absolute path (letters, digits, _ . / + -, "
                            + "no '..'), was 'relative/dir'",
                    "-Dscaling.load-hosts.2.host: load host 2 has no load host 1 before it; allowed: load hosts "
                            + "numbered from 0 without gaps",
                    "-Dscaling.load-hosts.2.host: 'load-hosts.2.user' is required; allowed: a user name",
                    "-Dscaling.load-hosts.2.host: 'load-hosts.2.private-key' is required; allowed: the path of a "
                            + "private key file");
        }

        @Test
        void unknownKeysNeverShowTheirValues() throws IOException {
            configYaml("secret-token: hunter2\n");
            ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(Map.of()));
            assertThat(e.getMessage()).doesNotContain("hunter2");
        }

        @Test
        void yamlSyntaxErrorsCarryTheLine() throws IOException {
            configYaml("target: aws\nregion: [us-east-1\ncluster: x\n");
            assertThat(problems(Map.of())).singleElement().asString()
                    .startsWith("config.yaml:3: YAML syntax error: ")
                    .endsWith("; allowed: valid YAML");
        }

        @Test
        void duplicateKeys() throws IOException {
            configYaml("waits: fixed\nwaits: await\n");
            assertThat(problems(Map.of())).containsExactly("config.yaml:2: duplicate key 'waits' (first at config.yaml:1)");
        }

        // The next five were found by ConfigPropertiesTest.

        @Test
        void aCharacterYamlForbidsIsReportedOnItsOwnLine() throws IOException {
            configYaml("waits: fixed\nregion: us-east-1\u0007\n");
            assertThat(problems(Map.of())).containsExactly("config.yaml:2: character U+0007 is not allowed in YAML; "
                    + "allowed: printable characters, tabs and line breaks");
        }

        @Test
        void keysAndValuesWithLineBreaksStayOnTheProblemsOneLine() {
            assertThat(problems(Map.of("scaling.waits", "a\nb", "scaling.\u0000", "x"))).containsExactly(
                    "-Dscaling.\\u0000: unknown key '\\u0000'; allowed: " + ConfigKeys.topKeys(),
                    "-Dscaling.waits: 'waits' must be await, fixed, was 'a\\nb'");
        }

        @Test
        void aLoadHostsBindIsOneOfItsAddresses() throws IOException {
            configYaml(AWS_YAML);
            assertThat(load(Map.of("scaling.load-hosts.0.bind", "10.0.2.15")).loadHosts().get(0).bind())
                    .contains("10.0.2.15");
            assertThat(load(Map.of()).loadHosts().get(0).bind()).as("the host's own source address, asked then")
                    .isEmpty();
            assertThat(problems(Map.of("scaling.load-hosts.0.bind", "10.0.2.256"))).containsExactly(
                    "-Dscaling.load-hosts.0.bind: 'load-hosts.0.bind' must be an IPv4 address of the load host (the "
                            + "one SIPp binds), like 10.0.2.15, was '10.0.2.256'");
        }

        @Test
        void aLoadHostsWeightIsItsShareOfTheCalls() throws IOException {
            configYaml(AWS_YAML + """
                      - host: 10.0.0.8
                        user: ec2-user
                        private-key: keys/sipp.pem
                        weight: 3
                    """);
            assertThat(load(Map.of()).loadHosts()).extracting(LoadHost::weight).as("1 unless configured")
                    .containsExactly(1, 3);
            assertThat(problems(Map.of("scaling.load-hosts.0.weight", "0"))).containsExactly(
                    "-Dscaling.load-hosts.0.weight: 'load-hosts.0.weight' must be a whole number from 1 to 1000: the "
                            + "host's share of each place-calls step's calls, like 2, was '0'");
            configYaml(AWS_YAML.replace("private-key: keys/sipp.pem", "private-key: keys/sipp.pem\n    weight: two"));
            assertThat(problems(Map.of())).containsExactly(
                    "config.yaml:12: 'load-hosts.0.weight' must be a whole number from 1 to 1000: the host's share of "
                            + "each place-calls step's calls, like 2, was 'two'");
            assertThat(problems(Map.of("scaling.load-hosts.0.weight", "1001"))).containsExactly(
                    "-Dscaling.load-hosts.0.weight: 'load-hosts.0.weight' must be a whole number from 1 to 1000: the "
                            + "host's share of each place-calls step's calls, like 2, was '1001'");
        }

        @Test
        void loadHostsAreNumberedAsAListNumbersThem() {
            // Both threw NoSuchElementException.
            assertThat(problems(Map.of("scaling.load-hosts.00.host", "h"))).containsExactly(
                    "-Dscaling.load-hosts.00.host: unknown key 'load-hosts.00.host'; allowed: load-hosts.<n>.<key> "
                            + "with n = 0, 1, ... and key one of host, port, user, private-key, known-hosts, sipp-home, "
                            + "bind, weight");
            assertThat(problems(Map.of("scaling.load-hosts.1", "h"))).startsWith(
                    "-Dscaling.load-hosts.1: 'load-hosts.1' must be a mapping, was a single value; allowed: a host "
                            + "with host, port, user, private-key, known-hosts, sipp-home, bind, weight",
                    "-Dscaling.load-hosts.1: load host 1 has no load host 0 before it; allowed: load hosts numbered "
                            + "from 0 without gaps");
        }

        @Test
        void pathsTheFileSystemCannotNameAreProblems() {
            // Each threw InvalidPathException.
            assertThat(problems(Map.of("scaling.reports-dir", "o\0ut", "scaling.load-hosts.0.host", "h",
                    "scaling.load-hosts.0.user", "u", "scaling.load-hosts.0.private-key", "k\0ey",
                    "scaling.load-hosts.0.known-hosts", "~/k\0h"))).containsExactly(
                            "-Dscaling.reports-dir: 'reports-dir' must be a directory path, was 'o\\u0000ut'",
                            "-Dscaling.load-hosts.0.private-key: 'load-hosts.0.private-key' must be the path of a "
                                    + "private key file, was 'k\\u0000ey'",
                            "-Dscaling.load-hosts.0.known-hosts: 'load-hosts.0.known-hosts' must be the path of a "
                                    + "known_hosts file, was '~/k\\u0000h'");
            assertThat(problems(Map.of("scaling.endpoints", "e\0.json"))).containsExactly(
                    "-Dscaling.endpoints: 'endpoints' must be the path of a standalone twin's endpoints file, "
                            + "was 'e\\u0000.json'");
            assertThat(problems(Map.of("scaling.config", "c\0.yaml"))).containsExactly(
                    "-Dscaling.config: config file c\\u0000.yaml is not a path this system can name; allowed: an "
                            + "existing YAML file, or no scaling.config to read config.yaml if present");
        }

        @Test
        void aSippHomeGoingUpIsAProblemHereNotOnTheLoadHost() {
            // Accepted here, then refused by the SSH layer with an IllegalArgumentException when the run started.
            assertThat(problems(Map.of("scaling.load-hosts.0.host", "h", "scaling.load-hosts.0.user", "u",
                    "scaling.load-hosts.0.private-key", "k", "scaling.load-hosts.0.sipp-home", "/opt/../etc")))
                    .containsExactly("-Dscaling.load-hosts.0.sipp-home: 'load-hosts.0.sipp-home' must be an absolute "
                            + "path (letters, digits, _ . / + -, no '..'), was '/opt/../etc'");
        }

        @Test
        void anAwsValueOfWhitespaceOnlyIsAProblem() {
            // Found by ConfigPropertiesTest: '\\S{1,255}' takes U+2028 (and U+001C..U+001F, U+3000, ...), which
            // String.isBlank calls blank, so ConfigValue.Literal threw IllegalArgumentException.
            assertThat(problems(Map.of("scaling.environment", "\u2028"))).singleElement().asString()
                    .startsWith("-Dscaling.environment: 'environment' must be ");
        }

        @Test
        void oneExceptionListsEveryProblem() {
            ConfigException e = catchThrowableOfType(ConfigException.class,
                    () -> load(Map.of("scaling.waits", "x", "scaling.time-scale", "0")));
            assertThat(e).hasMessage("""
                    2 problems in the suite configuration:
                    -Dscaling.time-scale: 'time-scale' must be a divisor of 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60), was '0'
                    -Dscaling.waits: 'waits' must be await, fixed, was 'x'""");
        }
    }

    @Test
    void protectionExpiryIsWholeMinutesAsEcsTakesThem() {
        assertThat(SuiteConfig.defaults().protectionExpiry()).as("the deployed agent's 30 minutes, applied later")
                .isEmpty();
        assertThat(load(Map.of("scaling.protection-expiry", "2h")).protectionExpiry()).contains(Duration.ofHours(2));
        assertThat(problems(Map.of("scaling.protection-expiry", "90s"))).containsExactly(
                "-Dscaling.protection-expiry: 'protection-expiry' must be whole minutes from 1m to 48h, like 30m "
                        + "(ECS's ExpiresInMinutes), was '90s'");
        assertThat(problems(Map.of("scaling.protection-expiry", "49h"))).hasSize(1);
    }

    @Test
    void theBoundsOfARunDefaultToNinetyMinutesAndSixHundredTaskMinutes() {
        Bounds defaults = SuiteConfig.defaults().bounds();
        assertThat(defaults).isEqualTo(new Bounds(Duration.ofMinutes(90), 600, "default", "default"));
        assertThat(defaults.lines()).containsExactly("max-run-time: 90m (default)", "max-task-minutes: 600 (default)");
    }

    @Test
    void theBoundsOfARunSayWhereTheyWereSet() throws IOException {
        configYaml("max-run-time: 2h\n");
        Bounds bounds = load(Map.of("scaling.max-task-minutes", "30")).bounds();

        assertThat(bounds).isEqualTo(new Bounds(Duration.ofHours(2), 30, "config.yaml:1", "-Dscaling.max-task-minutes"));
        assertThat(bounds.lines()).containsExactly("max-run-time: 2h (config.yaml:1)",
                "max-task-minutes: 30 (-Dscaling.max-task-minutes)");
        assertThat(Bounds.show(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Bounds.show(Duration.ofMinutes(150))).isEqualTo("150m");
    }

    @Test
    void aBoundOutsideItsRangeIsNamedWithWhatIsAllowed() throws IOException {
        configYaml("max-run-time: 30s\nmax-task-minutes: 37.5\n");
        assertThat(problems(Map.of())).containsExactly(
                "config.yaml:1: 'max-run-time' must be a duration of model time from 1m to 48h, like 90m or 2h, was "
                        + "'30s'",
                "config.yaml:2: 'max-task-minutes' must be a whole number of task-minutes from 1 to 1000000, like "
                        + "600, was '37.5'");
        assertThat(problems(Map.of("scaling.max-run-time", "49h", "scaling.max-task-minutes", "0"))).containsExactly(
                "-Dscaling.max-run-time: 'max-run-time' must be a duration of model time from 1m to 48h, like 90m or "
                        + "2h, was '49h'",
                "-Dscaling.max-task-minutes: 'max-task-minutes' must be a whole number of task-minutes from 1 to "
                        + "1000000, like 600, was '0'");
    }

    @Test
    void aSaturatedGeneratorFailsTheBuildUnlessAllowedAndTheLimitsHaveDefaults() {
        Generators defaults = SuiteConfig.defaults().generators();
        assertThat(defaults).isEqualTo(new Generators(new GeneratorLimits(0.95, 1.0, 0, 3, 0.2), false));
        assertThat(defaults.lines()).containsExactly("generator.max-sipp-cpu: 0.95", "generator.max-host-cpu: 1.0",
                "generator.max-watchdog-major: 0", "generator.max-watchdog-minor: 3",
                "generator.max-rate-shortfall: 0.2", "allow-inconclusive: false");
    }

    @Test
    void theGeneratorLimitsAreSetInTheirGroup() throws IOException {
        configYaml("generator:\n  max-sipp-cpu: 0.8\n  max-watchdog-minor: 10\nallow-inconclusive: true\n");
        Generators generators = load(Map.of("scaling.generator.max-host-cpu", "0.9",
                "scaling.generator.max-watchdog-major", "2", "scaling.generator.max-rate-shortfall", "0")).generators();
        assertThat(generators).isEqualTo(new Generators(new GeneratorLimits(0.8, 0.9, 2, 10, 0.0), true));
    }

    @Test
    void aGeneratorLimitOutsideItsRangeIsNamedWithWhatIsAllowed() throws IOException {
        configYaml("generator:\n  max-sipp-cpu: 95%\n  max-watchdog-minor: -1\n  max-cpu: 0.9\n");
        assertThat(problems(Map.of("scaling.generator.max-rate-shortfall", "1.5",
                "scaling.allow-inconclusive", "maybe"))).containsExactlyInAnyOrder(
                "config.yaml:2: 'generator.max-sipp-cpu' must be a share from 0 to 1, like 0.95, was '95%'",
                "config.yaml:3: 'generator.max-watchdog-minor' must be a whole number of trips from 0 to 1000000, "
                        + "like 3, was '-1'",
                "config.yaml:4: unknown key 'generator.max-cpu'; allowed: generator.max-sipp-cpu, "
                        + "generator.max-host-cpu, generator.max-watchdog-major, generator.max-watchdog-minor, "
                        + "generator.max-rate-shortfall",
                "-Dscaling.generator.max-rate-shortfall: 'generator.max-rate-shortfall' must be a share from 0 to 1, "
                        + "like 0.95, was '1.5'",
                "-Dscaling.allow-inconclusive: 'allow-inconclusive' must be true, false, was 'maybe'");
    }

    @Test
    void pricesAreBuiltInUnlessConfiguredAndSayWhereTheyWereSet() throws IOException {
        assertThat(SuiteConfig.defaults().pricing()).isEqualTo(Pricing.BUILT_IN);

        configYaml("price:\n  vcpu-hour: 0.05\n");
        Pricing pricing = load(Map.of("scaling.price.gb-hour", "0.0055")).pricing();

        assertThat(pricing).isEqualTo(new Pricing(Optional.of(new FargatePrices.Price(0.05, "config.yaml:2")),
                Optional.of(new FargatePrices.Price(0.0055, "-Dscaling.price.gb-hour"))));
        assertThat(pricing.forRegion(Optional.of("eu-west-1")).show()).isEqualTo("$0.05/vCPU-h (config.yaml:2), "
                + "$0.0055/GB-h (-Dscaling.price.gb-hour), eu-west-1");
        assertThat(load(Map.of("scaling.price.vcpu-hour", "0")).pricing().vcpuHour()).contains(
                new FargatePrices.Price(0, "-Dscaling.price.vcpu-hour"));
    }

    @Test
    void aBadPriceIsNamedWithWhatIsAllowed() throws IOException {
        configYaml("price:\n  vcpu-hour: -0.04\n  gb-hour: 1e-3\n  spot: 0.01\n");
        assertThat(problems(Map.of())).containsExactly(
                "config.yaml:4: unknown key 'price.spot'; allowed: price.vcpu-hour, price.gb-hour",
                "config.yaml:2: 'price.vcpu-hour' must be a non-negative decimal number of US dollars per hour, like "
                        + "0.04048, was '-0.04'",
                "config.yaml:3: 'price.gb-hour' must be a non-negative decimal number of US dollars per hour, like "
                        + "0.04048, was '1e-3'");
        configYaml("target: local\n");
        assertThat(problems(Map.of("scaling.price", "0.04"))).containsExactly(
                "-Dscaling.price: 'price' must be a mapping, was a single value; allowed: price.vcpu-hour, "
                        + "price.gb-hour");
    }

    @Test
    void theRunHistoryIsScalingHistoryUnlessConfiguredAndNoBaselineIsAsked() throws IOException {
        HistoryConfig defaults = SuiteConfig.defaults().history();
        assertThat(defaults).isEqualTo(new HistoryConfig(Path.of("scaling-history"), "default", Optional.empty()));
        assertThat(defaults.dirIsDefault()).isTrue();

        configYaml("history-dir: /var/lib/scaling-history\n");
        HistoryConfig history = load(Map.of("scaling.baseline", "latest")).history();
        assertThat(history).isEqualTo(new HistoryConfig(Path.of("/var/lib/scaling-history"), "config.yaml:1",
                Optional.of("latest")));
        assertThat(load(Map.of("scaling.baseline", "steady-state-2026-11-23-212920")).history().baseline())
                .contains("steady-state-2026-11-23-212920");
    }

    @Test
    void aSharedSloFileIsReadOnlyWhenNamed() {
        assertThat(load(Map.of()).slosFile()).as("no default").isEmpty();
        assertThat(load(Map.of("scaling.slos-file", "scenarios/slos.yaml")).slosFile())
                .contains(Path.of("scenarios/slos.yaml"));
        assertThat(problems(Map.of("scaling.slos-file", "s\0los"))).containsExactly(
                "-Dscaling.slos-file: 'slos-file' must be the path of a shared SLO file (YAML with slos:), was "
                        + "'s\\u0000los'");
    }

    @Test
    void aBaselineThatIsNeitherLatestNorARunIdIsNamedWithWhatIsAllowed() {
        assertThat(problems(Map.of("scaling.baseline", "yesterday", "scaling.history-dir", "h\0ist")))
                .containsExactly(
                "-Dscaling.history-dir: 'history-dir' must be a directory path, was 'h\\u0000ist'",
                "-Dscaling.baseline: 'baseline' must be latest (the newest PASSED run of the scenario in the run "
                        + "history) or a run id of the run history, like steady-state-2026-11-23-212920, was "
                        + "'yesterday'");
    }

    @Nested
    class TelemetrySection {

        @Test
        void defaultsAreTheDeployedStacksNames() {
            TelemetryConfig t = SuiteConfig.defaults().telemetry();
            assertThat(t.telemetry().sessions()).isEqualTo(new Telemetry.Sessions("VoiceAgent/Sessions", "Environment",
                    "SessionsPerTask", "MaxSessionsPerTask", "ActiveCount", "HealthyTaskCount"));
            assertThat(t.telemetry().latency()).isEqualTo(new Telemetry.Latency("VoiceAgent/Pipeline",
                    "AgentResponseLatency", "Environment"));
            assertThat(t.telemetry().events().ready()).isEqualTo("service_ready");
            assertThat(t.telemetry().events().counted()).containsExactly("task_protection_updated", "drain_started",
                    "drain_complete", "pipeline_error", "conversation_turn");
            assertThat(List.of(t.telemetry().events().rejectedAtCapacity(), t.telemetry().events().rejectedDraining(),
                    t.telemetry().events().sessionStartFailed())).containsExactly("call_rejected_at_capacity",
                    "call_rejected_draining", "session_start_failed");
            assertThat(t.lines()).hasSize(20).contains("telemetry.latency.metric: AgentResponseLatency (default)",
                    "telemetry.events.ready: service_ready (default)");
        }

        @Test
        void theFileAndPropertiesNameOtherMetricsAndEvents() throws IOException {
            configYaml("""
                    telemetry:
                      sessions: {namespace: Acme/Sessions, dimension: Stage}
                      latency:
                        namespace: Acme/Pipeline
                        metric: E2ELatency
                      events: {ready: agent_ready, drain-started: draining}
                    """);
            TelemetryConfig t = load(Map.of("scaling.telemetry.latency.dimension", "Stage",
                    "scaling.telemetry.events.protection", "protection_set")).telemetry();
            assertThat(t.telemetry().sessions().namespace()).isEqualTo("Acme/Sessions");
            assertThat(t.telemetry().sessions().dimension()).isEqualTo("Stage");
            assertThat(t.telemetry().sessions().sessionsPerTask()).isEqualTo("SessionsPerTask");
            assertThat(t.telemetry().latency()).isEqualTo(new Telemetry.Latency("Acme/Pipeline", "E2ELatency", "Stage"));
            assertThat(t.telemetry().events().ready()).isEqualTo("agent_ready");
            assertThat(t.telemetry().events().counted()).containsExactly("protection_set", "draining", "drain_complete",
                    "pipeline_error", "conversation_turn");
            assertThat(t.lines()).contains("telemetry.latency.metric: E2ELatency (configuration)",
                    "telemetry.latency.dimension: Stage (configuration)",
                    "telemetry.sessions.sessions-per-task: SessionsPerTask (default)");
        }

        @Test
        void eachMistakeNamesItsPlaceAndWhatIsAllowed() throws IOException {
            configYaml("""
                    telemetry:
                      latency:
                        metrc: AgentResponseLatency
                        namespace: AWS/Pipeline
                      events: service_ready
                      logs: {}
                    """);
            assertThat(problems(Map.of("scaling.telemetry.events.ready", "service ready",
                    "scaling.telemetry.sessions.dimension", ":Environment"))).containsExactlyInAnyOrder(
                    "config.yaml:3: unknown key 'telemetry.latency.metrc'; allowed: telemetry.latency.namespace, "
                            + "telemetry.latency.metric, telemetry.latency.dimension",
                    "config.yaml:5: 'telemetry.events' must be a mapping, was a single value; allowed: "
                            + "telemetry.events.ready, telemetry.events.session-started, telemetry.events.session-ended, "
                            + "telemetry.events.protection, telemetry.events.drain-started, "
                            + "telemetry.events.drain-complete, telemetry.events.pipeline-error, "
                            + "telemetry.events.conversation-turn, telemetry.events.rejected-at-capacity, "
                            + "telemetry.events.rejected-draining, telemetry.events.session-start-failed",
                    "config.yaml:6: unknown key 'telemetry.logs'; allowed: telemetry.sessions, telemetry.latency, "
                            + "telemetry.events",
                    "config.yaml:4: 'telemetry.latency.namespace' must be a CloudWatch namespace (letters, digits, "
                            + "space and . - _ / # :, 1 to 255, not starting with AWS/), was 'AWS/Pipeline'",
                    "-Dscaling.telemetry.events.ready: 'telemetry.events.ready' must be a log event name (letters, "
                            + "digits and _ . -, 1 to 128), was 'service ready'",
                    "-Dscaling.telemetry.sessions.dimension: 'telemetry.sessions.dimension' must be a CloudWatch "
                            + "dimension name (letters, digits and . - _ / # :, 1 to 255, not starting with :), was "
                            + "':Environment'");
        }

        @Test
        void twoEventsCannotShareAName() {
            assertThat(problems(Map.of("scaling.telemetry.events.drain-complete", "drain_started"))).containsExactly(
                    "-Dscaling.telemetry.events.drain-complete: 'telemetry.events.drain-complete' names the same event "
                            + "as 'telemetry.events.drain-started' ('drain_started'); allowed: a different event name "
                            + "for each of telemetry.events.ready, telemetry.events.session-started, "
                            + "telemetry.events.session-ended, telemetry.events.protection, "
                            + "telemetry.events.drain-started, telemetry.events.drain-complete, "
                            + "telemetry.events.pipeline-error, telemetry.events.conversation-turn, "
                            + "telemetry.events.rejected-at-capacity, telemetry.events.rejected-draining, "
                            + "telemetry.events.session-start-failed");
        }
    }

    @Nested
    class SafetyAndDryRun {

        @Test
        void allowedAccountsAreAListOrCommaSeparated() throws IOException {
            configYaml(AWS_YAML.replace("[123456789012]", "\n  - 123456789012\n  - '012345678901'"));
            assertThat(load(Map.of()).safety().allowedAccounts()).containsExactly("123456789012", "012345678901");
            assertThat(load(Map.of("scaling.allowed-accounts", "111111111111, 222222222222")).safety()
                    .allowedAccounts()).containsExactly("111111111111", "222222222222");
        }

        @Test
        void anAccountIsTwelveDigits() throws IOException {
            configYaml("allowed-accounts: [123456789012, 1234, {a: b}]\n");
            assertThat(problems(Map.of("scaling.allowed-accounts", "12345678901x"))).containsExactlyInAnyOrder(
                    "config.yaml:1: 'allowed-accounts.2' must be a single value, was a mapping; allowed: 12-digit "
                            + "AWS account ids, as a list or separated by commas",
                    "-Dscaling.allowed-accounts: 'allowed-accounts' must be 12-digit AWS account ids, as a list or "
                            + "separated by commas, was '12345678901x'");
            Files.delete(dir.resolve("config.yaml"));
            assertThat(problems(Map.of("scaling.allowed-accounts", "123456789012,1234"))).containsExactly(
                    "-Dscaling.allowed-accounts: 'allowed-accounts' must be 12-digit AWS account ids, as a list or "
                            + "separated by commas, was '1234'");
        }

        @Test
        void recoveryIsOffForAwsUnlessAllowed() throws IOException {
            configYaml(AWS_YAML);
            assertThat(load(Map.of()).recovery().allow()).isFalse();
            assertThat(load(Map.of("scaling.recovery.allow", "true")).recovery().allow()).isTrue();
            assertThat(SuiteConfig.defaults().recovery().allow()).isTrue();
        }

        @Test
        void theLockLeaseIsAtLeastAMinute() {
            assertThat(SuiteConfig.defaults().safety().lockTtl()).isEqualTo(Duration.ofMinutes(30));
            assertThat(load(Map.of("scaling.lock-ttl", "2h")).safety().lockTtl()).isEqualTo(Duration.ofHours(2));
            assertThat(problems(Map.of("scaling.lock-ttl", "30s"))).containsExactly(
                    "-Dscaling.lock-ttl: 'lock-ttl' must be a duration like 90s, 8m, 1m30s, 500ms, at least 1m, "
                            + "was '30s'");
        }

        @Test
        void dryRunIsSpelledEitherWay() {
            assertThat(SuiteConfig.defaults().dryRun()).isFalse();
            assertThat(load(Map.of("scaling.dryRun", "true")).dryRun()).isTrue();
            assertThat(load(Map.of("scaling.dry-run", "TRUE")).dryRun()).isTrue();
            assertThat(problems(Map.of("scaling.dryRun", "maybe"))).containsExactly(
                    "-Dscaling.dryRun: 'dry-run' must be true, false, was 'maybe'");
        }
    }

    @Nested
    class EndpointsFile {

        private Path writeEndpoints() throws IOException {
            Path file = dir.resolve(".twin/endpoints.json");
            new TwinEndpoints(URI.create("http://127.0.0.1:45001"), URI.create("http://127.0.0.1:45002"),
                    "127.0.0.1:45060", "us-east-1", "123456789012", 10,
                    TwinEndpoints.ACCESS_KEY_ID, TwinEndpoints.SECRET_ACCESS_KEY,
                    new TwinEndpoints.Ssh("127.0.0.1", 45022, "tester", dir.resolve("id_ed25519"),
                            dir.resolve("known_hosts"), "/tmp/sipp-home")).write(file);
            return file;
        }

        @Test
        void meansAwsWithTheTwinsEndpointsAndLoadHostButNoNamesOfTheStack() throws IOException {
            Path file = writeEndpoints();
            SuiteConfig c = load(Map.of("scaling.endpoints", ".twin/endpoints.json"));

            assertThat(c.target()).isEqualTo(Target.AWS);
            assertThat(c.timeScale()).hasValue(10);
            assertThat(c.recovery().allow()).as("a twin's service may be recovered by default").isTrue();
            assertThat(c.safety().allowedAccounts()).as("the twin's own account is allowed by the guard").isEmpty();
            Endpoints e = c.endpoints().orElseThrow();
            assertThat(e.file()).isEqualTo(file);
            assertThat(e.aws()).isEqualTo(URI.create("http://127.0.0.1:45001"));
            assertThat(e.dynamodb()).isEqualTo(URI.create("http://127.0.0.1:45002"));
            assertThat(e.account()).isEqualTo("123456789012");
            assertThat(e.credentials().secretAccessKey()).isEqualTo(TwinEndpoints.SECRET_ACCESS_KEY);
            assertThat(c.aws().region()).map(ConfigValue::literal).contains("us-east-1");
            assertThat(c.aws().cluster()).as("found as on AWS: SSM /voice-agent/ecs/cluster-arn").isEmpty();
            assertThat(c.aws().service()).as("the deployed stack's, by default").isEmpty();
            assertThat(c.aws().environment()).as("the task definition's ENVIRONMENT, by default").isEmpty();
            assertThat(Files.readString(file)).doesNotContain("\"cluster\"", "\"service\"", "\"environment\"");
            assertThat(c.aws().sip()).map(ConfigValue::literal).contains("127.0.0.1:45060");
            assertThat(c.loadHosts()).containsExactly(new LoadHost("127.0.0.1", 45022, "tester",
                    dir.resolve("id_ed25519").toAbsolutePath(), dir.resolve("known_hosts").toAbsolutePath(),
                    "/tmp/sipp-home"));
        }

        @Test
        void listsEveryLoadHostOfATwinThatOffersSeveral() throws IOException {
            Path file = dir.resolve(".twin/endpoints.json");
            TwinEndpoints.Ssh first = new TwinEndpoints.Ssh("198.19.0.2", 45022, "tester", dir.resolve("id_ed25519"),
                    dir.resolve("known_hosts"), "/tmp/sipp-home");
            TwinEndpoints.Ssh second = new TwinEndpoints.Ssh("198.19.0.2", 45023, "tester", dir.resolve("load1/id"),
                    dir.resolve("load1/known_hosts"), "/tmp/load1/sipp");
            new TwinEndpoints(URI.create("http://127.0.0.1:45001"), URI.create("http://127.0.0.1:45002"),
                    "127.0.0.1:45060", "us-east-1", "123456789012", 10, TwinEndpoints.ACCESS_KEY_ID,
                    TwinEndpoints.SECRET_ACCESS_KEY, first, List.of(first, second)).write(file);
            assertThat(Files.readString(file)).as("the first on its own too, for readers that know one")
                    .contains("\"ssh\" : {").contains("\"loadHosts\" : [");

            SuiteConfig c = load(Map.of("scaling.endpoints", ".twin/endpoints.json"));
            assertThat(c.loadHosts()).extracting(LoadHost::port, LoadHost::sippHome, LoadHost::weight).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(45022, "/tmp/sipp-home", 1),
                    org.assertj.core.groups.Tuple.tuple(45023, "/tmp/load1/sipp", 1));
            assertThat(c.endpoints().orElseThrow().ssh().port()).isEqualTo(45022);
        }

        @Test
        void aMatrixCellKeepsTheFirstOfTheFilesLoadHosts() throws IOException {
            TwinEndpoints.Ssh first = new TwinEndpoints.Ssh("198.19.0.2", 45022, "tester", dir.resolve("id_ed25519"),
                    dir.resolve("known_hosts"), "/tmp/sipp-home");
            TwinEndpoints.Ssh second = new TwinEndpoints.Ssh("198.19.0.2", 45023, "tester", dir.resolve("load1/id"),
                    dir.resolve("load1/known_hosts"), "/tmp/load1/sipp");
            new TwinEndpoints(URI.create("http://127.0.0.1:45001"), URI.create("http://127.0.0.1:45002"),
                    "127.0.0.1:45060", "us-east-1", "123456789012", 10, TwinEndpoints.ACCESS_KEY_ID,
                    TwinEndpoints.SECRET_ACCESS_KEY, first, List.of(first, second))
                    .write(dir.resolve(".twin/endpoints.json"));
            SuiteConfig both = load(Map.of("scaling.endpoints", ".twin/endpoints.json"));

            SuiteConfig c = both.withFirstLoadHosts(1);
            assertThat(c.loadHosts()).extracting(LoadHost::port).containsExactly(45022);
            assertThat(c.endpoints().orElseThrow().loadHosts()).as("what the suite connects to")
                    .extracting(LoadHost::port).containsExactly(45022);
            assertThat(c.endpoints().orElseThrow().ssh().port()).isEqualTo(45022);
            assertThat(c.withFirstLoadHosts(1)).isEqualTo(c);
            assertThat(both.withFirstLoadHosts(2)).isEqualTo(both);
            assertThatThrownBy(() -> both.withFirstLoadHosts(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("A run with 2 load host(s) cannot use the first 0; allowed: 1 to 2");
        }

        @Test
        void aLoadHostListedBadlyIsNamedWithoutItsValue() throws IOException {
            Path file = writeEndpoints();
            Files.writeString(file, Files.readString(file).replace("\"loadHosts\" : [ {", "\"loadHosts\" : [ 7, {"));
            assertThat(problems(Map.of("scaling.endpoints", ".twin/endpoints.json"))).containsExactly(
                    "-Dscaling.endpoints: endpoints file .twin/endpoints.json lacks 'loadHosts[0]' (an object); allowed: "
                            + "the file a standalone twin writes (./mvnw -Ptwin -Dtwin.endpoints=FILE)");
            Files.writeString(file, Files.readString(file).replace("\"loadHosts\" : [ 7, {", "\"loadHosts\" : [ {")
                    .replaceFirst("(\"loadHosts\" : \\[ \\{[^}]*\"port\" : )45022", "$145099"));
            assertThat(problems(Map.of("scaling.endpoints", ".twin/endpoints.json"))).containsExactly(
                    "-Dscaling.endpoints: endpoints file .twin/endpoints.json has a 'loadHosts[0]' other than its 'ssh'; "
                            + "allowed: the file a standalone twin writes (./mvnw -Ptwin -Dtwin.endpoints=FILE)");
        }

        @Test
        void winsOverWhatItCarriesAndLeavesTheConfiguredNames() throws IOException {
            writeEndpoints();
            configYaml(AWS_YAML);
            SuiteConfig c = load(Map.of("scaling.endpoints", ".twin/endpoints.json"));
            assertThat(c.aws().cluster()).map(ConfigValue::literal).contains("voice-agent-poc-poc-voice-agent");
            assertThat(c.aws().environment()).map(ConfigValue::literal).contains("poc");
            assertThat(c.aws().region()).map(ConfigValue::literal).contains("us-east-1");
            assertThat(c.loadHosts()).extracting(LoadHost::port).containsExactly(45022);
            assertThat(c.timeScale()).hasValue(10);
        }

        @Test
        void credentialsNeverPrint() throws IOException {
            writeEndpoints();
            SuiteConfig c = load(Map.of("scaling.endpoints", ".twin/endpoints.json"));
            assertThat(c.toString()).doesNotContain(TwinEndpoints.SECRET_ACCESS_KEY, TwinEndpoints.ACCESS_KEY_ID)
                    .contains("Credentials[accessKeyId=****, secretAccessKey=****]");
        }

        @Test
        void aMissingFile() {
            assertThat(problems(Map.of("scaling.endpoints", "nope.json"))).containsExactly(
                    "-Dscaling.endpoints: endpoints file nope.json not found; allowed: the file a standalone twin "
                            + "writes (./mvnw -Ptwin -Dtwin.endpoints=FILE)");
        }

        @Test
        void aBrokenOrIncompleteFile() throws IOException {
            Files.writeString(dir.resolve("broken.json"), "{\n \"aws\": \n");
            assertThat(problems(Map.of("scaling.endpoints", "broken.json"))).containsExactly(
                    "-Dscaling.endpoints: endpoints file broken.json is not valid JSON (line 3); allowed: the file a "
                            + "standalone twin writes (./mvnw -Ptwin -Dtwin.endpoints=FILE)");

            Files.writeString(dir.resolve("partial.json"), """
                    {"aws": "http://127.0.0.1:1", "dynamodb": "not a url", "sip": "127.0.0.1:5060",
                     "region": "us-east-1", "account": "1",
                     "timeScale": 7, "credentials": {"accessKeyId": "AK", "secretAccessKey": "SUPERSECRET"}}
                    """);
            List<String> problems = problems(Map.of("scaling.endpoints", "partial.json"));
            assertThat(problems).containsExactly(
                    "-Dscaling.endpoints: endpoints file partial.json has no valid URL in 'dynamodb'; allowed: the file "
                            + "a standalone twin writes (./mvnw -Ptwin -Dtwin.endpoints=FILE)",
                    "-Dscaling.endpoints: endpoints file partial.json lacks 'ssh' (an object); allowed: the file a "
                            + "standalone twin writes (./mvnw -Ptwin -Dtwin.endpoints=FILE)");
            assertThat(String.join("\n", problems)).doesNotContain("SUPERSECRET");
        }

        @Test
        void aLoadHostTheSshLayerWouldRefuse() throws IOException {
            // Found by ConfigPropertiesTest: port 0 loaded (the SSH layer then threw IllegalArgumentException), a
            // key path with a NUL character threw InvalidPathException.
            Path file = writeEndpoints();
            String json = Files.readString(file);
            Files.writeString(file, json.replace("\"port\" : 45022", "\"port\" : 0"));
            assertThat(problems(Map.of("scaling.endpoints", file.toString()))).containsExactly(
                    "-Dscaling.endpoints: endpoints file " + file + " has no valid 'ssh.port' (a port from 1 to 65535)"
                            + "; allowed: the file a standalone twin writes (./mvnw -Ptwin -Dtwin.endpoints=FILE)");
            Files.writeString(file, json.replace("/tmp/sipp-home", "/tmp/../etc"));
            assertThat(problems(Map.of("scaling.endpoints", file.toString()))).singleElement().asString()
                    .contains("has no valid 'ssh.sippHome' (an absolute path (letters, digits, _ . / + -, no '..'))");
            Files.writeString(file, json.replace("id_ed25519", "id\\u0000"));
            assertThat(problems(Map.of("scaling.endpoints", file.toString()))).containsExactly(
                    "-Dscaling.endpoints: endpoints file " + file + " has no valid path in 'ssh.privateKey'; allowed: "
                            + "the file a standalone twin writes (./mvnw -Ptwin -Dtwin.endpoints=FILE)");
        }

        @Test
        void aTimeScaleThatIsNoDivisorOfSixty() throws IOException {
            Path file = writeEndpoints();
            Files.writeString(file, Files.readString(file).replace("\"timeScale\" : 10", "\"timeScale\" : 7"));
            assertThat(problems(Map.of("scaling.endpoints", file.toString()))).containsExactly(
                    "-Dscaling.endpoints: endpoints file " + file + " has timeScale 7; allowed: a divisor of 60 "
                            + "(1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60)");
        }
    }

    @Test
    void configValuesDistinguishLiteralsFromSsmReferences() {
        assertThat(ConfigValue.of("ssm:///a/b")).isEqualTo(new SsmRef("/a/b"));
        assertThat(ConfigValue.of("plain")).isEqualTo(new ConfigValue.Literal("plain"));
        assertThat(SsmRef.isValid("ssm://a")).isFalse();
        assertThat(SsmRef.isValid("ssm:///a b")).isFalse();
        assertThat(Optional.of(new SsmRef("/a")).map(Object::toString)).contains("ssm:///a");
    }
}
