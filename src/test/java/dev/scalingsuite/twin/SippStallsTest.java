package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code sipp-stalls} fault on real processes named {@code sipp} (a copy of {@code sleep}): it stops those
 * working under the load host's sipp home, never others, and closing it continues them.
 */
class SippStallsTest {

    @TempDir
    Path dir;

    @Test
    void stopsOnlyTheSippsOfItsHomeAndContinuesThemWhenClosed() throws Exception {
        Path sipp = dir.resolve("bin/sipp");
        Files.createDirectories(sipp.getParent());
        Files.copy(Path.of("/bin/sleep"), sipp, StandardCopyOption.COPY_ATTRIBUTES);
        Path home = Files.createDirectories(dir.resolve("load-host/sipp/runs/uac-1"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Process ours = new ProcessBuilder(sipp.toString(), "120").directory(home.toFile()).start();
        Process other = new ProcessBuilder(sipp.toString(), "120").directory(elsewhere.toFile()).start();
        try {
            SippStalls stalls = new SippStalls(dir.resolve("load-host/sipp"));
            try {
                await("the load host's sipp stopped").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                        .until(() -> state(ours).equals("T"));
                assertThat(state(other)).as("a sipp outside the sipp home, while the load host's is stopped")
                        .isNotEqualTo("T");
            } finally {
                stalls.close();
            }
            assertThat(state(ours)).as("the load host's sipp once the fault is closed").isNotEqualTo("T");
        } finally {
            ours.destroyForcibly();
            other.destroyForcibly();
        }
    }

    /** The process state in {@code /proc/<pid>/stat}: {@code S}, {@code R}, {@code T} when stopped. */
    private static String state(Process process) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 1).strip().split("\\s+")[0];
    }
}
