package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingsuite.config.SuiteConfig;
import dev.scalingsuite.report.SeriesSummary;
import dev.scalingsuite.scenario.ScenarioException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A series: which scenarios it runs in which order, what it refuses before anything runs, and the launcher's
 * wiring, on small test-cases classes that stand for scenario classes (one passes, one fails on an invariant,
 * one fails in its setup), each leaving the report entry and results.json a scenario run leaves.
 */
class SeriesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the stand-ins' runs "write": set before the series runs them. */
    private static Path runs;
    /**
     * A launcher without the listeners the platform would register, Allure's among them: the stand-ins' failures
     * stay out of the project's Allure results (the summary's Allure part is SeriesSummaryTest's, and ReportsIT's
     * on a real run).
     */
    private static final Launcher WITHOUT_ALLURE = LauncherFactory.create(LauncherConfig.builder()
            .enableTestExecutionListenerAutoRegistration(false).build());

    @Test
    void allIsEveryScenarioClassInTheFixedOrder() {
        Map<String, Class<?>> classes = Series.scenarioClasses(Series.SCENARIO_CLASSES);

        assertThat(classes.keySet()).containsExactlyInAnyOrderElementsOf(Series.ORDER);
        assertThat(Series.plan(List.of(), classes)).extracting(Series.Entry::name).containsExactlyElementsOf(Series.ORDER);
        assertThat(Series.plan(List.of("all"), classes)).extracting(Series.Entry::name)
                .containsExactlyElementsOf(Series.ORDER);
        assertThat(Series.plan(List.of("burst", "steady-state", "burst"), classes)).extracting(Series.Entry::name)
                .containsExactly("burst", "steady-state", "burst");
    }

    @Test
    void unknownNamesAreRefusedWithWhatIsAllowedBeforeAnythingRuns() {
        Map<String, Class<?>> classes = Series.scenarioClasses(Series.SCENARIO_CLASSES);

        assertThatThrownBy(() -> Series.plan(List.of("burst", "bursts", "steady", "bursts"), classes))
                .isInstanceOf(Series.Refused.class).hasMessage("scaling.scenarios names unknown scenarios 'bursts', "
                        + "'steady'; allowed: steady-state, burst, scale-in-protection, sustained-24, deploy-under-load "
                        + "(comma-separated, in the order to run them), or all; nothing was run");
        assertThatThrownBy(() -> Series.plan(List.of("custom"), classes))
                .hasMessageStartingWith("scaling.scenarios names an unknown scenario 'custom'; allowed: steady-state");
    }

    @Test
    void everyScenarioFileLoadsBeforeTheFirstStarts(@TempDir Path empty) {
        Map<String, Class<?>> classes = Series.scenarioClasses(Series.SCENARIO_CLASSES);
        SuiteConfig config = SuiteConfig.load(Path.of(""), Map.of("scaling.scenarios", "sustained-24,burst"));

        assertThat(Series.prepare(config, Path.of("").toAbsolutePath(), classes)).extracting(Series.Entry::name)
                .containsExactly("sustained-24", "burst");
        assertThatThrownBy(() -> Series.prepare(config, empty, classes)).isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("scenario 'sustained-24' not found: looked for scenarios/sustained-24.yaml");
    }

    @Test
    void eachClassRunsThroughTheLauncherInOrderAndTheSummaryNamesWhatDidNotPass(@TempDir Path dir) throws IOException {
        runs = dir.resolve("reports");
        results("passes", "PASSED", "");
        results("fails", "FAILED", "invariant 'no-flapping' violated: Expected no flapping");
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        SeriesSummary.Written written = Series.run(List.of(new Series.Entry("passes", PassingTestCases.class),
                        new Series.Entry("fails", FailingTestCases.class),
                        new Series.Entry("refused", RefusedTestCases.class)), Map.of(), runs, false,
                new PrintStream(console, true, StandardCharsets.UTF_8), WITHOUT_ALLURE);

        assertThat(written.passed()).isFalse();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("scaling suite: series 1/3: passes\n"
                + "scaling suite: series 2/3: fails\nscaling suite: series 3/3: refused\n=== series of 3: FAILED (1 of 3 "
                + "passed)");
        JsonNode summary = JSON.readTree(written.json().toFile());
        JsonNode passes = summary.get("scenarios").get(0);
        assertThat(passes.get("outcome").asText()).isEqualTo("PASSED");
        assertThat(passes.get("tests").toString()).isEqualTo("{\"passed\":2,\"failed\":0,\"aborted\":0}");
        assertThat(passes.get("files").get("report").asText()).isEqualTo("../passes/report.md");
        assertThat(passes.get("kpis").get("callsPlaced").asInt()).isEqualTo(5);
        JsonNode fails = summary.get("scenarios").get(1);
        assertThat(fails.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(fails.get("reason").asText()).startsWith("invariant 'no-flapping' violated");
        JsonNode refused = summary.get("scenarios").get(2);
        assertThat(refused.get("outcome").asText()).isEqualTo("NOT_RUN");
        assertThat(refused.get("reason").asText()).isEqualTo("The run lock is held by ops@host");
    }

    private static void results(String name, String outcome, String reason) throws IOException {
        Path dir = Files.createDirectories(runs.resolve(name));
        Files.writeString(dir.resolve("results.json"), JSON.createObjectNode().put("scenario", name)
                .put("outcome", outcome).put("reason", reason).put("durationModelSeconds", 600)
                .set("calls", JSON.createObjectNode().put("placed", 5)).toString());
    }

    /** Publishes the report entry a scenario class publishes when its run starts. */
    private static void started(TestReporter reporter, String name) {
        reporter.publishEntry(ScalingScenarioExtension.REPORTS_ENTRY, runs.resolve(name).toString());
    }

    static class PassingTestCases {

        @Test
        void first(TestReporter reporter) {
            started(reporter, "passes");
        }

        @Test
        void second() {
        }
    }

    static class FailingTestCases {

        @Test
        void fails(TestReporter reporter) {
            started(reporter, "fails");
            throw new AssertionError("invariant 'no-flapping' violated: Expected no flapping");
        }

        @Test
        void passes() {
        }
    }

    static class RefusedTestCases {

        @BeforeAll
        static void refuse() {
            throw new IllegalStateException("The run lock is held by ops@host");
        }

        @Test
        void neverRuns() {
        }
    }
}
