package dev.scalingsuite.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Allure's categories match the suite's own failure messages, and only the failure itself, not the later
 * steps that quote it; the environment reads back as written.
 */
class AllureFilesTest {

    private static final String INVARIANTS = "Invariant violations";
    private static final String NOT_MEASURED = "Not measured";
    private static final String REGRESSIONS = "Regressions against the baseline run";
    private static final String INCONCLUSIVE = "INCONCLUSIVE: load generator saturated";
    private static final String SLOS = "SLOs at critical";

    @Test
    void eachFailureClassIsFoundInTheMessagesTheSuiteWrites() {
        assertThat(AllureFiles.categoriesOf("failed", "invariant 'no-flapping' violated: Expected no flapping within"
                + " 10m but desired went 2 -> 3 -> 2\nLast timeline events: ...")).containsExactly(INVARIANTS);
        assertThat(AllureFiles.categoriesOf("failed", "not measured: max-e2e-p95: no AgentResponseLatency datapoint in "
                + "VoiceAgent/Pipeline {Environment=poc} between 12:01:00 and 12:09:00 UTC")).containsExactly(NOT_MEASURED);
        assertThat(AllureFiles.categoriesOf("failed", "step 2: running tasks >= 2 within 8m: not measured: "
                + "routable-at-least: no target in the target group at 12:10:00 UTC")).containsExactly(NOT_MEASURED);
        assertThat(AllureFiles.categoriesOf("failed", "regression: cold start p50 74 s against 37 s in run "
                + "steady-state-2026-11-23-212920, allowed +15 %")).containsExactly(REGRESSIONS);
        assertThat(AllureFiles.categoriesOf("failed", "dropped <= 0 but was 1; regression: connect p95 ..."))
                .containsExactly(REGRESSIONS);
        assertThat(AllureFiles.categoriesOf("failed", "slo: connect.p95 2600 ms > critical 2500 ms (warning 1500 ms)"))
                .containsExactly(SLOS);
        assertThat(AllureFiles.categoriesOf("failed", "not measured: slos: no connect.p95 in this run (no call was "
                + "placed)")).as("a KPI not measured is no SLO at critical").containsExactly(NOT_MEASURED);
        assertThat(AllureFiles.categoriesOf("broken", "INCONCLUSIVE: load generator saturated on sipp@10.0.2.9:22: "
                + "SIPp placed 3 of 5 calls")).containsExactly(INCONCLUSIVE);
        assertThat(AllureFiles.categoriesOf("skipped", "load generator saturated on sipp@127.0.0.1:2222"))
                .containsExactly(INCONCLUSIVE);
    }

    @Test
    void aLaterStepOrAPassedOneIsInNoCategory() {
        assertThat(AllureFiles.categoriesOf("skipped", "not run: step 3. expect running tasks >= 2 within 8m: "
                + "invariant 'no-flapping' violated: Expected ...")).isEmpty();
        assertThat(AllureFiles.categoriesOf("skipped", "not run: the run was inconclusive: load generator saturated on "
                + "sipp@10.0.2.9:22")).isEmpty();
        assertThat(AllureFiles.categoriesOf("passed", "not measured: max-e2e-p95: ...")).isEmpty();
        assertThat(AllureFiles.categoriesOf("failed", "Condition with alias 'step 3: running tasks >= 2 within 8m' "
                + "didn't complete within 16 seconds")).isEmpty();
        assertThat(AllureFiles.categoriesOf("failed", "no regression: was found")).isEmpty();
        assertThat(AllureFiles.categoriesOf("passed", "slo: connect.p95 1840 ms > warning 1500 ms")).isEmpty();
        assertThat(AllureFiles.categoriesOf("failed", null)).isEmpty();
    }

    @Test
    void categoriesJsonIsTheArrayAllureReads() throws IOException {
        JsonNode json = new ObjectMapper().readTree(AllureFiles.categoriesJson());

        assertThat(json.isArray()).isTrue();
        assertThat(json).hasSize(AllureFiles.CATEGORY_LIST.size());
        for (JsonNode category : json) {
            assertThat(category.fieldNames()).toIterable().containsExactly("name", "matchedStatuses", "messageRegex");
        }
        assertThat(json.get(0).get("matchedStatuses").toString()).isEqualTo("[\"failed\",\"broken\"]");
    }

    @Test
    void theEnvironmentReadsBackAsWritten(@TempDir Path dir) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("target", "twin at /tmp/a b/endpoints.json");
        environment.put("stack profile", "as-deployed");
        environment.put("service", "voice-agent-poc-service");
        environment.put("odd", " =:#!\\ é\n");

        AllureFiles.write(dir, environment);

        Properties read = new Properties();
        read.load(new StringReader(Files.readString(dir.resolve(AllureFiles.ENVIRONMENT), StandardCharsets.ISO_8859_1)));
        assertThat(read).containsEntry("target", "twin at /tmp/a b/endpoints.json")
                .containsEntry("stack-profile", "as-deployed").containsEntry("service", "voice-agent-poc-service")
                .containsEntry("odd", " =:#!\\ é\n").hasSize(4);
        assertThat(Files.readString(dir.resolve(AllureFiles.CATEGORIES))).isEqualTo(AllureFiles.categoriesJson());
    }
}
