package dev.scalingsuite.junit;

import dev.scalingsuite.config.HistoryConfig;
import dev.scalingsuite.config.SuiteConfig;
import dev.scalingsuite.fleet.Kpis;
import dev.scalingsuite.fleet.Regression;
import dev.scalingsuite.fleet.RegressionAssert;
import dev.scalingsuite.fleet.finding.Missing;
import dev.scalingsuite.history.Fact;
import dev.scalingsuite.history.Fingerprint;
import dev.scalingsuite.history.HistoryStore;
import dev.scalingsuite.history.RunEntry;
import dev.scalingsuite.report.PastRuns;
import dev.scalingsuite.report.ResultsJson;
import dev.scalingsuite.report.RunRecord;
import dev.scalingsuite.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.Set;
import java.util.Objects;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's place in the run history: what its entry says (who ran what, against what, under which
 * configuration, the verdict and the KPIs), the baseline run it is compared with ({@code baseline}), the
 * trend of its scenario's last runs, and writing its entry at the end, whatever the outcome.
 */
final class HistoryKeeper {

    /**
     * Set by the pom for the test command's own runs ({@code target/scaling-history}), so that tests never write
     * into the project's run history; a scenario profile leaves it empty. Only used when {@code history-dir} is
     * not configured.
     */
    static final String BUILD_DEFAULT_DIR = "suite.history.dir";
    /** How many runs the trends show, this one included. */
    static final int TREND_RUNS = 20;

    private final HistoryStore store;
    private final Optional<String> baseline;
    private final String runId;
    private final Scenario scenario;
    private final String scenarioHash;
    private final Map<String, String> twinSettings;
    private PastRuns compared;

    HistoryKeeper(SuiteConfig config, String runId, Scenario scenario) {
        this.store = new HistoryStore(dir(config.history()));
        this.baseline = config.history().baseline();
        this.runId = runId;
        this.scenario = scenario;
        this.scenarioHash = scenarioHash(scenario);
        this.twinSettings = config.isLocal() ? config.twin() : Map.of();
    }

    /** The run history's directory: {@code history-dir}, else the build's default for tests, else the default. */
    static Path dir(HistoryConfig history) {
        String build = System.getProperty(BUILD_DEFAULT_DIR, "");
        // blank (a scenario profile) or an unresolved ${...} (the property reached the JVM uninterpolated): unset
        return history.dirIsDefault() && !build.isBlank() && !build.startsWith("${") ? Path.of(build) : history.dir();
    }

    HistoryStore store() {
        return store;
    }

    /** {@code latest} or the run id asked for; empty when the run is compared with none. */
    Optional<String> baseline() {
        return baseline;
    }

    /** The run's entry, from its record as the reports have it. */
    RunEntry entry(RunRecord run, Kpis kpis, Fact taskDefinition, Fact imageDigest, Path reportDir) {
        RunRecord.Target t = run.target();
        RunEntry.Target target = new RunEntry.Target(t.kind(), t.description(), t.account(), t.region(),
                t.service().clusterName(), t.service().serviceName(), twinSettings);
        return new RunEntry(runId, run.scenario(), run.startedAt(), run.endedAt(), run.outcome().name(), run.reason(),
                SuiteVersion.of(), run.suiteCommit(), target, run.timeScale(), taskDefinition,
                imageDigest,
                Fingerprint.of(ResultsJson.configuration(run.configuration())), scenarioHash, kpis,
                reportDir.toAbsolutePath().normalize().toString(), run.cost().prices().map(p -> Fact.of(p.show()))
                        .orElseGet(() -> Fact.notMeasured(run.cost().notMeasured())));
    }

    /**
     * The comparison with the baseline run (made once: the regression step's is the report's) and the trend with
     * {@code current} last.
     */
    synchronized PastRuns past(RunEntry current) {
        if (compared == null) {
            compared = compare(current);
        }
        List<PastRuns.Run> trend = new ArrayList<>(store.last(scenario.name(), TREND_RUNS).stream()
                .filter(e -> !e.id().equals(runId)).map(HistoryKeeper::run).toList());
        trend.add(run(current));
        return new PastRuns(compared.regression(), compared.noBaseline(),
                trend.subList(Math.max(0, trend.size() - TREND_RUNS), trend.size()));
    }

    private PastRuns compare(RunEntry current) {
        if (baseline.isEmpty()) {
            return PastRuns.NONE;
        }
        Optional<RunEntry> base = store.baseline(baseline.get(), scenario.name(), runId);
        if (base.isEmpty()) {
            Missing missing = store.missingBaseline(baseline.get(), scenario.name());
            return new PastRuns(Optional.empty(), RegressionAssert.noBaseline(missing).getMessage(), List.of());
        }
        return new PastRuns(Optional.of(Regression.compare(base.get().id(), base.get().kpis(), current.kpis(),
                current.differencesFrom(base.get()))), "", List.of());
    }

    /** The missing baseline run, for the regression step's not measured. */
    Missing missingBaseline() {
        return store.missingBaseline(baseline.orElseThrow(), scenario.name());
    }

    /** Writes the run's entry; a failure to write costs the entry, never the run's reports. */
    void write(RunEntry entry) {
        try {
            store.write(entry);
        } catch (RuntimeException e) {
            System.err.println("scaling suite: the run was not added to the run history: " + e.getMessage());
        }
    }

    private static PastRuns.Run run(RunEntry e) {
        return new PastRuns.Run(e.id(), e.startedAt(), e.outcome(), e.kpis());
    }

    private static String scenarioHash(Scenario scenario) {
        try {
            return Fingerprint.of(Files.readAllBytes(Path.of("").toAbsolutePath().resolve(scenario.source())));
        } catch (IOException | RuntimeException e) {
            // the file went away after it was loaded: the scenario as loaded still tells two scenarios apart
            return Fingerprint.of(scenario.toString());
        }
    }

    /**
     * The image digest the run's tasks ran, from what ECS reported ({@code containers[].imageDigest}): one digest,
     * or each of them when a deployment changed the image; not measured when no task of the run reported one.
     */
    static Fact imageDigest(Map<String, String> digests, Collection<String> tasksOfTheRun) {
        Set<String> ran = new TreeSet<>();
        tasksOfTheRun.stream().map(digests::get).filter(Objects::nonNull).forEach(ran::add);
        return ran.isEmpty()
                ? Fact.notMeasured("no task of the run reported an image digest (DescribeTasks containers[].imageDigest)")
                : Fact.of(String.join(", ", ran));
    }
}
