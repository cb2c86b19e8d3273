package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.config.SuiteConfig;
import dev.scalingsuite.fleet.Kpi;
import dev.scalingsuite.fleet.Kpis;
import dev.scalingsuite.fleet.Slo;
import dev.scalingsuite.report.RunRecord.CheckRecord;
import dev.scalingsuite.report.RunRecord.CheckRecord.Measurement;
import dev.scalingsuite.scenario.Scenario;
import dev.scalingsuite.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slos step's judgement: a warning passes, a critical fails with {@code slo: }, a KPI not measured fails as not
 * measured unless the scenario allows {@code slos}; the check {@code slos} is recorded either way.
 */
class SloCheckTest {

    private static Scenario scenario(String allow) {
        return ScenarioLoader.parse("name: x\n" + allow + "slos:\n  connect.p95: {warning: 1500ms, critical: 2500ms}\n"
                + "  tasks.peak: {warning: 4}\nsteps:\n  - place-calls: {count: 1}\n", "scenarios/x.yaml");
    }

    private static List<Slo.Result> judge(Scenario scenario, Kpis kpis) {
        return Slo.judge(scenario.slos(), kpis);
    }

    private static CheckRecord slosCheck(Measurements measurements) {
        return measurements.records().stream().filter(c -> c.scope().equals(Measurements.SLOS)).findFirst()
                .orElseThrow();
    }

    @Test
    void aWarningPassesAndIsMeasured() {
        Scenario scenario = scenario("");
        Measurements measurements = new Measurements(scenario);
        assertThat(slosCheck(measurements).measurement()).as("before the step").isEqualTo(Measurement.NOT_RUN);
        List<Slo.Result> results = judge(scenario, Kpis.builder().measured(Kpi.CONNECT_P95, 1840)
                .measured(Kpi.PEAK_TASKS, 3).build());

        assertThat(SloCheck.check(results, measurements)).isEmpty();
        assertThat(SloCheck.summary(results)).isEqualTo("0 critical, 1 warning, 0 not measured, 1 OK");
        assertThat(slosCheck(measurements).measurement()).isEqualTo(Measurement.MEASURED);
    }

    @Test
    void aCriticalFailsTheStepWithAMessageThatStartsSlo() {
        Scenario scenario = scenario("");
        List<Slo.Result> results = judge(scenario, Kpis.builder().measured(Kpi.CONNECT_P95, 2600)
                .measured(Kpi.PEAK_TASKS, 5).build());

        assertThatThrownBy(() -> SloCheck.check(results, new Measurements(scenario)))
                .isExactlyInstanceOf(AssertionError.class)
                .hasMessage("slo: connect.p95 2600 ms > critical 2500 ms (warning 1500 ms)");
    }

    @Test
    void aKpiNotMeasuredFailsUnlessTheScenarioAllowsSlos() {
        Kpis kpis = Kpis.builder().notMeasured(Kpi.CONNECT_P95, "tcpdump: permission denied")
                .measured(Kpi.PEAK_TASKS, 3).build();
        Scenario strict = scenario("");
        Measurements measurements = new Measurements(strict);

        assertThatThrownBy(() -> SloCheck.check(judge(strict, kpis), measurements))
                .isExactlyInstanceOf(AssertionError.class)
                .hasMessage("not measured: slos: no connect.p95 in this run (tcpdump: permission denied)");
        assertThat(slosCheck(measurements).measurement()).isEqualTo(Measurement.NOT_MEASURED);
        assertThat(slosCheck(measurements).allowed()).isFalse();

        Scenario allowing = scenario("allow-unmeasured: [slos]\n");
        Measurements allowed = new Measurements(allowing);
        assertThat(SloCheck.check(judge(allowing, kpis), allowed)).isEqualTo("not measured (allowed): slos: no "
                + "connect.p95 in this run (tcpdump: permission denied)");
        assertThat(allowed.describe(Measurements.SLOS)).isEqualTo("not measured: slos: no connect.p95 in this run "
                + "(tcpdump: permission denied) (allowed)");
    }

    @Test
    void aScenarioWithoutSlosHasNoSlosCheck() {
        Scenario none = ScenarioLoader.parse("name: x\nsteps:\n  - place-calls: {count: 1}\n", "scenarios/x.yaml");

        assertThat(new Measurements(none).records()).noneMatch(c -> c.scope().equals(Measurements.SLOS));
    }

    @Test
    void theSharedSloFileIsAddedToTheScenarioOnlyWhenTheConfigurationNamesIt(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("slos.yaml"), "slos:\n  calls.dropped: {critical: 0}\n"
                + "  connect.p95: {critical: 9s}\n");
        Scenario scenario = scenario("");

        Scenario shared = ScalingScenarioExtension.withSharedSlos(scenario, SuiteConfig.load(dir,
                Map.of("scaling.slos-file", file.toString())));

        assertThat(shared.slos()).containsExactly(
                new Slo(Kpi.PEAK_TASKS, OptionalDouble.of(4), OptionalDouble.empty(), "scenarios/x.yaml:4"),
                new Slo(Kpi.CONNECT_P95, OptionalDouble.of(1500), OptionalDouble.of(2500), "scenarios/x.yaml:3"),
                new Slo(Kpi.DROPPED, OptionalDouble.empty(), OptionalDouble.of(0), file + ":2"));
        assertThat(ScalingScenarioExtension.withSharedSlos(scenario, SuiteConfig.load(dir, Map.of())))
                .isEqualTo(scenario);
    }
}
