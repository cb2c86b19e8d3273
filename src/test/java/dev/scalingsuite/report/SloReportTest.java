package dev.scalingsuite.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingsuite.fleet.ConnectTimes;
import dev.scalingsuite.fleet.Kpi;
import dev.scalingsuite.fleet.Slo;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The SLOs of the recorded run (7 tasks at the peak, 19 calls answered, 61.3 task-minutes, no call dropped, its
 * connect times not measured) in report.md and results.json: one SLO at each level, both ways a KPI gets worse.
 */
class SloReportTest {

    private static final String FILE = "scenarios/steady-state.yaml";

    /** The recorded run with an SLO at each level; its connect times not measured. */
    static RunRecord withSlos() {
        RunRecord run = RecordedRun.withConnectTimes(RecordedRun.steadyState(), ConnectTimes.notMeasured(
                "tcpdump: permission denied"));
        return run.withSlos(List.of(
                slo(Kpi.PEAK_TASKS, OptionalDouble.of(5), OptionalDouble.of(8), FILE + ":12"),
                slo(Kpi.TASK_MINUTES, OptionalDouble.empty(), OptionalDouble.of(60), "slos.yaml:3"),
                slo(Kpi.CONNECT_P95, OptionalDouble.of(1500), OptionalDouble.of(2500), "slos.yaml:2"),
                slo(Kpi.ANSWERED, OptionalDouble.of(20), OptionalDouble.of(10), FILE + ":13"),
                slo(Kpi.DROPPED, OptionalDouble.empty(), OptionalDouble.of(0), FILE + ":14")));
    }

    private static Slo slo(Kpi kpi, OptionalDouble warning, OptionalDouble critical, String source) {
        return new Slo(kpi, warning, critical, source);
    }

    private final RunAnalysis analysis = RunAnalysis.of(withSlos());

    @Test
    void theReportHasAnSlosSectionWithEachKpisValueBoundsAndLevel() {
        String report = MarkdownReport.render(analysis, List.of());

        assertThat(report).contains("""

                ## SLOs

                1 critical, 2 warning, 1 not measured, 1 OK. A KPI beyond its critical bound fails the run; beyond \
                its warning bound it is reported and the run passes; a bound itself is within.

                | KPI | Value | Warning | Critical | Level | Set in |
                |---|---|---|---|---|---|
                | `tasks.peak` | 7 tasks | 5 tasks | 8 tasks | **WARNING** | scenarios/steady-state.yaml:12 |
                | `task-minutes` | 61.3 task-minutes | - | 60 task-minutes | **CRITICAL** | slos.yaml:3 |
                | `connect.p95` | not measured | 1500 ms | 2500 ms | NOT MEASURED: tcpdump: permission denied | \
                slos.yaml:2 |
                | `calls.answered` | 19 calls | 20 calls | 10 calls | **WARNING** | scenarios/steady-state.yaml:13 |
                | `calls.dropped` | 0 calls | - | 0 calls | OK | scenarios/steady-state.yaml:14 |
                """);
        assertThat(report.indexOf("## SLOs")).isGreaterThan(report.indexOf("## Checks Measured"))
                .isLessThan(report.indexOf("## Scaling Timeline"));
        assertThat(KpiReport.slos(Slo.judge(withSlos().slos(), RunKpis.of(analysis)))).isEqualTo(
                report.substring(report.indexOf("\n## SLOs"), report.indexOf("\n", report.indexOf("| `calls.dropped`"))
                        + 1));
    }

    @Test
    void aScenarioWithoutSlosHasNoSection() {
        assertThat(MarkdownReport.render(RunAnalysis.of(RecordedRun.steadyState()), List.of())).doesNotContain("## SLOs");
        assertThat(KpiReport.slos(List.of())).isEmpty();
    }

    @Test
    void resultsJsonListsEachSloWithItsKeyValueBoundsAndLevel() throws IOException {
        JsonNode slos = new ObjectMapper().readTree(ResultsJson.render(analysis, Map.of())).get("slos");

        assertThat(slos).hasSize(5);
        assertThat(slos.get(0).toString()).isEqualTo("{\"key\":\"tasks.peak\",\"unit\":\"tasks\",\"value\":7.0,"
                + "\"warning\":5.0,\"critical\":8.0,\"level\":\"WARNING\",\"source\":\"scenarios/steady-state.yaml:12\"}");
        assertThat(slos.get(1).get("level").asText()).isEqualTo("CRITICAL");
        assertThat(slos.get(1).get("warning").isNull()).isTrue();
        assertThat(slos.get(2).toString()).isEqualTo("{\"key\":\"connect.p95\",\"unit\":\"ms\",\"value\":null,"
                + "\"warning\":1500.0,\"critical\":2500.0,\"level\":\"NOT_MEASURED\",\"source\":\"slos.yaml:2\","
                + "\"notMeasured\":\"tcpdump: permission denied\"}");
        assertThat(slos.get(3).get("level").asText()).isEqualTo("WARNING");
        assertThat(slos.get(4).get("level").asText()).isEqualTo("OK");
        JsonNode none = new ObjectMapper().readTree(ResultsJson.render(RunAnalysis.of(RecordedRun.steadyState()),
                Map.of())).get("slos");
        assertThat(none.toString()).isEqualTo("[]");
    }
}
