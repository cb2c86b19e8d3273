package dev.scalingsuite.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalingsuite.fleet.Kpi;
import java.awt.BasicStroke;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The outputs of a matrix of runs, {@code matrix.csv}, {@code matrix.md} and {@code matrix.png}: per cell its axis
 * values, its verdict and the KPIs that compare policies (time to the first serving scale-out and back to the
 * minimum, peak tasks, tasks over what the policy implies, connect p95, rejected and dropped calls,
 * task-minutes, cost), read from the cell's {@code results.json}, as a series summary reads its runs. With twin
 * axes (policies) it names the cheapest passing cell: PASSED with no SLO at critical, the fewest task-minutes
 * (the lowest cost when every passing cell measured one), the first in matrix order on a tie.
 */
public final class MatrixReport {

    public static final String CSV = "matrix.csv";
    public static final String MARKDOWN = "matrix.md";
    public static final String CHART = "matrix.png";
    /** How the last line starts. */
    public static final String CHEAPEST = "cheapest passing cell: ";
    /** The last line when no cell passed. */
    public static final String NONE_PASSED = CHEAPEST + "none passed";

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    /** The KPIs of a cell, in the order of the table's columns after the verdict. */
    static final List<Column> COLUMNS = List.of(
            new Column("scale_out_first_serving_s", "Scale-out (first serving)", Kpi.FIRST_SERVING),
            new Column("scale_in_back_to_minimum_s", "Back to minimum", Kpi.BACK_TO_MINIMUM),
            new Column("peak_tasks", "Peak tasks", Kpi.PEAK_TASKS),
            new Column("tasks_over_policy", "Overshoot (tasks over policy)", Kpi.TASKS_OVER_POLICY),
            new Column("connect_p95_ms", "Connect p95", Kpi.CONNECT_P95),
            new Column("rejected", "Rejected", Kpi.REJECTED),
            new Column("dropped", "Dropped", Kpi.DROPPED),
            new Column("task_minutes", "Task-minutes", Kpi.TASK_MINUTES),
            new Column("cost_usd", "Cost", Kpi.COST));

    /** A column of the KPIs: its CSV name, its Markdown heading and the KPI it shows. */
    record Column(String csv, String heading, Kpi kpi) {
    }

    /**
     * One cell as the matrix ran it.
     *
     * @param values its value of each axis, in the axes' order
     * @param ran what the launcher saw of its run, as a series' scenario
     */
    public record Cell(int index, Map<String, String> values, SeriesSummary.Scenario ran) {

        public Cell {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        String axesText() {
            return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        }
    }

    /**
     * The matrix: where its files go, which file it came from, its axes, whether any sets the twin (then the
     * cheapest passing cell is named), and its cells.
     */
    public record Matrix(Path dir, String source, List<String> axes, boolean policyAxes, Instant startedAt,
            Instant endedAt, List<Cell> cells) {

        public Matrix {
            axes = List.copyOf(axes);
            cells = List.copyOf(cells);
        }
    }

    /**
     * One cell's line: its verdict and why, its KPIs (empty when not measured), its SLOs at critical.
     *
     * @param passing PASSED and no SLO at critical: what the cheapest cell must be
     */
    public record Row(Cell cell, SeriesSummary.Verdict verdict, String reason, Map<Kpi, OptionalDouble> kpis,
            List<String> criticalSlos, boolean passing) {

        public OptionalDouble kpi(Kpi kpi) {
            return kpis.getOrDefault(kpi, OptionalDouble.empty());
        }
    }

    /**
     * What was written and how the matrix ended.
     *
     * @param allPassed every cell passed (or was a dry run's)
     * @param cheapest the cheapest passing cell, when a policy axis asks for one and a cell passed
     * @param cheapestLine the matrix's last line ({@value #CHEAPEST}...), empty without policy axes
     */
    public record Written(boolean allPassed, List<Row> rows, Optional<Row> cheapest, String cheapestLine, Path csv,
            Path markdown, Path chart, String console) {
    }

    private MatrixReport() {
    }

