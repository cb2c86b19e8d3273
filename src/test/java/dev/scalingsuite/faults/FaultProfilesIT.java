package dev.scalingsuite.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingsuite.junit.ScalingScenario;
import dev.scalingsuite.junit.ScenarioSteps;
import dev.scalingsuite.testing.ScenarioResults;
import dev.scalingsuite.testing.ScenarioTestKit;
import dev.scalingsuite.testing.StepResult;
import dev.scalingsuite.twin.stack.Fault;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every row of docs/fault-profiles.md: a standalone twin with the row's fault, the row's scenario run
 * against it through its endpoints file, and the verdict the row names (PASS, or the first failure
 * names the invariant, or {@code not-before}: an expect's conditions held before its not-before).
 */
class FaultProfilesIT {

    static final Path TABLE = Path.of("docs/fault-profiles.md");
    static final String TIME_SCALE = "30";
    /** The verdict of a row whose scenario fails at an expect's not-before, not at an invariant. */
    static final String NOT_BEFORE = "not-before";
    /** The verdict of a row whose load generator the fault saturates: the run proves nothing either way. */
    static final String INCONCLUSIVE = "INCONCLUSIVE";

    @TempDir
    Path dir;

    /** One row of the table. */
    record Row(String fault, String scenario, Map<String, String> settings, String verdict) {
        String name() {
            return fault + " on " + scenario + " -> " + verdict;
        }
    }

    static List<Row> rows() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(TABLE)) {
            String[] cells = line.split("\\|", -1);
            if (cells.length != 6 || cells[1].isBlank() || cells[1].contains("---") || cells[1].strip().equals("profile")) {
                continue;
            }
            rows.add(new Row(cells[1].strip(), cells[2].strip(), settings(cells[3]), cells[4].strip()));
        }
        return rows;
    }

    /** A table's twin settings cell, {@code key=value, key=value}, in order. */
    static Map<String, String> settings(String cell) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String pair : cell.split(",")) {
            if (!pair.isBlank()) {
                String[] kv = pair.strip().split("=", 2);
                settings.put(kv[0].strip(), kv[1].strip());
            }
        }
        return settings;
    }

    @Test
    void theTableNamesEveryFaultTheTwinHas() throws Exception {
        List<String> inTable = rows().stream().map(Row::fault).filter(f -> !f.equals("(none)")).toList();
        assertThat(inTable).containsExactlyInAnyOrderElementsOf(Arrays.stream(Fault.values()).map(Fault::profileName).toList());
    }

    /** Every row, or those whose scenario or fault {@code -Dfault-profiles.only=a,b} names (to rerun a few). */
    @TestFactory
    Stream<DynamicTest> everyRowGivesItsVerdict() throws Exception {
        List<String> only = Arrays.stream(System.getProperty("fault-profiles.only", "").split(","))
                .map(String::strip).filter(x -> !x.isEmpty()).toList();
        return rows().stream().filter(r -> only.isEmpty() || only.contains(r.fault()) || only.contains(r.scenario()))
                .map(row -> DynamicTest.dynamicTest(row.name(), () -> check(row)));
    }

    private void check(Row row) throws Exception {
        Path work = dir.resolve(row.fault().replaceAll("[^a-z-]", "") + "-" + Math.abs(row.hashCode()));
        Map<String, String> settings = new LinkedHashMap<>(row.settings());
        settings.put("timeScale", TIME_SCALE);
        if (!row.fault().equals("(none)")) {
            settings.put("faults", row.fault());
        }
        String replay = System.getProperty("fault-profiles.seed", "");
        if (!replay.isBlank()) {
            settings.put("seed", replay.strip());
        }
        try (StandaloneTwin twin = StandaloneTwin.start(work.resolve("twin"), settings)) {
            String seed = seed(twin.log());
            ScenarioResults results = ScenarioTestKit.run(AnyScenarioTestCases.class).withEndpoints(twin.endpoints())
                    .withScenario(row.scenario()).reportsIn(work.resolve("reports")).execute();
            List<StepResult> failed = results.failedSteps();
            String report = reportOrWhyNone(results);
            keepEvidence(row, results.runDir());
            String twinLog = twin.log();
            Files.writeString(evidence(row).resolve("twin.log"), twinLog);
            checkTheFaultActed(row, twinLog, seed);
            if (row.verdict().equals("PASS")) {
                System.out.println(row.name() + " (twin seed " + seed + "): passed");
                assertThat(failed).as("failures of %s on a healthy twin (twin seed %s); report:%n%s", row.scenario(),
                        seed, report).isEmpty();
                assertThat(results.abortedSteps()).isEmpty();
                assertThat(results.resultsJson().get("outcome").asText()).isEqualTo("PASSED");
                results.resultsJson().get("generators").forEach(g -> assertThat(g.get("saturated").asBoolean())
                        .as("a generator saturated on a healthy twin: %s", g).isFalse());
                return;
            }
            if (row.verdict().equals(INCONCLUSIVE)) {
                checkInconclusive(row, results, twin.endpoints(), seed, report);
                return;
            }
            assertThat(failed).as("the run must fail, and only once (twin seed %s); report:%n%s", seed, report).hasSize(1);
            String why = failed.get(0).message();
            System.out.println(row.name() + " (twin seed " + seed + "): " + why.lines().findFirst().orElse(""));
            if (row.verdict().equals(NOT_BEFORE)) {
                assertThat(why).as("the first failure of %s with %s (twin seed %s)", row.scenario(), row.fault(), seed)
                        .containsPattern("^step \\d+: .+ held after \\S+, before not-before \\S+ \\(");
            } else {
                assertThat(why).as("the first failure of %s with %s (twin seed %s)", row.scenario(), row.fault(),
                        seed).startsWith("invariant '" + row.verdict() + "' violated: Expected");
            }
            assertThat(results.resultsJson().get("outcome").asText()).isEqualTo("FAILED");
        }
    }

    /**
     * A row whose load generator the fault saturates: the run is INCONCLUSIVE, never passed or skipped; its one
     * failure (the thresholds step's, or a step's that failed meanwhile) names the twin's load host with SIPp's
     * watchdog as the evidence; the report and results.json say the same.
     */
    private static void checkInconclusive(Row row, ScenarioResults results, Path endpoints, String seed, String report)
            throws Exception {
        JsonNode ssh = new ObjectMapper().readTree(endpoints.toFile()).path("ssh");
        String host = ssh.path("user").asText() + "@" + ssh.path("host").asText() + ":" + ssh.path("port").asInt();
        String saturated = "load generator saturated on " + host + ": SIPp's minor watchdog tripped ";
        List<StepResult> failed = results.failedSteps();
        assertThat(failed).as("the run of %s with %s fails once (twin seed %s); report:%n%s", row.scenario(),
                row.fault(), seed, report).hasSize(1);
        System.out.println(row.name() + " (twin seed " + seed + "): " + failed.get(0).message());
        assertThat(failed.get(0).message()).startsWith(saturated)
                .matches("(?s).* times in uac-\\S+ \\(allowed 3, generator\\.max-watchdog-minor\\): \"Overload warning: "
                        + "the minor watchdog timer 500ms has been tripped \\(\\d+\\), \\d+ trips remaining\"(; sipp stopped "
                        + "\\(state T\\) in \\d+ of \\d+ polls)?(; the step failed: .*)?");
        JsonNode json = results.resultsJson();
        assertThat(json.get("outcome").asText()).isEqualTo("INCONCLUSIVE");
        // judged again on the last polls, so its counts may be higher than the failure's
        assertThat(json.get("reason").asText()).startsWith(saturated);
        assertThat(json.get("generators")).hasSize(1);
        assertThat(json.get("generators").get(0).get("host").asText()).isEqualTo(host);
        assertThat(json.get("generators").get(0).get("saturated").asBoolean()).isTrue();
        assertThat(report).contains("**Result**: INCONCLUSIVE", "| " + host + " | SATURATED: SIPp's minor watchdog");
    }

    /** The smallest number of SSH restarts the ssh-drops row must see for its PASS to mean anything. */
    static final int MIN_SSH_DROPS = 4;

    /**
     * The control of a fault row: the twin says the fault was on; for {@code ssh-drops}, whose verdict
     * is PASS, that the drops really happened, since a PASS without them would prove nothing.
     */
    private static void checkTheFaultActed(Row row, String twinLog, String seed) {
        if (row.fault().equals("(none)")) {
            assertThat(twinLog).as("a control row runs on a twin without faults").doesNotContain("twin faults active");
            return;
        }
        assertThat(twinLog).as("the twin's log (seed %s)", seed).contains("twin faults active: " + row.fault());
        if (row.fault().equals("ssh-drops")) {
            long drops = twinLog.lines().filter(l -> l.contains("twin fault ssh-drops: the SSH load host restarted")).count();
            System.out.println(row.name() + ": " + drops + " SSH drops during the run");
            assertThat(drops).as("SSH restarts during the ssh-drops row").isGreaterThanOrEqualTo(MIN_SSH_DROPS);
        }
    }

    /** The seed the twin printed at start, to replay a row with {@code -Dfault-profiles.seed=N}. */
    static String seed(String twinLog) {
        Matcher m = Pattern.compile("twin seed (-?\\d+)").matcher(twinLog);
        return m.find() ? m.group(1) : "unknown";
    }

    /** Where a row's evidence is kept; rows that differ only in the stack profile keep theirs apart. */
    private static Path evidence(Row row) {
        String stack = row.settings().containsKey("stack") ? "-" + row.settings().get("stack") : "";
        return Path.of("target", "fault-profiles", (row.fault() + "-" + Path.of(row.scenario()).getFileName() + stack)
                .replaceAll("[^A-Za-z0-9.-]", ""));
    }

    /** The run's reports, kept under target/fault-profiles/ to read after the build. */
    private static void keepEvidence(Row row, Path from) throws Exception {
        Path keep = evidence(row);
        Files.createDirectories(keep);
        try (var files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path to = keep.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The run's report, to show with a wrong verdict, or why there is none. */
    static String reportOrWhyNone(ScenarioResults results) {
        try {
            return results.report();
        } catch (AssertionError | UncheckedIOException e) {
            return "(no report: " + e.getMessage() + ")";
        }
    }

    @ScalingScenario
    static class AnyScenarioTestCases implements ScenarioSteps {
    }
}
