package dev.scalingsuite.twin.sip;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One real SIPp UAC run in the foreground, in its own run directory, on free loopback ports, bounded
 * by {@code -m}, {@code -timeout} and a hard process timeout after which it is killed. SIPp never
 * outlives {@link #close()} (or a failed {@link #await}).
 */
final class SippRun implements AutoCloseable {

    static final String SIPP = "/usr/bin/sipp";

    private final Path dir;
    private final String scenario;
    private final List<String> command = new ArrayList<>();
    private Process process;
    private int exitCode = -1;

    /**
     * @param resource the scenario template under {@code /sipp/}; {@code @KEY@} placeholders are
     *     replaced from {@code values}
     */
    SippRun(Path dir, String resource, Map<String, String> values) throws IOException {
        this.dir = dir;
        String text;
        try (InputStream in = SippRun.class.getResourceAsStream("/sipp/" + resource)) {
            text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            text = text.replace("@" + e.getKey() + "@", e.getValue());
        }
        this.scenario = resource.replace(".xml", "");
        Files.writeString(dir.resolve(resource), text, StandardCharsets.ISO_8859_1);
    }

    /** Places {@code calls} calls at {@code rate} per second, at most {@code limit} at once. */
    SippRun start(String target, int calls, int rate, int limit, Duration globalTimeout) throws IOException {
        int[] media = freeUdpBlock(2 * (calls + 2));
        command.addAll(List.of(SIPP, target, "-sf", scenario + ".xml",
                "-i", "127.0.0.1", "-mi", "127.0.0.1",
                "-p", String.valueOf(freeUdpPort()), "-mp", String.valueOf(media[0]),
                "-cp", String.valueOf(freeUdpPort()), "-ci", "127.0.0.1",
                "-m", String.valueOf(calls), "-r", String.valueOf(rate), "-rp", "1000", "-l", String.valueOf(limit),
                "-timeout", globalTimeout.toSeconds() + "s", "-max_retrans", "5",
                "-trace_counts", "-trace_err", "-trace_stat", "-fd", "1", "-nostdin"));
        process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sipp.out").toFile()).start();
        return this;
    }

    /** Waits for SIPp to finish; kills it after {@code hardTimeout}. */
    SippRun await(Duration hardTimeout) throws InterruptedException {
        try {
            if (!process.waitFor(hardTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("sipp did not finish within " + hardTimeout + "; killed. " + diagnostics());
            }
            exitCode = process.exitValue();
            return this;
        } finally {
            close();
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    int exitCode() {
        return exitCode;
    }

    /** The last row of {@code -trace_counts}: column name -> count. */
    Map<String, Long> counts() throws IOException {
        Path file = find("_counts.csv");
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        String[] header = lines.get(0).split(";");
        String[] last = lines.get(lines.size() - 1).split(";");
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 2; i < header.length && i < last.length; i++) {
            if (!header[i].isBlank()) {
                out.put(header[i], Long.parseLong(last[i].trim()));
            }
        }
        return out;
    }

    /** Sums the columns whose names end with {@code _<suffix>}, e.g. {@code 503_Recv}, over every scenario step. */
    long count(String suffix) throws IOException {
        return counts().entrySet().stream().filter(e -> e.getKey().replaceFirst("^\\d+_", "").equals(suffix))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** The count of one scenario step's column, e.g. {@code 4_200_Recv}. */
    long column(String name) throws IOException {
        Long value = counts().get(name);
        if (value == null) {
            throw new AssertionError("no column " + name + " in " + counts().keySet());
        }
        return value;
    }

    String diagnostics() {
        StringBuilder out = new StringBuilder("command: ").append(String.join(" ", command));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith("_errors.log") || name.equals("sipp.out") || name.endsWith("_counts.csv")) {
                    String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                    out.append("\n--- ").append(name).append(" ---\n")
                            .append(text.length() > 4000 ? text.substring(text.length() - 4000) : text);
                }
            }
        } catch (IOException e) {
            out.append("\n(").append(e).append(")");
        }
        return out.toString();
    }

    private Path find(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no *" + suffix + " in " + dir + "; " + diagnostics()));
        }
    }

    /** Stops SIPp if it still runs: SIGTERM, then SIGKILL, and waits for it. */
    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An even port with the next {@code size} UDP ports free on 127.0.0.1 (SIPp's RTP streams use them). */
    static int[] freeUdpBlock(int size) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20_000 + 2 * ThreadLocalRandom.current().nextInt(10_000);
            List<DatagramSocket> held = new ArrayList<>();
            try {
                for (int p = base; p < base + size; p++) {
                    held.add(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), p)));
                }
                return new int[] {base, base + size - 1};
            } catch (IOException taken) {
                // try another block
            } finally {
                held.forEach(DatagramSocket::close);
            }
        }
        throw new IllegalStateException("no free block of " + size + " UDP ports");
    }
}
