package dev.scalingsuite.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.scalingsuite.testing.LogLines;
import dev.scalingsuite.twin.ssh.LoadHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSH connection to a load host drops (its SSH server restarts on the same port with the same
 * host key) while real SIPp calls are up: the same {@link SippHost} goes on working, SIPp keeps
 * running, and the calls still end by BYE.
 */
class SshDropIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path workDir;

    @RegisterExtension
    static final LoadHostFixture HOST = new LoadHostFixture(() -> workDir);

    private static UacSpec calls(int count, LocalUas uas) {
        return Uac.calls(count).perSecond(10).atMostConcurrent(20).to("127.0.0.1", uas.port());
    }

    @Test
    void callsOutliveDropsAndStillEndByBye() throws Exception {
        try (LocalUas uas = LocalUas.start("uas-answer.xml", workDir.resolve("uas-drops"))) {
            SippRun run = HOST.sipp().start(calls(5, uas));
            await("5 calls answered").atMost(WAIT).untilAsserted(() -> assertThat(run.liveCallIds()).hasSize(5));
            int reconnects = HOST.sipp().reconnects();

            HOST.loadHost().restart();

            assertThat(HOST.sipp().status().ours()).as("the same sipp, found over a new connection")
                    .extracting(SippProcess::pid).containsExactly(run.pid());
            assertThat(HOST.sipp().reconnects()).isEqualTo(reconnects + 1);
            assertThat(run.isRunning()).isTrue();
            assertThat(run.counts()).isEqualTo(new CallCounts(5, 5, 0, 0, 0, 0));
            assertThat(run.setupTimes()).hasSize(5);
            assertThat(run.csvFiles(4096).keySet()).anyMatch(name -> name.endsWith("_counts.csv"));

            List<String> ended = run.endCalls(2);
            assertThat(ended).hasSize(2);
            await("2 calls completed").atMost(WAIT).untilAsserted(() ->
                    assertThat(run.counts().completed()).isEqualTo(2));

            HOST.loadHost().restart();

            HOST.sipp().stopAll();
            assertThat(HOST.sipp().reconnects()).isEqualTo(reconnects + 2);
            assertThat(run.isRunning()).isFalse();
            assertThat(run.wasTerminated()).as("ended by INFO and soft quit, not SIGTERM").isFalse();
            assertThat(run.counts()).as("every answered call completed by BYE, none dropped")
                    .isEqualTo(new CallCounts(5, 5, 0, 0, 5, 0));
            assertThat(HOST.sipp().status().processes()).extracting(SippProcess::workingDirectory)
                    .noneMatch(cwd -> cwd.startsWith(HOST.loadHost().sippHome().toString()));
        }
    }

    /**
     * The drop lands while the start script runs: once it wrote its pid (before it prepares the
     * scenario and starts sipp), or once it opened {@code start.out} (as sipp starts).
     */
    @ParameterizedTest(name = "dropped once {0} exists")
    @ValueSource(strings = {InterruptedStart.SCRIPT_PID, "start.out"})
    void aStartCutOffByADropLeavesOneSippThatPlacesEachCallOnce(String trigger) throws Exception {
        LogLines log = LogLines.of(SippHost.class);
        List<String> logged = log.lines();
        String runId = "cut-" + System.nanoTime();
        Path triggerFile = HOST.loadHost().sippHome().resolve("runs").resolve(runId).resolve(trigger);
        AtomicBoolean startReturned = new AtomicBoolean();
        AtomicBoolean cutWhileStarting = new AtomicBoolean();
        Thread dropper = new Thread(() -> {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!Files.exists(triggerFile) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            HOST.loadHost().restart();
            cutWhileStarting.set(!startReturned.get());
        }, "test-ssh-drop");
        try (LocalUas uas = LocalUas.start("uas-answer.xml", workDir.resolve("uas-cut-" + trigger))) {
            dropper.start();
            SippRun run = HOST.sipp().start(calls(3, uas), runId);
            startReturned.set(true);
            dropper.join(WAIT.toMillis());

            assertThat(cutWhileStarting).as("the drop came before start returned").isTrue();
            assertThat(logged).as("the start was cut off and looked up").anyMatch(line -> line.contains(
                    "a sipp start in " + run.runDir() + " was cut off by the SSH drop"));
            assertThat(HOST.sipp().status().processes()).as("exactly one sipp in the run directory")
                    .filteredOn(p -> p.workingDirectory().endsWith("/runs/" + runId))
                    .extracting(SippProcess::pid).containsExactly(run.pid());
            await("3 calls answered").atMost(WAIT).untilAsserted(() -> assertThat(run.liveCallIds()).hasSize(3));
            HOST.sipp().stopAll();
            assertThat(run.counts()).as("each call placed once and ended by BYE")
                    .isEqualTo(new CallCounts(3, 3, 0, 0, 3, 0));
        } finally {
            log.close();
        }
    }

    /**
     * The drop lands inside end-all-calls: right after the soft quit was sent, while the INFO sender
     * runs, or over and over (every second) for the whole of it. Every call still ends by BYE, the
     * soft quit is sent once, and no SIGTERM is needed.
     */
    @ParameterizedTest(name = "dropped {0}")
    @ValueSource(strings = {"once quit.sent exists", "once end-1.csv exists", "every second"})
    void endAllCallsSurvivesDropsInsideIt(String when) throws Exception {
        try (LocalUas uas = LocalUas.start("uas-answer.xml", workDir.resolve("uas-end-" + when.hashCode()))) {
            SippRun run = HOST.sipp().start(calls(5, uas));
            await("5 calls answered").atMost(WAIT).untilAsserted(() -> assertThat(run.liveCallIds()).hasSize(5));
            int reconnects = HOST.sipp().reconnects();
            AtomicBoolean ending = new AtomicBoolean(true);
            AtomicInteger drops = new AtomicInteger();
            Thread dropper = new Thread(() -> {
                if (when.startsWith("once ")) {
                    Path trigger = Path.of(run.runDir()).resolve(when.split(" ")[1]);
                    long deadline = System.nanoTime() + WAIT.toNanos();
                    while (!Files.exists(trigger) && ending.get() && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    if (ending.get()) {
                        HOST.loadHost().restart();
                        drops.incrementAndGet();
                    }
                    return;
                }
                restartRepeatedly(30, Duration.ofSeconds(1), ending, drops);
            }, "test-ssh-drop");
            dropper.start();
            try {
                run.endAllCalls();
            } finally {
                ending.set(false);
                dropper.join(WAIT.toMillis());
            }

            assertThat(drops.get()).as("drops inside end-all-calls").isPositive();
            assertThat(HOST.sipp().reconnects()).as("the connection came back after each drop it met")
                    .isGreaterThan(reconnects);
            assertThat(run.isRunning()).isFalse();
            assertThat(run.wasTerminated()).as("ended by INFO and soft quit, not SIGTERM").isFalse();
            assertThat(run.counts()).as("every answered call completed by BYE, none dropped")
                    .isEqualTo(new CallCounts(5, 5, 0, 0, 5, 0));
            // SIPp writes its output as it exits, which can be after the calls are down; and a drop can cut off
            // the first INFO sender, whose missed calls get their INFO from the next batch (end-2, ...)
            await("an INFO sender's output (it exits within its -timeout of 30 s)").atMost(Duration.ofSeconds(40))
                    .untilAsserted(() -> assertThat(infoSenderOutputs(Path.of(run.runDir())))
                            .anySatisfy(out -> assertThat(out).isNotEmpty()));
        }
    }

    private static List<String> infoSenderOutputs(Path runDir) throws IOException {
        try (Stream<Path> files = Files.list(runDir)) {
            List<String> out = new ArrayList<>();
            for (Path f : files.filter(f -> f.getFileName().toString().matches("end-\\d+\\.out")).sorted().toList()) {
                out.add(Files.readString(f));
            }
            return out;
        }
    }

    /**
     * Fifty drops, 100 ms apart, while commands run back to back: a drop can land between the check that the
     * connection is up and the start of a session, where sshj throws {@code IllegalStateException("Not
     * connected")} instead of an I/O error (the cause of an end-all-calls step once aborted by a drop).
     */
    @Test
    void commandsBackToBackSurviveDropsAtAnyPoint() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger drops = new AtomicInteger();
        Thread dropper = new Thread(() -> restartRepeatedly(50, Duration.ofMillis(100), running, drops),
                "test-ssh-drop");
        dropper.start();
        try {
            for (int i = 0; i < 1000 && dropper.isAlive(); i++) {
                assertThat(HOST.sipp().execIdempotent("echo read-" + i, WAIT).stdout()).isEqualTo("read-" + i + "\n");
            }
        } finally {
            running.set(false);
            dropper.join(WAIT.toMillis());
        }
        assertThat(drops.get()).as("drops while the commands ran").isGreaterThan(5);
    }

    @Test
    void aReadCutOffByADropRunsOnceMore() throws Exception {
        Path ran = HOST.loadHost().sippHome().resolve("read-" + System.nanoTime() + ".txt");
        Thread dropper = dropAfter(Duration.ofMillis(700));

        ExecResult result = HOST.sipp().execIdempotent("echo run >> " + ran + "; sleep 2; echo done", WAIT);

        dropper.join(WAIT.toMillis());
        assertThat(result.stdout()).contains("done");
        assertThat(Files.readAllLines(ran)).as("cut off once, run once more").containsExactly("run", "run");
    }

    @Test
    void aCommandThatMayHaveRunIsNotRepeatedAfterADrop() throws Exception {
        Path ran = HOST.loadHost().sippHome().resolve("once-" + System.nanoTime() + ".txt");
        Thread dropper = dropAfter(Duration.ofMillis(700));

        assertThatThrownBy(() -> HOST.sipp().exec("echo run >> " + ran + "; sleep 2; echo done", WAIT))
                .isInstanceOf(LoadHostException.class)
                .hasMessageContaining("dropped while a command ran (it may or may not have run)");

        dropper.join(WAIT.toMillis());
        assertThat(Files.readAllLines(ran)).containsExactly("run");
        assertThat(HOST.sipp().exec("echo back", WAIT).stdout()).as("the next command reconnects").contains("back");
    }

    @Test
    void aCommandThatTimesOutIsNotRepeated() throws Exception {
        Path ran = HOST.loadHost().sippHome().resolve("slow-" + System.nanoTime() + ".txt");

        assertThatThrownBy(() -> HOST.sipp().execIdempotent("echo run >> " + ran + "; sleep 4",
                Duration.ofSeconds(1)))
                .isInstanceOf(LoadHostException.class)
                .hasMessageContaining("did not finish within PT1S");

        Thread.sleep(1500);
        assertThat(Files.readAllLines(ran)).containsExactly("run");
    }

    @Test
    void aHostThatComesBackWithAnotherHostKeyIsRefusedAtOnce() {
        LoadHost first = LoadHost.start(workDir.resolve("key-first"), 0, LoadHost.osUser());
        SshAccess access = LoadHostFixture.access(first);
        LoadHost other = null;
        try (SippHost keyed = SippHost.connect(access)) {
            assertThat(keyed.exec("echo up", WAIT).stdout()).contains("up");
            int port = first.port();
            first.close();
            other = LoadHost.start(workDir.resolve("key-other"), port, LoadHost.osUser());
            assertThat(other.port()).isEqualTo(port);

            for (int call = 0; call < 2; call++) {
                long started = System.nanoTime();
                assertThatThrownBy(() -> keyed.execIdempotent("echo up", WAIT))
                        .isInstanceOf(LoadHostException.class)
                        .hasMessageContaining("presented a host key that " + access.knownHosts() + " does not list")
                        .hasMessageContaining("refusing to connect");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused at once, not retried")
                        .isLessThan(Duration.ofSeconds(10));
            }
            assertThat(keyed.reconnects()).isZero();
        } finally {
            first.close();
            if (other != null) {
                other.close();
            }
        }
    }

    /** Restarts the load host's SSH server up to {@code times} times, {@code every} apart, while {@code on}. */
    private static void restartRepeatedly(int times, Duration every, AtomicBoolean on, AtomicInteger drops) {
        for (int i = 0; i < times && on.get(); i++) {
            HOST.loadHost().restart();
            drops.incrementAndGet();
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static Thread dropAfter(Duration delay) {
        Thread dropper = new Thread(() -> {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            HOST.loadHost().restart();
        }, "test-ssh-drop");
        dropper.start();
        return dropper;
    }
}
