package dev.scalingsuite.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingsuite.aws.AwsAccess;
import dev.scalingsuite.aws.AwsClients;
import dev.scalingsuite.aws.DynamoSessionsAdapter;
import dev.scalingsuite.aws.SsmResolver;
import dev.scalingsuite.config.AwsTarget;
import dev.scalingsuite.config.Endpoints;
import dev.scalingsuite.config.SuiteConfig;
import dev.scalingsuite.load.SippProcesses;
import dev.scalingsuite.testing.RunTimeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Twelve runs of the suite (three of each kind), each in its own JVM against one standalone twin,
 * each broken at a random point in one of four ways: a step that fails, a monitor whose source dies,
 * SIGINT to the JVM (as Ctrl-C), the load host's SSH server restarting. After each, nothing the run
 * started may be left: no SIPp under the load host's sipp home, no active session on the twin, a
 * timeline written up to the moment it ended, a results document that says how it ended, and the
 * next run starts from a clean baseline. Random credentials are planted in the endpoints file; none
 * may appear in anything a run wrote, aborted or not. {@code -Daborts.seed=N} replays a sequence;
 * {@code -Daborts.runs=N} shortens or lengthens it. Runs in {@code ./mvnw verify -Pfull} (about 5
 * minutes).
 */
class AbortsIT {

    private static final String PROBE = "scenarios/probes/one-scale-out.yaml";
    private static final String STARTED = "scaling suite: one-scale-out against";
    private static final Duration RUN_LIMIT = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Kind { FAILED_STEP, MONITOR_SOURCE_DIES, SIGINT, SSH_SERVER_RESTARTS }

    record Outcome(int index, Kind kind, String point, String outcome, OptionalInt exit, boolean recovered,
            Duration wall) {
    }

    @Test
    void runsBrokenAtRandomPointsLeaveNothingBehindAndTheNextRunStartsClean() throws Exception {
        long seed = Long.getLong("aborts.seed", new SecureRandom().nextLong());
        int runs = Integer.getInteger("aborts.runs", 12);
        Random random = new Random(seed);
        List<Kind> kinds = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            kinds.add(Kind.values()[i % Kind.values().length]);
        }
        Collections.shuffle(kinds, random);
        Path dir = Path.of("target", "aborts-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))
                .toAbsolutePath();
        System.out.println("aborts: seed " + seed + " (replay with -Daborts.seed=" + seed + "), " + runs + " runs, in " + dir);

        List<Outcome> outcomes = new ArrayList<>();
        Path sippHome = null;
        try (StandaloneTwin twin = StandaloneTwin.start(dir.resolve("twin"), Map.of("timeScale", "30"))) {
            PlantedSecrets planted = PlantedSecrets.plant(twin.endpoints(), dir);
            Endpoints endpoints = SuiteConfig.load(dir, Map.of("scaling.endpoints", planted.endpoints().toString()))
                    .endpoints().orElseThrow();
            sippHome = Path.of(endpoints.ssh().sippHome());
            try (AwsClients clients = clients(endpoints)) {
                String table = new SsmResolver(clients.ssm()).resolve("session-table",
                        AwsTarget.DEFAULT_SESSION_TABLE.parameter());
                Leftovers leftovers = new Leftovers(Path.of(endpoints.ssh().sippHome()),
                        new DynamoSessionsAdapter(clients.dynamo(), table), planted);
                boolean leftClean = true;
                for (int i = 0; i < runs; i++) {
                    Outcome outcome = breakOneRun(i, kinds.get(i), random, twin, endpoints, dir, leftovers, seed,
                            leftClean);
                    outcomes.add(outcome);
                    System.out.println("aborts: " + outcome);
                    leftClean = leftClean(outcome, dir);
                }
                Outcome last = cleanRun(runs, twin, endpoints, dir, leftovers, seed, leftClean);
                outcomes.add(last);
                System.out.println("aborts: " + last);
            }
        } finally {
            writeSummary(dir, seed, outcomes);
            if (sippHome != null) {
                Leftovers.kill(sippHome); // what a failed check found must not outlive the test
            }
        }
    }

    private static AwsClients clients(Endpoints e) {
        return new AwsClients(new AwsAccess(e.region(), Optional.of(e.aws()), Optional.of(e.dynamodb()),
                Optional.of(e.credentials().accessKeyId()), Optional.of(e.credentials().secretAccessKey()),
                Duration.ofSeconds(30), e.timeScale()));
    }

