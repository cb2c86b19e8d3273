package dev.scalingsuite.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * A matrix of runs of one scenario ({@code -Pmatrix -Dscaling.matrix=FILE}): a scenario file with
 * {@code ${name}} placeholders, and axes, each a name and its values. Every combination of the values, the
 * first axis varying slowest, is a cell: the scenario with the cell's values put in for its placeholders, run
 * from a clean baseline. An axis named {@code twin.<setting>} sets that setting of the twin for the cell
 * instead (only with the local twin). The axis {@code hosts} is the number of load hosts a cell uses: on the
 * suite's own twin the twin's {@code loadHosts}, elsewhere the first of the configured load hosts; the scenario
 * need not use it. Any other axis is a load axis and must be a placeholder of the scenario.
 * <pre>
 * scenario: src/test/resources/probes/matrix-probe.yaml   # with count: ${calls}
 * axes:
 *   twin.targetSessionsPerTask: [2, 4]
 *   calls: [2, 4, 6]
 * slos:                                                   # only when the scenario has none
 *   tasks.peak: {critical: 2}
 * allow-failing-cells: true
 * </pre>
 * Everything is validated by {@link #load} before the first cell runs: each cell's scenario text loads.
 *
 * @param source how the matrix file was named
 * @param scenarioSource how its scenario file is named (as messages about it name it)
 * @param axes the axes, in file order
 * @param allowFailingCells whether the matrix passes the build with cells that did not pass
 *     ({@code allow-failing-cells}): a what-if matrix expects some to fail
 * @param cells every combination, in order
 */
public record MatrixFile(String source, String scenarioSource, List<Axis> axes, boolean allowFailingCells,
        List<Cell> cells) {

    /** The prefix of an axis that sets a twin setting rather than a placeholder. */
    public static final String TWIN_PREFIX = "twin.";
    /** The axis that sets how many load hosts a cell uses. */
    public static final String HOSTS = "hosts";

    public MatrixFile {
        axes = List.copyOf(axes);
        cells = List.copyOf(cells);
    }

    /**
     * Loads and validates the matrix file {@code path} (relative to {@code baseDir}, as its scenario's path is)
     * and every cell's scenario.
     *
     * @throws ScenarioException naming every problem, each with its file and line and what is allowed
     */
    public static MatrixFile load(Path baseDir, String path) {
        return new MatrixLoader(baseDir, path).load();
    }

    /** Whether any axis sets the twin. */
    public boolean hasTwinAxes() {
        return axes.stream().anyMatch(Axis::twin);
    }

    /** One value of an axis and the line it is written on. */
    public record Value(String text, int line) {
    }

    /** An axis: its name as written, the line of its key, its values in order. */
    public record Axis(String name, int line, List<Value> values) {

        public Axis {
            values = List.copyOf(values);
        }

        /** Whether the axis sets a twin setting ({@code twin.<setting>}). */
        public boolean twin() {
            return name.startsWith(TWIN_PREFIX);
        }

        /** The twin setting a twin axis sets. */
        public String setting() {
            return name.substring(TWIN_PREFIX.length());
        }

        /** Whether the axis is the number of load hosts a cell uses ({@code hosts}). */
        public boolean hosts() {
            return name.equals(HOSTS);
        }
    }

    /**
     * One cell: its place, its value of each axis, and its scenario as text.
     *
     * @param index from 1
     * @param of how many cells the matrix has
     * @param values each axis's value, in the axes' order
     */
    public record Cell(int index, int of, Map<String, String> values, String scenarioText) {

        public Cell {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        /** {@code calls=40 twin.targetSessionsPerTask=5}: the cell's values, as its label and the cheapest line name it. */
        public String axesText() {
            return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
        }

        /** {@code cell 3/12 calls=40 twin.targetSessionsPerTask=5}: how the console names the cell. */
        public String label() {
            return "cell " + index + "/" + of + " " + axesText();
        }

        /** The twin settings the cell sets, by setting name (without {@code twin.}). */
        public Map<String, String> twinSettings() {
            Map<String, String> settings = new LinkedHashMap<>();
            values.forEach((axis, value) -> {
                if (axis.startsWith(TWIN_PREFIX)) {
                    settings.put(axis.substring(TWIN_PREFIX.length()), value);
                }
            });
            return settings;
        }

        /** How many load hosts the cell uses, when the matrix has a {@code hosts} axis. */
        public OptionalInt hosts() {
            String value = values.get(HOSTS);
            return value == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value));
        }
    }

    /** The cells of {@code axes}: every combination, the first axis varying slowest. */
    static List<Map<String, String>> combinations(List<Axis> axes) {
        List<Map<String, String>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        for (Axis axis : axes) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : combinations) {
                for (Value value : axis.values()) {
                    Map<String, String> cell = new LinkedHashMap<>(partial);
                    cell.put(axis.name(), value.text());
                    next.add(cell);
                }
            }
            combinations = next;
        }
        return combinations;
    }
}
