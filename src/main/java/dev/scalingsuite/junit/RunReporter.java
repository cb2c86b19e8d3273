package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.CallOutcomes;
import dev.scalingsuite.fleet.ConnectTimes;
import dev.scalingsuite.fleet.FargatePrices;
import dev.scalingsuite.fleet.FleetPorts;
import dev.scalingsuite.fleet.Kpis;
import dev.scalingsuite.fleet.LogEventsPort.LogOccurrence;
import dev.scalingsuite.fleet.RunCost;
import dev.scalingsuite.fleet.ScalingConfiguration;
import dev.scalingsuite.fleet.SessionMetrics;
import dev.scalingsuite.fleet.Slo;
import dev.scalingsuite.fleet.TaskMinutes;
import dev.scalingsuite.fleet.TaskState;
import dev.scalingsuite.fleet.Telemetry;
import dev.scalingsuite.history.Fact;
import dev.scalingsuite.history.RunEntry;
import dev.scalingsuite.load.SippRun;
import dev.scalingsuite.monitor.FleetMonitor;
import dev.scalingsuite.report.CallViews;
import dev.scalingsuite.report.PastRuns;
import dev.scalingsuite.report.ReportFiles;
import dev.scalingsuite.report.RunAnalysis;
import dev.scalingsuite.report.RolloutTimeline;
import dev.scalingsuite.report.RunKpis;
import dev.scalingsuite.report.RunRecord;
import io.qameta.allure.Allure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Ends a run and writes its reports: ends the calls (and, when a bound of the run ended it, sets the
 * desired count back to the minimum, so the tasks stop costing), reads the final state of everything
 * the reports need (each read on its own, so one failing read costs one section, not the document),
 * compares the run with its baseline run, writes the reports, adds the run to the run history and
 * attaches the files to the Allure report.
 */
final class RunReporter implements AutoCloseable {

    static final String EFFECTIVE_CONFIG = "effective-config.yaml";
    private static final int CSV_MAX_BYTES = 2 * 1024 * 1024;
    /** The capture's lines in {@code sipp/}: {@code RTP <far-end addr> <port> <epoch ms>}, one per burst. */
    static final String CAPTURE_FILE = "far-end-rtp.txt";
    /** The command line each SIPp instance was started with, beside its CSVs in {@code sipp/}. */
    static final String COMMAND_FILE = "command.txt";

    private final RunContext run;
    private final RunProgress progress;
    private Map<String, Path> files = Map.of();
    private final Map<String, Path> sippFiles = new LinkedHashMap<>();
    private Path report;
    private CallOutcomes calls;
    /** The connect times as the reports show them, once they are written. */
    private String connect;
    private TaskMinutes taskMinutes;
    private RunCost cost;
    private RunRecord record;
    /** The run ended and read, before its outcome is known. */
    private RunRecord settled;
    private Fact taskDefinition;
    private Fact imageDigest;

    RunReporter(RunContext run, RunProgress progress) {
        this.run = run;
        this.progress = progress;
    }

    synchronized Optional<Path> report() {
        return Optional.ofNullable(report);
    }

    /** The run's outcome as the reports give it, once they are written. */
    synchronized Optional<RunRecord.Outcome> outcome() {
        return Optional.ofNullable(record).map(RunRecord::outcome);
    }

    /** The run's task-minutes as the reports give them, once they are written. */
    synchronized Optional<TaskMinutes> taskMinutes() {
        return Optional.ofNullable(taskMinutes);
    }

    /** The run's cost as the reports give it, once they are written. */
    synchronized Optional<RunCost> cost() {
        return Optional.ofNullable(cost);
    }

    /** The calls as the reports judged them, once they are written. */
    synchronized Optional<CallOutcomes> calls() {
        return Optional.ofNullable(calls);
    }

