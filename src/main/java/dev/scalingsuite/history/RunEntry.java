package dev.scalingsuite.history;

import dev.scalingsuite.fleet.Kpis;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One run as the run history remembers it: which run, which suite, against what, under which configuration,
 * how it ended and its KPIs. Two entries of the same scenario compare ({@link #differencesFrom}).
 *
 * @param id the run's id, its report directory's name: {@code steady-state-2026-11-23-212920}
 * @param outcome {@code PASSED}, {@code FAILED} or {@code ABORTED}
 * @param reason why it failed or was aborted; empty when it passed
 * @param suiteVersion the suite's version ({@code 0.1.0-SNAPSHOT}), or {@code unknown}
 * @param suiteCommit the suite's git commit ({@code -dirty} with local changes), or {@code unknown}
 * @param timeScale 1 against AWS; the twin's factor otherwise
 * @param taskDefinition the live task definition (its ARN, with the revision) at the end of the run
 * @param imageDigest the image digest the tasks ran
 * @param configurationHash SHA-256 of the live scaling configuration as results.json writes it
 * @param scenarioHash SHA-256 of the scenario file
 * @param reportDir where the run's reports are
 * @param prices the Fargate prices its cost ({@code cost.usd}) was computed at, as the report shows them
 */
public record RunEntry(String id, String scenario, Instant startedAt, Instant endedAt, String outcome, String reason,
        String suiteVersion, String suiteCommit, Target target, int timeScale, Fact taskDefinition, Fact imageDigest,
        String configurationHash, String scenarioHash, Kpis kpis, String reportDir, Fact prices) {

    /** An entry without its prices: one written before the suite priced its runs. */
    public RunEntry(String id, String scenario, Instant startedAt, Instant endedAt, String outcome, String reason,
            String suiteVersion, String suiteCommit, Target target, int timeScale, Fact taskDefinition, Fact imageDigest,
            String configurationHash, String scenarioHash, Kpis kpis, String reportDir) {
        this(id, scenario, startedAt, endedAt, outcome, reason, suiteVersion, suiteCommit, target, timeScale,
                taskDefinition, imageDigest, configurationHash, scenarioHash, kpis, reportDir,
                Fact.notMeasured(Kpis.NOT_RECORDED));
    }

    /**
     * Where the run went: the kind ({@code local}, {@code endpoints}, {@code aws}), as the reports describe it
     * (a local twin with its seed), the account and region when known, the service, and the twin's settings as
     * given ({@code stack}, {@code coldStartFactor}; none: the twin's defaults, the recommended profile).
     */
    public record Target(String kind, String description, Optional<String> account, Optional<String> region,
            String cluster, String service, Map<String, String> twin) {

        public Target {
            twin = java.util.Collections.unmodifiableMap(new TreeMap<>(twin));
        }
    }

    public boolean passed() {
        return outcome.equals("PASSED");
    }

    /**
     * What differs from {@code baseline} besides the stack's behaviour, one phrase each: the live scaling
     * configuration, the scenario file, the task definition, the target (its kind, service, twin settings), the
     * time scale and the prices the cost was computed at (when both entries have them); empty when nothing does.
     */
    public List<String> differencesFrom(RunEntry baseline) {
        List<String> out = new ArrayList<>();
        if (!configurationHash.equals(baseline.configurationHash)) {
            out.add("the live scaling configuration (hash " + shortHash(configurationHash) + ", the baseline's "
                    + shortHash(baseline.configurationHash) + ")");
        }
        if (!scenarioHash.equals(baseline.scenarioHash)) {
            out.add("the scenario file (hash " + shortHash(scenarioHash) + ", the baseline's "
                    + shortHash(baseline.scenarioHash) + ")");
        }
        if (!taskDefinition.equals(baseline.taskDefinition)) {
            out.add("the task definition (" + taskDefinition.show() + ", the baseline's " + baseline.taskDefinition.show()
                    + ")");
        }
        if (!imageDigest.equals(baseline.imageDigest)) {
            out.add("the image digest (" + imageDigest.show() + ", the baseline's " + baseline.imageDigest.show() + ")");
        }
        if (!target.kind().equals(baseline.target.kind()) || !target.cluster().equals(baseline.target.cluster())
                || !target.service().equals(baseline.target.service()) || !target.region().equals(baseline.target.region())
                || !target.account().equals(baseline.target.account())) {
            out.add("the target (" + describe(target) + ", the baseline's " + describe(baseline.target) + ")");
        }
        if (!target.twin().equals(baseline.target.twin())) {
            out.add("the twin's settings (" + settings(target.twin()) + ", the baseline's "
                    + settings(baseline.target.twin()) + ")");
        }
        if (timeScale != baseline.timeScale) {
            out.add("the time scale (" + timeScale + ", the baseline's " + baseline.timeScale + ")");
        }
        if (prices.value().isPresent() && baseline.prices.value().isPresent() && !prices.equals(baseline.prices)) {
            out.add("the prices (" + prices.show() + ", the baseline's " + baseline.prices.show() + ")");
        }
        return out;
    }

    /** The first 12 hex digits: enough to tell two configurations apart in a sentence. */
    public static String shortHash(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }

    private static String describe(Target t) {
        return t.kind() + " " + t.region().map(r -> r + " ").orElse("") + t.account().map(a -> a + " ").orElse("")
                + t.cluster() + "/" + t.service();
    }

    private static String settings(Map<String, String> twin) {
        return twin.isEmpty() ? "none" : String.join(", ", twin.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
}