    /** Writes the matrix's three files into its directory. */
    public static Written write(Matrix matrix) {
        List<Row> rows = matrix.cells().stream().map(MatrixReport::row).toList();
        // a dry run's cells ran nothing and changed nothing: the matrix has not failed
        boolean allPassed = rows.stream().allMatch(r -> r.verdict() == SeriesSummary.Verdict.PASSED
                || r.verdict() == SeriesSummary.Verdict.DRY_RUN);
        Optional<Row> cheapest = cheapest(rows);
        String line = matrix.policyAxes() ? cheapestLine(cheapest) : "";
        try {
            Files.createDirectories(matrix.dir());
            Path csv = Files.writeString(matrix.dir().resolve(CSV), csv(matrix, rows), StandardCharsets.UTF_8);
            Path md = Files.writeString(matrix.dir().resolve(MARKDOWN), markdown(matrix, rows, allPassed, line),
                    StandardCharsets.UTF_8);
            Path png = Files.write(matrix.dir().resolve(CHART), Charts.png(chart(matrix, rows),
                    3 * TrendChart.PANEL_HEIGHT + 160));
            return new Written(allPassed, rows, cheapest, line, csv, md, png, console(matrix, rows, allPassed, line, md));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the matrix's files into " + matrix.dir() + ": "
                    + e.getMessage(), e);
        }
    }

    static Row row(Cell cell) {
        Optional<JsonNode> results = SeriesSummary.results(cell.ran());
        SeriesSummary.Judged judged = SeriesSummary.judge(cell.ran(), results);
        Map<Kpi, OptionalDouble> kpis = new LinkedHashMap<>();
        for (Column column : COLUMNS) {
            JsonNode value = results.map(r -> r.path("kpis").path(column.kpi().key()).path("value")).orElse(null);
            kpis.put(column.kpi(), value != null && value.isNumber() ? OptionalDouble.of(value.asDouble())
                    : OptionalDouble.empty());
        }
        List<String> critical = results.stream().flatMap(r -> StreamSupport.stream(r.path("slos").spliterator(), false))
                .filter(s -> "CRITICAL".equals(s.path("level").asText())).map(s -> s.path("key").asText()).toList();
        boolean passing = judged.verdict() == SeriesSummary.Verdict.PASSED && critical.isEmpty();
        return new Row(cell, judged.verdict(), judged.reason(), kpis, critical, passing);
    }

    /**
     * The passing cell with the lowest cost when every passing cell measured one, else the fewest task-minutes;
     * a passing cell without task-minutes is never the cheapest; the first in matrix order on a tie.
     */
    static Optional<Row> cheapest(List<Row> rows) {
        List<Row> passing = rows.stream().filter(Row::passing).toList();
        Kpi by = !passing.isEmpty() && passing.stream().allMatch(r -> r.kpi(Kpi.COST).isPresent()) ? Kpi.COST
                : Kpi.TASK_MINUTES;
        return passing.stream().filter(r -> r.kpi(by).isPresent())
                .min(Comparator.comparingDouble(r -> r.kpi(by).getAsDouble()));
    }

    /** {@code cheapest passing cell: twin.targetSessionsPerTask=4 calls=2 (12.3 task-minutes, $0.05)}. */
    static String cheapestLine(Optional<Row> cheapest) {
        if (cheapest.isEmpty()) {
            return NONE_PASSED;
        }
        Row row = cheapest.get();
        String cost = row.kpi(Kpi.COST).isPresent() ? ", " + usd(row.kpi(Kpi.COST).getAsDouble()) : "";
        return CHEAPEST + row.cell().axesText() + " (" + Fmt.number(row.kpi(Kpi.TASK_MINUTES)) + " task-minutes" + cost
                + ")";
    }

