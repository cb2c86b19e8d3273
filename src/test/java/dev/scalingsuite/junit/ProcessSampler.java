package dev.scalingsuite.junit;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * For {@link FleetBenchmark}: once a second, this JVM's CPU time and heap, and the CPU time of every process in a
 * network namespace this JVM's run created ({@code sst<this pid>-*}): the twin's JVM in {@code ...-stack}, each load
 * host's SIPp in {@code ...-load<i>}. Only processes in those namespaces are counted, so other runs on the machine
 * are not. A process's namespace is looked up once, when it is first seen ({@code ip netns identify}).
 */
final class ProcessSampler implements AutoCloseable {

    /** Linux's clock ticks per second for /proc/PID/stat's utime and stime (USER_HZ, 100 on every Linux ABI). */
    static final double TICKS_PER_SECOND = 100.0;

    /** One process of the run: its namespace, its name, and its CPU seconds at each time (seconds since start) seen. */
    static final class Seen {
        final long pid;
        final String namespace;
        final String comm;
        final String commandLine;
        final List<double[]> cpu = new ArrayList<>();

        Seen(long pid, String namespace, String comm, String commandLine) {
            this.pid = pid;
            this.namespace = namespace;
            this.comm = comm;
            this.commandLine = commandLine;
        }

        /** A SIPp that places the calls (the suite's caller scenario), not one that sends the INFOs that end them. */
        boolean placesCalls() {
            return comm.equals("sipp") && commandLine.contains(" caller.xml ");
        }

        /** CPU seconds over wall seconds between the first and last sample: a share of one core. */
        double coreShare() {
            if (cpu.size() < 2) {
                return Double.NaN;
            }
            double[] first = cpu.get(0);
            double[] last = cpu.get(cpu.size() - 1);
            return (last[1] - first[1]) / (last[0] - first[0]);
        }

        /** The same over the samples taken from {@code from} to {@code to} (seconds since the sampler started). */
        double coreShare(double from, double to) {
            List<double[]> in = cpu.stream().filter(c -> c[0] >= from && c[0] <= to).toList();
            if (in.size() < 2) {
                return Double.NaN;
            }
            double[] first = in.get(0);
            double[] last = in.get(in.size() - 1);
            return (last[1] - first[1]) / (last[0] - first[0]);
        }

        double firstSeen() {
            return cpu.isEmpty() ? Double.NaN : cpu.get(0)[0];
        }

        double lastSeen() {
            return cpu.isEmpty() ? Double.NaN : cpu.get(cpu.size() - 1)[0];
        }
    }

    private final String prefix = "sst" + ProcessHandle.current().pid() + "-";
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final long start = System.nanoTime();
    private final long startCpu = os.getProcessCpuTime();
    private final Map<Long, Optional<Seen>> processes = new HashMap<>();
    private final List<double[]> load = new ArrayList<>();
    private final Seen harness = new Seen(ProcessHandle.current().pid(), "(root: the harness)", "java", "");
    private final Thread thread;
    private volatile boolean running = true;
    private long peakHeapUsed;
    private long peakHeapCommitted;
    private long peakHeapAfterCollection;
    private double harnessCpuSeconds;
    private double wallSeconds;

    ProcessSampler() {
        thread = new Thread(this::loop, "fleet-benchmark-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            sample();
            try {
                TimeUnit.SECONDS.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sample() {
        double now = (System.nanoTime() - start) / 1e9;
        wallSeconds = now;
        harnessCpuSeconds = (os.getProcessCpuTime() - startCpu) / 1e9;
        harness.cpu.add(new double[] {now, harnessCpuSeconds});
        peakHeapUsed = Math.max(peakHeapUsed, memory.getHeapMemoryUsage().getUsed());
        peakHeapCommitted = Math.max(peakHeapCommitted, memory.getHeapMemoryUsage().getCommitted());
        long afterCollection = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null)
                .mapToLong(pool -> pool.getCollectionUsage().getUsed()).sum();
        peakHeapAfterCollection = Math.max(peakHeapAfterCollection, afterCollection);
        load.add(new double[] {now, loadAverage()});
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            for (Path dir : proc.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                long pid = Long.parseLong(dir.getFileName().toString());
                Optional<Seen> seen = processes.computeIfAbsent(pid, this::identify);
                seen.ifPresent(s -> cpuSeconds(dir).ifPresent(cpu -> s.cpu.add(new double[] {now, cpu})));
            }
        } catch (IOException e) {
            // a process that ended between the listing and the read: it is sampled no more
        }
    }

    private Optional<Seen> identify(long pid) {
        String comm = read(Path.of("/proc", String.valueOf(pid), "comm")).strip();
        if (!comm.equals("sipp") && !comm.equals("java")) {
            return Optional.empty();
        }
        try {
            Process ip = new ProcessBuilder("ip", "netns", "identify", String.valueOf(pid)).redirectErrorStream(true)
                    .start();
            String name = new String(ip.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            ip.waitFor(5, TimeUnit.SECONDS);
            String commandLine = read(Path.of("/proc", String.valueOf(pid), "cmdline")).replace('\0', ' ');
            return name.startsWith(prefix) ? Optional.of(new Seen(pid, name, comm, commandLine)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** utime + stime of /proc/PID/stat (fields 14 and 15, counted after the command name's closing parenthesis). */
    private static Optional<Double> cpuSeconds(Path dir) {
        String stat = read(dir.resolve("stat"));
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return Optional.empty();
        }
        String[] f = stat.substring(close + 2).split(" ");
        return Optional.of((Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND);
    }

    private static double loadAverage() {
        return Double.parseDouble(read(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /** The processes seen, by namespace then pid. */
    synchronized Map<String, List<Seen>> byNamespace() {
        Map<String, List<Seen>> out = new LinkedHashMap<>();
        processes.values().stream().flatMap(Optional::stream).sorted((a, b) -> a.namespace.equals(b.namespace)
                ? Long.compare(a.pid, b.pid) : a.namespace.compareTo(b.namespace))
                .forEach(s -> out.computeIfAbsent(s.namespace, k -> new ArrayList<>()).add(s));
        return out;
    }

    /** This JVM (the harness), sampled as the others are. */
    synchronized Seen harness() {
        return harness;
    }

    synchronized double harnessCoreShare() {
        return wallSeconds == 0 ? Double.NaN : harnessCpuSeconds / wallSeconds;
    }

    synchronized double wallSeconds() {
        return wallSeconds;
    }

    synchronized long peakHeapUsed() {
        return peakHeapUsed;
    }

    /** The most the heap held just after a collection (each pool's usage after its latest collection, summed). */
    synchronized long peakHeapAfterCollection() {
        return peakHeapAfterCollection;
    }

    synchronized long peakHeapCommitted() {
        return peakHeapCommitted;
    }

    synchronized double peakLoadAverage() {
        return load.stream().mapToDouble(l -> l[1]).max().orElse(Double.NaN);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
        sample();
    }
}
