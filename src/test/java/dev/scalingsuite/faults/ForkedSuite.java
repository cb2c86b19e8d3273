package dev.scalingsuite.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of the suite in its own JVM ({@link SuiteMain}), its output in a file, so a test can wait
 * for a moment of the run and then interrupt it the way a user does (SIGINT, as Ctrl-C).
 */
final class ForkedSuite implements AutoCloseable {

    private final Process process;
    private final Path output;

    private ForkedSuite(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts the suite with {@code properties} ({@code scaling.*} and others) as system properties. */
    static ForkedSuite start(Path dir, Map<String, String> properties) throws IOException {
        Files.createDirectories(dir);
        Path output = dir.resolve("suite.log");
        Process process = new ProcessBuilder(ChildJvm.command("768m", properties, SuiteMain.class)).directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        return new ForkedSuite(process, output);
    }

    /** Waits until the output has a line containing {@code text}; false if the run ended or time ran out first. */
    boolean awaitOutput(String text, Duration atMost) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(atMost);
        while (Instant.now().isBefore(deadline)) {
            if (output().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return output().contains(text);
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** SIGINT, what Ctrl-C in a terminal sends. */
    void interrupt() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).inheritIO().start().waitFor();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, or empty if the run did not end within {@code atMost}. */
    java.util.OptionalInt awaitExit(Duration atMost) throws InterruptedException {
        return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)
                ? java.util.OptionalInt.of(process.exitValue()) : java.util.OptionalInt.empty();
    }

    String output() throws IOException {
        return Files.exists(output) ? Files.readString(output) : "";
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