    static String csv(Matrix matrix, List<Row> rows) {
        StringBuilder csv = new StringBuilder("cell");
        matrix.axes().forEach(a -> csv.append(',').append(csvField(a)));
        csv.append(",verdict");
        COLUMNS.forEach(c -> csv.append(',').append(c.csv()));
        csv.append(",slos_critical,report\n");
        for (Row row : rows) {
            csv.append(row.cell().index());
            matrix.axes().forEach(a -> csv.append(',').append(csvField(row.cell().values().getOrDefault(a, ""))));
            csv.append(',').append(row.verdict());
            for (Column column : COLUMNS) {
                OptionalDouble value = row.kpi(column.kpi());
                csv.append(',').append(value.isPresent() ? plain(value.getAsDouble(), column.kpi()) : "");
            }
            csv.append(',').append(csvField(String.join(" ", row.criticalSlos())));
            csv.append(',').append(csvField(report(matrix, row).orElse(""))).append('\n');
        }
        return csv.toString();
    }

    /** A number as the CSV gives it: dollars to 4 decimals, the rest to 2, no trailing zeros. */
    private static String plain(double value, Kpi kpi) {
        if (kpi == Kpi.COST) {
            return String.format(Locale.ROOT, "%.4f", value);
        }
        return Fmt.number(value);
    }

    private static String csvField(String text) {
        return text.contains(",") || text.contains("\"") || text.contains("\n")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    static String markdown(Matrix matrix, List<Row> rows, boolean allPassed, String cheapestLine) {
        long passing = rows.stream().filter(r -> r.verdict() == SeriesSummary.Verdict.PASSED).count();
        StringBuilder md = new StringBuilder();
        md.append("# Matrix: ").append(passing).append(" of ").append(rows.size()).append(" cells passed\n\n");
        md.append("**Matrix file**: ").append(matrix.source()).append("  \n");
        md.append("**Started**: ").append(WHEN.format(matrix.startedAt())).append("  \n");
        md.append("**Wall time**: ").append(Fmt.duration(Duration.between(matrix.startedAt(), matrix.endedAt())
                .toMillis() / 1000.0)).append("  \n");
        md.append("**Axes**: ").append(String.join(", ", matrix.axes())).append("\n\n");
        md.append("Each cell is a run of its own from a clean baseline (on the twin, a twin of its own with the cell's "
                + "settings). Times are model time; connect p95 is wall ms. Overshoot: the most tasks running less "
                + "the count the policy implies. `-`: not measured (the cell's report says why).\n\n");
        md.append("| # | ");
        matrix.axes().forEach(a -> md.append('`').append(Fmt.cell(a)).append("` | "));
        md.append("Verdict | ");
        COLUMNS.forEach(c -> md.append(c.heading()).append(" | "));
        md.append("Report |\n|");
        md.append("---|".repeat(matrix.axes().size() + COLUMNS.size() + 3)).append('\n');
        for (Row row : rows) {
            md.append("| ").append(row.cell().index()).append(" | ");
            matrix.axes().forEach(a -> md.append(Fmt.cell(row.cell().values().getOrDefault(a, ""))).append(" | "));
            md.append(row.passing() ? "PASSED" : "**" + row.verdict() + (row.criticalSlos().isEmpty() ? ""
                    : ", SLO critical") + "**").append(" | ");
            for (Column column : COLUMNS) {
                md.append(shown(row.kpi(column.kpi()), column.kpi())).append(" | ");
            }
            md.append(report(matrix, row).map(link -> "[report.md](" + link + ")").orElse("-")).append(" |\n");
        }
        List<Row> notPassing = rows.stream().filter(r -> !r.passing()).toList();
        if (!notPassing.isEmpty()) {
            md.append("\n## Not passed\n\n");
            for (Row row : notPassing) {
                String why = row.verdict() == SeriesSummary.Verdict.PASSED
                        ? "SLO at critical: " + String.join(", ", row.criticalSlos())
                        : row.reason().lines().findFirst().orElse("");
                md.append("- cell ").append(row.cell().index()).append(" (").append(row.cell().axesText())
                        .append(") ").append(row.verdict()).append(": ").append(why).append('\n');
            }
        }
        if (!cheapestLine.isEmpty()) {
            md.append("\n").append(cheapestLine).append('\n');
        }
        return md.toString();
    }

    private static String shown(OptionalDouble value, Kpi kpi) {
        if (value.isEmpty()) {
            return "-";
        }
        double v = value.getAsDouble();
        return switch (kpi.unit()) {
            case SECONDS -> Fmt.duration(v);
            case MILLIS -> Fmt.number(v) + " ms";
            case USD -> usd(v);
            default -> Fmt.number(v);
        };
    }

    private static String usd(double value) {
        return String.format(Locale.ROOT, "$%.4f", value);
    }

    /** The cell's report.md relative to the matrix's directory, when its run wrote one. */
    private static Optional<String> report(Matrix matrix, Row row) {
        return row.cell().ran().runDir().map(d -> d.resolve(ReportFiles.REPORT)).filter(Files::isRegularFile)
                .map(f -> matrix.dir().toAbsolutePath().normalize().relativize(f.toAbsolutePath().normalize())
                        .toString().replace('\\', '/'));
    }

    /** Three panels over the cells (x = the cell's number): tasks, task-minutes, model seconds to scale. */
    static JFreeChart chart(Matrix matrix, List<Row> rows) {
        NumberAxis domain = new NumberAxis("cell");
        domain.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(domain);
        plot.setGap(12);
        plot.add(new XYPlot(dataset(rows, Kpi.PEAK_TASKS, Kpi.TASKS_OVER_POLICY), null, Charts.countAxis("tasks"),
                null));
        plot.add(new XYPlot(dataset(rows, Kpi.TASK_MINUTES), null, Charts.countAxis("task-minutes"), null));
        plot.add(new XYPlot(dataset(rows, Kpi.FIRST_SERVING, Kpi.BACK_TO_MINIMUM), null,
                Charts.countAxis("model s"), null));
        String cells = rows.stream().map(r -> r.cell().index() + ": " + r.cell().axesText()
                + (r.passing() ? "" : " (" + r.verdict() + (r.criticalSlos().isEmpty() ? "" : ", SLO critical") + ")"))
                .collect(Collectors.joining("; "));
        JFreeChart chart = Charts.chart("Matrix of " + rows.size() + " cells — " + matrix.source(), plot, cells);
        // after the theme, which resets the renderers' series styles
        for (Object sub : plot.getSubplots()) {
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
            for (int i = 0; i < 2; i++) {
                renderer.setSeriesStroke(i, new BasicStroke(1.5f));
            }
            ((XYPlot) sub).setRenderer(renderer);
        }
        return chart;
    }

    private static XYSeriesCollection dataset(List<Row> rows, Kpi... kpis) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (Kpi kpi : kpis) {
            XYSeries series = new XYSeries(kpi.key(), false, true);
            rows.forEach(r -> series.add(r.cell().index(), r.kpi(kpi).isPresent()
                    ? Double.valueOf(r.kpi(kpi).getAsDouble()) : null));
            dataset.addSeries(series);
        }
        return dataset;
    }

