package dev.scalingsuite.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a run's reports into its directory: {@code report.md}, {@code results.json},
 * {@code timeline.csv}, the two charts of the run and, with a run history, the trends of its scenario. Each file is written to a temporary name and moved into
 * place, so a reader never sees half a document; a chart that cannot be drawn (no display fonts, say)
 * is logged and left out rather than costing the document.
 */
public final class ReportFiles {

    public static final String REPORT = "report.md";
    public static final String RESULTS = "results.json";
    public static final String TIMELINE_CSV = "timeline.csv";
    public static final String SCALING_CHART = "scaling.png";
    public static final String DISTRIBUTION_CHART = "sessions-per-task.png";
    public static final String TREND_CHART = "trends.png";


    private ReportFiles() {
    }

    /** Writes every report of {@code run} into {@code dir}; returns the files written, by name. */
    public static Map<String, Path> write(Path dir, RunRecord run) {
        RunAnalysis analysis = RunAnalysis.of(run);
        Map<String, Path> written = new LinkedHashMap<>();
        try {
            Files.createDirectories(dir);
            written.put(TIMELINE_CSV, write(dir.resolve(TIMELINE_CSV), TimelineCsv.render(run).getBytes(StandardCharsets.UTF_8)));
            List<String> charts = new ArrayList<>();
            ChartData data = ChartData.of(run);
            chart(dir, SCALING_CHART, () -> Charts.scaling(data), charts, written);
            chart(dir, DISTRIBUTION_CHART, () -> Charts.distribution(data), charts, written);
            if (!run.past().trend().isEmpty()) {
                chart(dir, TREND_CHART, () -> TrendChart.png(run.scenario(), run.past().trend()), charts, written);
            }
            Map<String, String> names = new LinkedHashMap<>();
            names.put("report", REPORT);
            names.put("timelineCsv", TIMELINE_CSV);
            names.put("timelineNdjson", "timeline.ndjson");
            if (charts.contains(SCALING_CHART)) {
                names.put("scalingChart", SCALING_CHART);
            }
            if (charts.contains(DISTRIBUTION_CHART)) {
                names.put("distributionChart", DISTRIBUTION_CHART);
            }
            if (charts.contains(TREND_CHART)) {
                names.put("trendChart", TREND_CHART);
            }
            written.put(RESULTS, write(dir.resolve(RESULTS),
                    ResultsJson.render(analysis, names).getBytes(StandardCharsets.UTF_8)));
            written.put(REPORT, write(dir.resolve(REPORT),
                    MarkdownReport.render(analysis, charts).getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the reports into " + dir + ": " + e.getMessage(), e);
        }
        return written;
    }

    private interface Drawing {
        byte[] draw();
    }

    private static void chart(Path dir, String name, Drawing drawing, List<String> charts, Map<String, Path> written)
            throws IOException {
        byte[] png;
        try {
            png = drawing.draw();
        } catch (RuntimeException | LinkageError e) {
            // on stderr, not java.util.logging: that resets itself while the JVM stops, and an aborted run's reports
            // are written then
            System.err.println("scaling suite: the chart " + name + " could not be drawn (install fontconfig and a "
                    + "font such as fonts-dejavu-core for headless charts): " + e);
            return;
        }
        written.put(name, write(dir.resolve(name), png));
        charts.add(name);
    }

    private static Path write(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, content);
        return Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