    private static Map<String, String> properties(Endpoints endpoints, Path runDir, String scenario) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("scaling.endpoints", endpoints.file().toString());
        p.put("scaling.reports-dir", runDir.resolve("reports").toString());
        p.put("scaling.history-dir", runDir.resolve("history").toString());
        p.put("scaling.scenario", scenario);
        p.put("allure.results.directory", runDir.resolve("allure-results").toString());
        return p;
    }

    /** Whether the run's own report found the baseline clean for the next run when it ended. */
    private static boolean leftClean(Outcome outcome, Path dir) throws IOException {
        Path runDir = dir.resolve(String.format("%02d-%s", outcome.index(), outcome.kind().name().toLowerCase()));
        return results(runDir, "the results of " + runDir).at("/baseline/clean").asBoolean();
    }

    /**
     * A run after one that left the fleet off its baseline (scaled out, draining) must start clean:
     * it recovers first, or the fleet got back to its baseline by itself in between (an idle fleet
     * scales in within seconds of wall time at time scale 30, and a forked JVM under load takes as
     * long to start), which the run's first sessions sample shows: one task, holding no session.
     */
    private static void checkRecovery(boolean previousLeftClean, String output, Path runDir, String context)
            throws IOException, InterruptedException {
        if (previousLeftClean || output.contains("baseline not clean, recovering")) {
            return;
        }
        Optional<Map<String, Integer>> first = RunTimeline.awaitFirstSessions(runDir.resolve("reports"),
                Duration.ofSeconds(30));
        assertThat(first).as("the previous run left the baseline unclean and this one did not recover it, so its "
                + "first sessions sample must show the baseline (one task, no session): " + context + "%n" + output)
                .hasValueSatisfying(byTask -> {
                    assertThat(byTask).hasSize(1);
                    assertThat(byTask.values()).containsOnly(0);
                });
    }

    private Outcome breakOneRun(int index, Kind kind, Random random, StandaloneTwin twin, Endpoints endpoints,
            Path dir, Leftovers leftovers, long seed, boolean previousLeftClean) throws Exception {
        Path runDir = dir.resolve(String.format("%02d-%s", index, kind.name().toLowerCase()));
        String scenario = PROBE;
        String point;
        long delayMillis = 0;
        int sigintStep = 0;
        if (kind == Kind.FAILED_STEP) {
            int at = 1 + random.nextInt(6);
            scenario = failingProbe(runDir, at).toString();
            point = "an impossible expectation inserted before step " + (at + 1);
        } else if (kind == Kind.SIGINT) {
            // inside a step that lasts seconds of wall time at time scale 30: the wait for the scale-out
            // (step 3) or the hold (step 5), so the break always lands in a step and never between two
            sigintStep = random.nextBoolean() ? 3 : 5;
            delayMillis = random.nextInt(1_500);
            point = delayMillis + " ms into step " + sigintStep;
        } else {
            // within the probe's first ~12 s (wall, time scale 30): scale-out, routing, hold
            delayMillis = 500 + random.nextInt(kind == Kind.MONITOR_SOURCE_DIES ? 5_500 : 11_500);
            point = delayMillis + " ms after the run started";
        }
        String context = "run " + index + " (" + kind + ", " + point + "; seed " + seed + ") in " + runDir;
        Instant began = Instant.now();
        Instant brokenAt;
        OptionalInt exit;
        boolean recovered;
        try (ForkedSuite suite = ForkedSuite.start(runDir, properties(endpoints, runDir, scenario))) {
            if (!suite.awaitOutput(STARTED, Duration.ofMinutes(3))) {
                fail("%s: the run never got past its baseline:%n%s", context, suite.output());
            }
            recovered = suite.output().contains("baseline not clean, recovering");
            checkRecovery(previousLeftClean, suite.output(), runDir, context);
            if (sigintStep > 0 && RunTimeline.awaitStepStarted(runDir.resolve("reports"), sigintStep, Duration.ofMinutes(2)).isEmpty()) {
                fail("%s: step %d never started:%n%s", context, sigintStep, suite.output());
            }
            Thread.sleep(delayMillis);
            brokenAt = Instant.now();
            switch (kind) {
                case SIGINT -> suite.interrupt();
                case MONITOR_SOURCE_DIES -> twin.command("api-down logs");
                case SSH_SERVER_RESTARTS -> twin.command("restart-ssh");
                case FAILED_STEP -> { }
            }
            exit = suite.awaitExit(RUN_LIMIT);
            if (kind == Kind.MONITOR_SOURCE_DIES) {
                twin.command("api-up");
            }
            if (exit.isEmpty()) {
                fail("%s: the suite did not end within %s:%n%s", context, RUN_LIMIT, suite.output());
            }
            String outcome = checkWhatItLeft(kind, brokenAt, runDir, leftovers, context + "\n" + suite.output());
            return new Outcome(index, kind, point, outcome, exit, recovered, Duration.between(began, Instant.now()));
        }
    }

    /** After the last break, one more run: it must start from a clean baseline and pass. */
    private Outcome cleanRun(int index, StandaloneTwin twin, Endpoints endpoints, Path dir, Leftovers leftovers,
            long seed, boolean previousLeftClean) throws Exception {
        Path runDir = dir.resolve(String.format("%02d-clean", index));
        Instant began = Instant.now();
        try (ForkedSuite suite = ForkedSuite.start(runDir, properties(endpoints, runDir, PROBE))) {
            OptionalInt exit = suite.awaitExit(RUN_LIMIT);
            String output = suite.output();
            assertThat(exit).as("the run after the last break (seed %d):%n%s", seed, output).hasValue(0);
            checkRecovery(previousLeftClean, output, runDir, "the clean run (seed " + seed + ")");
            JsonNode results = results(runDir, output);
            assertThat(results.get("outcome").asText()).isEqualTo("PASSED");
            leftovers.assertNone(output);
            leftovers.assertNoSecretsIn(runDir);
            return new Outcome(index, null, "none", "PASSED", exit, output.contains("baseline not clean, recovering"),
                    Duration.between(began, Instant.now()));
        }
    }

    private String checkWhatItLeft(Kind kind, Instant brokenAt, Path runDir, Leftovers leftovers, String context)
            throws IOException, InterruptedException {
        JsonNode results = results(runDir, context);
        String outcome = results.get("outcome").asText();
        String reason = results.get("reason").asText();
        switch (kind) {
            case SIGINT -> {
                assertThat(outcome).as(context).isEqualTo("ABORTED");
                assertThat(reason).as(context).contains("the JVM is stopping (Ctrl-C or SIGTERM)");
                // the interrupt lands inside a step, and the timeline was being written right up to it (the
                // writes of the orderly stop come after it and must not count)
                Optional<String> step = stepInProgress(runDir, brokenAt);
                assertThat(step).as("a step was in progress when SIGINT came: " + context).isPresent();
                assertThat(reason).as(context).endsWith("during " + step.get());
                assertThat(lastTimelineEventBefore(runDir, brokenAt)).as("the timeline is written up to the interrupt: "
                        + context).isAfter(brokenAt.minusSeconds(2));
            }
            case MONITOR_SOURCE_DIES -> {
                assertThat(outcome).as(context).isEqualTo("FAILED");
                assertThat(reason).as(context).contains("the 'logs' monitor has failed its last");
            }
            case FAILED_STEP -> {
                assertThat(outcome).as(context).isEqualTo("FAILED");
                assertThat(reason).as(context).contains("active sessions = 50");
            }
            case SSH_SERVER_RESTARTS -> {
                assertThat(outcome).as("the run survives an SSH drop: " + context).isEqualTo("PASSED");
                assertThat(results.at("/calls/answered").asInt()).as("stats still collected: " + context).isEqualTo(5);
                assertThat(results.at("/calls/completed").asInt()).as(context).isEqualTo(5);
            }
        }
        assertThat(results.at("/calls/dropped").asInt()).as("no call dropped: " + context).isZero();
        assertThat(Files.readString(reportDir(runDir).resolve("report.md"))).as(context).contains(outcome);
        assertThat(reportDir(runDir).resolve("scaling.png")).as("both charts, even while the JVM stops: " + context)
                .exists();
        assertThat(reportDir(runDir).resolve("sessions-per-task.png")).as(context).exists();
        lastTimelineEvent(runDir);
        leftovers.assertNone(context);
        leftovers.assertNoSecretsIn(runDir);
        return outcome;
    }

    private static Path reportDir(Path runDir) throws IOException {
        try (Stream<Path> dirs = Files.list(runDir.resolve("reports"))) {
            List<Path> all = dirs.toList();
            assertThat(all).as("one report directory in " + runDir).hasSize(1);
            return all.get(0);
        }
    }

    private static JsonNode results(Path runDir, String context) throws IOException {
        Path file = reportDir(runDir).resolve("results.json");
        assertThat(file).as("the results document: " + context).exists();
        return JSON.readTree(file.toFile());
    }

    /** The latest event the run wrote before {@code at}. */
    private static Instant lastTimelineEventBefore(Path runDir, Instant at) throws IOException {
        Instant latest = Instant.EPOCH;
        for (JsonNode event : timeline(runDir)) {
            Instant t = Instant.parse(event.get("at").asText());
            latest = t.isBefore(at) && t.isAfter(latest) ? t : latest;
        }
        return latest;
    }

    /** The step started before {@code at} and not yet passed or failed then, as the timeline says. */
    private static Optional<String> stepInProgress(Path runDir, Instant at) throws IOException {
        Optional<String> open = Optional.empty();
        for (JsonNode event : timeline(runDir)) {
            if (!event.get("kind").asText().equals("step") || !Instant.parse(event.get("at").asText()).isBefore(at)) {
                continue;
            }
            open = event.get("state").asText().equals("started") ? Optional.of(event.get("step").asText())
                    : Optional.empty();
        }
        return open;
    }

    private static List<JsonNode> timeline(Path runDir) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readString(reportDir(runDir).resolve("timeline.ndjson")).split("\n")) {
            events.add(JSON.readTree(line));
        }
        return events;
    }

    /** Every line of the timeline is a whole JSON event; the latest event's time. */
    private static Instant lastTimelineEvent(Path runDir) throws IOException {
        Path timeline = reportDir(runDir).resolve("timeline.ndjson");
        String text = Files.readString(timeline);
        assertThat(text).as(timeline + " ends with a whole line").endsWith("\n");
        Instant latest = Instant.EPOCH;
        for (String line : text.split("\n")) {
            Instant at = Instant.parse(JSON.readTree(line).get("at").asText());
            latest = at.isAfter(latest) ? at : latest;
        }
        return latest;
    }

    /** The probe with an expectation no healthy stack meets, inserted after step {@code at}. */
    private static Path failingProbe(Path runDir, int at) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(PROBE));
        List<String> out = new ArrayList<>();
        int step = -1;
        boolean inSteps = false;
        for (String line : lines) {
            if (line.startsWith("steps:")) {
                inSteps = true;
            } else if (inSteps && line.startsWith("  - ")) {
                step++;
                if (step == at) {
                    out.add("  - expect: {active-sessions: 50, within: 30s}");
                }
            }
            out.add(line);
        }
        if (step < at) {
            out.add("  - expect: {active-sessions: 50, within: 30s}");
        }
        Files.createDirectories(runDir);
        Path file = runDir.resolve("failing-probe.yaml");
        Files.write(file, out);
        return file;
    }

    private static void writeSummary(Path dir, long seed, List<Outcome> outcomes) throws IOException {
        StringBuilder md = new StringBuilder("# Runs broken at random points (seed " + seed + ")\n\n"
                + "| run | broken by | at | outcome | exit | baseline recovered first | wall |\n|---|---|---|---|---|---|---|\n");
        for (Outcome o : outcomes) {
            md.append("| ").append(o.index()).append(" | ").append(o.kind() == null ? "(clean run)" : o.kind())
                    .append(" | ").append(o.point()).append(" | ").append(o.outcome()).append(" | ")
                    .append(o.exit().isPresent() ? String.valueOf(o.exit().getAsInt()) : "-").append(" | ")
                    .append(o.recovered() ? "yes" : "no").append(" | ").append(o.wall().toSeconds()).append(" s |\n");
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("summary.md"), md);
    }

    /** What a run may not leave behind on the twin. */
    private record Leftovers(Path sippHome, DynamoSessionsAdapter sessions, PlantedSecrets secrets) {

        /** No credential or key line in anything the run wrote (console, reports, timeline, Allure results). */
        void assertNoSecretsIn(Path runDir) throws IOException {
            List<Path> artifacts = PlantedSecrets.files(runDir, 0);
            assertThat(artifacts).as("artifacts of " + runDir).hasSizeGreaterThan(5);
            secrets.assertNoneIn(artifacts);
        }

        void assertNone(String context) throws IOException, InterruptedException {
            List<String> sipp = List.of();
            int active = -1;
            Instant deadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(deadline)) {
                sipp = SippProcesses.under(sippHome).stream().map(SippProcesses::describe).toList();
                active = sessions.activeSessions();
                if (sipp.isEmpty() && active == 0) {
                    return;
                }
                Thread.sleep(250);
            }
            assertThat(sipp).as("SIPp processes left under " + sippHome + ": " + context).isEmpty();
            assertThat(active).as("active sessions left on the twin: " + context).isZero();
        }

        static void kill(Path home) {
            SippProcesses.under(home).forEach(ProcessHandle::destroy);
        }
    }
}
