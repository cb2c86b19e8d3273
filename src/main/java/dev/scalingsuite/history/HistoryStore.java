package dev.scalingsuite.history;

import dev.scalingsuite.fleet.finding.Missing;
import dev.scalingsuite.fleet.finding.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The run history's directory: {@code runs/<run id>.json}, one entry per run ({@link RunEntryJson}), and
 * {@code allure-history/}, the latest Allure report's {@code history/} ({@link AllureHistory}). The directory
 * is its own index: a few hundred entries of a few kilobytes are read in well under a second, and a file per
 * run is what a user deletes to forget a run.
 */
public final class HistoryStore {

    static final String RUNS = "runs";
    static final String ALLURE_HISTORY = "allure-history";
    private static final String JSON = ".json";

    private final Path dir;

    public HistoryStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Where the latest Allure report's {@code history/} is kept between runs. */
    Path allureHistory() {
        return dir.resolve(ALLURE_HISTORY);
    }

    /**
     * Writes {@code entry} as {@code runs/<id>.json}, atomically (a reader never sees half an entry); an entry
     * of the same id is replaced: a run is written once, at its end.
     */
    public Path write(RunEntry entry) {
        Path file = dir.resolve(RUNS).resolve(entry.id() + JSON);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, RunEntryJson.render(entry), StandardCharsets.UTF_8);
            return Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run history entry " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every entry, oldest first; an entry that cannot be read is skipped with a line on stderr naming the file
     * and what is wrong (a hand-edited or half-copied file must not cost every comparison).
     */
    public List<RunEntry> entries() {
        Path runs = dir.resolve(RUNS);
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        List<RunEntry> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(runs)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(JSON)).sorted().toList()) {
                try {
                    out.add(RunEntryJson.parse(Files.readString(file, StandardCharsets.UTF_8)));
                } catch (IOException | IllegalArgumentException e) {
                    System.err.println("scaling suite: the run history entry " + file + " is skipped: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the run history " + runs + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(RunEntry::startedAt).thenComparing(RunEntry::id));
        return out;
    }

    /** The runs of {@code scenario}, oldest first. */
    public List<RunEntry> runsOf(String scenario) {
        return entries().stream().filter(e -> e.scenario().equals(scenario)).toList();
    }

    /** The last {@code n} runs of {@code scenario}, oldest first. */
    public List<RunEntry> last(String scenario, int n) {
        List<RunEntry> runs = runsOf(scenario);
        return runs.subList(Math.max(0, runs.size() - n), runs.size());
    }

    /**
     * The baseline run {@code asked} names for a run of {@code scenario}: {@code latest}, the newest run of the
     * scenario that PASSED other than {@code thisRun}; or a run id, when it is a run of the same scenario.
     */
    public Optional<RunEntry> baseline(String asked, String scenario, String thisRun) {
        if (asked.equals("latest")) {
            List<RunEntry> passed = runsOf(scenario).stream().filter(RunEntry::passed)
                    .filter(e -> !e.id().equals(thisRun)).toList();
            return passed.isEmpty() ? Optional.empty() : Optional.of(passed.get(passed.size() - 1));
        }
        return entries().stream().filter(e -> e.id().equals(asked) && e.scenario().equals(scenario)).findFirst();
    }

    /**
     * What was looked for and not found when {@link #baseline} finds nothing: {@code no PASSED run of steady-state
     * before this one in the run history /work/scaling-history}, {@code no run steady-state-2026-... in ...}, or
     * {@code no run burst-2026-... of steady-state (it is a run of burst) in ...}.
     */
    public Missing missingBaseline(String asked, String scenario) {
        String where = "the run history " + dir.toAbsolutePath().normalize();
        if (asked.equals("latest")) {
            return new Missing(Source.HISTORY, "PASSED run of " + scenario + " before this one", where, "");
        }
        Optional<RunEntry> other = entries().stream().filter(e -> e.id().equals(asked)).findFirst();
        return new Missing(Source.HISTORY, "run " + asked + other.map(e -> " of " + scenario + " (it is a run of "
                + e.scenario() + ")").orElse(""), where, "");
    }
}
