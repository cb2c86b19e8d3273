package dev.scalingsuite.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * One summary of a series of scenario runs, {@code summary.md} and {@code summary.json}: per scenario its
 * verdict, its duration, its headline numbers and links to its reports, then what Allure holds of the series.
 * Everything about a run is read from its {@code results.json} (docs/reports.md, "results.json"), so the summary
 * is a function of what the runs wrote; a scenario that wrote none (its class failed before the run, or a dry
 * run) is {@code NOT_RUN} or {@code DRY_RUN} with why.
 */
public final class SeriesSummary {

    public static final String MARKDOWN = "summary.md";
    public static final String JSON_FILE = "summary.json";
    /** Changes when a field of {@code summary.json} changes meaning or goes away. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final List<String> STATUSES = List.of("passed", "failed", "broken", "skipped");

    /** How a scenario of the series ended: a run's outcome, or why there was no run. */
    public enum Verdict { PASSED, FAILED, ABORTED, INCONCLUSIVE, NOT_RUN, DRY_RUN }

    /**
     * What the series runner saw of one scenario.
     *
     * @param scenario the name it was asked for by
     * @param runDir the directory of its reports, when its run started
     * @param failure why its class failed before or after the run (a configuration, baseline or lock refusal);
     *     empty when it did not
     * @param dryRun the series was a dry run: no run, each step reported as aborted
     * @param tests JUnit's count of its tests by status ({@code passed}, {@code failed}, {@code aborted})
     * @param startedAt when the runner started it (its setup and baseline included), and {@code endedAt} when it
     *     was done: the Allure results that started between them are its
     */
    public record Scenario(String scenario, Optional<Path> runDir, String failure, boolean dryRun,
            Map<String, Integer> tests, Instant startedAt, Instant endedAt) {

        public Scenario {
            tests = Map.copyOf(tests);
        }

        double wallSeconds() {
            return Duration.between(startedAt, endedAt).toMillis() / 1000.0;
        }
    }

    /**
     * Where the series' files are and what it ran.
     *
     * @param dir where {@code summary.md} and {@code summary.json} go
     * @param allureResults Allure's results directory, where the series' test results went
     * @param allureReport where {@code ./mvnw allure:report} writes the HTML report ({@code index.html})
     */
    public record Series(Path dir, Instant startedAt, Instant endedAt, List<Scenario> scenarios, Path allureResults,
            Path allureReport) {

        public Series {
            scenarios = List.copyOf(scenarios);
        }
    }

    /** One scenario's line of the summary, read from its results.json. */
    private record Row(int order, Scenario ran, Verdict verdict, String reason, Optional<JsonNode> results,
            Map<String, Integer> allure, Map<String, Integer> categories) {

        String name() {
            return results.map(r -> r.path("scenario").asText(ran.scenario())).orElse(ran.scenario());
        }

        OptionalDouble number(String pointer) {
            JsonNode value = results.map(r -> r.at(pointer)).orElse(null);
            return value != null && value.isNumber() ? OptionalDouble.of(value.asDouble()) : OptionalDouble.empty();
        }

        /** The most tasks running at any point of the timeline. */
        OptionalDouble peakTasks() {
            return results.stream().flatMap(r -> stream(r.path("timeline"))).map(e -> e.path("running"))
                    .filter(JsonNode::isNumber).mapToDouble(JsonNode::asDouble).max();
        }
    }

    /** What was written and how the series ended. */
    public record Written(boolean passed, Path markdown, Path json, String console) {
    }

    private SeriesSummary() {
    }

