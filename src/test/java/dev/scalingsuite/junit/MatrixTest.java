package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingsuite.config.ConfigLookup;
import dev.scalingsuite.config.LoadHost;
import dev.scalingsuite.config.SuiteConfig;
import dev.scalingsuite.report.MatrixReport;
import dev.scalingsuite.scenario.MatrixFile;
import dev.scalingsuite.twin.TwinEndpoints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A matrix against the configuration: twin axes only on the suite's own twin, every twin value checked with the
 * twin's own rules before the first cell; and the launcher's wiring, on a stand-in for a cell's run that records
 * what its launcher run was given and writes the results.json a run writes.
 */
class MatrixTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Launcher WITHOUT_ALLURE = LauncherFactory.create(LauncherConfig.builder()
            .enableTestExecutionListenerAutoRegistration(false).build());
    private static final String TEMPLATE = """
            name: probe
            steps:
              - place-calls: {count: ${calls}, rate: 5, period: 5s}
              - end-all-calls: {}
            """;

    /** What each stand-in cell's launcher run was given: its scenario's text, twin settings and label. */
    private static final List<Map<String, String>> GIVEN = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    private Path matrix(String axes) throws IOException {
        Files.writeString(dir.resolve("probe.yaml"), TEMPLATE);
        return Files.writeString(dir.resolve("m.yaml"), "scenario: probe.yaml\naxes:\n" + axes);
    }

    private static Map<String, String> aws() {
        return new HashMap<>(Map.of("scaling.target", "aws", "scaling.region", "us-east-1",
                "scaling.sip", "10.0.1.5:5060", "scaling.load-hosts.0.host", "10.0.0.7",
                "scaling.load-hosts.0.user", "ec2-user", "scaling.load-hosts.0.private-key", "k.pem",
                "scaling.allowed-accounts", "123456789012"));
    }

    @Test
    void twinAxesAreRefusedAgainstAwsLoadAxesAreNot() throws IOException {
        matrix("  calls: [2, 4]\n  twin.targetSessionsPerTask: [2, 4]\n  twin.maxConcurrentCalls: [6]\n");
        SuiteConfig aws = SuiteConfig.load(dir, aws());

        assertThatThrownBy(() -> Matrix.prepare(aws, dir, "m.yaml")).isInstanceOf(Series.Refused.class)
                .hasMessage("m.yaml:4: axis twin.targetSessionsPerTask sets the twin, but the run is against target "
                        + "aws; allowed: twin.<setting> axes only with the suite's own twin (target: local, no "
                        + "endpoints), load axes on any target\nm.yaml:5: axis twin.maxConcurrentCalls sets the twin, "
                        + "but the run is against target aws; allowed: twin.<setting> axes only with the suite's own "
                        + "twin (target: local, no endpoints), load axes on any target");

        matrix("  calls: [2, 4]\n");
        assertThat(Matrix.prepare(aws, dir, "m.yaml").cells()).hasSize(2);
    }

    @Test
    void eachTwinValueIsCheckedByTheTwinsRulesNamingItsLine() throws IOException {
        matrix("  calls: [2]\n  twin.maxConcurrentCalls: [4, lots]\n  twin.targetValue: [5]\n");
        SuiteConfig local = SuiteConfig.load(dir, Map.of());

        assertThatThrownBy(() -> Matrix.prepare(local, dir, "m.yaml")).isInstanceOf(Series.Refused.class)
                .hasMessageStartingWith("m.yaml:4: axis twin.maxConcurrentCalls value 'lots': Twin setting "
                        + "'twin.maxConcurrentCalls' is 'lots'; allowed: ")
                .hasMessageContaining("\nm.yaml:5: axis twin.targetValue value '5': Unknown twin setting "
                        + "'twin.targetValue'. Known settings: ");
    }

    @Test
    void settingsFineAloneAreCheckedTogetherPerCell() throws IOException {
        matrix("  calls: [2]\n  twin.minCapacity: [1, 3]\n  twin.maxCapacity: [2]\n");

        assertThatThrownBy(() -> Matrix.prepare(SuiteConfig.load(dir, Map.of()), dir, "m.yaml"))
                .hasMessage("m.yaml: cell 2/2 calls=2 twin.minCapacity=3 twin.maxCapacity=2: Twin setting "
                        + "'twin.minCapacity' (3) must not exceed 'twin.maxCapacity' (2)");
    }

    @Test
    void aCellsTwinSettingsReachItsConfigurationAsParametersItLists() throws IOException {
        matrix("  calls: [2]\n  twin.targetSessionsPerTask: [4]\n");
        MatrixFile.Cell cell = MatrixFile.load(dir, "m.yaml").cells().get(0);

        Map<String, String> parameters = Matrix.cellParameters(Map.of("scaling.reports-dir", "r"), cell,
                "target/x/cell-01.yaml", true);
        SuiteConfig config = SuiteConfig.load(dir, ConfigLookup.systemPropertiesThen(
                key -> Optional.ofNullable(parameters.get(key))).listing(Matrix.listedParameters(
                        key -> Optional.ofNullable(parameters.get(key)))));

        assertThat(config.twin()).isEqualTo(Map.of("targetSessionsPerTask", "4"));
        assertThat(config.scenario()).contains("target/x/cell-01.yaml");
        assertThat(config.reportsDir()).isEqualTo(Path.of("r"));
        assertThat(parameters.get(Matrix.CELL_PARAMETER)).isEqualTo("cell 1/1 calls=2 twin.targetSessionsPerTask=4");
        assertThat(Matrix.listedParameters(key -> Optional.empty())).as("outside a matrix").isEmpty();
    }

    @Test
    void hostsAgainstAwsOrAStandaloneTwinAreAtMostTheConfiguredLoadHosts() throws IOException {
        matrix("  calls: [2]\n  hosts: [1, 2, 3, 4]\n");
        Map<String, String> twoHosts = aws();
        twoHosts.putAll(Map.of("scaling.load-hosts.1.host", "10.0.0.8", "scaling.load-hosts.1.user", "ec2-user",
                "scaling.load-hosts.1.private-key", "k.pem"));

        assertThatThrownBy(() -> Matrix.prepare(SuiteConfig.load(dir, twoHosts), dir, "m.yaml"))
                .isInstanceOf(Series.Refused.class)
                .hasMessage("m.yaml:4: axis hosts value '3': the run has 2 load host(s) (load-hosts of the "
                        + "configuration); allowed: 1 to 2, a cell using the first that many of them, in their order "
                        + "and with their weights\nm.yaml:4: axis hosts value '4': the run has 2 load host(s) "
                        + "(load-hosts of the configuration); allowed: 1 to 2, a cell using the first that many of "
                        + "them, in their order and with their weights");

        Path endpoints = dir.resolve("e.json");
        TwinEndpoints.Ssh ssh = new TwinEndpoints.Ssh("127.0.0.1", 45022, "tester", dir.resolve("id"),
                dir.resolve("known_hosts"), "/tmp/sipp-home");
        new TwinEndpoints(URI.create("http://127.0.0.1:45001"), URI.create("http://127.0.0.1:45002"),
                "127.0.0.1:45060", "us-east-1", "123456789012", 10, TwinEndpoints.ACCESS_KEY_ID,
                TwinEndpoints.SECRET_ACCESS_KEY, ssh).write(endpoints);
        matrix("  calls: [2]\n  hosts: [1, 2]\n");
        assertThatThrownBy(() -> Matrix.prepare(SuiteConfig.load(dir, Map.of("scaling.endpoints", "e.json")), dir,
                "m.yaml")).isInstanceOf(Series.Refused.class)
                .hasMessage("m.yaml:4: axis hosts value '2': the run has 1 load host(s) (the loadHosts of endpoints "
                        + "file " + endpoints + "); allowed: 1 to 1, a cell using the first that many of them, in "
                        + "their order and with their weights");

        matrix("  calls: [2]\n  hosts: [2, 1]\n");
        assertThat(Matrix.prepare(SuiteConfig.load(dir, twoHosts), dir, "m.yaml").cells()).hasSize(2);
    }

    @Test
    void hostsOnTheOwnTwinAreTheTwinsLoadHostsUpToItsLimit() throws IOException {
        matrix("  calls: [2]\n  hosts: [2, 9]\n");
        SuiteConfig local = SuiteConfig.load(dir, Map.of());

        assertThatThrownBy(() -> Matrix.prepare(local, dir, "m.yaml")).isInstanceOf(Series.Refused.class)
                .hasMessage("m.yaml:4: axis hosts value '9': Twin setting 'twin.loadHosts' is '9'; allowed: an "
                        + "integer from 1 to 8: SSH load hosts, each on a port, with keys and a sippHome of its own "
                        + "(load host i > 0 on sshPort + i when sshPort is set, in workDir/load<i> when workDir is)");

        matrix("  calls: [2]\n  hosts: [2]\n  twin.loadHostNetns: [ns0]\n");
        assertThatThrownBy(() -> Matrix.prepare(local, dir, "m.yaml")).as("with the cell's other settings")
                .hasMessage("m.yaml: cell 1/1 calls=2 hosts=2 twin.loadHostNetns=ns0: Twin setting "
                        + "'twin.loadHostNetns' names 1 network namespace(s), but 'twin.loadHosts' is 2; allowed: one "
                        + "namespace per load host, separated by commas, or none");

        matrix("  calls: [2]\n  hosts: [1, 2, 4]\n");
        assertThat(Matrix.prepare(local, dir, "m.yaml").cells()).as("more than the configuration's load-hosts, none")
                .hasSize(3);
    }

    @Test
    void aCellsHostsOnTheOwnTwinReachItsTwinAsLoadHosts() throws IOException {
        matrix("  calls: [2]\n  hosts: [1, 3]\n");
        SuiteConfig local = SuiteConfig.load(dir, Map.of());
        MatrixFile.Cell cell = Matrix.prepare(local, dir, "m.yaml").cells().get(1);

        Map<String, String> parameters = Matrix.cellParameters(Map.of(), cell, "target/x/cell-02.yaml",
                Matrix.ownTwin(local));
        SuiteConfig config = Matrix.withCellHosts(SuiteConfig.load(dir, ConfigLookup.systemPropertiesThen(
                key -> Optional.ofNullable(parameters.get(key))).listing(Matrix.listedParameters(
                        key -> Optional.ofNullable(parameters.get(key))))), key -> Optional.ofNullable(
                                parameters.get(key)));

        assertThat(parameters).containsEntry("scaling.twin.loadHosts", "3")
                .containsEntry(Matrix.TWIN_SETTINGS_PARAMETER, "loadHosts")
                .containsEntry(Matrix.CELL_PARAMETER, "cell 2/2 calls=2 hosts=3")
                .doesNotContainKey(Matrix.HOSTS_PARAMETER);
        assertThat(config.twin()).isEqualTo(Map.of("loadHosts", "3"));
        assertThat(config.loadHosts()).as("the twin's, from its endpoints").isEmpty();
    }

    @Test
    void aCellsHostsAgainstAwsKeepTheFirstConfiguredLoadHostsWithTheirWeights() throws IOException {
        matrix("  calls: [2]\n  hosts: [2]\n");
        Map<String, String> threeHosts = aws();
        threeHosts.putAll(Map.of("scaling.load-hosts.0.weight", "3",
                "scaling.load-hosts.1.host", "10.0.0.8", "scaling.load-hosts.1.user", "ec2-user",
                "scaling.load-hosts.1.private-key", "k.pem",
                "scaling.load-hosts.2.host", "10.0.0.9", "scaling.load-hosts.2.user", "ec2-user",
                "scaling.load-hosts.2.private-key", "k.pem", "scaling.load-hosts.2.weight", "2"));
        SuiteConfig aws = SuiteConfig.load(dir, threeHosts);
        MatrixFile.Cell cell = Matrix.prepare(aws, dir, "m.yaml").cells().get(0);

        Map<String, String> parameters = Matrix.cellParameters(threeHosts, cell, "target/x/cell-01.yaml",
                Matrix.ownTwin(aws));
        SuiteConfig config = Matrix.withCellHosts(SuiteConfig.load(dir, ConfigLookup.systemPropertiesThen(
                key -> Optional.ofNullable(parameters.get(key))).listing(Matrix.listedParameters(
                        key -> Optional.ofNullable(parameters.get(key))))), key -> Optional.ofNullable(
                                parameters.get(key)));

        assertThat(parameters).containsEntry(Matrix.HOSTS_PARAMETER, "2")
                .containsEntry(Matrix.TWIN_SETTINGS_PARAMETER, "").doesNotContainKey("scaling.twin.loadHosts");
        assertThat(config.loadHosts()).extracting(LoadHost::host, LoadHost::weight).containsExactly(
                tuple("10.0.0.7", 3), tuple("10.0.0.8", 1));
        assertThat(config.twin()).isEmpty();
        assertThat(Matrix.withCellHosts(aws, key -> Optional.empty())).as("outside a matrix").isSameAs(aws);
        assertThatThrownBy(() -> Matrix.withCellHosts(aws, key -> Optional.of("4")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A run with 3 load host(s) cannot use the first 4; allowed: 1 to 3");
    }

    @Test
    void eachCellIsALauncherRunOfItsOwnWithItsScenarioAndSettingsThenTheMatrixFilesAreWritten() throws IOException {
        matrix("  twin.targetSessionsPerTask: [2, 4]\n  calls: [3, 6]\n");
        MatrixFile matrix = MatrixFile.load(dir, "m.yaml");
        GIVEN.clear();
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        MatrixReport.Written written = Matrix.run(matrix, Map.of("scaling.reports-dir", dir.resolve("reports")
                .toString()), true, dir.resolve("reports"), false, Path.of("").toAbsolutePath(),
                new PrintStream(console, true, StandardCharsets.UTF_8), WITHOUT_ALLURE, CellStandInTestCases.class);

        assertThat(GIVEN).extracting(g -> g.get("label")).containsExactly(
                "cell 1/4 twin.targetSessionsPerTask=2 calls=3", "cell 2/4 twin.targetSessionsPerTask=2 calls=6",
                "cell 3/4 twin.targetSessionsPerTask=4 calls=3", "cell 4/4 twin.targetSessionsPerTask=4 calls=6");
        assertThat(GIVEN).extracting(g -> g.get("target")).containsExactly("2", "2", "4", "4");
        assertThat(GIVEN).extracting(g -> g.get("count")).containsExactly("3", "6", "3", "6");
        assertThat(GIVEN).extracting(g -> g.get("listed")).containsOnly("targetSessionsPerTask");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("scaling suite: matrix cell 1/4 "
                + "twin.targetSessionsPerTask=2 calls=3\n", "=== matrix of 4: 3 of 4 passed in ");
        // the stand-in: task-minutes = calls x 10 / target, cell 2 FAILED with tasks.peak at critical
        assertThat(Files.readString(written.csv()).lines().skip(1).map(l -> l.split(",", -1))
                .map(f -> f[0] + " " + f[3] + " " + f[11] + " " + f[13])).containsExactly("1 PASSED 15 ",
                "2 FAILED 30 tasks.peak", "3 PASSED 7.5 ", "4 PASSED 15 ");
        assertThat(written.cheapestLine()).isEqualTo("cheapest passing cell: twin.targetSessionsPerTask=4 calls=3 "
                + "(7.5 task-minutes)");
        assertThat(Files.readString(written.markdown())).endsWith(written.cheapestLine() + "\n");
        assertThat(written.chart()).isNotEmptyFile();
        assertThat(written.csv().getParent().resolve("cells").resolve("cell-02.yaml"))
                .hasContent(TEMPLATE.replace("${calls}", "6"));
        assertThatThrownBy(() -> Matrix.requirePassed(matrix, written)).isInstanceOf(Series.Refused.class)
                .hasMessage("the matrix did not pass: 1 of 4 cells did not pass; " + written.markdown() + " (a what-if "
                        + "matrix that expects failing cells says allow-failing-cells: true)");
        Files.writeString(dir.resolve("m.yaml"), "allow-failing-cells: true\n", StandardOpenOption.APPEND);
        MatrixFile allowing = MatrixFile.load(dir, "m.yaml");
        assertThatCode(() -> Matrix.requirePassed(allowing, written)).as("allow-failing-cells: true")
                .doesNotThrowAnyException();
    }

    /** Stands for a cell's scenario class: reads what its launcher run was given, and "runs" by writing results. */
    @ExtendWith(StandInRun.class)
    static class CellStandInTestCases {

        @Test
        void steps() {
        }
    }

    static class StandInRun implements BeforeAllCallback {

        private static final Pattern COUNT = Pattern.compile("count: (\\d+)");

        @Override
        public void beforeAll(ExtensionContext context) throws IOException {
            String scenarioFile = context.getConfigurationParameter("scaling.scenario").orElseThrow();
            Matcher count = COUNT.matcher(Files.readString(Path.of(scenarioFile)));
            String target = context.getConfigurationParameter("scaling.twin.targetSessionsPerTask").orElseThrow();
            String label = context.getConfigurationParameter(Matrix.CELL_PARAMETER).orElseThrow();
            GIVEN.add(Map.of("label", label, "target", target, "count", count.find() ? count.group(1) : "?",
                    "listed", context.getConfigurationParameter(Matrix.TWIN_SETTINGS_PARAMETER).orElse("")));
            Path runDir = Path.of(context.getConfigurationParameter("scaling.reports-dir").orElseThrow())
                    .resolve("run-" + GIVEN.size());
            int calls = Integer.parseInt(count.group(1));
            boolean critical = calls == 6 && target.equals("2");
            ObjectNode root = JSON.createObjectNode().put("outcome", critical ? "FAILED" : "PASSED");
            root.putObject("kpis").putObject("task-minutes").put("value", calls * 10.0 / Integer.parseInt(target));
            if (critical) {
                root.putArray("slos").addObject().put("key", "tasks.peak").put("level", "CRITICAL");
            }
            try {
                Files.createDirectories(runDir);
                Files.writeString(runDir.resolve("results.json"), root.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            context.publishReportEntry(ScalingScenarioExtension.REPORTS_ENTRY, runDir.toString());
        }
    }
}
