package dev.scalingsuite.report;

import dev.scalingsuite.fleet.Kpi;
import dev.scalingsuite.fleet.Kpis;
import dev.scalingsuite.fleet.Regression;
import dev.scalingsuite.fleet.Slo;
import dev.scalingsuite.fleet.SloAssert;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The results document's sections on the run's KPIs: the KPIs, their SLOs ("SLOs"), the comparison with a
 * baseline run ("Regression against <run id>") and the trends of the scenario's last runs.
 */
public final class KpiReport {

    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

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

    /** The "SLOs" section alone, for an Allure attachment. */
    public static String slos(List<Slo.Result> results) {
        Markdown out = new Markdown();
        slos(out, results);
        return out.text();
    }

    /** Each SLO of the scenario and the level its KPI reached; nothing when the scenario has none. */
    static void slos(Markdown out, List<Slo.Result> results) {
        if (results.isEmpty()) {
            return;
        }
        out.section("SLOs");
        out.line(SloAssert.of(results, Slo.Level.CRITICAL).size() + " critical, "
                + SloAssert.of(results, Slo.Level.WARNING).size() + " warning, "
                + SloAssert.of(results, Slo.Level.NOT_MEASURED).size() + " not measured, "
                + SloAssert.of(results, Slo.Level.OK).size() + " OK. A KPI beyond its critical bound fails the run; "
                + "beyond its warning bound it is reported and the run passes; a bound itself is within.");
        out.line("");
        out.table("KPI", "Value", "Warning", "Critical", "Level", "Set in");
        for (Slo.Result r : results) {
            Slo slo = r.slo();
            out.row("`" + slo.kpi().key() + "`", r.reading().measured() ? r.reading().show() : "not measured",
                    slo.showWarning(), slo.showCritical(), level(r), slo.source());
        }
    }

    private static String level(Slo.Result r) {
        return switch (r.level()) {
            case OK -> "OK";
            case WARNING -> "**WARNING**";
            case CRITICAL -> "**CRITICAL**";
            case NOT_MEASURED -> "NOT MEASURED: " + r.reading().notMeasured();
        };
    }

    /** The "Regression against <run id>" section alone, for an Allure attachment; empty when none was asked for. */
    public static String regression(PastRuns past) {
        Markdown out = new Markdown();
        regression(out, past);
        return out.text();
    }

    /** The comparison with the baseline run, when one was asked for. */
    static void regression(Markdown out, PastRuns past) {
        if (!past.baselineAsked()) {
            return;
        }
        if (past.regression().isEmpty()) {
            out.section("Regression against a baseline run");
            out.line(past.noBaseline() + ".");
            return;
        }
        Regression r = past.regression().get();
        out.section("Regression against " + r.baselineRun());
        out.line(r.regressed().size() + " regressed, " + r.notMeasured().size() + " not measured, "
                + r.of(Regression.Verdict.WITHIN).size() + " within their allowances, "
                + r.of(Regression.Verdict.NOT_COMPARED).size() + " not compared, "
                + r.of(Regression.Verdict.REPORTED).size() + " reported only. A KPI may move the worse way by the larger "
                + "of a share of the baseline's value and a floor named after the mechanism that moves it between two "
                + "runs of an unchanged stack; beyond that it regressed, which fails the run.");
        out.line("");
        out.line("Compared under: " + r.comparedUnder() + ".");
        out.line("");
        String under = r.differences().isEmpty() ? "same" : "differs: " + String.join(", ", subjects(r.differences()));
        out.table("KPI", "This run", "Baseline", "Change", "Allowance", "Verdict", "Compared under");
        for (Regression.Change c : r.changes()) {
            Kpi.Unit unit = c.kpi().unit();
            out.row("`" + c.kpi().key() + "`", show(unit, c.value()), show(unit, c.baseline()), change(c),
                    c.allowed().isPresent() ? (c.kpi().higherIsWorse() ? "+" : "-") + unit.show(c.allowed().getAsDouble())
                            : "-", verdict(c), under);
        }
    }

    static void trends(Markdown out, PastRuns past, boolean chartDrawn) {
        List<PastRuns.Run> runs = past.trend();
        if (runs.isEmpty()) {
            return;
        }
        out.section("Trends (the last " + runs.size() + " runs of the scenario in the run history)");
        if (chartDrawn) {
            out.line("![" + ReportFiles.TREND_CHART + "](" + ReportFiles.TREND_CHART + ")");
            out.line("");
        }
        out.table("#", "Run", "Started", "Outcome");
        for (int i = 0; i < runs.size(); i++) {
            PastRuns.Run run = runs.get(i);
            out.row(i + 1, run.id() + (i == runs.size() - 1 ? " (this run)" : ""), STARTED.format(run.startedAt()),
                    run.outcome());
        }
    }

    /** {@code the live scaling configuration (hash ...)} -> {@code the live scaling configuration}. */
    static List<String> subjects(List<String> differences) {
        return differences.stream().map(d -> d.contains(" (") ? d.substring(0, d.indexOf(" (")) : d).toList();
    }

    private static String show(Kpi.Unit unit, java.util.OptionalDouble value) {
        return value.isPresent() ? unit.show(value.getAsDouble()) : "not measured";
    }

    private static String change(Regression.Change c) {
        if (c.change().isEmpty()) {
            return "-";
        }
        double d = c.change().getAsDouble();
        String text = (d >= 0 ? "+" : "-") + c.kpi().unit().show(Math.abs(d));
        return c.percent().isPresent() ? text + " (" + (d >= 0 ? "+" : "") + Fmt.number(Fmt.round2(
                c.percent().getAsDouble())) + " %)" : text;
    }

    private static String verdict(Regression.Change c) {
        return switch (c.verdict()) {
            case WITHIN -> "within";
            case REGRESSED -> "**REGRESSED**";
            case NOT_MEASURED -> "NOT MEASURED: " + c.why();
            case NOT_COMPARED -> "not compared: " + c.why();
            case REPORTED -> "reported: " + c.allowance().mechanism();
        };
    }
}
