package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingsuite.config.SuiteConfig;
import dev.scalingsuite.report.MatrixReport;
import dev.scalingsuite.scenario.MatrixFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The reduced matrix of the test command: 2 x 3 cells over the twin's target sessions per task and the calls, at
 * time scale 30, on a short probe with a placeholder, as {@code -Pmatrix} runs it. Every cell is a launcher run
 * of its own on a twin of its own; the CSV, the table and the chart hold the six cells as their results.json say,
 * each cell's twin had the cell's target, and the cheapest passing cell is one that passed with the fewest
 * task-minutes.
 */
class MatrixIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBE = "src/test/resources/probes/matrix-probe.yaml";
    private static final Pattern CELL_LINE = Pattern.compile("\\[cell [1-6]/6 twin\\.targetSessionsPerTask=[24] "
            + "calls=[246]] \\[[#-]{8}] \\d{1,3}% \\| tasks \\S+ \\| active \\d+ \\| .*");

    @TempDir
    Path dir;

    @Test
    void aTwoByThreeMatrixWritesItsFilesAndNamesTheCheapestPassingCell() throws IOException {
        Path config = Files.writeString(dir.resolve("config.yaml"), "twin:\n  timeScale: 30\n");
        Path file = Files.writeString(dir.resolve("what-if.yaml"), """
                scenario: %s
                axes:
                  twin.targetSessionsPerTask: [2, 4]
                  calls: [2, 4, 6]
                slos:
                  tasks.peak: {critical: 2}
                allow-failing-cells: true
                """.formatted(PROBE));
        Path reports = dir.resolve("reports");
        Map<String, String> parameters = Map.of(SuiteConfig.PREFIX + "config", config.toString(),
                SuiteConfig.PREFIX + "reports-dir", reports.toString());
        Path project = Path.of("").toAbsolutePath();
        SuiteConfig loaded = SuiteConfig.load(project, parameters);
        MatrixFile matrix = Matrix.prepare(loaded, project, file.toString());

        Instant start = Instant.now();
        MatrixReport.Written[] written = new MatrixReport.Written[1];
        String console = capture(() -> written[0] = Matrix.run(matrix, parameters, Matrix.ownTwin(loaded), reports,
                false, project, System.out, LauncherFactory.create()));
        System.out.println("matrix of 6 cells at time scale 30: " + Duration.between(start, Instant.now()).toSeconds()
                + " s wall");

        List<String> csv = Files.readAllLines(written[0].csv());
        assertThat(csv).hasSize(7);
        assertThat(csv.get(0)).startsWith("cell,twin.targetSessionsPerTask,calls,verdict,");
        String md = Files.readString(written[0].markdown());
        assertThat(md.lines().filter(l -> l.matches("\\| [1-6] \\| [24] \\| [246] \\| .*"))).hasSize(6);
        assertThat(Files.readAllBytes(written[0].chart())).startsWith(0x89, 'P', 'N', 'G');
        assertThat(console.lines().filter(l -> CELL_LINE.matcher(l).matches())).as("each cell's live line")
                .isNotEmpty();

        List<Cell> cells = new ArrayList<>();
        for (String line : csv.subList(1, csv.size())) {
            cells.add(new Cell(line.split(",", -1), JSON.readTree(written[0].csv().getParent()
                    .resolve(line.substring(line.lastIndexOf(',') + 1)).resolveSibling("results.json").toFile())));
        }
        for (Cell cell : cells) {
            JsonNode kpis = cell.results().get("kpis");
            assertThat(cell.field(3)).as("verdict").isEqualTo(cell.results().get("outcome").asText());
            assertThat(Double.parseDouble(cell.field(11))).as("task-minutes")
                    .isCloseTo(kpis.get("task-minutes").get("value").asDouble(), within(0.005));
            assertThat(cell.field(6)).as("peak tasks").isEqualTo(kpis.get("tasks.peak").get("value").asText()
                    .replaceAll("\\.0$", ""));
            assertThat(cell.results().at("/configuration/targetTracking/0/targetValue").asDouble())
                    .as("the cell's twin has the cell's target").isEqualTo(Double.parseDouble(cell.field(1)));
            assertThat(cell.results().at("/calls/placed").asInt()).as("the cell's calls")
                    .isEqualTo(Integer.parseInt(cell.field(2)));
        }

        List<Cell> passing = cells.stream().filter(Cell::passing).toList();
        Cell cheapest = passing.stream().min(Comparator.comparingDouble(c -> c.results().get("kpis")
                .get("cost.usd").get("value").asDouble())).orElseThrow();
        assertThat(written[0].cheapestLine()).startsWith("cheapest passing cell: twin.targetSessionsPerTask="
                + cheapest.field(1) + " calls=" + cheapest.field(2) + " (");
        assertThat(md).endsWith(written[0].cheapestLine() + "\n");
        assertThat(console).contains(written[0].cheapestLine());
    }

    /** A row of matrix.csv and the results.json of its run. */
    private record Cell(String[] fields, JsonNode results) {

        String field(int i) {
            return fields[i];
        }

        boolean passing() {
            boolean critical = false;
            for (JsonNode slo : results.get("slos")) {
                critical |= slo.get("level").asText().equals("CRITICAL");
            }
            return results.get("outcome").asText().equals("PASSED") && !critical;
        }
    }

    private interface Body {
        void run() throws IOException;
    }

    /** What the matrix prints, still shown as it happens. */
    private static String capture(Body body) throws IOException {
        PrintStream original = System.out;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                copy.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                copy.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(original);
        }
        return copy.toString(StandardCharsets.UTF_8);
    }
}