    /** Writes {@code summary.md} and {@code summary.json} into the series' directory. */
    public static Written write(Series series) {
        List<Row> rows = rows(series);
        // an INCONCLUSIVE run whose class failed no test was allowed to be (allow-inconclusive)
        boolean passed = rows.stream().allMatch(r -> r.verdict() == Verdict.PASSED || r.verdict() == Verdict.DRY_RUN
                || r.verdict() == Verdict.INCONCLUSIVE && r.ran().tests().getOrDefault("failed", 0) == 0
                        && r.ran().failure().isEmpty());
        try {
            Files.createDirectories(series.dir());
            Path markdown = Files.writeString(series.dir().resolve(MARKDOWN), markdown(series, rows, passed),
                    StandardCharsets.UTF_8);
            Path json = Files.writeString(series.dir().resolve(JSON_FILE), json(series, rows, passed),
                    StandardCharsets.UTF_8);
            return new Written(passed, markdown, json, console(series, rows, passed, markdown));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the series summary into " + series.dir() + ": "
                    + e.getMessage(), e);
        }
    }

    private static List<Row> rows(Series series) {
        List<JsonNode> allure = allureResults(series);
        List<Row> rows = new ArrayList<>();
        for (Scenario ran : series.scenarios()) {
            Optional<JsonNode> results = results(ran);
            Judged judged = judge(ran, results);
            List<JsonNode> mine = allure.stream().filter(r -> startedWithin(r, ran.startedAt(), ran.endedAt())).toList();
            rows.add(new Row(rows.size() + 1, ran, judged.verdict(), judged.reason(), results, statuses(mine),
                    categories(mine)));
        }
        return rows;
    }

    /** A scenario's verdict and why, as its summary line (or a matrix's cell) gives them. */
    public record Judged(Verdict verdict, String reason) {
    }

    /** The run's results.json, when it wrote one. */
    public static Optional<JsonNode> results(Scenario ran) {
        return ran.runDir().map(dir -> dir.resolve(ReportFiles.RESULTS)).filter(Files::isRegularFile)
                .map(SeriesSummary::read);
    }

    /**
     * How a scenario ended: its run's outcome, FAILED when a test of its class failed all the same, NOT_RUN (with
     * why) when it wrote no results.json, DRY_RUN for a dry run.
     */
    public static Judged judge(Scenario ran, Optional<JsonNode> results) {
        if (results.isPresent()) {
            Verdict verdict = outcome(results.get().path("outcome").asText());
            int failedTests = ran.tests().getOrDefault("failed", 0);
            if (verdict == Verdict.PASSED && (failedTests > 0 || !ran.failure().isEmpty())) {
                return new Judged(Verdict.FAILED, ran.failure().isEmpty() ? failedTests + " test(s) of the class "
                        + "failed" : ran.failure());
            }
            return new Judged(verdict, results.get().path("reason").asText(""));
        }
        if (ran.dryRun() && ran.failure().isEmpty()) {
            return new Judged(Verdict.DRY_RUN, "dry run: nothing was changed");
        }
        return new Judged(Verdict.NOT_RUN, ran.failure().isEmpty() ? "no results.json was written" : ran.failure());
    }

    /** A run's outcome; anything else than results.json's four is a failure. */
    private static Verdict outcome(String outcome) {
        return Stream.of(Verdict.PASSED, Verdict.FAILED, Verdict.ABORTED, Verdict.INCONCLUSIVE)
                .filter(v -> v.name().equals(outcome))
                .findFirst().orElse(Verdict.FAILED);
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The Allure test results the series wrote: those started while it ran. */
    private static List<JsonNode> allureResults(Series series) {
        if (!Files.isDirectory(series.allureResults())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(series.allureResults())) {
            return files.filter(f -> f.getFileName().toString().endsWith("-result.json")).map(f -> {
                try {
                    return Optional.of(JSON.readTree(f.toFile()));
                } catch (IOException e) {
                    return Optional.<JsonNode>empty(); // a result being written, or not Allure's
                }
            }).flatMap(Optional::stream).filter(r -> startedWithin(r, series.startedAt(), series.endedAt())).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean startedWithin(JsonNode result, Instant from, Instant to) {
        long start = result.path("start").asLong(-1);
        return start >= from.toEpochMilli() && start <= to.toEpochMilli();
    }

    private static Map<String, Integer> statuses(List<JsonNode> results) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        STATUSES.forEach(s -> counts.put(s, 0));
        results.forEach(r -> counts.merge(r.path("status").asText("unknown"), 1, Integer::sum));
        return counts;
    }

    private static Map<String, Integer> categories(List<JsonNode> results) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        results.forEach(r -> AllureFiles.categoriesOf(r.path("status").asText(),
                        r.path("statusDetails").path("message").asText(null))
                .forEach(c -> counts.merge(c, 1, Integer::sum)));
        return counts;
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    private static String markdown(Series series, List<Row> rows, boolean passed) {
        StringBuilder md = new StringBuilder();
        long passing = rows.stream().filter(r -> r.verdict() == Verdict.PASSED).count();
        md.append("# Series: ").append(passed ? "PASSED" : "FAILED").append(" (").append(passing).append(" of ")
                .append(rows.size()).append(" passed)\n\n");
        md.append("**Started**: ").append(WHEN.format(series.startedAt())).append("  \n");
        md.append("**Wall time**: ").append(Fmt.duration(wallSeconds(series))).append("  \n");
        String service = first(rows, "/target/service").map(s -> first(rows, "/target/cluster").map(c -> c + "/")
                .orElse("") + s).orElse("");
        common(rows, "/target/description").ifPresentOrElse(t -> md.append("**Target**: ").append(t)
                .append(service.isEmpty() ? "" : ", service " + service).append("  \n"), () -> {
                    // each in-process twin draws its own seed: the scenario's, to replay it
                    md.append("**Targets**: ").append(String.join("; ", rows.stream().filter(r -> r.results().isPresent())
                            .map(r -> r.name() + ": " + r.results().get().at("/target/description").asText()).toList()));
                    md.append(service.isEmpty() ? "" : "  \n**Service**: " + service).append("  \n");
                });
        first(rows, "/suiteCommit").ifPresent(c -> md.append("**Suite commit**: ").append(c).append("  \n"));
        md.append("\nDurations: model time (the twin's, multiplied back by its time scale), then wall time. Calls: "
                + "placed / answered / rejected / dropped, in the stack's view. Setup and connect: p95, wall ms.\n\n");
        md.append("| # | Scenario | Verdict | Model | Wall | Calls | Peak tasks | Task-minutes | Setup p95 | "
                + "Connect p95 | Cold start median | Reports |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            md.append("| ").append(row.order()).append(" | ").append(Fmt.cell(row.name())).append(" | ")
                    .append(row.verdict()).append(" | ").append(seconds(row.number("/durationModelSeconds")))
                    .append(" | ").append(seconds(row.number("/durationWallSeconds"))).append(" | ")
                    .append(calls(row)).append(" | ").append(Fmt.number(row.peakTasks())).append(" | ")
                    .append(Fmt.number(row.number("/taskMinutes/total"))).append(" | ")
                    .append(millis(row.number("/calls/setupMillis/p95"))).append(" | ")
                    .append(millis(row.number("/calls/connectMillis/p95"))).append(" | ")
                    .append(seconds(row.number("/coldStart/median/totalSeconds"))).append(" | ")
                    .append(links(series, row)).append(" |\n");
        }
        List<Row> notPassed = rows.stream().filter(r -> r.verdict() != Verdict.PASSED).toList();
        if (!notPassed.isEmpty()) {
            md.append("\n## Not passed\n\n");
            notPassed.forEach(r -> md.append("- **").append(r.name()).append("** ").append(r.verdict()).append(": ")
                    .append(r.reason().lines().findFirst().orElse("")).append('\n'));
        }
        allureMarkdown(series, rows, md);
        return md.toString();
    }

    private static void allureMarkdown(Series series, List<Row> rows, StringBuilder md) {
        Map<String, Integer> statuses = sum(rows.stream().map(Row::allure).toList());
        Map<String, Integer> categories = sum(rows.stream().map(Row::categories).toList());
        int total = statuses.values().stream().mapToInt(Integer::intValue).sum();
        md.append("\n## Allure\n\n").append(total).append(" test results of this series in [")
                .append(series.allureResults().getFileName()).append("](")
                .append(link(series, series.allureResults())).append("): ").append(counts(statuses))
                .append(". Categories: ").append(categories.isEmpty() ? "none" : counts(categories)).append(".\n\n");
        md.append("| Scenario (story) | Passed | Failed | Broken | Skipped | Categories |\n|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            md.append("| ").append(Fmt.cell(row.name()));
            STATUSES.forEach(s -> md.append(" | ").append(row.allure().getOrDefault(s, 0)));
            md.append(" | ").append(row.categories().isEmpty() ? "-" : Fmt.cell(counts(row.categories()))).append(" |\n");
        }
        md.append("\nThe HTML report: `./mvnw allure:report`, then [index.html](").append(link(series,
                series.allureReport())).append(") (Behaviors: feature \"scaling scenarios\", one story per scenario; "
                + "the Environment widget; the Categories tab).\n");
    }

    private static String links(Series series, Row row) {
        if (row.ran().runDir().isEmpty() || row.results().isEmpty()) {
            return "-";
        }
        Path dir = row.ran().runDir().get();
        return "[report.md](" + link(series, dir.resolve(ReportFiles.REPORT)) + "), [results.json]("
                + link(series, dir.resolve(ReportFiles.RESULTS)) + "), Allure: story " + Fmt.cell(row.name());
    }

    /** {@code to} relative to the summary's directory, with forward slashes, as Markdown links want it. */
    private static String link(Series series, Path to) {
        Path from = series.dir().toAbsolutePath().normalize();
        return from.relativize(to.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    private static String calls(Row row) {
        return String.join(" / ", Stream.of("placed", "answered", "rejected", "dropped")
                .map(k -> Fmt.number(row.number("/calls/" + k))).toList());
    }

    private static String seconds(OptionalDouble value) {
        return value.isPresent() ? Fmt.duration(value.getAsDouble()) : "-";
    }

    private static String millis(OptionalDouble value) {
        return value.isPresent() ? Fmt.number(value.getAsDouble()) + " ms" : "-";
    }

    /** The value every run that has {@code pointer} gives it, if they agree. */
    private static Optional<String> common(List<Row> rows, String pointer) {
        List<String> values = rows.stream().flatMap(r -> r.results().stream()).map(r -> r.at(pointer))
                .filter(JsonNode::isTextual).map(JsonNode::asText).distinct().toList();
        return values.size() == 1 ? Optional.of(values.get(0)) : Optional.empty();
    }

    private static Optional<String> first(List<Row> rows, String pointer) {
        return rows.stream().flatMap(r -> r.results().stream()).map(r -> r.at(pointer))
                .filter(JsonNode::isTextual).map(JsonNode::asText).findFirst();
    }

    private static double wallSeconds(Series series) {
        return Duration.between(series.startedAt(), series.endedAt()).toMillis() / 1000.0;
    }

    private static Map<String, Integer> sum(List<Map<String, Integer>> counts) {
        Map<String, Integer> total = new LinkedHashMap<>();
        counts.forEach(c -> c.forEach((k, v) -> total.merge(k, v, Integer::sum)));
        return total;
    }

    private static String counts(Map<String, Integer> counts) {
        return String.join(", ", counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList());
    }

    private static String json(Series series, List<Row> rows, boolean passed) throws JsonProcessingException {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("outcome", passed ? "PASSED" : "FAILED");
        root.put("startedAt", series.startedAt().toString());
        root.put("endedAt", series.endedAt().toString());
        root.put("durationWallSeconds", Fmt.round2(wallSeconds(series)));
        root.put("target", common(rows, "/target/description").orElse(null));
        root.put("cluster", first(rows, "/target/cluster").orElse(null));
        root.put("service", first(rows, "/target/service").orElse(null));
        root.put("suiteCommit", first(rows, "/suiteCommit").orElse(null));
        var scenarios = root.putArray("scenarios");
        for (Row row : rows) {
            ObjectNode node = scenarios.addObject();
            node.put("order", row.order());
            node.put("scenario", row.name());
            node.put("outcome", row.verdict().name());
            node.put("reason", row.reason());
            node.put("target", row.results().map(r -> r.at("/target/description").asText(null)).orElse(null));
            put(node, "durationModelSeconds", row.number("/durationModelSeconds"));
            put(node, "durationWallSeconds", row.number("/durationWallSeconds"));
            put(node, "timeScale", row.number("/timeScale"));
            node.put("seriesWallSeconds", Fmt.round2(row.ran().wallSeconds()));
            ObjectNode kpis = node.putObject("kpis");
            put(kpis, "callsPlaced", row.number("/calls/placed"));
            put(kpis, "callsAnswered", row.number("/calls/answered"));
            put(kpis, "callsRejected", row.number("/calls/rejected"));
            put(kpis, "callsDropped", row.number("/calls/dropped"));
            put(kpis, "peakTasks", row.peakTasks());
            put(kpis, "taskMinutes", row.number("/taskMinutes/total"));
            put(kpis, "setupP95Millis", row.number("/calls/setupMillis/p95"));
            put(kpis, "connectP95Millis", row.number("/calls/connectMillis/p95"));
            put(kpis, "coldStartMedianSeconds", row.number("/coldStart/median/totalSeconds"));
            ObjectNode tests = node.putObject("tests");
            Stream.of("passed", "failed", "aborted").forEach(s -> tests.put(s, row.ran().tests().getOrDefault(s, 0)));
            ObjectNode files = node.putObject("files");
            if (row.ran().runDir().isPresent() && row.results().isPresent()) {
                Path dir = row.ran().runDir().get();
                files.put("runDir", link(series, dir));
                files.put("report", link(series, dir.resolve(ReportFiles.REPORT)));
                files.put("results", link(series, dir.resolve(ReportFiles.RESULTS)));
            }
            ObjectNode allure = node.putObject("allure");
            allure.put("story", row.name());
            row.allure().forEach(allure.putObject("statuses")::put);
            row.categories().forEach(allure.putObject("categories")::put);
            if (!allure.has("categories")) {
                allure.putObject("categories");
            }
        }
        ObjectNode allure = root.putObject("allure");
        allure.put("results", link(series, series.allureResults()));
        allure.put("report", link(series, series.allureReport()));
        sum(rows.stream().map(Row::allure).toList()).forEach(allure.putObject("statuses")::put);
        ObjectNode categories = allure.putObject("categories");
        sum(rows.stream().map(Row::categories).toList()).forEach(categories::put);
        return JSON.writeValueAsString(root) + "\n";
    }

    private static void put(ObjectNode node, String name, OptionalDouble value) {
        if (value.isPresent()) {
            double v = value.getAsDouble();
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                node.put(name, (long) v);
            } else {
                node.put(name, Fmt.round2(v));
            }
        } else {
            node.putNull(name);
        }
    }

    private static String console(Series series, List<Row> rows, boolean passed, Path markdown) {
        StringBuilder out = new StringBuilder();
        long passing = rows.stream().filter(r -> r.verdict() == Verdict.PASSED).count();
        out.append("=== series of ").append(rows.size()).append(": ").append(passed ? "PASSED" : "FAILED").append(" (")
                .append(passing).append(" of ").append(rows.size()).append(" passed) in ")
                .append(Fmt.duration(wallSeconds(series))).append(" wall\n");
        for (Row row : rows) {
            out.append(String.format(java.util.Locale.ROOT, "  %d. %-8s %-20s %s model, %s wall; calls %s; peak %s tasks;"
                            + " %s task-minutes%n", row.order(), row.verdict(), row.name(),
                    seconds(row.number("/durationModelSeconds")), seconds(row.number("/durationWallSeconds")),
                    calls(row), Fmt.number(row.peakTasks()), Fmt.number(row.number("/taskMinutes/total"))));
            if (row.verdict() != Verdict.PASSED) {
                out.append("     ").append(row.reason().lines().findFirst().orElse("")).append('\n');
            }
        }
        out.append("  summary: ").append(markdown);
        return out.toString();
    }
}
