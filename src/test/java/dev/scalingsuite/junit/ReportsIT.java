package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingsuite.config.SuiteConfig;
import dev.scalingsuite.report.AllureFiles;
import dev.scalingsuite.load.SippProcesses;
import dev.scalingsuite.report.SeriesSummary;
import dev.scalingsuite.testing.ScenarioResults;
import dev.scalingsuite.testing.ScenarioTestKit;
import dev.scalingsuite.testing.StepResult;
import dev.scalingsuite.twin.Twin;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The reports of a run against a twin with a non-default policy: the configuration they show is
 * the one the APIs report, and the cold-start phases they measure are the twin's within 10 %. The run
 * is a series of one, through the JUnit Platform Launcher as {@code -Pscenario=all} runs each scenario,
 * so the series summary and what Allure's listener records of the run are checked on it too. Its scenario has an
 * SLO at warning every run ({@code tasks.peak}, see the probe): the run passes and the warning is on the console,
 * in report.md, in results.json and on the slos step's Allure step.
 */
class ReportsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theReportShowsTheLivePolicyAndMeasuresTheTwinsColdStart() throws IOException {
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                twin:
                  timeScale: 30
                  targetSessionsPerTask: 4
                  maxCapacity: 8
                  maxConcurrentCalls: 7
                  coldStartFactor: 2
                """);
        Path reports = dir.resolve("reports");
        SeriesSummary.Written[] written = new SeriesSummary.Written[1];
        String console = Console.capture(() -> written[0] = Series.run(List.of(new Series.Entry("one-scale-out",
                OneScaleOutTestCases.class)), Map.of(SuiteConfig.PREFIX + "config", config.toString(),
                SuiteConfig.PREFIX + "reports-dir", reports.toString()), reports, false, System.out,
                LauncherFactory.create()));
        SeriesSummary.Written series = written[0];
        JsonNode root = JSON.readTree(series.json().toFile());
        JsonNode summary = root.get("scenarios").get(0);
        assertThat(series.passed()).as(summary.toString()).isTrue();
        assertThat(summary.get("tests").toString()).isEqualTo("{\"passed\":9,\"failed\":0,\"aborted\":0}");

        Path runDir = series.json().getParent().resolve(summary.get("files").get("runDir").asText()).normalize();
        String report = Files.readString(runDir.resolve("report.md"));
        assertThat(report).contains("**Result**: PASSED", "| Max capacity | 8 |",
                "| MAX_CONCURRENT_CALLS | 7 |",
                "| 4 (SessionsPerTask Average); scale-out cooldown 1m 00s");
        assertThat(runDir.resolve("scaling.png")).isNotEmptyFile();
        assertThat(runDir.resolve("sessions-per-task.png")).isNotEmptyFile();

        JsonNode json = JSON.readTree(runDir.resolve("results.json").toFile());
        assertThat(json.get("configuration").get("targetTracking").get(0).get("targetValue").asDouble()).isEqualTo(4.0);
        assertThat(json.get("configuration").get("maxCapacity").asInt()).isEqualTo(8);
        assertThat(json.get("configuration").get("maxConcurrentCalls").asInt()).isEqualTo(7);
        JsonNode coldStart = json.get("coldStart").get("median");
        System.out.println("cold start medians with coldStartFactor 2 (model s): " + coldStart);
        // the twin's defaults (14 s scheduling, 37 s pull, 17 s init) times coldStartFactor 2, in model seconds
        assertThat(coldStart.get("schedulingSeconds").asDouble()).isCloseTo(28, within(2.8));
        assertThat(coldStart.get("imagePullSeconds").asDouble()).isCloseTo(74, within(7.4));
        assertThat(coldStart.get("appInitSeconds").asDouble()).isCloseTo(34, within(3.4));
        assertThat(json.get("coldStart").get("tasks")).hasSize(1);
        assertThat(json.get("decisions").get(0).get("desiredAfter").asInt()).isEqualTo(2);
        assertThat(json.get("calls").get("placed").asInt()).isEqualTo(5);
        costIsTheTaskMinutesAtTheDeployedTasksSize(json, report);
        connectTimeIsMeasuredOnTheLoadHostsPath(json.get("calls"), report);
        assertThat(summary.get("kpis").get("callsPlaced").asInt()).isEqualTo(5);
        assertThat(summary.get("kpis").get("peakTasks").asInt()).isEqualTo(2);
        assertThat(summary.get("allure").get("statuses").get("passed").asInt()).isEqualTo(9);
        allureHasTheRunAsItsUsersExpectIt(Instant.parse(root.get("startedAt").asText()));
        theSloAtWarningIsShownAndTheRunPasses(console, report, json.get("slos"),
                Instant.parse(root.get("startedAt").asText()));
    }

    /**
     * tasks.peak at warning (2 tasks, warning 1, critical 3): one console line, a row of report.md's SLOs, an entry
     * of results.json's slos, and the slos step passed in Allure with its warnings parameter and the SLOs attached.
     */
    private static void theSloAtWarningIsShownAndTheRunPasses(String console, String report, JsonNode slos,
            Instant seriesStarted) throws IOException {
        String warning = "tasks.peak 2 tasks > warning 1 tasks (critical 3 tasks)";
        assertThat(console.lines().filter(l -> l.contains("SLO warning"))).containsExactly("scaling suite: SLO warning: "
                + warning);
        assertThat(report).contains("## SLOs", "0 critical, 1 warning, 0 not measured, 1 OK.",
                "| `tasks.peak` | 2 tasks | 1 tasks | 3 tasks | **WARNING** | " + PROBE + ":10 |",
                "| `calls.dropped` | 0 calls | - | 0 calls | OK | " + PROBE + ":11 |");
        assertThat(slos.toString()).isEqualTo("[{\"key\":\"tasks.peak\",\"unit\":\"tasks\",\"value\":2.0,"
                + "\"warning\":1.0,\"critical\":3.0,\"level\":\"WARNING\",\"source\":\"" + PROBE + ":10\"},"
                + "{\"key\":\"calls.dropped\",\"unit\":\"calls\",\"value\":0.0,\"warning\":null,\"critical\":0.0,"
                + "\"level\":\"OK\",\"source\":\"" + PROBE + ":11\"}]");
        JsonNode result = allureResults(seriesStarted).stream().filter(r -> r.path("name").asText().equals("08. slos"))
                .findFirst().orElseThrow();
        assertThat(result.path("status").asText()).isEqualTo("passed");
        JsonNode step = result.path("steps").get(0);
        assertThat(parameters(step)).contains("warnings=" + warning, "actual=0 critical, 1 warning, 0 not measured, 1 OK",
                "expected=tasks.peak warning 1 tasks, critical 3 tasks, calls.dropped critical 0 calls", "measured=yes");
        assertThat(step.path("attachments").findValuesAsText("name")).containsExactly("SLOs");
    }

    /**
     * The cost as the live path reads it: each task's size from the twin's DescribeTaskDefinition (the deployed
     * 4096 CPU units and 8192 MiB), at us-east-1's built-in prices (the twin's region).
     */
    private static void costIsTheTaskMinutesAtTheDeployedTasksSize(JsonNode json, String report) {
        JsonNode cost = json.get("cost");
        assertThat(cost.get("notMeasured").asText()).isEmpty();
        assertThat(cost.get("bySize")).singleElement().satisfies(size -> {
            assertThat(size.get("cpu").asInt()).isEqualTo(4096);
            assertThat(size.get("memoryMib").asInt()).isEqualTo(8192);
            assertThat(size.get("tasks").asInt()).isEqualTo(json.get("taskMinutes").get("tasks").asInt());
        });
        assertThat(cost.get("prices").get("region").asText()).isEqualTo("us-east-1");
        double seconds = 0;
        for (JsonNode task : json.get("taskMinutes").get("perTask")) {
            seconds += task.get("seconds").asLong();
        }
        assertThat(cost.get("usd").asDouble()).isCloseTo(seconds / 3600 * (4 * 0.04048 + 8 * 0.004445), within(1e-6));
        assertThat(json.get("kpis").get("cost.usd").get("value").asDouble()).isEqualTo(cost.get("usd").asDouble());
        assertThat(report).contains("**Cost in dollars**: $", " x 4 vCPU, 8 GB at $0.04048/vCPU-h, $0.004445/GB-h, "
                + "us-east-1, prices of 2026-06-17)");
    }

    /**
     * Allure's results of the run: its tests named so they sort in the order they ran, each with its model time;
     * each step's Allure step with its time to satisfy; the environment and the categories beside them.
     */
    private static void allureHasTheRunAsItsUsersExpectIt(Instant seriesStarted) throws IOException {
        Path allure = AllureFiles.resultsDir();
        List<JsonNode> results = allureResults(seriesStarted);
        List<String> byStart = results.stream().sorted(Comparator.comparingLong(r -> r.path("start").asLong()))
                .map(r -> r.path("name").asText()).toList();
        assertThat(byStart).as("Allure's results of the run, as they started").hasSize(9).isSorted()
                .satisfies(names -> assertThat(names.get(0)).startsWith("01. place-calls 5 "))
                .endsWith("07. thresholds", "08. slos", "09. report");
        assertThat(results).allSatisfy(r -> assertThat(parameters(r)).as(r.path("name").asText())
                .anyMatch(p -> p.startsWith("model time=")));
        JsonNode step = results.stream().filter(r -> r.path("name").asText().startsWith("03. ")).findFirst().orElseThrow();
        assertThat(parameters(step.path("steps").get(0))).anyMatch(p -> p.startsWith("time to satisfy (model)="));

        Properties environment = new Properties();
        environment.load(new StringReader(Files.readString(allure.resolve(AllureFiles.ENVIRONMENT))));
        // the twin runs in a network namespace of its own where the machine allows one, in-process elsewhere
        assertThat(environment.getProperty("target"))
                .matches("local twin \\((in-process|network namespace [^,]+), seed -?\\d+\\)");
        assertThat(environment).containsEntry("stack-profile", "recommended").containsEntry("time-scale", "30")
                .containsEntry("service", "voice-agent-poc-service").containsKey("suite-commit");
        assertThat(Files.readString(allure.resolve(AllureFiles.CATEGORIES))).isEqualTo(AllureFiles.categoriesJson());
    }

    /** Allure's results of the run's tests: those of the story one-scale-out since the series started. */
    private static List<JsonNode> allureResults(Instant seriesStarted) throws IOException {
        List<JsonNode> results = new ArrayList<>();
        try (Stream<Path> files = Files.list(AllureFiles.resultsDir())) {
            for (Path file : files.filter(f -> f.toString().endsWith("-result.json")).toList()) {
                JsonNode result = JSON.readTree(file.toFile());
                if (result.path("start").asLong() >= seriesStarted.toEpochMilli()
                        && result.path("labels").toString().contains("{\"name\":\"story\",\"value\":\"one-scale-out\"}")) {
                    results.add(result);
                }
            }
        }
        return results;
    }

    private static List<String> parameters(JsonNode result) {
        List<String> parameters = new ArrayList<>();
        result.path("parameters").forEach(p -> parameters.add(p.path("name").asText() + "=" + p.path("value").asText()));
        return parameters;
    }

    /**
     * Connect time through the suite's own path (the load driver, the capture beside SIPp on the twin's
     * SSH load host, the reports): each of the 5 calls heard its agent's greeting, at least the greeting's
     * 1 s of wall time after its INVITE (time scale 30: 1.5 s of model time is floored to 1 s) and after
     * its SIP setup, and within the webhook's path (the front door answers first, then the webhook:
     * its delay, up to 3 attempts of 2 s) plus the greeting and a second of slack.
     */
    private static void connectTimeIsMeasuredOnTheLoadHostsPath(JsonNode calls, String report) {
        System.out.println("connect " + calls.get("connectMillis") + " " + calls.get("connectCalls") + ", setup "
                + calls.get("setupMillis"));
        assertThat(calls.has("connectNotMeasured")).as("the capture runs here (root): %s",
                calls.get("connectNotMeasured")).isFalse();
        assertThat(calls.get("connectCalls").toString()).isEqualTo("{\"placed\":5,\"measured\":5,\"withoutRtp\":0}");
        double bound = 2000 / 30.0 + 3 * 2000 + 1000 + 1000;
        assertThat(calls.get("connectMillis").get("p50").asDouble()).isGreaterThanOrEqualTo(1000)
                .isGreaterThan(calls.get("setupMillis").get("p99").asDouble());
        assertThat(calls.get("connectMillis").get("p99").asDouble()).isLessThan(bound);
        assertThat(report).contains("| Connect p50 / p95 / p99 (INVITE -> first RTP from the far end")
                .contains("(5 of 5 calls) |");
    }

    private static final String PROBE = "src/test/resources/probes/one-scale-out-slos.yaml";

    @ScalingScenario(PROBE)
    static class OneScaleOutTestCases implements ScenarioSteps {
    }

    /**
     * Two load hosts of a twin in network namespaces: a step's 4 calls split 2 and 2, each host's SIPp bound to its
     * own address (198.18.0.2 and .6, as its command line shows), and the reports give each host's part and the
     * totals.
     */
    @Test
    void twoLoadHostsEachPlaceTheirShareFromTheirOwnAddress() throws IOException {
        Path probe = Files.writeString(dir.resolve("two-load-hosts.yaml"), """
                name: two-load-hosts
                description: Four calls from two load hosts, answered, then ended.
                thresholds:
                  max-dropped: 0
                  max-rejected: 0
                steps:
                  - place-calls: {count: 4, rate: 2, period: 5s}
                  - expect: {active-sessions: 4, within: 2m}
                  - end-all-calls: {}
                  - expect: {active-sessions: 0, within: 3m}
                """);
        ScenarioResults results = ScenarioTestKit.run(AnyScenarioTestCases.class)
                .withConfig("twin:\n  loadHosts: 2\n  timeScale: 30\n  topology: netns\n")
                .withScenario(probe.toString()).reportsIn(dir.resolve("reports")).execute();
        assertThat(results.failedSteps()).as("failed steps").isEmpty();
        assertThat(results.steps()).as("the four steps, thresholds and report ran").hasSize(6);

        List<String> commands = new ArrayList<>();
        try (Stream<Path> files = Files.list(results.runDir().resolve("sipp"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith("-command.txt")).sorted().toList()) {
                commands.add(Files.readString(f));
            }
        }
        assertThat(commands).as("one SIPp per host").hasSize(2);
        assertThat(commands).anySatisfy(c -> assertThat(c).contains("'-i' '198.18.0.2'", "'-ci' '198.18.0.2'",
                "'-m' '2'"));
        assertThat(commands).anySatisfy(c -> assertThat(c).contains("'-i' '198.18.0.6'", "'-ci' '198.18.0.6'",
                "'-m' '2'"));

        JsonNode json = results.resultsJson();
        assertThat(json.get("calls").get("placed").asInt()).isEqualTo(4);
        assertThat(json.get("calls").get("completed").asInt()).isEqualTo(4);
        JsonNode hosts = json.get("loadHosts");
        assertThat(hosts).hasSize(2);
        for (int k = 0; k < 2; k++) {
            JsonNode host = hosts.get(k);
            assertThat(host.get("address").asText()).isEqualTo("198.18.0." + (4 * k + 2));
            assertThat(host.get("placed").asInt()).as("host %d: %s", k, host).isEqualTo(2);
            assertThat(host.get("answered").asInt()).as("host %d: %s", k, host).isEqualTo(2);
            assertThat(host.get("completed").asInt()).as("host %d: %s", k, host).isEqualTo(2);
            assertThat(host.get("failure").isNull()).as("host %d: %s", k, host).isTrue();
            assertThat(host.get("files").toString()).contains("-command.txt", "_rtt.csv");
        }
        String report = results.report();
        assertThat(report).contains("## Load Hosts");
        assertThat(report.lines().filter(l -> l.matches("\\| \\S+@\\S+ \\| 198\\.18\\.0\\.(2|6) \\| 1 \\| 1 \\| 2 \\| 2 "
                + "\\| 0 \\| 0 \\| .* \\| - \\|"))).as(report).hasSize(2);
        assertThat(report).containsPattern("\\| \\*\\*total\\*\\* \\|  \\| 2 \\| 2 \\| 4 \\| 4 \\| 0 \\| 0 \\|");
    }

    /**
     * A load host whose SIPp dies while its calls are up fails the step in progress, naming the host; the other
     * host's calls are still ended by INFO (their callers send BYE) and its SIPp stopped. The twin here is a
     * standalone one with two load hosts on loopback, so the test can kill the second host's SIPp itself.
     */
    @Test
    void aLoadHostWhoseSippDiesFailsTheStepNamingItAndTheOthersCallsStillEnd() throws Exception {
        Path probe = Files.writeString(dir.resolve("hold-two-load-hosts.yaml"), """
                name: hold-two-load-hosts
                description: Four calls from two load hosts held, then ended.
                steps:
                  - place-calls: {count: 4, rate: 4, period: 5s}
                  - expect: {active-sessions: 4, within: 2m}
                  - hold: {duration: 10m}
                  - end-all-calls: {}
                """);
        try (Twin twin = Twin.start(TwinSettings.of(Map.of("twin.timeScale", "30", "twin.loadHosts", "2"), "twin."))) {
            Path endpoints = dir.resolve("endpoints.json");
            twin.endpoints().write(endpoints);
            Path second = twin.loadHosts().get(1).sippHome();
            Path reports = dir.resolve("reports");
            Thread killer = new Thread(() -> killOnceTheHoldRuns(reports, second), "kill-sipp-of-load-host-1");
            killer.setDaemon(true);
            killer.start();
            ScenarioResults results = ScenarioTestKit.run(AnyScenarioTestCases.class).withEndpoints(endpoints)
                    .withScenario(probe.toString()).reportsIn(reports).execute();
            killer.join(5_000);

            String name = System.getProperty("user.name") + "@127.0.0.1:" + twin.loadHosts().get(1).port();
            StepResult hold = results.steps().stream().filter(r -> r.name().startsWith("03. hold")).findFirst()
                    .orElseThrow(() -> new AssertionError("no step 3 in " + results.steps()));
            assertThat(hold.message()).startsWith("load host " + name + " failed: its SIPp uac-")
                    .contains(" exited with 2 call(s) up (during step 3: the invariants throughout 10m)");
            JsonNode hosts = results.resultsJson().get("loadHosts");
            assertThat(hosts.get(0).get("failure").isNull()).as("%s", hosts).isTrue();
            assertThat(hosts.get(0).get("completed").asInt()).as("the first host's calls, ended by INFO: %s", hosts)
                    .isEqualTo(2);
            assertThat(hosts.get(1).get("failure").asText()).contains("exited with 2 call(s) up");
            assertThat(results.report()).contains("## Load Hosts", "exited with 2 call(s) up");
            assertThat(SippProcesses.under(twin.loadHosts().get(0).sippHome())).as("no SIPp left on the first host")
                    .isEmpty();
        }
    }

    /**
     * Kills (SIGKILL) the SIPp under {@code sippHome} once the run's timeline under {@code reports} says step 3, the
     * hold, started, and SIPp's log there shows its two calls answered.
     */
    private static void killOnceTheHoldRuns(Path reports, Path sippHome) {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            if (holdStarted(reports) && answered(sippHome) >= 2) {
                SippProcesses.under(sippHome).forEach(ProcessHandle::destroyForcibly);
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static boolean holdStarted(Path reports) {
        try (Stream<Path> files = Files.walk(reports)) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals("timeline.ndjson")).toList()) {
                if (Files.readAllLines(f).stream().anyMatch(l -> l.contains("\"kind\":\"step\"")
                        && l.contains("\"index\":3") && l.contains("\"state\":\"started\""))) {
                    return true;
                }
            }
            return false;
        } catch (IOException | java.io.UncheckedIOException e) {
            return false; // not there yet
        }
    }

    /** The calls SIPp's logs under {@code sippHome} say were answered ({@code UP} lines). */
    private static long answered(Path sippHome) {
        try (Stream<Path> files = Files.walk(sippHome.resolve("runs"))) {
            long up = 0;
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith("_logs.log")).toList()) {
                up += Files.readAllLines(f).stream().filter(l -> l.startsWith("UP ")).count();
            }
            return up;
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0; // not there yet
        }
    }

    @ScalingScenario
    static class AnyScenarioTestCases implements ScenarioSteps {
    }

    /** What the run prints, still shown as it happens. */
    private static final class Console {

        interface Body {
            void run() throws IOException;
        }

        static String capture(Body body) throws IOException {
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            PrintStream out = System.out;
            System.setOut(new PrintStream(new OutputStream() {
                @Override
                public void write(int b) {
                    out.write(b);
                    copy.write(b);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    out.write(bytes, offset, length);
                    copy.write(bytes, offset, length);
                }
            }, true, StandardCharsets.UTF_8));
            try {
                body.run();
            } finally {
                System.setOut(out);
            }
            return copy.toString(StandardCharsets.UTF_8);
        }
    }
}
