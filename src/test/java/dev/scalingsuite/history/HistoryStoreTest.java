package dev.scalingsuite.history;

import static dev.scalingsuite.history.Entries.entry;
import static dev.scalingsuite.history.Entries.kpis;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreTest {

    @TempDir
    Path dir;

    @Test
    void entriesReadBackOldestFirstOneFilePerRun() {
        HistoryStore store = new HistoryStore(dir);
        RunEntry second = entry("steady-state", "2026-12-05T11:00:00Z", "PASSED", kpis(82));
        RunEntry first = entry("steady-state", "2026-12-05T10:00:00Z", "PASSED", kpis(81));
        store.write(second);
        store.write(first);

        assertThat(store.entries()).containsExactly(first, second);
        assertThat(dir.resolve("runs").resolve("steady-state-2026-12-05-100000.json")).isRegularFile();
    }

    @Test
    void anUnreadableEntryIsSkippedNotFatal() throws IOException {
        HistoryStore store = new HistoryStore(dir);
        RunEntry good = entry("steady-state", "2026-12-05T10:00:00Z", "PASSED", kpis(81));
        store.write(good);
        Files.writeString(dir.resolve("runs").resolve("half-copied.json"), "{\"id\": ");

        assertThat(store.entries()).containsExactly(good);
    }

    @Test
    void noDirectoryIsAnEmptyHistory() {
        assertThat(new HistoryStore(dir.resolve("none")).entries()).isEmpty();
    }

    @Test
    void theLastRunsOfAScenario() {
        HistoryStore store = new HistoryStore(dir);
        for (int h = 10; h < 15; h++) {
            store.write(entry("steady-state", "2026-12-05T" + h + ":00:00Z", "PASSED", kpis(h)));
        }

        assertThat(store.last("steady-state", 2)).extracting(RunEntry::id)
                .containsExactly("steady-state-2026-12-05-130000", "steady-state-2026-12-05-140000");
    }

    @Test
    void differencesNameWhatChangedBesidesTheStack() {
        RunEntry a = entry("steady-state", "2026-12-05T10:00:00Z", "PASSED", kpis(81));
        RunEntry b = new RunEntry(a.id(), a.scenario(), a.startedAt(), a.endedAt(), a.outcome(), a.reason(),
                a.suiteVersion(), a.suiteCommit(), new RunEntry.Target("local", "local twin (in-process, seed 1)",
                        a.target().account(), a.target().region(), a.target().cluster(), a.target().service(),
                        Map.of("coldStartFactor", "1.5")), 20, a.taskDefinition(), a.imageDigest(), "c".repeat(64),
                a.scenarioHash(), a.kpis(), a.reportDir());

        assertThat(a.differencesFrom(a)).isEmpty();
        assertThat(b.differencesFrom(a)).containsExactly(
                "the live scaling configuration (hash cccccccccccc, the baseline's aaaaaaaaaaaa)",
                "the twin's settings (coldStartFactor=1.5, the baseline's none)",
                "the time scale (20, the baseline's 10)");
        assertThat(Optional.of(a.passed())).contains(true);
    }
}
