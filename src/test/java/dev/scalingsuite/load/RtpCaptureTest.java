package dev.scalingsuite.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.scalingsuite.fleet.ConnectTimes.FirstPacket;
import dev.scalingsuite.fleet.ConnectTimes.MediaAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capture's shell code, run here with the machine's own {@code /bin/sh} and awk (mawk on Debian),
 * the same scripts the load host runs: the awk filter on canned tcpdump output, and the start, stop
 * and bound of the background pipeline with a stand-in {@code tcpdump} first on the PATH.
 */
class RtpCaptureTest {

    /** tcpdump -l -n -tt -i any output: new and old line shapes, two sources, a pause, IPv6, a status line. */
    private static final String TCPDUMP = """
            1796233375.954979 lo    In  IP 127.0.0.1.40835 > 127.0.0.1.24100: UDP, length 172
            1796233375.974981 lo    In  IP 127.0.0.1.40835 > 127.0.0.1.24100: UDP, length 172
            1796233376.002000 lo    In  IP 127.0.0.1.40837 > 127.0.0.1.24100: UDP, length 172
            1796233377.874000 lo    In  IP 127.0.0.1.40835 > 127.0.0.1.24100: UDP, length 172
            1796233380.400000 lo    In  IP 127.0.0.1.40835 > 127.0.0.1.24100: UDP, length 172
            1796233384.020123 IP 10.0.1.5.12000 > 10.0.2.9.24100: UDP, length 172
            1796233384.040000 IP6 ::1.5000 > ::1.24100: UDP, length 172
            1796233390.000001 eth0  In  IP 10.0.1.5.12000 > 10.0.2.9.24100: UDP, length 172
            3 packets captured
            """;

    @TempDir
    Path dir;

    @Test
    void theFilterKeepsTheFirstPacketOfEachBurstPerSourceInEpochMilliseconds() throws Exception {
        String out = sh("awk " + Shell.quote(RtpCapture.FIRST_PACKETS), TCPDUMP, Map.of()).stdout();

        // 40835 is silent 1.9 s (no new burst), then 2.5 s (a new one); 12000 twice after 6 s; IPv6 skipped
        assertThat(out).isEqualTo("""
                RTP 127.0.0.1 40835 1796233375954
                RTP 127.0.0.1 40837 1796233376002
                RTP 127.0.0.1 40835 1796233380400
                RTP 10.0.1.5 12000 1796233384020
                RTP 10.0.1.5 12000 1796233390000
                """);
        assertThat(RtpCapture.parse(out + "RTP 10.0.1.5 120\n")).as("a line being written is skipped").containsExactly(
                packet("127.0.0.1", 40835, 1796233375954L), packet("127.0.0.1", 40837, 1796233376002L),
                packet("127.0.0.1", 40835, 1796233380400L), packet("10.0.1.5", 12000, 1796233384020L),
                packet("10.0.1.5", 12000, 1796233390000L));
    }

    @Test
    void theFilterTakesTheInstancesPortOnTheAddressSippBinds() {
        assertThat(RtpCapture.filter("10.0.2.9", 24100)).isEqualTo("udp and dst port 24100 and dst host 10.0.2.9");
    }

    @Test
    void aStartedCaptureWritesItsLinesUntilStopped() throws Exception {
        Path bin = fakeTcpdump("""
                printf '%s\\n' "$@" > tcpdump.args
                echo 'tcpdump: data link type LINUX_SLL2' >&2
                echo 'listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes' >&2
                cat <<'EOF'
                """ + TCPDUMP + """
                EOF
                exec sleep 600
                """);
        Path runDir = dir.resolve("runs/uac-1");

        Exec start = sh(RtpCapture.startScript(runDir.toString(), "127.0.0.1", 24100, Duration.ofMinutes(5)), "",
                path(bin));

        assertThat(start.stdout()).isEqualTo("capture=started\n");
        assertThat(Files.readAllLines(runDir.resolve("tcpdump.args"))).containsExactly("-l", "-n", "-tt", "-i", "any",
                "udp and dst port 24100 and dst host 127.0.0.1");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(RtpCapture.parse(Files.readString(runDir.resolve(RtpCapture.OUTPUT)))).hasSize(5));
        assertThat(sh(RtpCapture.runningScript(runDir.toString()), "", Map.of()).stdout()).isEqualTo("running\n");

