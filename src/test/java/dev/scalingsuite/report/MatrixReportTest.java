package dev.scalingsuite.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A matrix's files from its cells' recorded results.json: the CSV and the table as the runs measured them, and the
 * cheapest passing cell (PASSED, no SLO at critical, the fewest task-minutes or the lowest cost when every passing
 * cell has one).
 */
class MatrixReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-12-03T05:00:00Z");
    private static final List<String> AXES = List.of("twin.targetSessionsPerTask", "calls");

    @TempDir
    Path dir;

    /** A cell's run that wrote results.json: its outcome, its task-minutes and cost (null: not measured), its SLOs. */
    private MatrixReport.Cell cell(int index, String target, String calls, String outcome, double taskMinutes,
            Double cost, String... criticalSlos) throws IOException {
        Path runDir = Files.createDirectories(dir.resolve("runs").resolve("cell-" + index));
        ObjectNode root = JSON.createObjectNode().put("scenario", "probe").put("outcome", outcome)
                .put("reason", outcome.equals("PASSED") ? "" : "step 3 failed: expected running tasks >= 3");
        ObjectNode kpis = root.putObject("kpis");
        kpis.putObject("scale-out.first-serving").put("unit", "s").put("value", 200 + index);
        kpis.putObject("scale-in.back-to-minimum").put("unit", "s").putNull("value").put("notMeasured", "no scale-in");
        kpis.putObject("tasks.peak").put("unit", "tasks").put("value", index);
        kpis.putObject("tasks.over-policy").put("unit", "tasks").put("value", 0);
        kpis.putObject("connect.p95").put("unit", "ms").put("value", 812.5);
        kpis.putObject("calls.rejected").put("unit", "calls").put("value", index - 1);
        kpis.putObject("calls.dropped").put("unit", "calls").put("value", 0);
        kpis.putObject("task-minutes").put("unit", "task-minutes").put("value", taskMinutes);
        if (cost == null) {
            kpis.putObject("cost.usd").put("unit", "USD").putNull("value").put("notMeasured", "no prices");
        } else {
            kpis.putObject("cost.usd").put("unit", "USD").put("value", cost);
        }
        var slos = root.putArray("slos");
        slos.addObject().put("key", "calls.dropped").put("level", "OK");
        for (String slo : criticalSlos) {
            slos.addObject().put("key", slo).put("level", "CRITICAL");
        }
        Files.writeString(runDir.resolve("results.json"), root.toString());
        Files.writeString(runDir.resolve("report.md"), "# report");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("twin.targetSessionsPerTask", target);
        values.put("calls", calls);
        return new MatrixReport.Cell(index, values, new SeriesSummary.Scenario("cell " + index, Optional.of(runDir), "",
                false, Map.of("passed", 8), START.plusSeconds(index * 30L), START.plusSeconds(index * 30L + 29)));
    }

    private MatrixReport.Written write(boolean policyAxes, List<MatrixReport.Cell> cells) {
        return MatrixReport.write(new MatrixReport.Matrix(dir.resolve("matrix"), "matrix/what-if.yaml", AXES,
                policyAxes, START, START.plusSeconds(185), cells));
    }

    @Test
    void theCheapestPassingCellHasTheFewestTaskMinutesAmongThosePassedWithNoSloAtCritical() throws IOException {
        List<MatrixReport.Cell> cells = new ArrayList<>();
        cells.add(cell(1, "2", "4", "PASSED", 12.5, 0.0421));
        cells.add(cell(2, "2", "8", "FAILED", 3, null, "tasks.peak"));
        cells.add(cell(3, "4", "4", "PASSED", 9.25, null));
        cells.add(cell(4, "4", "8", "FAILED", 2, null));

        MatrixReport.Written written = write(true, cells);

        assertThat(written.allPassed()).isFalse();
        assertThat(written.cheapest()).map(r -> r.cell().index()).contains(3);
        assertThat(written.cheapestLine()).as("by task-minutes: cell 3 measured no cost")
                .isEqualTo("cheapest passing cell: twin.targetSessionsPerTask=4 calls=4 (9.25 task-minutes)");
        assertThat(Files.readString(written.csv())).isEqualTo("""
                cell,twin.targetSessionsPerTask,calls,verdict,scale_out_first_serving_s,scale_in_back_to_minimum_s,\
                peak_tasks,tasks_over_policy,connect_p95_ms,rejected,dropped,task_minutes,cost_usd,slos_critical,report
                1,2,4,PASSED,201,,1,0,812.5,0,0,12.5,0.0421,,../runs/cell-1/report.md
                2,2,8,FAILED,202,,2,0,812.5,1,0,3,,tasks.peak,../runs/cell-2/report.md
                3,4,4,PASSED,203,,3,0,812.5,2,0,9.25,,,../runs/cell-3/report.md
                4,4,8,FAILED,204,,4,0,812.5,3,0,2,,,../runs/cell-4/report.md
                """);
        String md = Files.readString(written.markdown());
        assertThat(md).startsWith("# Matrix: 2 of 4 cells passed\n\n**Matrix file**: matrix/what-if.yaml  \n"
                + "**Started**: 2026-12-03 05:00:00 UTC  \n**Wall time**: 3m 05s  \n"
                + "**Axes**: twin.targetSessionsPerTask, calls\n");
        assertThat(md).contains("| 1 | 2 | 4 | PASSED | 3m 21s | - | 1 | 0 | 812.5 ms | 0 | 0 | 12.5 | $0.0421 | "
                        + "[report.md](../runs/cell-1/report.md) |",
                "| 2 | 2 | 8 | **FAILED, SLO critical** | 3m 22s | - | 2 | 0 | 812.5 ms | 1 | 0 | 3 | - | ",
                "## Not passed\n\n- cell 2 (twin.targetSessionsPerTask=2 calls=8) FAILED: step 3 failed: expected "
                        + "running tasks >= 3\n- cell 4 (twin.targetSessionsPerTask=4 calls=8) FAILED: step 3 failed");
        assertThat(md).endsWith("\ncheapest passing cell: twin.targetSessionsPerTask=4 calls=4 (9.25 task-minutes)\n");
        assertThat(written.console()).endsWith("cheapest passing cell: twin.targetSessionsPerTask=4 calls=4 "
                + "(9.25 task-minutes)");
        byte[] png = Files.readAllBytes(written.chart());
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void withACostForEveryPassingCellTheCheapestIsTheLowestCost() throws IOException {
        List<MatrixReport.Cell> cells = List.of(cell(1, "2", "4", "PASSED", 12, 0.03),
                cell(2, "4", "4", "PASSED", 11, 0.05), cell(3, "6", "4", "PASSED", 11, 0.05));

        MatrixReport.Written written = write(true, cells);

        assertThat(written.allPassed()).isTrue();
        assertThat(written.cheapestLine()).isEqualTo("cheapest passing cell: twin.targetSessionsPerTask=2 calls=4 "
                + "(12 task-minutes, $0.0300)");
    }

    @Test
    void whenNoCellPassedTheLineSaysSoAndWithoutPolicyAxesThereIsNone() throws IOException {
        List<MatrixReport.Cell> cells = List.of(cell(1, "2", "4", "FAILED", 5, null),
                cell(2, "4", "4", "PASSED", 4, null, "connect.p95"));

        assertThat(write(true, cells).cheapestLine()).isEqualTo("cheapest passing cell: none passed");
        MatrixReport.Written loadOnly = write(false, cells);
        assertThat(loadOnly.cheapestLine()).isEmpty();
        assertThat(Files.readString(loadOnly.markdown())).doesNotContain("cheapest");
    }

    @Test
    void aCellThatWroteNoResultsIsNotRunWithWhy() {
        MatrixReport.Cell refused = new MatrixReport.Cell(1, Map.of("calls", "4"), new SeriesSummary.Scenario("cell 1",
                Optional.empty(), "The run lock is held by ops@host", false, Map.of(), START, START));

        MatrixReport.Row row = MatrixReport.row(refused);

        assertThat(row.verdict()).isEqualTo(SeriesSummary.Verdict.NOT_RUN);
        assertThat(row.reason()).isEqualTo("The run lock is held by ops@host");
        assertThat(row.passing()).isFalse();
        assertThat(row.kpis().values()).allMatch(v -> v.isEmpty());
    }
}
