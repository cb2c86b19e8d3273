package dev.scalingsuite.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Carries Allure's own {@code history/} between runs, so its Trend widget and each test's History tab have
 * something to show. Allure builds a report's history from the {@code history/} it finds among the results:
 * {@code allure:report} writes {@code <report>/history/}, and the next report needs it copied into
 * {@code allure-results/history/} first. The report directory lives in {@code target/}, which {@code mvn
 * clean} empties, so the run history keeps the latest one ({@code allure-history/}) and each run's start
 * copies it into the results.
 * <p>
 * The results' {@code history/} is written only when there is none, or when the suite put it there (a marker
 * file says so) and a newer one is kept: a {@code history/} somebody else put there (a CI job restoring its
 * own) is never touched.
 */
public final class AllureHistory {

    /** Left in a {@code history/} the suite copied into the results; Allure reads only its own file names. */
    static final String MARKER = ".carried-by-scaling-suite";
    static final String HISTORY = "history";

    private AllureHistory() {
    }

    /**
     * Keeps the report's {@code history/} in the run history when it is newer than the one kept, then copies
     * the kept one into the results as the rules above allow.
     *
     * @return what was done, one sentence for the console; empty when nothing was
     */
    public static String carry(HistoryStore store, Path allureResults, Path allureReport) {
        List<String> done = new ArrayList<>();
        Path reported = allureReport.resolve(HISTORY);
        Path kept = store.allureHistory();
        if (newest(reported).isPresent() && isNewer(reported, kept)) {
            replace(reported, kept, false);
            done.add("kept " + reported + " in " + kept);
        }
        Path results = allureResults.resolve(HISTORY);
        if (newest(kept).isPresent() && (!Files.exists(results)
                || Files.exists(results.resolve(MARKER)) && isNewer(kept, results))) {
            replace(kept, results, true);
            done.add("copied it into " + results + " for Allure's Trend and History");
        }
        return done.isEmpty() ? "" : "Allure history: " + String.join("; ", done);
    }

    private static boolean isNewer(Path dir, Path than) {
        Optional<FileTime> other = newest(than);
        return other.isEmpty() || newest(dir).orElseThrow().compareTo(other.get()) > 0;
    }

    /** The newest modification time of the history's files (the marker aside); empty without any. */
    static Optional<FileTime> newest(Path dir) {
        return files(dir).stream().map(f -> {
            try {
                return Files.getLastModifiedTime(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).max(FileTime::compareTo);
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals(MARKER)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Replaces {@code to} with a copy of {@code from}'s files, their times kept; marked as the suite's if asked. */
    private static void replace(Path from, Path to, boolean mark) {
        try {
            Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
            delete(tmp);
            Files.createDirectories(tmp);
            for (Path f : files(from)) {
                Files.copy(f, tmp.resolve(f.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
            if (mark) {
                Files.writeString(tmp.resolve(MARKER), "copied from " + from + " by the scaling suite at the start of "
                        + "a run; it replaces this history/ only while this file is here\n");
            }
            delete(to);
            Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy Allure's history " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        for (Path f : files(dir)) {
            Files.delete(f);
        }
        Files.deleteIfExists(dir.resolve(MARKER));
        Files.delete(dir);
    }
}
