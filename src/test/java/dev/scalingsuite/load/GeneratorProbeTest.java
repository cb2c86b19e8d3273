package dev.scalingsuite.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.fleet.GeneratorSample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a poll of a load host reads from /proc and SIPp's files, on lines as the host prints them. */
class GeneratorProbeTest {

    /** The watchdog messages SIPp 3.6.1 wrote with -trace_err while SIGSTOPped 600 ms of every second. */
    private static String errorsLog() throws IOException {
        return resource("errors-watchdog.log");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = GeneratorProbeTest.class.getResourceAsStream("/generator/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsTheOneMinuteLoadAverage() {
        assertThat(GeneratorProbe.loadAverage("0.52 0.58 0.59 1/467 12345")).hasValue(0.52);
        assertThat(GeneratorProbe.loadAverage("")).isEmpty();
        assertThat(GeneratorProbe.loadAverage("x 1 2")).isEmpty();
    }

    @Test
    void countsIdleAndIowaitAsNotBusy() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        assertThat(GeneratorProbe.cpuCounters("cpu  100 5 50 800 40 3 2 0 7 0")).containsExactly(160, 1000);
        assertThat(GeneratorProbe.cpuCounters("cpu0 1 2 3 4")).isEmpty();
        assertThat(GeneratorProbe.cpuCounters("cpu 1 x 3 4")).isEmpty();
    }

    @Test
    void readsStateAndCpuTicksAfterTheCommandName() {
        String stat = "6389 (sipp) T 1 6388 6388 0 -1 4194560 1153 0 0 0 37 12 0 0 20 0 2 0 5183213 31629312 2381";
        assertThat(GeneratorProbe.processStat(stat)).containsExactly("T", "49");
        assertThat(GeneratorProbe.processStat("77 (a b) c) R 1 2 3 4 5 6 7 8 9 10 3 4 0 0")).containsExactly("R", "7");
        assertThat(GeneratorProbe.processStat("")).isEmpty();
        assertThat(GeneratorProbe.processStat("6389 (sipp) S 1 2")).isEmpty();
    }

    @Test
    void readsARealStatRowByItsColumnNames() throws IOException {
        String[] lines = resource("trace-stat-watchdog.csv").split("\n");
        assertThat(GeneratorProbe.statRow(lines[0], lines[1]))
                .hasValue(new GeneratorProbe.StatRow(10, 40, 0, 0, 0, 6));
    }

    @Test
    void aRowMissingAColumnIsNotRead() {
        assertThat(GeneratorProbe.statRow("ElapsedTime(C);OutgoingCall(C)", "00:00:10;40")).isEmpty();
        assertThat(GeneratorProbe.statRow("ElapsedTime(C);OutgoingCall(C);CurrentCall;Retransmissions(C);"
                + "WatchdogMajor(C);WatchdogMinor(C)", "00:00:10;40;3;2;1;x")).isEmpty();
    }

    @Test
    void readsSippElapsedTimes() {
        assertThat(GeneratorProbe.seconds("01:02:03")).hasValue(3723);
        assertThat(GeneratorProbe.seconds("00:00:12:114000")).hasValue(12);
        assertThat(GeneratorProbe.seconds("12")).isEmpty();
    }

    @Test
    void takesTheLatestWatchdogMessageOfLogEntriesWithoutLineBreaks() throws IOException {
        assertThat(GeneratorProbe.lastWatchdog(errorsLog())).isEqualTo(
                "Overload warning: the minor watchdog timer 500ms has been tripped (604), 114 trips remaining");
        assertThat(GeneratorProbe.lastWatchdog("2026-12-03\t01:43:33.969692\t1796262213.969692: Failed to delete FD "
                + "from epoll, errno = 1 (Operation not permitted)")).isEmpty();
        assertThat(GeneratorProbe.lastWatchdog("x: Overload error: the watchdog timer has tripped the minor threshold "
                + "of 500ms too many times (121 times in 120000ms)")).isEqualTo("Overload error: the watchdog timer has "
                + "tripped the minor threshold of 500ms too many times (121 times in 120000ms)");
    }

