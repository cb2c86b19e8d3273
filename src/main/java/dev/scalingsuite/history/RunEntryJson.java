package dev.scalingsuite.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingsuite.fleet.Kpis;
import dev.scalingsuite.report.KpiJson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A run history entry as JSON, one file per run, with stable field names (docs/reports.md, "Run history");
 * {@code schemaVersion} changes when a field changes meaning. The KPIs are written as results.json writes them
 * ({@link KpiJson}): a KPI this suite does not know is skipped, one the entry lacks reads as not recorded, so
 * entries of older and newer suites compare on what they share.
 */
public final class RunEntryJson {

    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunEntryJson() {
    }

    public static String render(RunEntry e) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("id", e.id()).put("scenario", e.scenario()).put("startedAt", e.startedAt().toString())
                .put("endedAt", e.endedAt().toString()).put("outcome", e.outcome()).put("reason", e.reason())
                .put("suiteVersion", e.suiteVersion()).put("suiteCommit", e.suiteCommit());
        ObjectNode target = root.putObject("target");
        target.put("kind", e.target().kind()).put("description", e.target().description());
        target.put("account", e.target().account().orElse(null)).put("region", e.target().region().orElse(null));
        target.put("cluster", e.target().cluster()).put("service", e.target().service());
        ObjectNode twin = target.putObject("twin");
        e.target().twin().forEach(twin::put);
        root.put("timeScale", e.timeScale());
        fact(root.putObject("taskDefinition"), e.taskDefinition());
        fact(root.putObject("imageDigest"), e.imageDigest());
        root.put("configurationHash", e.configurationHash()).put("scenarioHash", e.scenarioHash());
        KpiJson.write(root.putObject("kpis"), e.kpis());
        root.put("reportDir", e.reportDir());
        fact(root.putObject("prices"), e.prices());
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("a run history entry could not be written: " + ex.getMessage(), ex);
        }
    }

    /**
     * Reads an entry back.
     *
     * @throws IllegalArgumentException naming what is wrong, when the text is no run history entry
     */
    public static RunEntry parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("not JSON (line " + ex.getLocation().getLineNr() + ")", ex);
        }
        if (root == null || !root.isObject() || !root.path("id").isTextual() || !root.path("kpis").isObject()) {
            throw new IllegalArgumentException("not a run history entry: no 'id' or 'kpis'");
        }
        JsonNode t = root.path("target");
        Map<String, String> twin = new LinkedHashMap<>();
        t.path("twin").fields().forEachRemaining(f -> twin.put(f.getKey(), f.getValue().asText()));
        RunEntry.Target target = new RunEntry.Target(t.path("kind").asText(""), t.path("description").asText(""),
                optional(t, "account"), optional(t, "region"), t.path("cluster").asText(""),
                t.path("service").asText(""), twin);
        try {
            return new RunEntry(root.path("id").asText(), root.path("scenario").asText(""),
                    Instant.parse(root.path("startedAt").asText()), Instant.parse(root.path("endedAt").asText()),
                    root.path("outcome").asText(""), root.path("reason").asText(""),
                    root.path("suiteVersion").asText("unknown"), root.path("suiteCommit").asText("unknown"), target,
                    root.path("timeScale").asInt(1), fact(root.path("taskDefinition")), fact(root.path("imageDigest")),
                    root.path("configurationHash").asText(""), root.path("scenarioHash").asText(""), KpiJson.read(root.path("kpis")),
                    root.path("reportDir").asText(""), fact(root.path("prices")));
        } catch (java.time.format.DateTimeParseException ex) {
            throw new IllegalArgumentException("'startedAt' or 'endedAt' is not an ISO-8601 instant", ex);
        }
    }

    private static void fact(ObjectNode node, Fact fact) {
        node.put("value", fact.value().orElse(null));
        if (fact.value().isEmpty()) {
            node.put("notMeasured", fact.notMeasured());
        }
    }

    private static Fact fact(JsonNode node) {
        return node.path("value").isTextual() ? Fact.of(node.path("value").asText())
                : Fact.notMeasured(node.path("notMeasured").asText(Kpis.NOT_RECORDED));
    }

    private static Optional<String> optional(JsonNode node, String field) {
        return node.path(field).isTextual() ? Optional.of(node.path(field).asText()) : Optional.empty();
    }
}