    /**
     * Ends the run and reads its final state, once: the record the reports and the run history are made of, its
     * outcome not yet known ({@code PASSED} until {@link #finish} says otherwise).
     */
    synchronized RunRecord settle() {
        if (settled != null) {
            return settled;
        }
        Instant endedAt = Instant.now();
        FleetPorts ports = run.suite().ports();
        List<String> problems = new ArrayList<>();
        read("polling the load generators once more", () -> {
            run.generators().close();
            return true;
        }, false, problems);
        read("ending the calls and stopping SIPp", () -> {
            run.load().close();
            return true;
        }, false, problems);
        run.bounds().reached().ifPresent(bound -> read("setting the desired count back to the minimum", () -> {
            String done = new Baseline(run.suite()).restoreDesiredCount();
            run.timeline().append(Instant.now(), "recovery", Map.of("bound", bound, "desiredCount", done));
            System.out.println("scaling suite: " + bound + ": calls ended by INFO, SIPp stopped, " + done);
            return true;
        }, false, problems));
        read("deploying the original task definition back", () -> run.rollouts().restore(
                        run.suite().ports().scaling().configuration().minCapacity()),
                Optional.<String>empty(), problems).ifPresent(done -> System.out.println("scaling suite: " + done));
        String judging = "judging the calls from SIPp's log and the agents' call events";
        CallOutcomes calls = read(judging, () -> run.calls().settled(), null, problems);
        if (calls == null) {
            String why = problems.get(problems.size() - 1);
            calls = read("reading the call counts", () -> run.calls().unjudged(why), CallOutcomes.NONE, problems);
        }
        this.calls = calls;
        List<Duration> setup = read("reading the call setup times", () -> run.load().setupTimes(), List.of(), problems);
        ConnectTimes connect = read("reading the connect times", () -> run.load().connectTimes(), null, problems);
        if (connect == null) {
            connect = ConnectTimes.notMeasured(problems.get(problems.size() - 1));
        }
        copySippFiles(problems);
        List<RunRecord.LoadHostRecord> hosts = read("reading each load host's part", () -> run.load().perHost(),
                List.<RunRecord.LoadHostRecord>of(), problems).stream().map(this::withCopiedFiles).toList();
        read("refreshing the monitors", () -> {
            run.monitor().refresh();
            return true;
        }, false, problems);
        Instant now = Instant.now();
        Telemetry telemetry = run.suite().telemetry();
        Map<String, Long> logs = read("counting log events",
                () -> ports.logs().count(telemetry.events().counted(), run.startedAt(), now),
                run.monitor().logEventCounts(), problems);
        String readyEvent = telemetry.events().ready();
        Map<String, Instant> ready = read("reading " + readyEvent + " log lines", () -> firstPerTask(
                ports.logs().occurrences(readyEvent, run.startedAt(), now)), Map.of(), problems);
        List<SessionMetrics> metrics = read("reading the metric datapoints", () -> ports.metrics().history(
                run.startedAt().minus(run.timeScale().wall(Duration.ofMinutes(1))), now), List.of(), problems);
        ScalingConfiguration configuration = read("reading the scaling configuration",
                () -> ports.scaling().configuration(),
                new ScalingConfiguration(0, 0, List.of(), List.of(), OptionalInt.empty()), problems);
        Map<String, Integer> pollFailures = new LinkedHashMap<>(run.monitor().totalFailures());
        pollFailures.put("generators", run.generators().failures());
        this.taskMinutes = TaskMinutes.of(run.monitor().tasksSeen(), run.startedAt(), now, run.timeScale().factor());
        this.cost = cost(taskMinutes, ports);
        run.monitor().close();
        List<String> baseline = read("checking the baseline for the next run",
                () -> new Baseline(run.suite()).problems(), List.of("the baseline could not be checked"), problems);
        this.taskDefinition = read("reading the service's task definition", () -> Fact.of(ports.ecs().service()
                .taskDefinition()), null, problems);
        if (taskDefinition == null) {
            taskDefinition = Fact.notMeasured(problems.get(problems.size() - 1));
        }
        List<String> tasksRun = run.monitor().tasksSeen().stream().map(TaskState::id).toList();
        this.imageDigest = read("reading the tasks' image digests",
                () -> HistoryKeeper.imageDigest(ports.ecs().imageDigests(), tasksRun), null, problems);
        if (imageDigest == null) {
            imageDigest = Fact.notMeasured(problems.get(problems.size() - 1));
        }
        run.timeline().close();
        problems.forEach(p -> System.err.println("scaling suite: while writing the reports, " + p));
        settled = new RunRecord(run.scenario().name(), run.suite().targetInfo(), run.timeScale().factor(),
                run.startedAt(), endedAt, RunRecord.Outcome.PASSED, "", SuiteCommit.of(Path.of("").toAbsolutePath()),
                configuration,
                run.preflight(), progress.results(), run.measurements().records(), calls, setup, connect, metrics, logs,
                ready, pollFailures, new RunRecord.BaselineState(baseline.isEmpty(), baseline), run.timeline().events(),
                telemetry, taskMinutes, new RunRecord.Bounds(run.bounds().bounds().maxRunTime(),
                        run.bounds().bounds().maxTaskMinutes(),
                        run.bounds().reached().map(b -> b.substring(0, b.indexOf(' ')))))
                .withSlos(run.scenario().slos())
                .withGenerators(run.generators().loads())
                .withCost(cost)
                .withLoadHosts(hosts);
        return settled;
    }

