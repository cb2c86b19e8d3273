package dev.scalingsuite.junit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalingsuite.testing.ScenarioResults;
import dev.scalingsuite.testing.ScenarioTestKit;
import dev.scalingsuite.testing.StepResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Benchmark, not a test: a fleet of load hosts through the harness, exactly as a scenario runs. The suite's own twin
 * in network namespaces (so each load host is on its own address and the twin is a JVM of its own) with
 * {@code bench.tasks} tasks (default 40; minimum = maximum capacity, so neither policy moves the fleet) and
 * {@code bench.hosts} load hosts (default 4); a scenario places {@code bench.calls} calls (default 400) with RTP (every
 * call of the suite plays its looping PCMU stream, 50 packets a second each way), split evenly over the hosts, holds
 * them for {@code bench.hold} (model time, default 10m) and ends them. Measured:
 * <ul>
 * <li>this JVM's CPU (the harness: the extension, its monitors and pollers, the SSH clients, the reports) and its
 * peak heap, over the whole run and while every SIPp was up;</li>
 * <li>each generator's CPU from /proc (every SIPp in the run's {@code -load<i>} namespaces) and, from the run's
 * results.json, the watchdog counts, retransmissions and peak CPU the harness's own generator watch saw;</li>
 * <li>the twin's JVM CPU (its {@code -stack} namespace), over its life and while every SIPp was up;</li>
 * <li>SIP setup (INVITE to 200) and connect (INVITE to the agent's first RTP packet) p50/p95, per host and in
 * total, from results.json;</li>
 * <li>harness-side failures: failed or aborted steps, failed containers, load hosts that failed; the exit status is
 * 1 when there is any.</li>
 * </ul>
 * {@code bench.maxConcurrentCalls} (default 30) is the agents' limit: above the deployed 10 so that the NLB's random
 * routing (400 calls over 40 tasks: 10 on average, some tasks far more) refuses none; refusals are the stack's, and
 * this measures the harness and its generators. Run it as root (network namespaces), on an otherwise idle machine:
 * <pre>
 * ./mvnw -q -B test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.scalingsuite.junit.FleetBenchmark -Dexec.cleanupDaemonThreads=false \
 *     [-Dbench.hosts=1 -Dbench.calls=100]   # one SIPp's CPU first
 * </pre>
 */
public final class FleetBenchmark {

    static final String COMMAND = "./mvnw -q -B test-compile exec:java -Dexec.classpathScope=test "
            + "-Dexec.mainClass=dev.scalingsuite.junit.FleetBenchmark -Dexec.cleanupDaemonThreads=false";

    /** What the benchmark runs, from {@code bench.*} system properties. */
    record Shape(int hosts, int calls, int tasks, int maxConcurrentCalls, String hold, int timeScale) {

        static Shape from(UnaryOperator<String> properties) {
            Shape shape = new Shape(integer(properties, "bench.hosts", 4, 1, 8),
                    integer(properties, "bench.calls", 400, 1, 2000), integer(properties, "bench.tasks", 40, 1, 200),
                    integer(properties, "bench.maxConcurrentCalls", 30, 1, 1000),
                    Optional.ofNullable(properties.apply("bench.hold")).orElse("10m").strip(),
                    integer(properties, "bench.timeScale", 10, 1, 60));
            if (!shape.hold.matches("\\d+[sm]")) {
                throw new IllegalArgumentException("bench.hold: '" + shape.hold + "' is not allowed: a duration of model "
                        + "time such as 10m or 90s");
            }
            if (shape.calls < shape.hosts) {
                throw new IllegalArgumentException("bench.calls (" + shape.calls + ") must be at least bench.hosts ("
                        + shape.hosts + "): each host places at least one call");
            }
            return shape;
        }

        private static int integer(UnaryOperator<String> properties, String key, int fallback, int min, int max) {
            String value = properties.apply(key);
            if (value == null || value.isBlank()) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(value.strip());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new IllegalArgumentException(key + ": '" + value + "' is not allowed: an integer from " + min + " to "
                    + max);
        }

        /**
         * The twin: fixed capacity, the hosts in namespaces of their own (refused if namespaces cannot be made); a
         * bound on task-minutes of an hour of model time per task, since the default (600) is what twelve tasks
         * cost in under an hour, and 40 cost that in 15 minutes.
         */
        String config() {
            return """
                    max-task-minutes: %d
                    twin:
                      timeScale: %d
                      topology: netns
                      loadHosts: %d
                      minCapacity: %d
                      maxCapacity: %d
                      maxConcurrentCalls: %d
                    """.formatted(tasks * 60, timeScale, hosts, tasks, tasks, maxConcurrentCalls);
        }

        /**
         * The scenario: five minutes of model time with the tasks up and no call (the twin's CPU at rest), then the
         * calls placed at one a second of model time (10 a second of wall time at time scale 10,
         * split over the hosts), all up, held with every task running and none dropped, then ended.
         */
        String scenario() {
            int placing = calls; // seconds of model time at one call a second
            return """
                    name: fleet-benchmark
                    description: %d calls from %d load hosts held on %d tasks.
                    thresholds:
                      max-dropped: 0
                      max-rejected: 0
                    steps:
                      - hold: {duration: 5m, expect: {running: %d, active-sessions: 0}}
                      - place-calls: {count: %d, rate: 10, period: 10s}
                      - expect: {active-sessions: %d, within: %ds}
                      - hold: {duration: %s, expect: {running: %d, dropped: 0}}
                      - end-all-calls: {}
                      - expect: {active-sessions: 0, within: 5m}
                    """.formatted(calls, hosts, tasks, tasks, calls, calls, placing + 300, hold, tasks);
        }
    }

    /** Seconds before the first call over which the twin's CPU with its tasks up and no call is measured. */
    private static final double IDLE = 20;

    private FleetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Shape shape;
        try {
            shape = Shape.from(System::getProperty);
        } catch (IllegalArgumentException e) {
            System.err.println("fleet benchmark: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path dir = Path.of("target", "fleet-benchmark-" + LocalDateTime.now()
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))).toAbsolutePath();
        Files.createDirectories(dir);
        Path scenario = Files.writeString(dir.resolve("fleet-benchmark.yaml"), shape.scenario());
        System.out.printf("fleet benchmark: %d calls from %d load hosts on %d tasks, hold %s, time scale %d; in %s%n",
                shape.calls, shape.hosts, shape.tasks, shape.hold, shape.timeScale, dir);

        ScenarioResults results;
        ProcessSampler sampler = new ProcessSampler();
        try (sampler) {
            results = ScenarioTestKit.run(FleetBenchmarkTestCases.class).withConfig(shape.config())
                    .withScenario(scenario.toString()).reportsIn(dir.resolve("reports")).execute();
        }
        String summary = summary(shape, results, sampler);
        Files.writeString(dir.resolve("summary.md"), summary);
        System.out.println(summary);
        System.exit(harnessFailures(results).isEmpty() ? 0 : 1);
    }

    /** What went wrong on the harness's side: steps that failed or aborted, containers that failed, hosts that failed. */
    static List<String> harnessFailures(ScenarioResults results) {
        List<String> failures = new ArrayList<>();
        results.failedSteps().stream().map(StepResult::toString).forEach(failures::add);
        results.abortedSteps().stream().map(StepResult::toString).forEach(failures::add);
        failures.addAll(results.failedContainers());
        try {
            results.resultsJson().path("loadHosts").forEach(h -> {
                if (!h.path("failure").isNull() && !h.path("failure").isMissingNode()) {
                    failures.add("load host " + h.path("host").asText() + ": " + h.path("failure").asText());
                }
            });
        } catch (RuntimeException | AssertionError e) {
            failures.add("no results.json: " + e.getMessage());
        }
        return failures;
    }

    static String summary(Shape shape, ScenarioResults results, ProcessSampler sampler) {
        StringBuilder out = new StringBuilder();
        List<String> failures = harnessFailures(results);
        JsonNode json;
        try {
            json = results.resultsJson();
        } catch (RuntimeException | AssertionError e) {
            json = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        out.append("# Fleet benchmark: ").append(shape.calls).append(" calls, ").append(shape.hosts)
                .append(" load hosts, ").append(shape.tasks).append(" tasks\n\n");
        out.append(String.format(Locale.ROOT, "- outcome: %s; harness-side failures: %d%s%n", json.path("outcome").asText("?"),
                failures.size(), failures.isEmpty() ? "" : " (" + String.join("; ", failures) + ")"));
        JsonNode calls = json.path("calls");
        out.append(String.format(Locale.ROOT, "- calls: placed %s, answered %s, rejected %s, failed %s, dropped %s, completed %s%n",
                calls.path("placed").asText("?"), calls.path("answered").asText("?"),
                calls.path("rejected").asText("?"), calls.path("failed").asText("?"), calls.path("dropped").asText("?"), calls.path("completed").asText("?")));
        out.append(String.format(Locale.ROOT, "- setup p50/p95 %s / %s ms; connect p50/p95 %s / %s ms (all hosts)%n",
                calls.path("setupMillis").path("p50").asText("-"), calls.path("setupMillis").path("p95").asText("-"),
                calls.path("connectMillis").path("p50").asText("-"), calls.path("connectMillis").path("p95").asText("-")));

        Map<String, List<ProcessSampler.Seen>> seen = sampler.byNamespace();
        List<ProcessSampler.Seen> sipps = seen.entrySet().stream().filter(e -> e.getKey().contains("-load"))
                .flatMap(e -> e.getValue().stream()).filter(ProcessSampler.Seen::placesCalls).toList();
        double from = sipps.stream().mapToDouble(ProcessSampler.Seen::firstSeen).max().orElse(Double.NaN);
        double to = sipps.stream().mapToDouble(ProcessSampler.Seen::lastSeen).min().orElse(Double.NaN);
        double first = sipps.stream().mapToDouble(ProcessSampler.Seen::firstSeen).min().orElse(Double.NaN);
        out.append(String.format(Locale.ROOT, "- wall %.0f s; every calling SIPp up from %.0f s to %.0f s (%.0f s); peak load "
                + "average %.1f%n", sampler.wallSeconds(), from, to, to - from, sampler.peakLoadAverage()));
        out.append(String.format(Locale.ROOT, "- harness (this JVM): %s of a core over the run, %s while every calling "
                + "SIPp was up; heap: peak used %d MiB, peak after a collection %d MiB, peak committed %d MiB, max %d "
                + "MiB%n", pct(sampler.harnessCoreShare()), pct(sampler.harness().coreShare(from, to)),
                sampler.peakHeapUsed() >> 20, sampler.peakHeapAfterCollection() >> 20,
                sampler.peakHeapCommitted() >> 20, Runtime.getRuntime().maxMemory() >> 20));
        seen.entrySet().stream().filter(e -> e.getKey().endsWith("-stack")).flatMap(e -> e.getValue().stream())
                .filter(s -> s.comm.equals("java")).forEach(twin -> out.append(String.format(Locale.ROOT,
                        "- twin (pid %d, %s): %s of a core over its life (%.0f s), %s in the %.0f s before the first "
                        + "call (its tasks up, no call), %s while every calling SIPp was up%n", twin.pid, twin.namespace,
                        pct(twin.coreShare()), twin.lastSeen() - twin.firstSeen(), pct(twin.coreShare(first - IDLE, first)),
                        IDLE, pct(twin.coreShare(from, to)))));

        out.append("\n| load host | namespace | SIPp CPU (its life) | SIPp CPU (all up) | placed | answered | completed "
                + "| setup p50/p95 ms | connect p50/p95 ms | watchdog minor/major | retransmissions | peak SIPp CPU "
                + "(generator watch) | failure |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        JsonNode hosts = json.path("loadHosts");
        JsonNode generators = json.path("generators");
        for (int i = 0; i < Math.max(hosts.size(), 1); i++) {
            JsonNode h = hosts.path(i);
            JsonNode g = generator(generators, h.path("host").asText());
            String suffix = "-load" + i;
            List<ProcessSampler.Seen> mine = sipps.stream().filter(s -> s.namespace.endsWith(suffix)).toList();
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s / %s | %s / %s | %s / %s | %s "
                    + "| %s | %s |%n", h.path("host").asText("?"), mine.isEmpty() ? "-" : mine.get(0).namespace,
                    mine.stream().map(s -> pct(s.coreShare())).reduce((a, b) -> a + ", " + b).orElse("-"),
                    mine.stream().map(s -> pct(s.coreShare(from, to))).reduce((a, b) -> a + ", " + b).orElse("-"),
                    h.path("placed").asText("?"), h.path("answered").asText("?"), h.path("completed").asText("?"),
                    h.path("setupMillis").path("p50").asText("-"), h.path("setupMillis").path("p95").asText("-"),
                    h.path("connectMillis").path("p50").asText("-"), h.path("connectMillis").path("p95").asText("-"),
                    g.path("watchdogMinor").asText("?"), g.path("watchdogMajor").asText("?"),
                    g.path("retransmissions").asText("?"), g.path("peakSippCpu").asText("?"),
                    h.path("failure").isNull() ? "-" : h.path("failure").asText("-")));
        }
        out.append("\nReport: ").append(safeRunDir(results)).append('\n');
        return out.toString();
    }

    private static JsonNode generator(JsonNode generators, String host) {
        for (JsonNode g : generators) {
            if (g.path("host").asText().equals(host)) {
                return g;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static String safeRunDir(ScenarioResults results) {
        try {
            return results.runDir().toString();
        } catch (RuntimeException | AssertionError e) {
            return "(none: " + e.getMessage() + ")";
        }
    }

    private static String pct(double share) {
        return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    @ScalingScenario
    static class FleetBenchmarkTestCases implements ScenarioSteps {
    }
}