    @Test
    void parsesAWholeReadAndLeavesAnInstanceNotSeenAsGone() throws IOException {
        String[] stat = resource("trace-stat-watchdog.csv").split("\n");
        String output = "ticks 100\n"
                + "loadavg 1.25 0.80 0.40 2/300 999\n"
                + "stat cpu  100 0 50 800 50 0 0 0 0 0\n"
                + "proc uac-1 6389 (sipp) S 1 6388 6388 0 -1 4194560 1153 0 0 0 37 12 0 0 20 0 2 0\n"
                + "stathead uac-1 " + stat[0] + "\n"
                + "statrow uac-1 " + stat[1] + "\n"
                + "watchdog uac-1 Overload warning: the minor watchdog timer 500ms has been tripped (604), 114 trips remaining\n"
                + "watchdog uac-2 \n";
        GeneratorProbe.HostReading reading = GeneratorProbe.parse(output, List.of("uac-1", "uac-2"));
        assertThat(reading.loadAverage()).hasValue(1.25);
        assertThat(reading.ticksPerSecond()).isEqualTo(100);
        assertThat(reading.cpuBusy()).hasValue(150);
        assertThat(reading.cpuTotal()).hasValue(1000);
        assertThat(reading.instances()).containsOnlyKeys("uac-1", "uac-2");
        assertThat(reading.instances().get("uac-1")).isEqualTo(new GeneratorProbe.InstanceReading("S",
                OptionalLong.of(49), Optional.of(new GeneratorProbe.StatRow(10, 40, 0, 0, 0, 6)),
                "Overload warning: the minor watchdog timer 500ms has been tripped (604), 114 trips remaining"));
        assertThat(reading.instances().get("uac-2")).isEqualTo(new GeneratorProbe.InstanceReading("-",
                OptionalLong.empty(), Optional.empty(), ""));
    }

    /**
     * The script as a load host's shell runs it, on a run directory holding SIPp's real files and an instance
     * working there (a {@code sleep}); a second instance whose pid works elsewhere (this JVM) is not read as one.
     */
    @Test
    void theScriptReadsWhatTheParserExpects(@TempDir Path dir) throws Exception {
        Path runDir = Files.createDirectories(dir.resolve("runs/uac-1"));
        Files.writeString(runDir.resolve("caller_6388_.csv"), resource("trace-stat-watchdog.csv"));
        Files.writeString(runDir.resolve("caller_6389_errors.log"), errorsLog());
        Process sipp = new ProcessBuilder("sleep", "60").directory(runDir.toFile()).start();
        try {
            String script = GeneratorProbe.script(List.of(new GeneratorProbe.Instance("uac-1", sipp.pid(),
                    runDir.toString()), new GeneratorProbe.Instance("uac-2", ProcessHandle.current().pid(),
                    dir.resolve("runs/uac-2").toString())));
            Process sh = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
            String output = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(sh.waitFor()).isZero();

            GeneratorProbe.HostReading reading = GeneratorProbe.parse(output, List.of("uac-1", "uac-2"));
            assertThat(reading.loadAverage()).isPresent();
            assertThat(reading.cpuTotal()).isPresent();
            assertThat(reading.ticksPerSecond()).isPositive();
            GeneratorProbe.InstanceReading one = reading.instances().get("uac-1");
            assertThat(one.state()).isIn("S", "R");
            assertThat(one.cpuTicks()).isPresent();
            assertThat(one.stats()).hasValue(new GeneratorProbe.StatRow(10, 40, 0, 0, 0, 6));
            assertThat(one.lastWatchdog()).isEqualTo("Overload warning: the minor watchdog timer 500ms has been "
                    + "tripped (604), 114 trips remaining");
            assertThat(reading.instances().get("uac-2")).isEqualTo(new GeneratorProbe.InstanceReading("-",
                    OptionalLong.empty(), Optional.empty(), ""));
        } finally {
            sipp.destroyForcibly();
        }
    }