    private static String console(Matrix matrix, List<Row> rows, boolean allPassed, String cheapestLine, Path md) {
        List<String> lines = new ArrayList<>();
        long passing = rows.stream().filter(r -> r.verdict() == SeriesSummary.Verdict.PASSED).count();
        lines.add("=== matrix of " + rows.size() + ": " + passing + " of " + rows.size() + " passed in "
                + Fmt.duration(Duration.between(matrix.startedAt(), matrix.endedAt()).toMillis() / 1000.0) + " wall");
        for (Row row : rows) {
            lines.add(String.format(Locale.ROOT, "  %2d. %-13s %s; peak %s tasks; %s task-minutes%s",
                    row.cell().index(), row.passing() ? "PASSED" : row.verdict() + (row.criticalSlos().isEmpty() ? ""
                            : "*"), row.cell().axesText(), Fmt.number(row.kpi(Kpi.PEAK_TASKS)),
                    Fmt.number(row.kpi(Kpi.TASK_MINUTES)), row.criticalSlos().isEmpty() ? ""
                            : "; SLO critical: " + String.join(", ", row.criticalSlos())));
        }
        lines.add("  matrix: " + md);
        if (!cheapestLine.isEmpty()) {
            lines.add(cheapestLine);
        }
        return String.join("\n", lines);
    }
}
