package dev.scalingsuite.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real SIPp far end for tests, run in the foreground on 127.0.0.1 with a hard timeout, and always
 * destroyed on close.
 */
final class LocalUas implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path dir;

    private LocalUas(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** Starts {@code src/test/resources/sipp/<scenario>} on a free port. */
    static LocalUas start(String scenario, Path dir) throws IOException, InterruptedException {
        return start(scenario, dir, List.of());
    }

    /** A far end that answers every call, then hangs up itself {@code after} the answer (its BYE). */
    static LocalUas hangingUpAfter(Duration after, Path dir) throws IOException, InterruptedException {
        return start("uas-hangup.xml", dir, List.of("-d", String.valueOf(after.toMillis())));
    }

    private static LocalUas start(String scenario, Path dir, List<String> options)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path file = dir.resolve(scenario);
        try (InputStream in = LocalUas.class.getResourceAsStream("/sipp/" + scenario)) {
            Files.copy(in, file);
        }
        for (int attempt = 0; attempt < 6; attempt++) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int port = 40000 + random.nextInt(5000);
            int media = 46000 + 4 * random.nextInt(1000);
            int control = 51000 + random.nextInt(4000);
            List<String> command = new ArrayList<>(List.of("sipp", "-sf", file.toString(), "-i", "127.0.0.1",
                    "-p", String.valueOf(port), "-mp", String.valueOf(media), "-cp", String.valueOf(control),
                    "-ci", "127.0.0.1", "-nostdin", "-trace_err", "-timeout", "180s"));
            command.addAll(options);
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("uas-" + port + ".out").toFile())
                    .start();
            if (!process.waitFor(700, TimeUnit.MILLISECONDS)) {
                return new LocalUas(process, port, dir);
            }
        }
        throw new IllegalStateException("the test UAS " + scenario + " found no free port; see " + dir);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
