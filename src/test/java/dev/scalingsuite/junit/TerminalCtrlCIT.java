package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingsuite.testing.RunTimeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in a terminal: SIGINT to the whole foreground process group of a running
 * {@code ./mvnw verify -Pscenario=steady-state} (Maven, its test JVM, and whatever shares their group).
 * The twin's load host runs each command in a session of its own, as a remote host would, so its SIPp
 * does not get the signal: the suite ends the calls the orderly way, and every answered call is ended
 * by BYE. The build runs in a session of its own here, with SIGINT at its default (as in a terminal,
 * even when this test's JVM was started with SIGINT ignored), at time scale 30.
 */
class TerminalCtrlCIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void ctrlCToTheWholeProcessGroupAbortsTheRunAndEndsEveryCallByBye() throws Exception {
        Path reports = dir.resolve("reports");
        Path out = dir.resolve("maven.log");
        // perl (Debian's perl-base is always there) puts SIGINT back to its default and starts a session
        List<String> command = List.of("perl", "-MPOSIX", "-e", "$SIG{INT}='DEFAULT'; POSIX::setsid(); exec @ARGV",
                "./mvnw", "-o", "-q", "-B", "verify", "-Pscenario=steady-state", "-Dscaling.twin.timeScale=30",
                "-Dscaling.reports-dir=" + reports, "-Dscaling.history-dir=" + dir.resolve("history"),
                "-Dsuite.failsafe.reports=" + dir.resolve("failsafe"),
                "-Dallure.results.directory=" + dir.resolve("allure"));
        Process maven = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long group = maven.pid();
        try {
            Optional<Path> runDir = RunTimeline.awaitStepStarted(reports, 3, Duration.ofMinutes(3));
            assertThat(runDir).as("step 3 started; Maven's output:%n%s", Files.readString(out)).isPresent();
            Thread.sleep(500);

            new ProcessBuilder("kill", "-s", "INT", "--", "-" + group).inheritIO().start().waitFor();

            assertThat(maven.waitFor(2, TimeUnit.MINUTES)).as("Maven ended after Ctrl-C").isTrue();
            // the test JVM Maven forked got the signal too, and ends the run in its shutdown hook
            assertThat(awaitGroupGone(group, Duration.ofMinutes(2))).as("every process of the group ended").isTrue();
            JsonNode results = JSON.readTree(runDir.get().resolve("results.json").toFile());
            String output = Files.readString(out);
            assertThat(results.get("outcome").asText()).as(output).isEqualTo("ABORTED");
            assertThat(results.get("reason").asText()).startsWith("the JVM is stopping (Ctrl-C or SIGTERM) during ");
            JsonNode calls = results.get("calls");
            assertThat(calls.get("answered").asInt()).as("calls were up when Ctrl-C came: %s", calls).isPositive();
            assertThat(calls.get("completed").asInt()).as("every answered call ended by BYE: %s", calls)
                    .isEqualTo(calls.get("answered").asInt());
            assertThat(calls.get("dropped").asInt()).isZero();
            // the twin's own cleanup (in network namespaces: its shell, in a session of its own, once the JVM
            // is gone) may still be ending what the run left: give it a bounded while
            assertThat(awaitNoSippLeft(Duration.ofSeconds(30))).as("no SIPp left").isEmpty();
        } finally {
            if (maven.isAlive()) {
                new ProcessBuilder("kill", "-s", "KILL", "--", "-" + group).start().waitFor();
            }
        }
    }

    private static boolean awaitGroupGone(long group, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (ProcessHandle.allProcesses().noneMatch(p -> processGroup(p.pid()) == group)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static long processGroup(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
        } catch (IOException | RuntimeException e) {
            return -1; // gone, or not readable: not in the group any more
        }
    }

    private static List<String> awaitNoSippLeft(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        List<String> left = sippLeft();
        while (!left.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            left = sippLeft();
        }
        return left;
    }

    /** Live sipp processes on this machine whose working directory is under this project's twin directories. */
    private static List<String> sippLeft() throws IOException {
        Path twins = Path.of("target", "twin").toAbsolutePath();
        return ProcessHandle.allProcesses().filter(p -> p.info().command().map(c -> c.endsWith("/sipp")).orElse(false))
                .filter(p -> cwd(p).map(c -> c.startsWith(twins)).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList();
    }

    private static Optional<Path> cwd(ProcessHandle p) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", String.valueOf(p.pid()), "cwd")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
