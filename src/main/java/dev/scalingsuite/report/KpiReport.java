package dev.scalingsuite.report;

import dev.scalingsuite.fleet.Kpis;

/** The results document's section on the run's KPIs. */
final class KpiReport {

    private KpiReport() {
    }

    static void kpis(Markdown out, Kpis kpis) {
        out.section("KPIs");
        out.line("The run's key performance indicators, as the run history keeps them (times of the fleet in model "
                + "time, of the calls in wall time).");
        out.line("");
        out.table("KPI", "Value", "What it measures");
        kpis.all().forEach(r -> out.row("`" + r.kpi().key() + "`", r.show(), r.kpi().describe()));
    }
}