    /**
     * What the run's task-minutes cost at the prices of the target's region, each task's size read from its task
     * definition; not measured, saying why, when a price or a size could not be had.
     */
    private RunCost cost(TaskMinutes minutes, FleetPorts ports) {
        FargatePrices prices;
        try {
            prices = run.suite().config().pricing().forRegion(run.suite().targetInfo().region());
        } catch (IllegalStateException e) {
            return RunCost.notMeasured(minutes, e.getMessage(), Optional.empty());
        }
        return RunCost.read(minutes, run.monitor().tasksSeen(), ports.ecs()::taskSize, prices);
    }

    /** The comparison with the baseline run, made once from the settled run ({@link #settle}). */
    synchronized PastRuns compareWithBaseline() {
        RunRecord run = settle();
        return this.run.history().past(entry(run, RunKpis.of(RunAnalysis.of(run))));
    }

    /** The scenario's SLOs judged on the settled run's KPIs ({@link #settle}): what the report's "SLOs" shows. */
    synchronized List<Slo.Result> slos() {
        RunRecord run = settle();
        return Slo.judge(run.slos(), RunKpis.of(RunAnalysis.of(run)));
    }

    /**
     * Ends the run (if {@link #settle} has not), writes the reports as {@code outcome} and adds the run to the
     * run history, once; returns {@code report.md}.
     */
    synchronized Path finish(RunRecord.Outcome outcome, String reason) {
        if (report != null) {
            return report;
        }
        settle();
        // whatever the checks said, a saturated generator may have placed less load, or later, than asked
        GeneratorWatches.Ending ending = GeneratorWatches.ending(outcome, reason, run.generators().reason());
        outcome = ending.outcome();
        reason = ending.reason();
        RunRecord ended = settle().ended(outcome, reason, progress.results(), run.measurements().records(),
                PastRuns.NONE);
        RunEntry entry = entry(ended, RunKpis.of(RunAnalysis.of(ended)));
        List<String> problems = new ArrayList<>();
        PastRuns past = read("reading the run history " + run.history().store().dir(), () -> run.history().past(entry),
                PastRuns.NONE, problems);
        problems.forEach(p -> System.err.println("scaling suite: while writing the reports, " + p));
        RunRecord record = ended.ended(outcome, reason, ended.steps(), ended.checks(), past);
        this.connect = CallViews.connect(RunAnalysis.of(record));
        this.record = record;
        files = new LinkedHashMap<>(ReportFiles.write(run.runDir(), record));
        try {
            Path config = run.runDir().resolve(EFFECTIVE_CONFIG);
            Files.writeString(config, EffectiveConfiguration.render(run.suite().config(), run.suite()));
            files.put(EFFECTIVE_CONFIG, config);
        } catch (IOException e) {
            System.err.println("scaling suite: cannot write " + EFFECTIVE_CONFIG + ": " + e.getMessage());
        }
        report = files.get(ReportFiles.REPORT);
        run.history().write(entry);
        return report;
    }

    private RunEntry entry(RunRecord record, Kpis kpis) {
        return run.history().entry(record, kpis, taskDefinition, imageDigest, run.runDir());
    }

