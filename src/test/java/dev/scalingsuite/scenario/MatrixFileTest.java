package dev.scalingsuite.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scalingsuite.fleet.Kpi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A matrix file: its cells in file order with the scenario's placeholders put in, and every mistake (in the matrix
 * file or in a cell's scenario) named once with its file:line and what is allowed, before anything runs.
 */
class MatrixFileTest {

    private static final String TEMPLATE = """
            name: probe
            thresholds:
              max-dropped: 0
            steps:
              - place-calls: {count: ${calls}, rate: ${rate}, period: 5s}
              - hold: {duration: ${hold}}
              - end-all-calls: {}
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void template() throws IOException {
        Files.writeString(dir.resolve("probe.yaml"), TEMPLATE);
    }

    private MatrixFile load(String matrix) throws IOException {
        Files.writeString(dir.resolve("m.yaml"), matrix);
        return MatrixFile.load(dir, "m.yaml");
    }

    private List<String> problems(String matrix) throws IOException {
        Files.writeString(dir.resolve("m.yaml"), matrix);
        return catchThrowableOfType(ScenarioException.class, () -> MatrixFile.load(dir, "m.yaml")).problems();
    }

    @Test
    void theCellsAreEveryCombinationTheFirstAxisVaryingSlowestWithThePlaceholdersPutIn() throws IOException {
        MatrixFile matrix = load("""
                scenario: probe.yaml
                axes:
                  twin.targetSessionsPerTask: [2, 4]
                  calls: [3, 5, 8]
                  rate: [5]
                  hold: [1m]
                """);

        assertThat(matrix.cells()).extracting(MatrixFile.Cell::label).containsExactly(
                "cell 1/6 twin.targetSessionsPerTask=2 calls=3 rate=5 hold=1m",
                "cell 2/6 twin.targetSessionsPerTask=2 calls=5 rate=5 hold=1m",
                "cell 3/6 twin.targetSessionsPerTask=2 calls=8 rate=5 hold=1m",
                "cell 4/6 twin.targetSessionsPerTask=4 calls=3 rate=5 hold=1m",
                "cell 5/6 twin.targetSessionsPerTask=4 calls=5 rate=5 hold=1m",
                "cell 6/6 twin.targetSessionsPerTask=4 calls=8 rate=5 hold=1m");
        assertThat(matrix.cells().get(4).scenarioText()).isEqualTo(TEMPLATE.replace("${calls}", "5")
                .replace("${rate}", "5").replace("${hold}", "1m"));
        assertThat(matrix.cells().get(4).twinSettings()).isEqualTo(Map.of("targetSessionsPerTask", "4"));
        assertThat(ScenarioLoader.parse(matrix.cells().get(4).scenarioText(), "probe.yaml").steps().get(0).describe())
                .isEqualTo("place-calls 5 at 5 per 5s");
        assertThat(matrix.source()).isEqualTo("m.yaml");
        assertThat(matrix.scenarioSource()).isEqualTo("probe.yaml");
        assertThat(matrix.hasTwinAxes()).isTrue();
        assertThat(matrix.allowFailingCells()).as("off unless said").isFalse();
        assertThat(matrix.axes().get(1)).isEqualTo(new MatrixFile.Axis("calls", 4, List.of(
                new MatrixFile.Value("3", 4), new MatrixFile.Value("5", 4), new MatrixFile.Value("8", 4))));
    }

    @Test
    void theMatrixsSlosGoToEachCellsScenarioWhenItHasNone() throws IOException {
        MatrixFile matrix = load("""
                scenario: probe.yaml
                axes:
                  calls: [3]
                  rate: [5]
                  hold: [1m]
                slos:
                  tasks.peak: {critical: 2}
                  calls.rejected: {warning: 1, critical: 3}
                allow-failing-cells: true
                """);

        Scenario cell = ScenarioLoader.parse(matrix.cells().get(0).scenarioText(), "probe.yaml");
        assertThat(cell.slos()).extracting(s -> s.kpi()).containsExactly(Kpi.PEAK_TASKS, Kpi.REJECTED);
        assertThat(matrix.allowFailingCells()).isTrue();
        assertThat(matrix.hasTwinAxes()).isFalse();
    }

    @Test
    void anUnknownPlaceholderAndAnUnusedAxisAreNamedWithWhatIsAllowed() throws IOException {
        assertThat(problems("""
                scenario: probe.yaml
                axes:
                  calls: [3]
                  hold: [1m]
                  users: [1, 2]
                """)).containsExactly(
                "probe.yaml:5: placeholder ${rate} names no axis of m.yaml; allowed: ${calls}, ${hold}, ${users}",
                "m.yaml:5: axis 'users' is no placeholder of probe.yaml; allowed: a load axis the scenario uses as "
                        + "${users}, or a twin.<setting> axis");
    }

    @Test
    void aHostsAxisNeedNotBeAPlaceholderAndIsPutInWhereItIsOne() throws IOException {
        MatrixFile matrix = load("""
                scenario: probe.yaml
                axes:
                  calls: [3]
                  rate: [5]
                  hold: [1m]
                  hosts: [1, 2, 4]
                """);

        assertThat(matrix.cells()).extracting(MatrixFile.Cell::label).containsExactly(
                "cell 1/3 calls=3 rate=5 hold=1m hosts=1", "cell 2/3 calls=3 rate=5 hold=1m hosts=2",
                "cell 3/3 calls=3 rate=5 hold=1m hosts=4");
        assertThat(matrix.cells()).extracting(c -> c.hosts().getAsInt()).containsExactly(1, 2, 4);
        assertThat(matrix.cells().get(1).twinSettings()).as("a twin setting only on the own twin, said there")
                .isEmpty();
        assertThat(matrix.hasTwinAxes()).isFalse();
        assertThat(matrix.axes().get(3).hosts()).isTrue();

        Files.writeString(dir.resolve("probe.yaml"), TEMPLATE.replace("${rate}", "${hosts}"));
        MatrixFile used = load("""
                scenario: probe.yaml
                axes:
                  calls: [3]
                  hold: [1m]
                  hosts: [2]
                """);
        assertThat(used.cells().get(0).scenarioText()).isEqualTo(TEMPLATE.replace("${calls}", "3")
                .replace("${rate}", "2").replace("${hold}", "1m"));
        Files.writeString(dir.resolve("probe.yaml"), TEMPLATE);
        assertThat(load("""
                scenario: probe.yaml
                axes:
                  calls: [3]
                  rate: [5]
                  hold: [1m]
                """).cells().get(0).hosts()).as("without a hosts axis").isEmpty();
    }

    @Test
    void aHostsValueIsAWholeNumberFromOne() throws IOException {
        assertThat(problems("""
                scenario: probe.yaml
                axes:
                  calls: [3]
                  rate: [5]
                  hold: [1m]
                  hosts: [0, 1.5, two, -1, 2]
                """)).containsExactly(
                "m.yaml:6: a value of axis 'hosts' must be a whole number >= 1, was '0'; allowed: the number of load "
                        + "hosts a cell uses, like [1, 2, 4]",
                "m.yaml:6: a value of axis 'hosts' must be a whole number >= 1, was '1.5'; allowed: the number of load "
                        + "hosts a cell uses, like [1, 2, 4]",
                "m.yaml:6: a value of axis 'hosts' must be a whole number >= 1, was 'two'; allowed: the number of load "
                        + "hosts a cell uses, like [1, 2, 4]",
                "m.yaml:6: a value of axis 'hosts' must be a whole number >= 1, was '-1'; allowed: the number of load "
                        + "hosts a cell uses, like [1, 2, 4]");
    }

    @Test
    void hostsAndTwinLoadHostsAreNotBothAxes() throws IOException {
        assertThat(problems("""
                scenario: probe.yaml
                axes:
                  calls: [3]
                  rate: [5]
                  hold: [1m]
                  twin.loadHosts: [2]
                  hosts: [1, 2]
                """)).containsExactly("m.yaml:7: axis 'hosts' and axis 'twin.loadHosts' (line 6) both set the number "
                + "of load hosts; allowed: one of the two (on the suite's own twin, hosts sets twin.loadHosts)");
    }

    @Test
    void aValueTheScenarioRefusesIsNamedOnceWithTheFirstCellItIsIn() throws IOException {
        assertThat(problems("""
                scenario: probe.yaml
                axes:
                  calls: [3, many]
                  rate: [5, 10]
                  hold: [1m]
                """)).containsExactly("probe.yaml:5: 'count' must be a whole number >= 1, was 'many' (in cell 3/4 "
                + "calls=many rate=5 hold=1m)");
    }

    @Test
    void badAxesAreNamedByLineWithWhatIsAllowed() throws IOException {
        assertThat(problems("""
                scenario: probe.yaml
                axes:
                  calls: 3
                  rate: [5, 5]
                  hold: [{a: 1}]
                  twin.max-calls: [1]
                  2nd: [1]
                """)).containsExactly(
                "m.yaml:3: axis 'calls' must be a list of values, was '3'; allowed: a list of one or more distinct "
                        + "values, like [2, 4, 6]",
                "m.yaml:4: axis 'rate' has the value '5' twice (first on line 4); allowed: a list of one or more "
                        + "distinct values, like [2, 4, 6]",
                "m.yaml:5: a value of axis 'hold' must be a single value on one line, was a mapping; allowed: a list "
                        + "of one or more distinct values, like [2, 4, 6]",
                "m.yaml:6: axis 'twin.max-calls' is not an axis name; allowed: a placeholder name (letters, digits, "
                        + "'_' and '-', like calls) or twin.<setting> (docs/twin.md, Settings)",
                "m.yaml:7: axis '2nd' is not an axis name; allowed: a placeholder name (letters, digits, '_' and "
                        + "'-', like calls) or twin.<setting> (docs/twin.md, Settings)");
    }

    @Test
    void theTopLevelIsCheckedKeyByKey() throws IOException {
        assertThat(problems("""
                axes: []
                allow-failing-cells: maybe
                slo: {}
                """)).containsExactly(
                "m.yaml:3: unknown key 'slo' in the matrix file; allowed: scenario, axes, slos, allow-failing-cells",
                "m.yaml:1: 'scenario' is required; allowed: the path of a scenario file with ${name} placeholders, "
                        + "or a scenario name",
                "m.yaml:1: 'axes' must be a mapping of axis names to lists of values, was an empty list; allowed: a "
                        + "placeholder name (letters, digits, '_' and '-', like calls) or twin.<setting> (docs/twin.md, "
                        + "Settings), each to a list of one or more distinct values, like [2, 4, 6]",
                "m.yaml:2: 'allow-failing-cells' must be true or false, was 'maybe'; allowed: true, false");
    }

    @Test
    void theScenarioFileMustExist() throws IOException {
        assertThat(problems("""
                scenario: nowhere/probe.yaml
                axes:
                  calls: [1]
                """)).containsExactly("m.yaml:1: scenario file nowhere/probe.yaml not found; allowed: the path of a "
                + "scenario file with ${name} placeholders (relative to the project directory), or a scenario name");
        assertThat(catchThrowableOfType(ScenarioException.class, () -> MatrixFile.load(dir, "none.yaml")))
                .hasMessage("matrix file none.yaml not found; allowed: a path to a YAML file (relative to the project "
                        + "directory)");
    }

    @Test
    void theMatrixsSlosAreCheckedAsAScenariosAndNotBesideTheScenariosOwn() throws IOException {
        assertThat(problems("""
                scenario: probe.yaml
                axes:
                  calls: [1]
                  rate: [5]
                  hold: [1m]
                slos:
                  tasks.top: {critical: 2}
                """)).singleElement().asString().startsWith("m.yaml:7: unknown KPI 'tasks.top' in slos; allowed: ");

        Files.writeString(dir.resolve("probe.yaml"), TEMPLATE + "slos:\n  tasks.peak: {critical: 3}\n");
        assertThat(problems("""
                scenario: probe.yaml
                axes:
                  calls: [1]
                  rate: [5]
                  hold: [1m]
                slos:
                  tasks.peak: {critical: 2}
                """)).containsExactly("m.yaml:6: 'slos' is set here and in the scenario probe.yaml; allowed: slos in "
                + "one of the two (the matrix's apply to a scenario that has none)");
    }

    @Test
    void substitutionLeavesWhatNamesNoValue() {
        assertThat(MatrixLoader.substitute("a: ${x}\nb: ${y} ${x}\n", Map.of("x", "1")))
                .isEqualTo("a: 1\nb: ${y} 1\n");
    }
}
