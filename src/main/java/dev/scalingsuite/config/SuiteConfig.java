package dev.scalingsuite.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything the harness needs to know before it touches anything, validated. Sources, lowest to
 * highest precedence: built-in defaults; {@code config.yaml} in the working directory if present, or
 * the file {@code scaling.config} names (which must exist); {@code scaling.<key>} system properties;
 * JUnit configuration parameters of the same names ({@link ConfigLookup}). An endpoints file
 * ({@code endpoints}) wins for what it carries: target aws, its endpoints, names, SIP entry point,
 * time scale, load host and credentials.
 *
 * @param source       the configuration file read, as named, if any
 * @param timeScale    model seconds per wall second: 1 against AWS, the file's with an endpoints file;
 *                     empty with {@code target: local} unless set (the harness takes the twin's)
 * @param twin         twin settings ({@code twin.<key>}), passed through as strings; the twin checks them
 * @param scenario     the scenario {@code scaling.scenario} names (a name or a path), if any
 * @param scenarios    the scenarios of a series ({@code scaling.scenarios}), in the order given; empty when
 *                     not set (the series then runs them all)
 * @param safety       the accounts the suite may change a service in, and its run lock's lease
 * @param dryRun       validate, read and plan only ({@code dry-run}, {@code -Dscaling.dryRun=true}): change nothing
 * @param telemetry    the names the stack's metrics and log events go by ({@code telemetry}), the deployed stack's
 *                     unless configured
 * @param protectionExpiry how long the agents' scale-in protection lasts when the task definition does not
 *                     say ({@code TASK_PROTECTION_EXPIRES_MINUTES}); empty: the deployed agent's hard-coded 30
 *                     minutes, which its task definition does not state ({@code protection-expiry})
 * @param bounds       what a run may spend: {@code max-run-time} and {@code max-task-minutes}
 * @param allowDeployments whether a scenario's {@code deploy} steps may register and deploy a new revision of
 *                     the service's task definition ({@code allow-deployments}): true on a twin, false by
 *                     default for {@code target: aws}
 * @param history      where runs are remembered ({@code history-dir}) and the run this one is compared with
 *                     ({@code baseline})
 * @param slosFile     a shared SLO file ({@code slos-file}) whose SLOs every scenario has, unless its own
 *                     {@code slos:} sets the same KPI; empty: none (no file is read unless named)
 * @param generators   when a load generator counts as saturated ({@code generator.*}), and whether a run
 *                     whose generator saturated may pass the build ({@code allow-inconclusive})
 * @param pricing      Fargate's prices for the run's region as configured ({@code price.vcpu-hour},
 *                     {@code price.gb-hour}); each one not set is the built-in one, if the region has one
 * @param matrix       the matrix file of {@code -Pmatrix} ({@code scaling.matrix}), if any
 */
public record SuiteConfig(Target target, Optional<String> source, AwsTarget aws, Optional<Endpoints> endpoints,
        OptionalInt timeScale, List<LoadHost> loadHosts, Recovery recovery, Waits waits, Path reportsDir,
        Map<String, String> twin, Duration apiCallTimeout, Polls poll, Optional<String> scenario,
        List<String> scenarios, Safety safety, boolean dryRun, TelemetryConfig telemetry, Optional<Duration> protectionExpiry,
        Bounds bounds, boolean allowDeployments, HistoryConfig history, Optional<Path> slosFile,
        Generators generators, Pricing pricing, Optional<Path> matrix) {

    /** The file read when {@code scaling.config} is not set (and only if it exists). */
    public static final String DEFAULT_FILE = "config.yaml";
    /** The prefix of every property the suite reads. */
    public static final String PREFIX = "scaling.";

    public SuiteConfig {
        loadHosts = List.copyOf(loadHosts);
        scenarios = List.copyOf(scenarios);
        twin = Map.copyOf(twin);
    }

    /**
     * Loads the configuration, asking {@code lookup} for every {@code scaling.*} key it knows and every
     * key the lookup lists; relative paths are against {@code workingDir}.
     *
     * @throws ConfigException listing every problem, if anything is wrong
     */
    public static SuiteConfig load(Path workingDir, ConfigLookup lookup) {
        return new ConfigLoader(workingDir).load(lookup);
    }

    /**
     * Loads the configuration with {@code properties} as the {@code scaling.*} values (others are
     * ignored), as {@link #load(Path, ConfigLookup)} with {@link ConfigLookup#of}.
     */
    public static SuiteConfig load(Path workingDir, Map<String, String> properties) {
        return load(workingDir, ConfigLookup.of(properties));
    }

    /** The configuration with nothing set: the in-process twin and every default. */
    public static SuiteConfig defaults() {
        return new ConfigLoader(null).load(ConfigLookup.of(Map.of()));
    }

    public boolean isLocal() {
        return target == Target.LOCAL;
    }

    /**
     * This configuration with only its first {@code count} load hosts, in their order and with their weights (an
     * endpoints file's too): a matrix cell's {@code hosts}.
     *
     * @throws IllegalArgumentException unless {@code count} is from 1 to the number of load hosts
     */
    public SuiteConfig withFirstLoadHosts(int count) {
        if (count < 1 || count > loadHosts.size()) {
            throw new IllegalArgumentException("A run with " + loadHosts.size() + " load host(s) cannot use the first "
                    + count + "; allowed: 1 to " + loadHosts.size());
        }
        return new SuiteConfig(target, source, aws, endpoints.map(e -> e.withFirstLoadHosts(count)), timeScale,
                loadHosts.subList(0, count), recovery, waits, reportsDir, twin, apiCallTimeout, poll, scenario,
                scenarios, safety, dryRun, telemetry, protectionExpiry, bounds, allowDeployments, history, slosFile,
                generators, pricing, matrix);
    }
}
