package dev.scalingsuite.junit;

import dev.scalingsuite.config.ConfigLookup;
import dev.scalingsuite.config.SuiteConfig;
import dev.scalingsuite.report.MatrixReport;
import dev.scalingsuite.report.SeriesSummary;
import dev.scalingsuite.scenario.MatrixFile;
import dev.scalingsuite.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A matrix of runs of one scenario: {@code ./mvnw verify -Pmatrix -Dscaling.matrix=FILE} (a {@link MatrixFile}).
 * Each cell runs through the JUnit Platform Launcher as a launcher run of its own, as a series runs a scenario
 * ({@link Series#runOne}): its own suite (on the twin, a fresh twin with the cell's {@code twin.*} settings on
 * top of the configured ones; a {@code hosts} axis is the twin's {@code loadHosts} there, and against AWS or a
 * standalone twin keeps the first that many configured load hosts), its baseline enforced, its run and reports,
 * its live line prefixed with the cell ({@code [cell 3/6 twin.targetSessionsPerTask=4 calls=6] [####----] 50% |
 * tasks 2/3 | ...}). The matrix file,
 * every cell's scenario, its twin settings and the configuration are validated before the first cell starts.
 * Afterwards {@link MatrixReport} writes {@code matrix.csv}, {@code matrix.md} and {@code matrix.png} into
 * {@code <reports-dir>/matrix-<time>/} and, with twin axes, names the cheapest passing cell. A matrix in which a
 * cell did not pass fails unless its file says {@code allow-failing-cells: true}.
 */
public final class Matrix {

    /** The configuration parameter that names a cell's run for its live line: its label. */
    public static final String CELL_PARAMETER = "scaling-matrix.cell";
    /**
     * The configuration parameter listing the twin settings a cell gives as {@code scaling.twin.<setting>}
     * parameters, comma-separated: a launcher's parameters cannot be listed, and twin settings are named by the
     * twin, not by the configuration's loader.
     */
    static final String TWIN_SETTINGS_PARAMETER = "scaling-matrix.twin-settings";
    /**
     * The configuration parameter that says how many load hosts a cell uses against AWS or a standalone twin (its
     * {@code hosts} value): the first that many of the configured ones. On the suite's own twin a cell's
     * {@code hosts} is the twin setting {@code loadHosts} instead.
     */
    static final String HOSTS_PARAMETER = "scaling-matrix.hosts";
    /** The twin setting a {@code hosts} axis sets on the suite's own twin. */
    private static final String TWIN_LOAD_HOSTS = "loadHosts";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss")
            .withZone(ZoneOffset.UTC);

    /** A cell's run: the scenario {@code scaling.scenario} names, which the matrix sets to the cell's file. */
    @ScalingScenario
    static final class Cell implements ScenarioSteps {
    }

    private Matrix() {
    }

    /** Runs the matrix {@code scaling.matrix} names against what the configuration targets. */
    public static void main(String[] args) {
        Set<Thread> before = Series.threads();
        try {
            matrix();
        } finally {
            Series.endLeftovers(before);
        }
    }

    private static void matrix() {
        Path project = Path.of("").toAbsolutePath();
        SuiteConfig config = SuiteConfig.load(project, ConfigLookup.systemPropertiesThen(key -> Optional.empty()));
        Path file = config.matrix().orElseThrow(() -> new Series.Refused("scaling.matrix names no matrix file; "
                + "allowed: -Dscaling.matrix=FILE, the path of a matrix file (docs/scenarios-and-config.md, "
                + "\"Matrix runs\"); nothing was run"));
        MatrixFile matrix = prepare(config, project, file.toString());
        MatrixReport.Written written = run(matrix, Map.of(), ownTwin(config), config.reportsDir(), config.dryRun(),
                project, System.out, LauncherFactory.create());
        requirePassed(matrix, written);
    }

    /**
     * Fails Maven when a cell did not pass, unless the matrix file allows failing cells: a what-if matrix expects
     * some policies to fail, and its point is the cheapest cell that passed.
     */
    static void requirePassed(MatrixFile matrix, MatrixReport.Written written) {
        if (!written.allPassed() && !matrix.allowFailingCells()) {
            long failed = written.rows().stream().filter(r -> r.verdict() != SeriesSummary.Verdict.PASSED
                    && r.verdict() != SeriesSummary.Verdict.DRY_RUN).count();
            throw new Series.Refused("the matrix did not pass: " + failed + " of " + written.rows().size()
                    + " cells did not pass; " + written.markdown() + " (a what-if matrix that expects failing cells "
                    + "says allow-failing-cells: true)");
        }
    }

    /** Whether the run is on the suite's own twin (target local, no endpoints file), whose settings a cell sets. */
    static boolean ownTwin(SuiteConfig config) {
        return config.isLocal() && config.endpoints().isEmpty();
    }

    /**
     * The matrix file, loaded with every cell's scenario, and checked against the configuration: twin axes only on
     * the suite's own twin, each twin value one the twin starts with, each {@code hosts} value a number of load
     * hosts the run has (on the own twin, one the twin offers), no cell that deploys where deployments are not
     * allowed. Nothing has started when this refuses.
     */
    static MatrixFile prepare(SuiteConfig config, Path project, String file) {
        MatrixFile matrix = MatrixFile.load(project, file);
        boolean ownTwin = ownTwin(config);
        List<MatrixFile.Axis> twinAxes = matrix.axes().stream().filter(MatrixFile.Axis::twin).toList();
        if (!twinAxes.isEmpty() && !ownTwin) {
            String target = config.endpoints().isPresent() ? "a standalone twin (endpoints " + config.endpoints().get()
                    .file() + "), whose settings the suite cannot change" : "target aws";
            throw new Series.Refused(String.join("\n", twinAxes.stream().map(a -> matrix.source() + ":" + a.line()
                    + ": axis " + a.name() + " sets the twin, but the run is against " + target + "; allowed: "
                    + "twin.<setting> axes only with the suite's own twin (target: local, no endpoints), load axes "
                    + "on any target").toList()));
        }
        Set<String> problems = new LinkedHashSet<>();
        for (MatrixFile.Axis axis : matrix.axes()) {
            // on the own twin a hosts axis is its loadHosts, checked by the twin's rules as a twin axis is
            Optional<String> setting = axis.twin() ? Optional.of(axis.setting())
                    : axis.hosts() && ownTwin ? Optional.of(TWIN_LOAD_HOSTS) : Optional.empty();
            if (setting.isEmpty()) {
                continue;
            }
            for (MatrixFile.Value value : axis.values()) {
                Map<String, String> settings = new LinkedHashMap<>(config.twin());
                settings.put(setting.get(), value.text());
                SuiteWiring.twinSettingsProblem(settings).ifPresent(p -> problems.add(matrix.source() + ":"
                        + value.line() + ": axis " + axis.name() + " value '" + value.text() + "': " + p));
            }
        }
        matrix.axes().stream().filter(a -> a.hosts() && !ownTwin).findFirst()
                .ifPresent(axis -> problems.addAll(hostsProblems(matrix, axis, config)));
        if (problems.isEmpty()) {
            // settings each fine alone may not be together (minCapacity above maxCapacity)
            for (MatrixFile.Cell cell : matrix.cells()) {
                Map<String, String> settings = new LinkedHashMap<>(config.twin());
                settings.putAll(twinSettings(cell, ownTwin));
                SuiteWiring.twinSettingsProblem(settings).ifPresent(p -> problems.add(matrix.source() + ": "
                        + cell.label() + ": " + p));
            }
        }
        if (!problems.isEmpty()) {
            throw new Series.Refused(String.join("\n", problems));
        }
        DeployPermission.check(config, ScenarioLoader.parse(matrix.cells().get(0).scenarioText(),
                matrix.scenarioSource()));
        return matrix;
    }

    /**
     * Against AWS or a standalone twin, each {@code hosts} value the configured load hosts (the configuration's
     * {@code load-hosts} or the endpoints file's {@code loadHosts}) can give: a cell uses the first that many.
     */
    private static List<String> hostsProblems(MatrixFile matrix, MatrixFile.Axis axis, SuiteConfig config) {
        int configured = config.loadHosts().size();
        String where = config.endpoints().map(e -> "the loadHosts of endpoints file " + e.file())
                .orElse("load-hosts of the configuration");
        return axis.values().stream().filter(v -> Integer.parseInt(v.text()) > configured)
                .map(v -> matrix.source() + ":" + v.line() + ": axis hosts value '" + v.text() + "': the run has "
                        + configured + " load host(s) (" + where + "); allowed: 1 to " + configured + ", a cell "
                        + "using the first that many of them, in their order and with their weights")
                .toList();
    }

    /**
     * Runs each cell of {@code matrix} through {@code launcher}, one launcher run each, with {@code parameters} and
     * the cell's own as its configuration parameters, then writes the matrix's files into
     * {@code <reportsDir>/matrix-<time>/} (the cells' scenarios in its {@code cells/}). {@code ownTwin}: whether the
     * run is on the suite's own twin ({@link #ownTwin}), where a cell's {@code hosts} is a twin setting.
     */
    static MatrixReport.Written run(MatrixFile matrix, Map<String, String> parameters, boolean ownTwin,
            Path reportsDir, boolean dryRun, Path project, PrintStream out, Launcher launcher) {
        return run(matrix, parameters, ownTwin, reportsDir, dryRun, project, out, launcher, Cell.class);
    }

    /**
     * As {@link #run(MatrixFile, Map, boolean, Path, boolean, Path, PrintStream, Launcher)}, each cell by
     * {@code cellClass}.
     */
    static MatrixReport.Written run(MatrixFile matrix, Map<String, String> parameters, boolean ownTwin,
            Path reportsDir, boolean dryRun, Path project, PrintStream out, Launcher launcher, Class<?> cellClass) {
        Clock clock = Clock.systemUTC();
        Instant started = clock.instant();
        Path dir = reportsDir.resolve("matrix-" + STAMP.format(started));
        List<MatrixReport.Cell> ran = new ArrayList<>();
        for (MatrixFile.Cell cell : matrix.cells()) {
            Path scenario = write(dir.resolve("cells").resolve(String.format("cell-%02d.yaml", cell.index())),
                    cell.scenarioText());
            out.println("scaling suite: matrix " + cell.label());
            SeriesSummary.Scenario run = Series.runOne(new Series.Entry(cell.label(), cellClass),
                    cellParameters(parameters, cell, shown(project, scenario), ownTwin), dryRun, launcher);
            ran.add(new MatrixReport.Cell(cell.index(), cell.values(), run));
        }
        MatrixReport.Written written = MatrixReport.write(new MatrixReport.Matrix(dir, matrix.source(),
                matrix.axes().stream().map(MatrixFile.Axis::name).toList(), matrix.hasTwinAxes(), started,
                clock.instant(), ran));
        out.println(written.console());
        return written;
    }

    /**
     * The cell's launcher parameters: its scenario file, its twin settings and the list of them, its number of load
     * hosts when not on the suite's own twin ({@code ownTwin}), its label.
     */
    static Map<String, String> cellParameters(Map<String, String> parameters, MatrixFile.Cell cell, String scenario,
            boolean ownTwin) {
        Map<String, String> cellParameters = new LinkedHashMap<>(parameters);
        cellParameters.put(SuiteConfig.PREFIX + "scenario", scenario);
        Map<String, String> twinSettings = twinSettings(cell, ownTwin);
        twinSettings.forEach((setting, value) -> cellParameters.put(SuiteConfig.PREFIX + "twin." + setting, value));
        cellParameters.put(TWIN_SETTINGS_PARAMETER, String.join(",", twinSettings.keySet()));
        if (!ownTwin) {
            cell.hosts().ifPresent(hosts -> cellParameters.put(HOSTS_PARAMETER, String.valueOf(hosts)));
        }
        cellParameters.put(CELL_PARAMETER, cell.label());
        return cellParameters;
    }

    /**
     * The twin settings a cell sets: its {@code twin.*} values and, on the suite's own twin, its {@code hosts} as
     * {@code loadHosts}.
     */
    static Map<String, String> twinSettings(MatrixFile.Cell cell, boolean ownTwin) {
        Map<String, String> settings = new LinkedHashMap<>(cell.twinSettings());
        if (ownTwin) {
            cell.hosts().ifPresent(hosts -> settings.put(TWIN_LOAD_HOSTS, String.valueOf(hosts)));
        }
        return settings;
    }

    /**
     * The configuration of a cell's launcher run: {@code config} with only the first load hosts, as many as the cell's
     * {@code hosts} value ({@link #HOSTS_PARAMETER}) says; as it is outside a matrix or without a {@code hosts} axis.
     *
     * @throws IllegalArgumentException when the value is no number of load hosts the configuration has
     */
    static SuiteConfig withCellHosts(SuiteConfig config, Function<String, Optional<String>> parameters) {
        Optional<String> hosts = parameters.apply(HOSTS_PARAMETER).map(String::trim).filter(s -> !s.isEmpty());
        if (hosts.isEmpty()) {
            return config;
        }
        int count;
        try {
            count = Integer.parseInt(hosts.get());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(HOSTS_PARAMETER + " is '" + hosts.get() + "'; allowed: a whole number "
                    + "from 1 to " + config.loadHosts().size() + ", the configured load hosts a cell uses", e);
        }
        return config.withFirstLoadHosts(count);
    }

    /**
     * The {@code scaling.twin.<setting>} names a cell's launcher run was given ({@link #TWIN_SETTINGS_PARAMETER}),
     * for its configuration to list; none outside a matrix.
     */
    static List<String> listedParameters(Function<String, Optional<String>> parameters) {
        return parameters.apply(TWIN_SETTINGS_PARAMETER).stream()
                .flatMap(list -> Arrays.stream(list.split(","))).map(String::trim).filter(s -> !s.isEmpty())
                .map(setting -> SuiteConfig.PREFIX + "twin." + setting).toList();
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the cell's scenario " + file + ": " + e.getMessage(), e);
        }
    }

    /** The cell's scenario file relative to the project when it lies there (as reports name scenarios), else absolute. */
    private static String shown(Path project, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(project) ? project.relativize(absolute).toString() : absolute.toString();
    }
}
