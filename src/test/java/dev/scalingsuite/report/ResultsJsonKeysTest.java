package dev.scalingsuite.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Pins every key path of results.json, the document other tools read: a key added, renamed or
 * removed fails here, naming it, so a change to the format is a decision (and a removal or rename
 * bumps {@code schemaVersion}), never an accident of a refactoring. Array elements collapse to
 * {@code []}.
 */
class ResultsJsonKeysTest {

    private static final String GOLDEN = "/report/results-json-keys.txt";

    @Test
    void theKeysAreThoseOfTheGoldenFile() throws IOException {
        // the run compared with a baseline run: the regression's keys too
        // and its calls from two load hosts: the loadHosts' keys
        JsonNode json = new ObjectMapper().readTree(ResultsJson.render(RunAnalysis.of(
                RecordedRun.withTwoLoadHosts(RecordedRun.withHistory())), Map.of("report", "report.md")));
        Set<String> actual = new TreeSet<>();
        collect(json, "", actual);
        // the slos' keys of a run with SLOs, one of them not measured (the recorded run has none)
        collect(new ObjectMapper().readTree(ResultsJson.render(RunAnalysis.of(SloReportTest.withSlos()), Map.of()))
                .get("slos"), "slos", actual);
        Set<String> golden = golden();

        Set<String> added = new TreeSet<>(actual);
        added.removeAll(golden);
        Set<String> removed = new TreeSet<>(golden);
        removed.removeAll(actual);
        assertThat(added).as("keys results.json has that src/test/resources%s does not list; if they are meant, add "
                + "them there and to docs/reports.md", GOLDEN).isEmpty();
        assertThat(removed).as("keys src/test/resources%s lists that results.json no longer has; a removal or rename "
                + "breaks readers: bump schemaVersion and say so in docs/reports.md", GOLDEN).isEmpty();
    }

    private static void collect(JsonNode node, String path, Set<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                out.add(child);
                collect(field.getValue(), child, out);
            });
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, path + "[]", out));
        }
    }

    private static Set<String> golden() throws IOException {
        try (InputStream in = ResultsJsonKeysTest.class.getResourceAsStream(GOLDEN)) {
            assertThat(in).as("the golden file src/test/resources%s", GOLDEN).isNotNull();
            Set<String> keys = new TreeSet<>();
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(keys::add);
            return keys;
        }
    }
}