    @Test
    void twoReadsMakeCpuSharesAndTheCallsDue() {
        UacSpec spec = Uac.calls(100).at(5, Duration.ofSeconds(1)).atMostConcurrent(50).to("10.0.1.5", 5060);
        GeneratorProbe.HostReading before = reading(1000, 10_000, 100, new GeneratorProbe.StatRow(2, 10, 10, 0, 0, 0));
        GeneratorProbe.HostReading now = reading(1300, 10_400, 160, new GeneratorProbe.StatRow(4, 12, 12, 3, 0, 2));
        GeneratorSample sample = GeneratorWatch.sample(Instant.EPOCH, Duration.ofMillis(7), now, before,
                Duration.ofSeconds(2).toNanos(), Map.of("uac-1", spec));
        assertThat(sample.hostCpu()).hasValue(0.75);
        assertThat(sample.loadAverage()).hasValue(0.5);
        assertThat(sample.late()).isEqualTo(Duration.ofMillis(7));
        // 60 ticks of 100 per second in 2 s: 30 % of a core; 4 s at 5 per second: 20 due, 12 placed
        assertThat(sample.instances()).containsExactly(new GeneratorSample.Instance("uac-1", "R", OptionalDouble.of(0.3),
                12, 20, 3, 0, 2, ""));
    }

    @Test
    void theFirstReadHasNoShares() {
        UacSpec spec = Uac.calls(100).at(5, Duration.ofSeconds(1)).atMostConcurrent(50).to("10.0.1.5", 5060);
        GeneratorSample sample = GeneratorWatch.sample(Instant.EPOCH, Duration.ZERO,
                reading(1000, 10_000, 100, new GeneratorProbe.StatRow(2, 10, 10, 0, 0, 0)), null, 0,
                Map.of("uac-1", spec));
        assertThat(sample.hostCpu()).isEmpty();
        assertThat(sample.instances().get(0).cpu()).isEmpty();
    }

    @Test
    void noShareIsMeasuredOverLessThanHalfASecond() {
        UacSpec spec = Uac.calls(100).at(5, Duration.ofSeconds(1)).atMostConcurrent(50).to("10.0.1.5", 5060);
        GeneratorSample sample = GeneratorWatch.sample(Instant.EPOCH, Duration.ofSeconds(3),
                reading(1003, 10_004, 103, new GeneratorProbe.StatRow(2, 10, 10, 0, 0, 0)),
                reading(1000, 10_000, 100, new GeneratorProbe.StatRow(2, 10, 10, 0, 0, 0)),
                Duration.ofMillis(30).toNanos(), Map.of("uac-1", spec));
        assertThat(sample.hostCpu()).isEmpty();
        assertThat(sample.instances().get(0).cpu()).isEmpty();
    }

    @Test
    void theRateDoesNotBindAtTheConcurrencyLimitOrOnceEveryCallIsPlaced() {
        UacSpec spec = Uac.calls(30).at(1, Duration.ofMillis(500)).atMostConcurrent(10).to("10.0.1.5", 5060);
        assertThat(GeneratorWatch.due(spec, new GeneratorProbe.StatRow(6, 8, 5, 0, 0, 0))).isEqualTo(12);
        assertThat(GeneratorWatch.due(spec, new GeneratorProbe.StatRow(60, 25, 5, 0, 0, 0))).isEqualTo(30);
        assertThat(GeneratorWatch.due(spec, new GeneratorProbe.StatRow(6, 10, 10, 0, 0, 0))).isEqualTo(-1);
        assertThat(GeneratorWatch.due(spec, new GeneratorProbe.StatRow(60, 30, 0, 0, 0, 0))).isEqualTo(-1);
        assertThat(GeneratorWatch.due(null, new GeneratorProbe.StatRow(6, 8, 5, 0, 0, 0))).isEqualTo(-1);
    }

    private static GeneratorProbe.HostReading reading(long busy, long total, long sippTicks,
            GeneratorProbe.StatRow stats) {
        return new GeneratorProbe.HostReading(OptionalDouble.of(0.5), 100, OptionalLong.of(busy), OptionalLong.of(total),
                Map.of("uac-1", new GeneratorProbe.InstanceReading("R", OptionalLong.of(sippTicks), Optional.of(stats),
                        "")));
    }
}
