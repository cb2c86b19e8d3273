package dev.scalingsuite.history;

import dev.scalingsuite.fleet.Kpi;
import dev.scalingsuite.fleet.Kpis;
import dev.scalingsuite.fleet.RunCost;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The run history as a table for the console: one run a row, oldest first, with its outcome, commit, the
 * fingerprints of its configuration and scenario, and the chosen KPIs ({@code -} where a run did not
 * measure one).
 */
public final class HistoryTable {

    /** The KPIs a table shows unless asked for others: one or two of each kind. */
    public static final List<Kpi> DEFAULT_COLUMNS = List.of(Kpi.FIRST_DECISION, Kpi.FIRST_SERVING,
            Kpi.BACK_TO_MINIMUM, Kpi.COLD_START_P95, Kpi.TASKS_OVER_POLICY, Kpi.TASK_MINUTES, Kpi.COST, Kpi.SETUP_P95,
            Kpi.CONNECT_P95, Kpi.LATENCY_P95, Kpi.ANSWERED, Kpi.REJECTED, Kpi.DROPPED);
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    private HistoryTable() {
    }

    public static String render(List<RunEntry> runs, List<Kpi> columns) {
        List<String> header = new ArrayList<>(List.of("run", "started (UTC)", "outcome", "commit", "config", "scenario"));
        columns.forEach(k -> header.add(k.key() + (k.unit().symbol().isEmpty() ? "" : " (" + k.unit().symbol() + ")")));
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (RunEntry e : runs) {
            List<String> row = new ArrayList<>(List.of(e.id(), STARTED.format(e.startedAt()), e.outcome(),
                    e.suiteCommit().length() > 7 ? e.suiteCommit().substring(0, 7) + (e.suiteCommit().endsWith("-dirty")
                            ? "-dirty" : "") : e.suiteCommit(),
                    RunEntry.shortHash(e.configurationHash()), RunEntry.shortHash(e.scenarioHash())));
            columns.forEach(k -> row.add(value(e.kpis().get(k))));
            rows.add(row);
        }
        return align(rows);
    }

    private static String value(Kpis.Reading r) {
        if (!r.measured()) {
            return "-";
        }
        if (r.kpi().unit() == Kpi.Unit.USD) {
            return RunCost.dollars(r.value().getAsDouble());
        }
        double v = Math.round(r.value().getAsDouble() * 10) / 10.0;
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static String align(List<List<String>> rows) {
        int[] widths = new int[rows.get(0).size()];
        rows.forEach(r -> {
            for (int i = 0; i < r.size(); i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[i] + "s", r.get(i)));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
