package dev.scalingsuite.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalingsuite.junit.ScalingScenario;
import dev.scalingsuite.junit.ScenarioSteps;
import dev.scalingsuite.testing.ScenarioResults;
import dev.scalingsuite.testing.ScenarioTestKit;
import dev.scalingsuite.testing.StepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every row of docs/findings.md: a standalone twin with the row's settings, the row's scenario run
 * against it through its endpoints file only, and the verdict the row names. Each run is given the
 * cluster and the service as ARNs, as an operator pastes them (the stack publishes its cluster as one):
 * the verdicts must not depend on how the service is named, and the reports name it by name.
 */
class FindingsIT {

    static final Path TABLE = Path.of("docs/findings.md");
    static final String TIME_SCALE = "30";

    @TempDir
    Path dir;

    /**
     * One row of the table.
     *
     * @param verdict {@code PASS}, {@code step N} or an invariant's key
     * @param preflight the warning key the preflight must give, if the row names one
     * @param calls counts {@code results.json} must give under {@code calls}, by path ({@code sip.endedByFarEnd})
     */
    record Row(String finding, String scenario, Map<String, String> settings, String verdict,
            Optional<String> preflight, Map<String, Long> calls) {
        String name() {
            return finding + ": " + scenario + " " + settings + " -> " + verdict + preflight.map(p -> "; preflight " + p)
                    .orElse("") + (calls.isEmpty() ? "" : "; calls " + calls);
        }
    }

    static List<Row> rows() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(TABLE)) {
            String[] cells = line.split("\\|", -1);
            if (cells.length != 6 || cells[1].isBlank() || cells[1].contains("---") || cells[1].strip().equals("finding")) {
                continue;
            }
            Map<String, String> settings = FaultProfilesIT.settings(cells[3]);
            String[] verdict = cells[4].split(";");
            Optional<String> preflight = Optional.empty();
            Map<String, Long> calls = new LinkedHashMap<>();
            for (int i = 1; i < verdict.length; i++) {
                String part = verdict[i].strip();
                if (part.startsWith("preflight ")) {
                    preflight = Optional.of(part.substring("preflight ".length()).strip());
                } else if (part.startsWith("calls ")) {
                    for (String count : part.substring("calls ".length()).strip().split("\\s+")) {
                        String[] kv = count.split("=", 2);
                        calls.put(kv[0], Long.parseLong(kv[1]));
                    }
                } else {
                    throw new IllegalStateException(TABLE + ": '" + part + "'; allowed after ';': preflight <key>, "
                            + "calls <path>=<n> ...");
                }
            }
            rows.add(new Row(cells[1].strip(), cells[2].strip(), settings, verdict[0].strip(), preflight,
                    Map.copyOf(calls)));
        }
        return rows;
    }

    /** Every row, or those whose scenario or finding {@code -Dfindings.only=a,b} names. */
    @TestFactory
    Stream<DynamicTest> everyFindingHolds() throws Exception {
        List<String> only = Arrays.stream(System.getProperty("findings.only", "").split(","))
                .map(String::strip).filter(x -> !x.isEmpty()).toList();
        List<Row> rows = rows();
        assertThat(rows).as("rows of %s", TABLE).isNotEmpty();
        return rows.stream().filter(r -> only.isEmpty() || only.contains(r.finding()) || only.contains(r.scenario()))
                .map(row -> DynamicTest.dynamicTest(row.name(), () -> check(row)));
    }

    private void check(Row row) throws Exception {
        Path work = dir.resolve("finding-" + Math.abs(row.hashCode()));
        Map<String, String> settings = new LinkedHashMap<>(row.settings());
        settings.put("timeScale", TIME_SCALE);
        try (StandaloneTwin twin = StandaloneTwin.start(work.resolve("twin"), settings)) {
            String seed = FaultProfilesIT.seed(twin.log());
            ScenarioResults results = ScenarioTestKit.run(AnyScenarioTestCases.class).withEndpoints(twin.endpoints())
                    .withConfig(asArns(twin.endpoints())).withScenario(row.scenario())
                    .reportsIn(work.resolve("reports")).execute();
            String report = FaultProfilesIT.reportOrWhyNone(results);
            JsonNode target = results.resultsJson().path("target");
            assertThat(target.path("cluster").asText() + "/" + target.path("service").asText())
                    .as("the service in results.json, by name").isEqualTo(CLUSTER + "/" + SERVICE);
            List<String> warnings = StreamSupport.stream(results.resultsJson().path("preflight").spliterator(), false)
                    .map(w -> w.path("key").asText()).toList();
            row.preflight().ifPresent(key -> assertThat(warnings).as("preflight warnings (twin seed %s)", seed)
                    .contains(key));
            JsonNode calls = results.resultsJson().path("calls");
            row.calls().forEach((path, n) -> assertThat(calls.at("/" + path.replace('.', '/')).asLong(-1))
                    .as("calls.%s in results.json (twin seed %s): %s", path, seed, calls).isEqualTo(n));
            List<StepResult> failed = results.failedSteps();
            if (row.verdict().equals("PASS")) {
                assertThat(failed).as("failures (twin seed %s); report:%n%s", seed, report).isEmpty();
                assertThat(results.resultsJson().get("outcome").asText()).isEqualTo("PASSED");
                return;
            }
            assertThat(failed).as("the run must fail, and only once (twin seed %s); report:%n%s", seed, report)
                    .hasSize(1);
            String why = failed.get(0).message();
            System.out.println(row.name() + " (twin seed " + seed + "): " + why.lines().findFirst().orElse(""));
            if (row.verdict().startsWith("step ")) {
                assertThat(why).as("the failure (twin seed %s)", seed).contains("'step "
                        + row.verdict().substring("step ".length()) + ": ");
            } else {
                assertThat(why).as("the failure (twin seed %s)", seed)
                        .startsWith("invariant '" + row.verdict() + "' violated: Expected");
            }
            assertThat(results.resultsJson().get("outcome").asText()).isEqualTo("FAILED");
        }
    }

    /** The twin's cluster and service, named as deployed. */
    private static final String CLUSTER = "voice-agent-poc-cluster";
    private static final String SERVICE = "voice-agent-poc-service";

    /** The configuration giving the twin's cluster and service as ARNs of its region and account. */
    private static String asArns(Path endpoints) throws java.io.IOException {
        JsonNode e = new com.fasterxml.jackson.databind.ObjectMapper().readTree(endpoints.toFile());
        String prefix = "arn:aws:ecs:" + e.path("region").asText() + ":" + e.path("account").asText() + ":";
        return "cluster: " + prefix + "cluster/" + CLUSTER + "\nservice: " + prefix + "service/" + CLUSTER + "/"
                + SERVICE + "\n";
    }

    @ScalingScenario
    static class AnyScenarioTestCases implements ScenarioSteps {
    }
}
