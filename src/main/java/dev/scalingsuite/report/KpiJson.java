package dev.scalingsuite.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingsuite.fleet.Kpi;
import dev.scalingsuite.fleet.Kpis;
import dev.scalingsuite.fleet.Regression;
import dev.scalingsuite.fleet.Slo;
import java.util.List;
import java.util.OptionalDouble;

/**
 * KPIs and a comparison with a baseline run as JSON, the same in {@code results.json} and in the run
 * history: {@code {"<kpi key>": {"unit": "s", "value": 81.3}}}, or {@code "value": null} with
 * {@code "notMeasured"}. A key this suite does not know is skipped when read; a KPI missing reads as not
 * recorded.
 */
public final class KpiJson {

    private KpiJson() {
    }

    public static void write(ObjectNode node, Kpis kpis) {
        for (Kpis.Reading r : kpis.all()) {
            ObjectNode k = node.putObject(r.kpi().key());
            k.put("unit", unit(r.kpi()));
            put(k, "value", r.value(), r.kpi());
            if (!r.measured()) {
                k.put("notMeasured", r.notMeasured());
            }
        }
    }

    public static Kpis read(JsonNode node) {
        Kpis.Builder kpis = Kpis.builder();
        node.fields().forEachRemaining(f -> Kpi.byKey(f.getKey()).ifPresent(kpi -> {
            JsonNode value = f.getValue().path("value");
            if (value.isNumber()) {
                kpis.measured(kpi, value.asDouble());
            } else {
                kpis.notMeasured(kpi, f.getValue().path("notMeasured").asText(Kpis.NOT_RECORDED));
            }
        }));
        return kpis.build();
    }

    /**
     * results.json's {@code slos}: each SLO with its KPI's value (null when not measured, then {@code notMeasured}
     * says why), its bounds in the KPI's unit (null when not set), its level and where it was set.
     */
    static void slos(ArrayNode array, List<Slo.Result> results) {
        for (Slo.Result r : results) {
            Slo slo = r.slo();
            ObjectNode node = array.addObject().put("key", slo.kpi().key()).put("unit", unit(slo.kpi()));
            put(node, "value", r.reading().value());
            put(node, "warning", slo.warning());
            put(node, "critical", slo.critical());
            node.put("level", r.level().name()).put("source", slo.source());
            if (!r.reading().measured()) {
                node.put("notMeasured", r.reading().notMeasured());
            }
        }
    }

    /** results.json's {@code regression}: null when no baseline run was asked for. */
    static void regression(ObjectNode root, PastRuns past) {
        if (!past.baselineAsked()) {
            root.putNull("regression");
            return;
        }
        ObjectNode node = root.putObject("regression");
        if (past.regression().isEmpty()) {
            node.putNull("baselineRun");
            node.put("notMeasured", past.noBaseline());
            node.putArray("differences");
            node.putArray("kpis");
            return;
        }
        Regression r = past.regression().get();
        node.put("baselineRun", r.baselineRun());
        node.putNull("notMeasured");
        r.differences().forEach(node.putArray("differences")::add);
        node.put("comparedUnder", r.comparedUnder());
        node.put("regressed", r.regressed().size());
        ArrayNode kpis = node.putArray("kpis");
        for (Regression.Change c : r.changes()) {
            ObjectNode k = kpis.addObject().put("kpi", c.kpi().key()).put("unit", unit(c.kpi()));
            put(k, "value", c.value(), c.kpi());
            put(k, "baseline", c.baseline(), c.kpi());
            put(k, "change", c.change(), c.kpi());
            put(k, "changePercent", c.percent());
            put(k, "allowed", c.allowed(), c.kpi());
            k.put("allowance", c.baseline().isPresent() ? c.allowance().describe(c.kpi(), c.baseline().getAsDouble())
                    : c.allowance().judged() ? "" : "not judged: " + c.allowance().mechanism());
            k.put("verdict", c.verdict().name()).put("why", c.why());
        }
    }

    private static String unit(Kpi kpi) {
        return kpi.unit().symbol().isEmpty() ? "count" : kpi.unit().symbol();
    }

    /** A value of {@code kpi}: dollars to six decimals (a run costs cents), every other unit as {@link #put}. */
    private static void put(ObjectNode node, String field, OptionalDouble value, Kpi kpi) {
        if (kpi.unit() == Kpi.Unit.USD && value.isPresent()) {
            node.put(field, Math.round(value.getAsDouble() * 1_000_000) / 1_000_000.0);
        } else {
            put(node, field, value);
        }
    }

    /** Rounded to three decimals: milliseconds of a second, and no binary noise in the files. */
    private static void put(ObjectNode node, String field, OptionalDouble value) {
        if (value.isPresent()) {
            node.put(field, Math.round(value.getAsDouble() * 1000) / 1000.0);
        } else {
            node.putNull(field);
        }
    }
}
