package dev.scalingsuite.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllureHistoryTest {

    @TempDir
    Path dir;
    private HistoryStore store;
    private Path results;
    private Path report;

    @BeforeEach
    void dirs() {
        store = new HistoryStore(dir.resolve("scaling-history"));
        results = dir.resolve("allure-results");
        report = dir.resolve("target/site/allure-maven-plugin");
    }

    @Test
    void theReportsHistoryIsKeptAndCopiedIntoResultsThatHaveNone() throws IOException {
        history(report, "2026-12-05T10:00:00Z", "[1]");

        String done = AllureHistory.carry(store, results, report);

        assertThat(Files.readString(dir.resolve("scaling-history/allure-history/history-trend.json"))).isEqualTo("[1]");
        assertThat(Files.readString(results.resolve("history/history-trend.json"))).isEqualTo("[1]");
        assertThat(done).isEqualTo("Allure history: kept " + report.resolve("history") + " in " + store.dir()
                .resolve("allure-history") + "; copied it into " + results.resolve("history")
                + " for Allure's Trend and History");
    }

    /** After mvn clean the report is gone; the run history still has it. */
    @Test
    void withoutAReportTheKeptHistoryStillReachesTheResults() throws IOException {
        history(store.dir().resolve("allure-history"), "2026-12-05T10:00:00Z", "[1]");

        AllureHistory.carry(store, results, report);

        assertThat(Files.readString(results.resolve("history/history-trend.json"))).isEqualTo("[1]");
    }

    @Test
    void aNewerReportReplacesTheCopyTheSuiteMadeOnTheNextRun() throws IOException {
        history(report, "2026-12-05T10:00:00Z", "[1]");
        AllureHistory.carry(store, results, report);
        history(report, "2026-12-05T11:00:00Z", "[1,2]");

        AllureHistory.carry(store, results, report);

        assertThat(Files.readString(store.dir().resolve("allure-history/history-trend.json"))).isEqualTo("[1,2]");
        assertThat(Files.readString(results.resolve("history/history-trend.json"))).isEqualTo("[1,2]");
    }

    @Test
    void aHistoryTheSuiteDidNotPutThereIsNeverTouched() throws IOException {
        history(results, "2026-12-05T09:00:00Z", "[ci]");
        history(report, "2026-12-05T10:00:00Z", "[1]");

        AllureHistory.carry(store, results, report);

        assertThat(Files.readString(results.resolve("history/history-trend.json"))).isEqualTo("[ci]");
    }

    @Test
    void nothingToCarryDoesNothing() {
        assertThat(AllureHistory.carry(store, results, report)).isEmpty();
        assertThat(results).doesNotExist();
    }

    @Test
    void anOlderReportDoesNotReplaceANewerKeptHistory() throws IOException {
        history(store.dir().resolve("allure-history"), "2026-12-05T11:00:00Z", "[1,2]");
        history(report, "2026-12-05T10:00:00Z", "[1]");

        AllureHistory.carry(store, results, report);

        assertThat(Files.readString(store.dir().resolve("allure-history/history-trend.json"))).isEqualTo("[1,2]");
    }

    /** {@code <parent>/history/} (or the kept directory itself) with Allure's two files, modified at {@code at}. */
    private static void history(Path parent, String at, String trend) throws IOException {
        Path dir = parent.getFileName().toString().equals("allure-history") ? parent : parent.resolve("history");
        Files.createDirectories(dir);
        FileTime time = FileTime.from(Instant.parse(at));
        Files.setLastModifiedTime(Files.writeString(dir.resolve("history-trend.json"), trend), time);
        Files.setLastModifiedTime(Files.writeString(dir.resolve("history.json"), "{}"), time);
    }
}
