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
    void latestIsTheNewestPassedRunOfTheSameScenarioOtherThanThisOne() {
        HistoryStore store = new HistoryStore(dir);
        RunEntry passed = entry("steady-state", "2026-12-05T10:00:00Z", "PASSED", kpis(81));
        store.write(passed);
        store.write(entry("steady-state", "2026-12-05T11:00:00Z", "FAILED", kpis(90)));
        store.write(entry("burst", "2026-12-05T12:00:00Z", "PASSED", kpis(70)));
        RunEntry now = entry("steady-state", "2026-12-05T13:00:00Z", "PASSED", kpis(82));
        store.write(now);

        assertThat(store.baseline("latest", "steady-state", now.id())).contains(passed);
        assertThat(store.baseline("latest", "scale-in-protection", now.id())).isEmpty();
    }

    @Test
    void aRunIdIsAnyRunOfTheSameScenario() {
        HistoryStore store = new HistoryStore(dir);
        RunEntry failed = entry("steady-state", "2026-12-05T11:00:00Z", "FAILED", kpis(90));
        store.write(failed);
        store.write(entry("burst", "2026-12-05T12:00:00Z", "PASSED", kpis(70)));

        assertThat(store.baseline(failed.id(), "steady-state", "x")).contains(failed);
        assertThat(store.baseline("burst-2026-12-05-120000", "steady-state", "x")).isEmpty();
    }

    @Test
    void whatWasLookedForIsNamedWithTheHistorysPath() {
        HistoryStore store = new HistoryStore(dir);
        store.write(entry("burst", "2026-12-05T12:00:00Z", "PASSED", kpis(70)));
        String where = "the run history " + dir.toAbsolutePath().normalize();

        assertThat(store.missingBaseline("latest", "steady-state").text())
                .isEqualTo("no PASSED run of steady-state before this one in " + where);
        assertThat(store.missingBaseline("steady-state-2026-01-01-000000", "steady-state").text())
                .isEqualTo("no run steady-state-2026-01-01-000000 in " + where);
        assertThat(store.missingBaseline("burst-2026-12-05-120000", "steady-state").text())
                .isEqualTo("no run burst-2026-12-05-120000 of steady-state (it is a run of burst) in " + where);
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
