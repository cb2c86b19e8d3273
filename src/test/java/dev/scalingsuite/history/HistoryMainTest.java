package dev.scalingsuite.history;

import static dev.scalingsuite.history.Entries.entry;
import static dev.scalingsuite.history.Entries.kpis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.fleet.Kpi;
import dev.scalingsuite.fleet.Kpis;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryMainTest {

    @TempDir
    Path dir;

    @Test
    void oneTablePerScenarioOldestFirstWithTheChosenKpis() {
        HistoryStore store = new HistoryStore(dir);
        store.write(entry("steady-state", "2026-12-05T10:00:00Z", "PASSED", kpis(81)));
        store.write(entry("steady-state", "2026-12-05T11:00:00Z", "FAILED", kpis(121.44)));
        store.write(entry("burst", "2026-12-05T12:00:00Z", "PASSED", kpis(70)));

        String text = HistoryMain.print(store, Optional.empty(), "20", "cold-start.total.p95, connect.p95");

        String where = " in " + dir.toAbsolutePath().normalize() + "\n";
        assertThat(text).isEqualTo("burst: the last 1 run(s)" + where
                + "run                      started (UTC)     outcome  commit   config        scenario      "
                + "cold-start.total.p95 (s)  connect.p95 (ms)\n"
                + "burst-2026-12-05-120000  2026-12-05 12:00  PASSED   0123456  aaaaaaaaaaaa  bbbbbbbbbbbb  70"
                + "                        -\n"
                + "\n"
                + "steady-state: the last 2 run(s)" + where
                + "run                             started (UTC)     outcome  commit   config        scenario      "
                + "cold-start.total.p95 (s)  connect.p95 (ms)\n"
                + "steady-state-2026-12-05-100000  2026-12-05 10:00  PASSED   0123456  aaaaaaaaaaaa  bbbbbbbbbbbb  81"
                + "                        -\n"
                + "steady-state-2026-12-05-110000  2026-12-05 11:00  FAILED   0123456  aaaaaaaaaaaa  bbbbbbbbbbbb  121.4"
                + "                     -\n"
                + "\n");
    }

    /** The default columns hold the run's cost, in dollars to a hundredth of a cent. */
    @Test
    void theCostIsShownInDollars() {
        HistoryStore store = new HistoryStore(dir);
        store.write(entry("steady-state", "2026-12-05T10:00:00Z", "PASSED", Kpis.builder()
                .measured(Kpi.COST, 0.201759).build()));

        String text = HistoryMain.print(store, Optional.empty(), "20", "cost.usd");

        assertThat(text).contains("cost.usd (USD)\n").contains("  $0.2018\n");
        assertThat(HistoryTable.DEFAULT_COLUMNS).containsSubsequence(Kpi.TASK_MINUTES, Kpi.COST);
    }

    @Test
    void anEmptyHistorySaysWhereItLooked() {
        assertThat(HistoryMain.print(new HistoryStore(dir), Optional.empty(), "20", ""))
                .isEqualTo("no run in the run history " + dir.toAbsolutePath().normalize() + "\n");
    }

    @Test
    void aWrongOptionSaysWhatIsAllowed() {
        HistoryStore store = new HistoryStore(dir);
        assertThatThrownBy(() -> HistoryMain.print(store, Optional.empty(), "0", ""))
                .hasMessage("-Dhistory.runs must be a whole number of runs from 1, was '0'");
        assertThatThrownBy(() -> HistoryMain.print(store, Optional.empty(), "20", "cold-start"))
                .hasMessageStartingWith("-Dhistory.kpis names no KPI 'cold-start'; allowed: all, or KPI keys separated "
                        + "by commas: scale-out.first-decision, scale-out.first-serving, ");
    }
}
