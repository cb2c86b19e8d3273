package dev.scalingsuite.twin.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.scalingsuite.config.Endpoints;
import dev.scalingsuite.load.CallCounts;
import dev.scalingsuite.load.SippHost;
import dev.scalingsuite.load.SippRun;
import dev.scalingsuite.load.SshAccess;
import dev.scalingsuite.load.Uac;
import dev.scalingsuite.load.UacSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The twin in network namespaces, as the test command runs it where {@code ip netns add} works: SIPp bound
 * to 127.0.0.1, as the suite bound it before, reaches nothing there; bound to the load host's own address,
 * the default, it places its calls and ends them. A run that dies outright leaves nothing behind, and what
 * a dead run's processes all left is swept by the next, never what a live run owns.
 */
class NetnsTwinIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    private static NetnsTwin twin;
    private static Endpoints endpoints;
    private static SippHost host;

    @BeforeAll
    static void startTwin() {
        try {
            twin = NetnsTwin.start(Map.of(), dir, line -> { });
        } catch (NetnsTwin.Unavailable e) {
            Assumptions.abort("no network namespaces here: " + e.getMessage());
        }
        endpoints = Endpoints.read(twin.endpoints());
        var ssh = endpoints.ssh();
        host = SippHost.connect(new SshAccess(ssh.host(), ssh.port(), ssh.user(), ssh.privateKey(), ssh.knownHosts(),
                ssh.sippHome()));
    }

    @AfterAll
    static void stopTwin() {
        if (host != null) {
            host.close();
        }
        if (twin != null) {
            twin.close();
            assertThat(twin.leftNothing()).as("namespaces and the root link deleted").isTrue();
        }
    }

    private static UacSpec calls(int count) {
        String sip = endpoints.sip();
        return Uac.calls(count).perSecond(10).atMostConcurrent(count).to(sip.substring(0, sip.lastIndexOf(':')),
                Integer.parseInt(sip.substring(sip.lastIndexOf(':') + 1)));
    }

    @Test
    void theOldLoopbackBindingPlacesNoCallWhileTheLoadHostsOwnAddressDoes() throws IOException {
        SippRun loopback = host.start(calls(3).boundTo("127.0.0.1"));
        await("sipp bound to 127.0.0.1 gives up").atMost(WAIT).until(() -> !loopback.isRunning());
        assertThat(loopback.counts().answered()).as("answered from 127.0.0.1").isZero();
        assertThat(errors(loopback)).as("SIPp's own account").contains("Unable to send UDP message");

        SippRun own = host.start(calls(3));
        assertThat(own.bindAddress()).as("the source address the load host reports for its route to the SIP entry")
                .isEqualTo(twin.loadHostAddress(0)).startsWith("198.18.");
        assertThat(own.commandLine()).contains("'-i' '" + own.bindAddress() + "'", "'-ci' '" + own.bindAddress() + "'",
                "'" + endpoints.sip() + "'");
        await("3 calls answered from the load host's own address").atMost(WAIT)
                .untilAsserted(() -> assertThat(own.counts().answered()).isEqualTo(3));
        own.endCalls(1); // an INFO to the caller's own address
        own.endAllCalls(); // the soft quit there too, then INFO to the rest
        assertThat(own.counts()).isEqualTo(new CallCounts(3, 3, 0, 0, 3, 0));
        assertThat(own.wasTerminated()).as("ended by INFO and soft quit, never SIGTERM").isFalse();
    }

    /** SIPp's error log of a run, read where the load host keeps it (this machine's file system). */
    private static String errors(SippRun run) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(Path.of(run.runDir()))) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith("_errors.log")).toList()) {
                text.append(Files.readString(f));
            }
        }
        return text.toString();
    }

    @Test
    void aRunKilledOutrightLeavesNothingAndOnlyWhatDeadRunsLeftIsSwept() throws Exception {
        Process child = new ProcessBuilder(Holder.command()).redirectErrorStream(true).start();
        List<String> names;
        try {
            names = Holder.awaitNames(child);
        } catch (RuntimeException | IOException e) {
            child.destroyForcibly();
            throw e;
        }
        assertThat(namespaces()).containsAll(names.subList(0, 2));
        child.destroyForcibly(); // kill -9: no shutdown hook, no close
        child.waitFor(10, TimeUnit.SECONDS);
        await("the namespaces of the killed run deleted").atMost(WAIT)
                .untilAsserted(() -> assertThat(namespaces()).doesNotContainAnyElementsOf(names.subList(0, 2)));
        assertThat(Ip.find().orElseThrow().run("link", "show", "dev", names.get(2)).ok()).as("its root link").isFalse();

        // a dead run whose shell died too: its namespaces stay until a run sweeps them (also one an earlier JVM
        // with this JVM's pid left); a live run's never go
        Ip ip = Ip.find().orElseThrow();
        long dead = deadPid();
        String deadStack = NetnsTopology.PREFIX + dead + "-1-stack";
        String deadLink = NetnsTopology.PREFIX + dead + "-1";
        String live = NetnsTopology.PREFIX + "1-999-stack"; // pid 1 is alive as long as the machine
        String mine = NetnsTopology.PREFIX + ProcessHandle.current().pid() + "-999-stack"; // this pid, not this JVM's
        try {
            assertThat(ip.run("netns", "add", deadStack).ok()).isTrue();
            assertThat(ip.run("link", "add", deadLink, "type", "veth", "peer", "name", "api0", "netns", deadStack).ok())
                    .isTrue();
            assertThat(ip.run("netns", "add", live).ok()).isTrue();
            assertThat(ip.run("netns", "add", mine).ok()).isTrue();
            assertThat(NetnsTopology.sweep(ip)).contains(deadStack, mine).doesNotContain(live);
            assertThat(namespaces()).doesNotContain(deadStack, mine).contains(live);
            assertThat(ip.run("link", "show", "dev", deadLink).ok()).as("the dead run's root link").isFalse();
        } finally {
            ip.run("link", "del", deadLink);
            ip.run("netns", "del", deadStack);
            ip.run("netns", "del", live);
            ip.run("netns", "del", mine);
        }
    }

    private static List<String> namespaces() {
        List<String> out = new ArrayList<>();
        for (String line : Ip.find().orElseThrow().run("netns", "list").out().split("\n")) {
            if (!line.isBlank()) {
                out.add(line.strip().split("\\s+")[0]);
            }
        }
        return out;
    }

    /** The pid of a process that has exited. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long pid = p.pid();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        return pid;
    }

    /** A JVM that holds a twin in network namespaces until it is killed. */
    static final class Holder {

        private Holder() {
        }

        public static void main(String[] args) throws Exception {
            NetnsTwin twin = NetnsTwin.start(Map.of(), Path.of(args[0]), line -> { });
            System.out.println("NAMES " + twin.stackNamespace() + " " + twin.loadNamespaces().get(0) + " "
                    + twin.rootLink());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }

        static List<String> command() {
            return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                    "-cp", System.getProperty("java.class.path"), Holder.class.getName(), dir.resolve("held").toString());
        }

        /** The stack and load namespaces and the root link, once the holder says them. */
        static List<String> awaitNames(Process child) throws IOException {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder said = new StringBuilder();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("NAMES ")) {
                    return List.of(line.substring(6).split(" "));
                }
                said.append(line).append('\n');
            }
            throw new IllegalStateException("the holder ended without a twin: " + said);
        }
    }
}
