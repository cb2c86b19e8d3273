package dev.scalingsuite.history;

import dev.scalingsuite.config.ConfigLookup;
import dev.scalingsuite.config.SuiteConfig;
import dev.scalingsuite.fleet.Kpi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Prints the run history as a table ({@link HistoryTable}):
 * <pre>
 * ./mvnw -q -Phistory                                           # every scenario, the last 20 runs of each
 * ./mvnw -q -Phistory -Dhistory.scenario=steady-state -Dhistory.runs=50 -Dhistory.kpis=all
 * </pre>
 * The run history is the one the suite writes: {@code history-dir} from {@code config.yaml} or
 * {@code -Dscaling.history-dir}, {@code scaling-history} by default.
 */
public final class HistoryMain {

    static final String SCENARIO = "history.scenario";
    static final String RUNS = "history.runs";
    static final String KPIS = "history.kpis";

    private HistoryMain() {
    }

    public static void main(String[] args) {
        SuiteConfig config = SuiteConfig.load(Path.of("").toAbsolutePath(),
                ConfigLookup.systemPropertiesThen(key -> Optional.empty()));
        HistoryStore store = new HistoryStore(config.history().dir());
        System.out.print(print(store, Optional.ofNullable(System.getProperty(SCENARIO)),
                System.getProperty(RUNS, "20"), System.getProperty(KPIS, "")));
    }

    /** The tables, one per scenario; a wrong option is one message saying what is allowed. */
    static String print(HistoryStore store, Optional<String> scenario, String runs, String kpis) {
        int n = runs.matches("\\d{1,6}") && Integer.parseInt(runs) > 0 ? Integer.parseInt(runs) : -1;
        if (n < 0) {
            throw new Refused("-D" + RUNS + " must be a whole number of runs from 1, was '" + runs + "'");
        }
        List<Kpi> columns = columns(kpis);
        List<RunEntry> all = store.entries();
        List<String> scenarios = scenario.map(List::of)
                .orElseGet(() -> all.stream().map(RunEntry::scenario).distinct().sorted().toList());
        if (all.isEmpty()) {
            return "no run in the run history " + store.dir().toAbsolutePath().normalize() + "\n";
        }
        StringBuilder out = new StringBuilder();
        for (String name : scenarios) {
            List<RunEntry> of = store.last(name, n);
            out.append(name).append(": ").append(of.isEmpty() ? "no run" : "the last " + of.size() + " run(s)")
                    .append(" in ").append(store.dir().toAbsolutePath().normalize()).append('\n');
            if (!of.isEmpty()) {
                out.append(HistoryTable.render(of, columns));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static List<Kpi> columns(String kpis) {
        if (kpis.isBlank()) {
            return HistoryTable.DEFAULT_COLUMNS;
        }
        if (kpis.equals("all")) {
            return List.of(Kpi.values());
        }
        List<Kpi> columns = new ArrayList<>();
        for (String key : kpis.split(",")) {
            columns.add(Kpi.byKey(key.strip()).orElseThrow(() -> new Refused("-D" + KPIS + " names no KPI '"
                    + key.strip() + "'; allowed: all, or KPI keys separated by commas: " + String.join(", ",
                    Arrays.stream(Kpi.values()).map(Kpi::key).toList()))));
        }
        return columns;
    }

    /** A wrong option: its message is all there is to say. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
