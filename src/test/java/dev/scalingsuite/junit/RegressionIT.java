package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingsuite.testing.ScenarioResults;
import dev.scalingsuite.testing.ScenarioTestKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison with a baseline run on a twin, through the extension as a user meets it, in two runs of one
 * call each (the numbers of each KPI are unit-tested on a recorded run: RunKpisTest, RegressionTest): with no
 * earlier run in the history, {@code baseline: latest} is not measured; against a baseline run whose
 * {@code tasks.over-policy} was one lower, the run fails on it, naming both values and the allowance. The
 * baseline is the first run's own entry with every other KPI taken out, so nothing else of two runs on a busy
 * machine can differ.
 */
class RegressionIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aMissingBaselineIsNotMeasuredAndAKpiBeyondItsAllowanceFailsTheRun() throws IOException {
        Path history = dir.resolve("history");
        ScenarioTestKit kit = ScenarioTestKit.run(OneCallTestCases.class);
        String config = "twin:\n  timeScale: 30\nhistory-dir: " + history + "\n";

        ScenarioResults first = kit.withConfig(config + "baseline: latest\n").reportsIn(dir.resolve("first")).execute();
        first.assertThatStep("05. thresholds").isSuccessful();
        first.assertThatStep("06. regression").isFailed().message().isEqualTo("not measured: regression: no PASSED run of "
                + "one-call before this one in the run history " + history.toAbsolutePath().normalize());
        assertThat(first.resultsJson("one-call").get("regression").get("notMeasured").asText())
                .startsWith("not measured: regression: no PASSED run of one-call");
        Path entry = onlyEntry(history);
        // the twin's tasks report the digest of the image they pulled, as ECS does
        assertThat(JSON.readTree(entry.toFile()).get("imageDigest").get("value").asText()).matches("sha256:[0-9a-f]{64}");
        String baseline = entry.getFileName().toString().replace(".json", "");
        keepOnlyOverPolicyOneLower(entry);

        ScenarioResults second = kit.withConfig(config + "baseline: " + baseline + "\n").reportsIn(dir.resolve("second"))
                .execute();
        second.assertThatStep("06. regression").isFailed().message().isEqualTo("regression: Expected every KPI within its allowance of "
                + "baseline run " + baseline + " but 1 regressed: tasks.over-policy 0 tasks, baseline -1 tasks (+1 tasks, "
                + "+100 %); allowance +0 tasks (0 %, at least 0 tasks: a task more is an overshoot) (compared under the "
                + "same configuration, scenario, task definition, target and time scale)");
        JsonNode regression = second.resultsJson("one-call").get("regression");
        assertThat(regression.get("baselineRun").asText()).isEqualTo(baseline);
        assertThat(regression.get("regressed").asInt()).isEqualTo(1);
        assertThat(second.resultsJson("one-call").get("outcome").asText()).isEqualTo("FAILED");
        assertThat(second.report("one-call")).contains("## Regression against " + baseline,
                "| `tasks.over-policy` | 0 tasks | -1 tasks | +1 tasks (+100 %) | +0 tasks | **REGRESSED** | same |");
        try (Stream<Path> entries = Files.list(history.resolve("runs"))) {
            assertThat(entries).hasSize(2);
        }
    }

    private static Path onlyEntry(Path history) throws IOException {
        try (Stream<Path> entries = Files.list(history.resolve("runs"))) {
            List<Path> all = entries.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private static void keepOnlyOverPolicyOneLower(Path entry) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(entry.toFile());
        ObjectNode kpis = root.putObject("kpis");
        kpis.putObject("tasks.over-policy").put("unit", "tasks").put("value", -1);
        JSON.writeValue(entry.toFile(), root);
    }

    @ScalingScenario("src/test/resources/probes/one-call.yaml")
    static class OneCallTestCases implements ScenarioSteps {
    }
}
