package dev.scalingsuite.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingsuite.fleet.Kpi;
import dev.scalingsuite.fleet.Kpis;
import java.util.OptionalDouble;

/**
 * KPIs as JSON, the same wherever a run's KPIs are kept: {@code {"<kpi key>": {"unit": "s", "value": 81.3}}}, or {@code "value": null} with
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
            put(k, "value", r.value());
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

    private static String unit(Kpi kpi) {
        return kpi.unit().symbol().isEmpty() ? "count" : kpi.unit().symbol();
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
