package dev.scalingsuite.twin.netns;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The {@code ip} program of iproute2, run as a child process: one command, or a batch of them. */
final class Ip {

    private static final long TIMEOUT_SECONDS = 30;

    /** What one run of {@code ip} did. */
    record Result(int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }

        /** The first line of what it said on standard error, or its exit status. */
        String why() {
            String line = err.strip().lines().findFirst().orElse("");
            return line.isEmpty() ? "exit " + exit : line;
        }
    }

    private final String path;

    private Ip(String path) {
        this.path = path;
    }

    /** The {@code ip} program of this machine, by its path; empty when iproute2 is not installed. */
    static Optional<Ip> find() {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path ip = Path.of(dir, "ip");
            if (Files.isExecutable(ip)) {
                return Optional.of(new Ip(ip.toString()));
            }
        }
        return Optional.empty();
    }

    String path() {
        return path;
    }

    /** {@code ip ARGS...}. */
    Result run(String... args) {
        List<String> command = new ArrayList<>(List.of(path));
        command.addAll(List.of(args));
        return exec(command, Optional.empty());
    }

    /**
     * {@code ip [-n NAMESPACE] -batch -} with one command a line: one process for many changes, stopping at
     * the first that fails (its line named on standard error).
     */
    Result batch(Optional<String> namespace, List<String> lines) {
        List<String> command = new ArrayList<>(List.of(path));
        namespace.ifPresent(ns -> command.addAll(List.of("-n", ns)));
        command.addAll(List.of("-batch", "-"));
        return exec(command, Optional.of(String.join("\n", lines) + "\n"));
    }

    private static Result exec(List<String> command, Optional<String> input) {
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<String> out = read(process.getInputStream());
            CompletableFuture<String> err = read(process.getErrorStream());
            try (OutputStream stdin = process.getOutputStream()) {
                if (input.isPresent()) {
                    stdin.write(input.get().getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "", String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS
                        + " s");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            return new Result(-1, "", String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted: " + String.join(" ", command));
        }
    }

    /** Reads a stream to its end on a thread of its own (a blocking read must not hold a shared pool's thread). */
    private static CompletableFuture<String> read(java.io.InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (in) {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        }, "netns-ip-output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