        sh(RtpCapture.stopScript(runDir.toString()), "", Map.of());

        assertThat(sh(RtpCapture.runningScript(runDir.toString()), "", Map.of()).stdout()).as("stopped").isEmpty();
        assertThat(alive(runDir.resolve(RtpCapture.PID))).as("tcpdump's timeout").isFalse();
        assertThat(sh(RtpCapture.stopScript(runDir.toString()), "", Map.of()).exitStatus()).as("again: a no-op")
                .isZero();
    }

    @Test
    void theCaptureEndsByItselfAtItsLimit() throws Exception {
        Path bin = fakeTcpdump("""
                echo 'listening on any' >&2
                exec sleep 600
                """);
        Path runDir = dir.resolve("run");
        long started = System.nanoTime();
        assertThat(sh(RtpCapture.startScript(runDir.toString(), "127.0.0.1", 24100, Duration.ofSeconds(1)), "",
                path(bin)).stdout()).isEqualTo("capture=started\n");

        await().atMost(Duration.ofSeconds(10)).until(() ->
                sh(RtpCapture.runningScript(runDir.toString()), "", Map.of()).stdout().isEmpty());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void tcpdumpThatMayNotCaptureGivesItsOwnReason() throws Exception {
        Path bin = fakeTcpdump("""
                echo "tcpdump: any: You don't have permission to perform this capture on that device" >&2
                echo '(socket: Operation not permitted)' >&2
                exit 1
                """);

        Exec start = sh(RtpCapture.startScript(dir.resolve("run").toString(), "127.0.0.1", 24100,
                Duration.ofMinutes(5)), "", path(bin));

        assertThat(start.stdout()).startsWith("capture=unavailable\n");
        assertThat(RtpCapture.reason(start.stdout())).isEqualTo("tcpdump: any: You don't have permission to perform "
                + "this capture on that device (socket: Operation not permitted)");
    }

    @Test
    void withoutTcpdumpTheReasonSaysSo() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin-without-tcpdump"));
        for (String tool : List.of("mkdir", "rm", "cat")) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of("/bin", tool).toRealPath());
        }

        Exec start = sh(RtpCapture.startScript(dir.resolve("run").toString(), "127.0.0.1", 24100,
                Duration.ofMinutes(5)), "", Map.of("PATH", bin.toString()));

        assertThat(RtpCapture.reason(start.stdout())).isEqualTo("tcpdump is not installed (not on PATH)");
    }

    private static FirstPacket packet(String host, int port, long epochMillis) {
        return new FirstPacket(new MediaAddress(host, port), Instant.ofEpochMilli(epochMillis));
    }

    /** A directory holding a {@code tcpdump} that runs {@code body} (in the capture's run directory). */
    private Path fakeTcpdump(String body) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path tcpdump = bin.resolve("tcpdump");
        Files.writeString(tcpdump, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(tcpdump, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private static Map<String, String> path(Path first) {
        return Map.of("PATH", first + ":/usr/local/bin:/usr/bin:/bin");
    }

    private static boolean alive(Path pidFile) throws IOException {
        String pid = Files.readString(pidFile).strip();
        return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    }

    private record Exec(int exitStatus, String stdout) {
    }

    private Exec sh(String script, String stdin, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script).directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process sh = builder.start();
        sh.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        sh.getOutputStream().close();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor(20, TimeUnit.SECONDS)).as("the script ends").isTrue();
        return new Exec(sh.exitValue(), out);
    }
}
