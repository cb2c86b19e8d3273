package dev.scalingsuite.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scalingsuite.fleet.Kpi;
import dev.scalingsuite.fleet.Slo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scenario's {@code slos:} and a shared SLO file: each bound in its KPI's unit, and every mistake named by
 * file:line with what is allowed; the scenario's own SLO replaces the shared file's of the same KPI.
 */
class SloLoaderTest {

    private static final String FILE = "scenarios/x.yaml";
    private static final String STEPS = "steps:\n  - place-calls: {count: 1}\n";

    private static Scenario parse(String slos) {
        return ScenarioLoader.parse("name: x\nslos:\n" + slos + STEPS, FILE);
    }

    private static List<String> problems(String slos) {
        return catchThrowableOfType(ScenarioException.class, () -> parse(slos)).problems();
    }

    private static Slo slo(Kpi kpi, OptionalDouble warning, OptionalDouble critical, int line) {
        return new Slo(kpi, warning, critical, FILE + ":" + line);
    }

    @Test
    void eachBoundIsReadInItsKpisUnit() {
        Scenario s = parse("""
                  connect.p95: {warning: 1500ms, critical: 2s500ms}
                  cold-start.total.p95: {warning: 95s, critical: 2m}
                  tasks.peak: {warning: 4, critical: 6 tasks}
                  calls.answered: {warning: 40 calls, critical: 30}
                  task-minutes: {critical: 59.5 task-minutes}
                  scale-out.decisions: {warning: 3}
                """);

        assertThat(s.slos()).as("in the KPIs' order").containsExactly(
                slo(Kpi.SCALE_OUTS, OptionalDouble.of(3), OptionalDouble.empty(), 8),
                slo(Kpi.PEAK_TASKS, OptionalDouble.of(4), OptionalDouble.of(6), 5),
                slo(Kpi.COLD_START_P95, OptionalDouble.of(95), OptionalDouble.of(120), 4),
                slo(Kpi.TASK_MINUTES, OptionalDouble.empty(), OptionalDouble.of(59.5), 7),
                slo(Kpi.CONNECT_P95, OptionalDouble.of(1500), OptionalDouble.of(2500), 3),
                slo(Kpi.ANSWERED, OptionalDouble.of(40), OptionalDouble.of(30), 6));
        assertThat(ScenarioLoader.parse("name: x\n" + STEPS, FILE).slos()).as("none by default").isEmpty();
    }

    @Test
    void anUnknownKpiListsTheKeysThereAre() {
        String keys = String.join(", ", Arrays.stream(Kpi.values()).map(Kpi::key).toList());
        assertThat(problems("  connect.p96: {warning: 1500ms}\n")).containsExactly(
                "scenarios/x.yaml:3: unknown KPI 'connect.p96' in slos; allowed: " + keys);
        assertThat(keys).startsWith("scale-out.first-decision, scale-out.first-serving, ").endsWith(", calls.dropped");
    }

    @Test
    void aBadBoundNamesItsLineAndWhatTheKpiTakes() {
        assertThat(problems("""
                  connect.p95: {warning: fast}
                  tasks.peak: {critical: 4.5}
                  calls.answered: {warning: 40 tasks}
                  task-minutes: {warning: lots}
                  scale-out.decisions: {critical: 3 calls}
                  cold-start.total.p95: {warning: [90s]}
                """)).containsExactly(
                "scenarios/x.yaml:3: 'warning' of slo connect.p95 must be a duration, was 'fast'; allowed: a "
                        + "duration like 1500ms (connect.p95 is in ms)",
                "scenarios/x.yaml:4: 'critical' of slo tasks.peak must be a whole number, was '4.5'; allowed: a "
                        + "whole number of tasks like 4 or 4 tasks",
                "scenarios/x.yaml:5: 'warning' of slo calls.answered must be a whole number, was '40 tasks'; "
                        + "allowed: a whole number of calls like 4 or 4 calls",
                "scenarios/x.yaml:6: 'warning' of slo task-minutes must be a number, was 'lots'; allowed: a number "
                        + "of task-minutes like 60 or 59.5 task-minutes",
                "scenarios/x.yaml:7: 'critical' of slo scale-out.decisions must be a whole number, was '3 calls'; "
                        + "allowed: a whole number like 3",
                "scenarios/x.yaml:8: 'warning' of slo cold-start.total.p95 must be a duration, was a list; "
                        + "allowed: a duration like 90s (cold-start.total.p95 is in s)");
    }

