package dev.scalingsuite.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.scalingsuite.config.SuiteConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs a {@code @ScalingScenario} test-cases class through the JUnit engine test kit, as one launcher
 * run of its own, and hands back its {@link ScenarioResults}:
 * <pre>
 * ScenarioResults results = ScenarioTestKit.run(SteadyStateTestCases.class)
 *         .withConfig("twin:\n  maxCapacity: 1\n").reportsIn(dir.resolve("reports")).execute();
 * results.assertThatStep("03. expect running tasks &gt;= 2 within 8m").isFailed().message().startsWith("...");
 * </pre>
 * The kit reaches a twin only as the suite does: through a configuration text (whose {@code twin:}
 * settings start one in-process) or a standalone twin's endpoints file. Immutable: each {@code with}
 * gives a new kit, so one can be the base of several runs.
 * <p>
 * Limits: only the configuration parameters the extension reads from a launcher are offered; any
 * other setting belongs in the configuration text. {@code scaling.*} system properties of the JVM
 * still reach the run, underneath these.
 */
public final class ScenarioTestKit {

    static final String CONFIG = SuiteConfig.PREFIX + "config";
    static final String ENDPOINTS = SuiteConfig.PREFIX + "endpoints";
    static final String SCENARIO = SuiteConfig.PREFIX + "scenario";
    static final String REPORTS_DIR = SuiteConfig.PREFIX + "reports-dir";

    private final Class<?> testCases;
    private final Optional<String> config;
    private final Map<String, String> parameters;

    private ScenarioTestKit(Class<?> testCases, Optional<String> config, Map<String, String> parameters) {
        this.testCases = testCases;
        this.config = config;
        this.parameters = Map.copyOf(parameters);
    }

    /** A run of {@code testCases}: a class annotated {@code @ScalingScenario}, nested so that no build runs it. */
    public static ScenarioTestKit run(Class<?> testCases) {
        return new ScenarioTestKit(testCases, Optional.empty(), Map.of());
    }

    /**
     * The configuration, as the text of a {@code config.yaml}: written to a file of its own for the
     * run ({@code scaling.config}) and deleted after it. Without it the run reads what the suite
     * reads by default.
     */
    public ScenarioTestKit withConfig(String yaml) {
        return new ScenarioTestKit(testCases, Optional.of(yaml), parameters);
    }

    /** A standalone twin's endpoints file ({@code scaling.endpoints}), reached exactly as AWS would be. */
    public ScenarioTestKit withEndpoints(Path endpointsFile) {
        return withParameter(ENDPOINTS, endpointsFile.toString());
    }

    /** The scenario of a class that names none ({@code scaling.scenario}): a name or a path. */
    public ScenarioTestKit withScenario(String nameOrPath) {
        return withParameter(SCENARIO, nameOrPath);
    }

    /** Where the run writes its reports ({@code scaling.reports-dir}), and {@link ScenarioResults#runDir()} looks. */
    public ScenarioTestKit reportsIn(Path reportsDir) {
        return withParameter(REPORTS_DIR, reportsDir.toString());
    }

    private ScenarioTestKit withParameter(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(parameters);
        more.put(key, value);
        return new ScenarioTestKit(testCases, config, more);
    }

    /** Runs the class, whatever its tests do, and returns what the run left. */
    public ScenarioResults execute() {
        EngineTestKit.Builder engine = EngineTestKit.engine("junit-jupiter").selectors(selectClass(testCases));
        parameters.forEach(engine::configurationParameter);
        Optional<Path> configFile = config.map(ScenarioTestKit::write);
        try {
            configFile.ifPresent(file -> engine.configurationParameter(CONFIG, file.toString()));
            return new ScenarioResults(testCases, engine.execute(), Optional.ofNullable(parameters.get(REPORTS_DIR))
                    .map(Path::of));
        } finally {
            configFile.ifPresent(ScenarioTestKit::delete);
        }
    }

    private static Path write(String yaml) {
        try {
            return Files.writeString(Files.createTempFile("scenario-test-kit-", ".yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run's configuration", e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the run's configuration " + file, e);
        }
    }
}
