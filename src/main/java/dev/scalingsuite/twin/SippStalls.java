package dev.scalingsuite.twin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The {@code sipp-stalls} fault: the SIPp processes started through the twin's load host (their working
 * directory under its sipp home) are stopped ({@code SIGSTOP}) for {@link #STOPPED} of every {@link #CYCLE},
 * then continued ({@code SIGCONT}). Each stall outlasts SIPp's minor watchdog (500 ms), so the generator
 * falls behind and says so, as a saturated one does, without loading the CPUs, which the twin shares with
 * everything else on the machine. Wall time, as SIPp runs in it. Closing continues every process it stopped.
 */
final class SippStalls implements AutoCloseable {

    static final Duration STOPPED = Duration.ofMillis(600);
    static final Duration CYCLE = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(SippStalls.class.getName());

    private final Path sippHome;
    private final Set<Long> stopped = new LinkedHashSet<>();
    private final Set<Long> seen = new LinkedHashSet<>();
    private final Thread thread;
    private volatile boolean running = true;

    SippStalls(Path sippHome) throws IOException {
        this.sippHome = sippHome.toRealPath();
        this.thread = new Thread(this::cycle, "twin-sipp-stalls");
        thread.setDaemon(true);
        thread.start();
    }

    private void cycle() {
        try {
            while (running) {
                List<Long> pids = sippProcesses();
                signal("-STOP", pids);
                pids.stream().filter(seen::add).forEach(pid -> LOG.info("twin fault sipp-stalls: stopping sipp pid "
                        + pid + " for " + STOPPED.toMillis() + " ms of every " + CYCLE.toMillis() + " ms"));
                Thread.sleep(STOPPED.toMillis());
                continueStopped();
                Thread.sleep(CYCLE.minus(STOPPED).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            continueStopped();
        }
    }

    /** The live sipp processes whose working directory is under the sipp home: those the load host started. */
    private List<Long> sippProcesses() {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (Files.readString(proc.resolve("comm")).strip().equals("sipp")
                            && Files.readSymbolicLink(proc.resolve("cwd")).startsWith(sippHome)) {
                        pids.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException | UnsupportedOperationException | SecurityException e) {
                    // gone meanwhile, or not ours to read: not a process the load host started
                }
            }
        } catch (IOException e) {
            LOG.warning("twin fault sipp-stalls: cannot list /proc: " + e);
        }
        return pids;
    }

    private synchronized void signal(String signal, List<Long> pids) {
        if (pids.isEmpty()) {
            return;
        }
        if (signal.equals("-STOP")) {
            stopped.addAll(pids);
        }
        List<String> command = new ArrayList<>(List.of("kill", signal));
        pids.forEach(pid -> command.add(String.valueOf(pid)));
        try {
            // a pid that exited meanwhile makes kill complain; the others are signalled all the same
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        } catch (IOException e) {
            LOG.warning("twin fault sipp-stalls: kill " + signal + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void continueStopped() {
        List<Long> pids = List.copyOf(stopped);
        stopped.clear();
        boolean interrupted = Thread.interrupted(); // SIGCONT must go out even when stopping
        signal("-CONT", pids);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops stalling and continues every process still stopped. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        continueStopped();
    }
}