    @Test
    void aWarningMustBeLessStrictThanItsCriticalBoundWhicheverWayIsWorse() {
        assertThat(problems("""
                  connect.p95: {warning: 2500ms, critical: 1500ms}
                  calls.answered: {warning: 30, critical: 40}
                  tasks.peak: {warning: 4, critical: 4}
                """)).containsExactly(
                "scenarios/x.yaml:3: slo connect.p95: warning 2500 ms is not below critical 1500 ms, so the warning "
                        + "could never come first; allowed: a warning bound below the critical one (a higher "
                        + "connect.p95 is worse)",
                "scenarios/x.yaml:4: slo calls.answered: warning 30 calls is not above critical 40 calls, so the "
                        + "warning could never come first; allowed: a warning bound above the critical one (a lower "
                        + "calls.answered is worse)",
                "scenarios/x.yaml:5: slo tasks.peak: warning 4 tasks is not below critical 4 tasks, so the warning "
                        + "could never come first; allowed: a warning bound below the critical one (a higher "
                        + "tasks.peak is worse)");
    }

    @Test
    void anSloNeedsABoundAndNothingElse() {
        assertThat(problems("""
                  connect.p95: {}
                  tasks.peak: {warn: 4}
                  calls.answered: 40
                  calls.dropped:
                  connect.p95: {critical: 1s}
                """)).containsExactly(
                "scenarios/x.yaml:3: slo connect.p95 needs a warning bound, a critical bound or both; allowed: "
                        + "warning, critical",
                "scenarios/x.yaml:4: unknown key 'warn' in slo tasks.peak; allowed: warning, critical",
                "scenarios/x.yaml:5: 'calls.answered' in slos must be a mapping, was '40'; allowed: {warning: 6, "
                        + "critical: 4}, either bound left out if not wanted",
                "scenarios/x.yaml:6: 'calls.dropped' in slos must be a mapping, was nothing; allowed: {warning: 4, "
                        + "critical: 6}, either bound left out if not wanted",
                "scenarios/x.yaml:7: duplicate KPI 'connect.p95' in slos (first on line 3); allowed: each KPI once");
        assertThat(catchThrowableOfType(ScenarioException.class, () -> ScenarioLoader.parse("name: x\nslos: [a]\n"
                + STEPS, FILE)).problems()).containsExactly("scenarios/x.yaml:2: 'slos' must be a mapping, was a "
                        + "list; allowed: a mapping of KPI keys to {warning: <value>, critical: <value>}");
    }

    @Test
    void aSharedFileIsWrittenAsAScenariosSlosAndTheScenarioOverridesItPerKpi(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("slos.yaml"), """
                slos:
                  connect.p95: {warning: 1500ms, critical: 2500ms}
                  tasks.peak: {critical: 8}
                """);
        List<Slo> shared = ScenarioLoader.loadSlos(file, "slos.yaml");
        Scenario own = parse("  connect.p95: {warning: 1s}\n");

        Scenario merged = own.withSharedSlos(shared);

        assertThat(merged.slos()).containsExactly(
                new Slo(Kpi.PEAK_TASKS, OptionalDouble.empty(), OptionalDouble.of(8), "slos.yaml:3"),
                slo(Kpi.CONNECT_P95, OptionalDouble.of(1000), OptionalDouble.empty(), 3));
        assertThat(own.withSharedSlos(List.of()).slos()).isEqualTo(own.slos());
    }

    @Test
    void aSharedFileThatIsMissingOrWrongIsNamed(@TempDir Path dir) throws IOException {
        assertThat(catchThrowableOfType(ScenarioException.class, () -> ScenarioLoader.loadSlos(dir.resolve("none.yaml"),
                "none.yaml"))).hasMessage("SLO file none.yaml not found; allowed: a YAML file with slos: a mapping of "
                        + "KPI keys to {warning: <value>, critical: <value>}, or no slos-file");
        Path wrong = Files.writeString(dir.resolve("slos.yaml"), """
                slo:
                  connect.p95: {warning: slow}
                """);
        assertThat(catchThrowableOfType(ScenarioException.class, () -> ScenarioLoader.loadSlos(wrong, "slos.yaml"))
                .problems()).containsExactly("slos.yaml:1: unknown key 'slo' in the SLO file; allowed: slos");
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "slos:\n  connect.p95: {warning: slow}\n");
        assertThat(catchThrowableOfType(ScenarioException.class, () -> ScenarioLoader.loadSlos(bad, "bad.yaml"))
                .problems()).containsExactly("bad.yaml:2: 'warning' of slo connect.p95 must be a duration, was "
                        + "'slow'; allowed: a duration like 1500ms (connect.p95 is in ms)");
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "");
        assertThat(catchThrowableOfType(ScenarioException.class, () -> ScenarioLoader.loadSlos(empty, "empty.yaml"))
                .problems()).containsExactly("empty.yaml:1: the file is empty; allowed: a mapping with slos: a mapping "
                        + "of KPI keys to {warning: <value>, critical: <value>}");
    }

    @Test
    void allowUnmeasuredTakesSlos() {
        assertThat(ScenarioLoader.parse("name: x\nallow-unmeasured: [slos]\nslos:\n  connect.p95: {warning: 1s}\n"
                + STEPS, FILE).allowsUnmeasured("slos")).isTrue();
    }
}
