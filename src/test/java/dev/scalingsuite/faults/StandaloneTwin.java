package dev.scalingsuite.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A twin in its own JVM, as {@code ./mvnw -Ptwin exec:java} starts it: the suite under test reaches
 * it only through the endpoints file it writes, so it cannot know the twin's settings or faults.
 * Closing stops it (SIGTERM, so it deletes its endpoints file), forcibly if it does not stop in time.
 */
public final class StandaloneTwin implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path endpoints;
    private final Path log;

    private StandaloneTwin(Process process, Path endpoints, Path log) {
        this.process = process;
        this.endpoints = endpoints;
        this.log = log;
    }

    /** Starts a twin with {@code settings} (twin keys without the {@code twin.} prefix) and waits for its endpoints. */
    public static StandaloneTwin start(Path dir, Map<String, String> settings) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path endpoints = dir.resolve("endpoints.json");
        Path log = dir.resolve("twin.log");
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        properties.put("twin.endpoints", endpoints.toString());
        properties.put("twin.workDir", dir.resolve("work").toString());
        settings.forEach((k, v) -> properties.put("twin." + k, v));
        Process process = new ProcessBuilder(ChildJvm.command("512m", properties, dev.scalingsuite.twin.TwinMain.class)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        StandaloneTwin twin = new StandaloneTwin(process, endpoints, log);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!Files.exists(endpoints)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                twin.close();
                throw new IllegalStateException("the standalone twin did not start (" + (process.isAlive()
                        ? "no endpoints file after " + START_TIMEOUT.toSeconds() + " s" : "exit " + process.exitValue())
                        + "); its log:\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
        return twin;
    }

    public Path endpoints() {
        return endpoints;
    }

    /** A line on the twin's standard input ({@code restart-ssh}, {@code api-down logs}, {@code api-up}). */
    void command(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