    /** One read of the final state; a failure is noted and the fallback used. */
    private static <T> T read(String what, Supplier<T> read, T fallback, List<String> problems) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            problems.add(what + " failed: " + e.getMessage());
            return fallback;
        }
    }

    private static Map<String, Instant> firstPerTask(List<LogOccurrence> occurrences) {
        Map<String, Instant> first = new LinkedHashMap<>();
        occurrences.forEach(o -> first.putIfAbsent(o.taskId(), o.at()));
        return first;
    }

    /**
     * SIPp's stat, rtt and counts CSVs of each instance, and the far end's first packets its capture saw,
     * copied from the load hosts into {@code sipp/}, with the command line each instance was started with
     * ({@code <run id>-command.txt}: where it bound and where it called).
     */
    private void copySippFiles(List<String> problems) {
        for (SippRun sipp : run.load().runs()) {
            try {
                Map<String, String> files = new LinkedHashMap<>(sipp.csvFiles(CSV_MAX_BYTES));
                files.put(CAPTURE_FILE, sipp.captureLines(CSV_MAX_BYTES));
                files.put(COMMAND_FILE, sipp.commandLine() + "\n");
                for (Map.Entry<String, String> each : files.entrySet()) {
                    Path file = run.runDir().resolve("sipp").resolve(sipp.runId() + "-" + each.getKey());
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, each.getValue(), StandardCharsets.UTF_8);
                    sippFiles.put(file.getFileName().toString(), file);
                }
            } catch (IOException | RuntimeException e) {
                problems.add("copying SIPp's CSV files of " + sipp.runId() + " failed: " + e.getMessage());
            }
        }
    }

    /** A host's part with the SIPp files copied of its instances, as the run's directory names them. */
    private RunRecord.LoadHostRecord withCopiedFiles(RunRecord.LoadHostRecord host) {
        List<String> copied = sippFiles.keySet().stream()
                .filter(name -> host.runs().stream().anyMatch(id -> name.startsWith(id + "-")))
                .map(name -> "sipp/" + name).toList();
        return host.withFiles(copied);
    }

    /** Attaches the reports, the configuration and SIPp's CSVs to the current Allure test. */
    synchronized void attachToAllure() {
        if (!run.preflight().isEmpty()) {
            Allure.addAttachment("preflight warnings", "text/plain",
                    LivePreflight.show(run.scenario().name(), run.preflight()), ".txt");
        }
        attach("report.md", "text/markdown", ReportFiles.REPORT, ".md");
        attach("scaling chart", "image/png", ReportFiles.SCALING_CHART, ".png");
        attach("sessions per task chart", "image/png", ReportFiles.DISTRIBUTION_CHART, ".png");
        attach("trends: KPIs of the last runs", "image/png", ReportFiles.TREND_CHART, ".png");
        attach("timeline.csv", "text/csv", ReportFiles.TIMELINE_CSV, ".csv");
        attach("results.json", "application/json", ReportFiles.RESULTS, ".json");
        if (calls != null) {
            Allure.addAttachment("calls: SIP view and stack's view", "text/plain", callViews(calls), ".txt");
        }
        Allure.addAttachment("checks: measured or not", "text/plain", checks(), ".txt");
        if (record != null && !RolloutTimeline.of(record).isEmpty()) {
            Allure.addAttachment("rollouts: timeline and what protection held", "text/plain",
                    RolloutTimeline.text(record), ".txt");
        }
        attach("effective configuration", "text/yaml", EFFECTIVE_CONFIG, ".yaml");
        sippFiles.forEach((name, file) -> {
            if (name.contains("caller_")) { // stat, rtt and counts; the INFO inputs stay in sipp/
                attach("SIPp " + name, "text/csv", file, ".csv");
            } else if (name.endsWith(CAPTURE_FILE)) {
                attach("far end's first RTP packets " + name, "text/plain", file, ".txt");
            } else if (name.endsWith(COMMAND_FILE)) {
                attach("SIPp command line " + name, "text/plain", file, ".txt");
            }
        });
    }

    /** Each threshold, invariant and step condition, and whether it was measured, for the Allure report. */
    private String checks() {
        StringBuilder text = new StringBuilder();
        for (RunRecord.CheckRecord c : run.measurements().records()) {
            text.append(c.check()).append(" (").append(c.scope()).append("): ").append(c.result())
                    .append(c.notMeasured().isEmpty() ? "" : " - " + c.notMeasured()).append('\n');
        }
        return text.toString();
    }

    /** Both views of the calls and every disagreement, for the Allure report. */
    private String callViews(CallOutcomes calls) {
        StringBuilder text = new StringBuilder("SIP view: " + calls.sipView() + "\nstack's view: "
                + calls.stackView() + "\n");
        if (connect != null) {
            text.append("connect p50 / p95 / p99 (INVITE -> first RTP from the far end, wall ms): ").append(connect)
                    .append('\n');
        }
        List<String> disagreements = CallViews.disagreements(calls, run.timeScale()::modelSeconds);
        text.append(disagreements.isEmpty() ? "the two views agree\n" : "where they differ:\n");
        disagreements.forEach(d -> text.append("- ").append(d).append('\n'));
        return text.toString();
    }

    private void attach(String title, String type, String name, String extension) {
        Path file = files.get(name);
        if (file != null) {
            attach(title, type, file, extension);
        }
    }

    private static void attach(String title, String type, Path file, String extension) {
        try (InputStream in = Files.newInputStream(file)) {
            Allure.addAttachment(title, type, in, extension);
        } catch (IOException e) {
            System.err.println("scaling suite: cannot attach " + file + " to the Allure report: " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        run.generators().close();
        run.monitor().close();
        run.timeline().close();
    }
}
