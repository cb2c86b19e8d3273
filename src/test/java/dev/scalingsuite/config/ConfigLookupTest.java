package dev.scalingsuite.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader asks a lookup for every key it knows: each works as a JUnit configuration parameter. */
class ConfigLookupTest {

    @TempDir
    Path dir;

    private static Properties systemProperties(Map<String, String> values) {
        Properties properties = new Properties();
        properties.putAll(values);
        return properties;
    }

    private static Function<String, Optional<String>> parameters(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key));
    }

    private SuiteConfig load(Map<String, String> systemProperties, Map<String, String> parameters) {
        return SuiteConfig.load(dir, ConfigLookup.propertiesThen(systemProperties(systemProperties),
                parameters(parameters)));
    }

    @Test
    void aConfigurationParameterWinsOverASystemPropertyForAnyKey() {
        SuiteConfig config = load(
                Map.of("scaling.recovery.allow", "true", "scaling.time-scale", "10", "scaling.poll.ecs", "9s"),
                Map.of("scaling.recovery.allow", "false", "scaling.time-scale", "20"));
        assertThat(config.recovery().allow()).isFalse();
        assertThat(config.timeScale()).hasValue(20);
        assertThat(config.poll().ecs()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void everyKeyKnownByNameIsReadFromParametersAlone() {
        Map<String, String> p = new HashMap<>();
        p.put("scaling.target", "aws");
        p.put("scaling.region", "us-east-1");
        p.put("scaling.cluster", "c");
        p.put("scaling.service", "s");
        p.put("scaling.environment", "poc");
        p.put("scaling.sip", "10.0.1.5:5060");
        p.put("scaling.allowed-accounts", "123456789012");
        p.put("scaling.lock-ttl", "45m");
        p.put("scaling.dryRun", "true");
        p.put("scaling.recovery.timeout", "3m");
        p.put("scaling.poll.activities", "20s");
        p.put("scaling.load-hosts.0.host", "10.0.0.7");
        p.put("scaling.load-hosts.0.user", "ec2-user");
        p.put("scaling.load-hosts.0.private-key", "keys/a.pem");
        p.put("scaling.load-hosts.1.host", "10.0.0.8");
        p.put("scaling.load-hosts.1.user", "ec2-user");
        p.put("scaling.load-hosts.1.private-key", "keys/b.pem");
        p.put("scaling.load-hosts.1.port", "2222");

        SuiteConfig config = load(Map.of(), p);

        assertThat(config.target()).isEqualTo(Target.AWS);
        assertThat(config.safety()).isEqualTo(new Safety(List.of("123456789012"), Duration.ofMinutes(45)));
        assertThat(config.dryRun()).isTrue();
        assertThat(config.recovery().timeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(config.poll().activities()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.loadHosts()).extracting(LoadHost::host, LoadHost::port)
                .containsExactly(tuple("10.0.0.7", 22), tuple("10.0.0.8", 2222));
    }

    @Test
    void aParameterIsNamedAsItsPropertyInProblems() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> load(Map.of("scaling.poll.ecs", "2s"), Map.of("scaling.poll.ecs", "0s")));
        assertThat(e.problems()).containsExactly("-Dscaling.poll.ecs: 'poll.ecs' must be a duration like 90s, 8m, "
                + "1m30s, 500ms (more than 0s), was '0s'");
    }

    @Test
    void anUnknownKeyStillGetsItsError() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> load(Map.of("scaling.regoin", "us-east-1", "other.key", "x"), Map.of()));
        assertThat(e.problems()).containsExactly(
                "-Dscaling.regoin: unknown key 'regoin'; allowed: " + ConfigKeys.topKeys());
    }

    @Test
    void twinSettingsComeFromWhatTheLookupLists() {
        SuiteConfig config = load(Map.of("scaling.twin.maxCapacity", "4"), Map.of("scaling.twin.maxCapacity", "5"));
        assertThat(config.twin()).containsExactly(Map.entry("maxCapacity", "5"));
    }

    @Test
    void aMapIsItsOwnListOnlyItsScalingKeysCount() {
        Map<String, String> values = new HashMap<>();
        values.put("scaling.waits", "fixed");
        values.put("scaling.scenario", null);
        values.put("twin.x", "1");
        ConfigLookup lookup = ConfigLookup.of(values);
        assertThat(lookup.keys()).containsExactly("scaling.scenario", "scaling.waits");
        assertThat(lookup.get("scaling.scenario")).contains("");
        assertThat(lookup.get("twin.x")).isEmpty();
        assertThat(SuiteConfig.load(dir, lookup).waits()).isEqualTo(Waits.FIXED);
    }

    @Test
    void systemPropertiesAreListedByTheirScalingKeys() {
        assertThat(ConfigLookup.systemPropertiesThen(key -> Optional.empty()).keys())
                .allMatch(key -> key.startsWith(SuiteConfig.PREFIX))
                .allMatch(key -> System.getProperty(key) != null);
    }
}
