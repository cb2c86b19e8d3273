package dev.scalingsuite.twin.netns;

import dev.scalingsuite.twin.TwinMain;
import dev.scalingsuite.twin.api.AwsEndpoint;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The twin as a JVM of its own in a network namespace of its own, the load host in another, all on real
 * addresses ({@link NetnsTopology}): SIPp then sends from the load host's own address to the stack's, as it
 * must on a real load host, and a binding to 127.0.0.1 reaches nothing. The harness reaches the twin's
 * APIs from the root namespace over a veth, through the endpoints file the twin writes, as it reaches a
 * standalone twin.
 *
 * <p>The child runs under a small shell of its own session (so a terminal's Ctrl-C reaches only the suite,
 * which then ends its calls the orderly way while the twin still runs), started as
 * <pre>
 * setsid -w sh -c SCRIPT ... ip netns exec sst&lt;pid&gt;-&lt;n&gt;-stack java ... TwinMain
 * </pre>
 * The twin reads its standard input, a pipe only this JVM writes: when this JVM ends, however it ends
 * ({@code kill -9} included), the pipe does, the twin stops, and the shell deletes the namespaces and links
 * behind it. {@link #close()} does the same, in order, and waits for it. What a killed shell leaves, the
 * next run sweeps ({@link NetnsTopology#sweep}).
 */
public final class NetnsTwin implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String HEAP = "512m";
    /** The child's log records, one line each: {@code JUL|<level>|<logger>|<message>}, so this JVM can log them again. */
    private static final String RECORD = "JUL|";
    private static final String RECORD_FORMAT = RECORD + "%4$s|%3$s|%5$s%6$s%n";

    private final NetnsTopology topology;
    private final Process process;
    private final Path endpoints;
    private final Path log;
    private Thread copier;
    private volatile boolean closed;

    private NetnsTwin(NetnsTopology topology, Process process, Path endpoints, Path log) {
        this.topology = topology;
        this.process = process;
        this.endpoints = endpoints;
        this.log = log;
    }

    /** This machine cannot make the namespaces; the message says why, in one line. */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Builds the namespaces (after sweeping those of dead runs), starts the twin in them with {@code settings}
     * (twin keys without their {@code twin.} prefix, checked already) and waits until it writes its endpoints.
     *
     * @param dir where the endpoints file and the twin's log go
     * @param say where lines for the person running the suite go (what a sweep deleted); the twin's own log
     *     records are logged in this JVM under their own loggers
     * @throws Unavailable when the namespaces cannot be made here; nothing is left behind then
     * @throws IllegalStateException when the twin did not start in them, with its log
     */
    public static NetnsTwin start(Map<String, String> settings, Path dir, Consumer<String> say) throws Unavailable {
        Ip ip = Ip.find().orElseThrow(() -> new Unavailable("no `ip` command here (iproute2 is not installed)"));
        List<String> swept = NetnsTopology.sweep(ip);
        if (!swept.isEmpty()) {
            say.accept("swept what dead runs left: " + String.join(", ", swept));
        }
        NetnsTopology topology;
        try {
            // one namespace per load host (settings checked already: loadHosts is 1 to 8)
            int loadHosts = Integer.parseInt(settings.getOrDefault("loadHosts", "1").strip());
            topology = NetnsTopology.create(ip, ProcessHandle.current().pid(), SEQUENCE.incrementAndGet(), loadHosts);
        } catch (NetnsTopology.Failed e) {
            throw new Unavailable(e.getMessage());
        }
        try {
            return launch(ip, topology, settings, dir.resolve(topology.base()));
        } catch (IOException | RuntimeException e) {
            topology.delete();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(
                    "The twin did not start in " + topology.stackNamespace() + ": " + e, e);
        }
    }

    private static NetnsTwin launch(Ip ip, NetnsTopology topology, Map<String, String> settings, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        Path endpoints = dir.resolve("endpoints.json");
        Path log = dir.resolve("twin.log");
        Files.deleteIfExists(endpoints);
        Map<String, String> properties = new LinkedHashMap<>();
        settings.forEach((k, v) -> properties.put("twin." + k, v));
        properties.put("twin.apiAddress", topology.apiAddress());
        properties.put("twin.sipAddress", topology.sipAddress());
        properties.put("twin.taskAddresses", NetnsTopology.TASK_BLOCK);
        properties.put("twin.loadHostNetns", String.join(",", topology.loadNamespaces()));
        properties.put("twin.endpoints", endpoints.toAbsolutePath().toString());
        properties.put("twin.stopWhenInputEnds", "true");
        properties.remove("twin.topology");
        List<String> command = new ArrayList<>(List.of("setsid", "-w", "sh", "-c", supervisor(topology), "netns-twin",
                ip.path(), topology.stackNamespace()));
        command.addAll(javaCommand(properties));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        NetnsTwin twin = new NetnsTwin(topology, process, endpoints, log);
        twin.copyOutput();
        twin.awaitEndpoints();
        return twin;
    }

    /**
     * The shell that outlives a killed JVM: runs the twin in the stack's namespace ({@code $1} is {@code ip},
     * {@code $2} the namespace, the rest the twin's command line), then deletes what the twin ran in.
     */
    private static String supervisor(NetnsTopology topology) {
        return "IP=$1; NS=$2; shift 2\n"
                + "\"$IP\" netns exec \"$NS\" \"$@\"\n"
                + "rc=$?\n"
                + topology.deleteScript()
                + "echo \"netns twin: namespaces of $NS deleted\"\n"
                + "exit $rc\n";
    }

    private static List<String> javaCommand(Map<String, String> properties) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + HEAP);
        command.add("-Djava.awt.headless=true");
        // C1 only: the child starts in about half the time (2.5-6 s instead of 4-14 s on 2 busy CPUs) and used
        // a third less CPU over a steady-state run (17 s instead of 26 s), C2's own compiling included
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Djava.util.logging.SimpleFormatter.format=" + RECORD_FORMAT);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(classPath(TwinMain.class.getClassLoader()));
        command.add(TwinMain.class.getName());
        return command;
    }

    /**
     * The classpath the twin's classes come from: this JVM's, unless a launcher loaded them in a class loader of
     * its own, as Maven's {@code exec:java} does for a series or a matrix (its {@code java.class.path} is Maven's
     * own launcher, where the child would find no twin); then that loader's files.
     */
    static String classPath(ClassLoader loader) {
        if (loader instanceof URLClassLoader urls) {
            List<String> files = new ArrayList<>();
            for (URL url : urls.getURLs()) {
                if ("file".equals(url.getProtocol())) {
                    try {
                        files.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException e) {
                        throw new IllegalStateException("A class path entry is no file: " + url, e);
                    }
                }
            }
            if (!files.isEmpty()) {
                return String.join(File.pathSeparator, files);
            }
        }
        return System.getProperty("java.class.path");
    }

    /**
     * Copies the twin's output to its log file, and logs its log records again in this JVM, under their own
     * loggers and levels ({@code twin seed ...}, {@code twin faults active ...}, the API fault counts when it
     * stops), as an in-process twin's records are.
     */
    private void copyOutput() throws IOException {
        Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        copier = new Thread(() -> {
            try (file; BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                boolean faultsCounted = false;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    file.write(line);
                    file.write('\n');
                    file.flush();
                    if (line.startsWith(RECORD)) {
                        relog(line.substring(RECORD.length()));
                        faultsCounted |= line.contains("|twin API faults injected: ");
                    } else if (line.startsWith(TwinMain.FAULTS_INJECTED) && !faultsCounted) {
                        // printed, not logged, as the twin stops (logging may be gone by then); the in-process
                        // twin's endpoint logs the same count
                        relog("INFO|" + AwsEndpoint.class.getName() + "|twin API faults injected: "
                                + line.substring(TwinMain.FAULTS_INJECTED.length()));
                    }
                }
            } catch (IOException e) {
                // the twin is gone; its log has what it said
            }
        }, "netns-twin-output");
        copier.setDaemon(true);
        copier.start();
    }

    /** {@code <level>|<logger>|<message>}, logged here as the twin logged it there. */
    private static void relog(String record) {
        String[] parts = record.split("\\|", 3);
        if (parts.length < 3) {
            return;
        }
        Level level;
        try {
            level = Level.parse(parts[0]);
        } catch (IllegalArgumentException e) {
            level = Level.INFO;
        }
        LogRecord logged = new LogRecord(level, parts[2]);
        logged.setLoggerName(parts[1]);
        logged.setSourceClassName(parts[1]);
        logged.setSourceMethodName("(in the twin's JVM)");
        Logger.getLogger(parts[1]).log(logged);
    }

    private void awaitEndpoints() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(endpoints)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String why = process.isAlive() ? "no endpoints file after " + START_TIMEOUT.toSeconds() + " s"
                        : "exit " + process.exitValue();
                close();
                throw new IllegalStateException("The twin did not start in network namespace "
                        + topology.stackNamespace() + " (" + why + "); its log " + log + ":\n" + tail());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("Interrupted while the twin started", e);
            }
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** The endpoints file the twin wrote: what the suite reaches it through. */
    public Path endpoints() {
        return endpoints;
    }

    /** The twin's output. */
    public Path log() {
        return log;
    }

    /** The twin's process (the supervising shell's child's child: the shell's pid here). */
    public long pid() {
        return process.pid();
    }

    /** The stack's namespace, where the twin runs. */
    public String stackNamespace() {
        return topology.stackNamespace();
    }

    /** The load hosts' namespaces, one per load host. */
    public List<String> loadNamespaces() {
        return topology.loadNamespaces();
    }

    /** The root namespace's link into the stack's. */
    public String rootLink() {
        return topology.rootLinkName();
    }

    /** The root namespace's end of its link, where the harness's connections to the twin come from. */
    public String rootAddress() {
        return topology.rootAddress();
    }

    /** The twin's address for its APIs and SSH (the stack's end of the root link). */
    public String apiAddress() {
        return topology.apiAddress();
    }

    /** The SIP entry point's address. */
    public String sipAddress() {
        return topology.sipAddress();
    }

    /** The first and last address a task may get. */
    public List<String> taskAddressRange() {
        return List.of(NetnsTopology.TASK_PREFIX + 1, NetnsTopology.TASK_PREFIX + NetnsTopology.TASKS);
    }

    /** Load host {@code k}'s own address, in its namespace. */
    public String loadHostAddress(int k) {
        return topology.loadHostAddress(k);
    }

    /** {@code network namespace sst123-1-stack}. */
    public String describe() {
        return "network namespace " + topology.stackNamespace();
    }

    /**
     * {@code APIs 198.19.4.2 (from 198.19.4.1), SIP 198.18.1.1, tasks 198.18.2.0/24 on tasks0, load host
     * 198.18.0.2 in sst123-1-load0}; with more load hosts {@code load hosts 198.18.0.2 in sst123-1-load0,
     * 198.18.0.6 in sst123-1-load1}.
     */
    public String addressesLine() {
        List<String> hosts = new ArrayList<>();
        for (int k = 0; k < topology.loadNamespaces().size(); k++) {
            hosts.add(topology.loadHostAddress(k) + " in " + topology.loadNamespaces().get(k));
        }
        return "APIs " + topology.apiAddress() + " (from " + topology.rootAddress() + "), SIP " + topology.sipAddress()
                + ", tasks " + NetnsTopology.TASK_BLOCK + " on " + topology.taskDevice() + ", load host"
                + (hosts.size() > 1 ? "s " : " ") + String.join(", ", hosts);
    }

    /**
     * Stops the twin (its standard input ends; then SIGTERM, then SIGKILL if it lingers), waits for the shell
     * to delete the namespaces and links, and deletes them itself too, in case the shell could not. Never
     * throws; safe to call again.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the twin is gone already
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            }
            if (copier != null) {
                copier.join(TimeUnit.SECONDS.toMillis(5)); // the twin's last records (its fault counts) logged here
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        topology.delete();
    }

    /** Whether the namespaces and the root link are all gone (after {@link #close()}). */
    public boolean leftNothing() {
        Optional<Ip> ip = Ip.find();
        if (ip.isEmpty()) {
            return true;
        }
        String namespaces = ip.get().run("netns", "list").out();
        boolean anyNamespace = topology.namespaces().stream().anyMatch(ns -> namespaces.lines()
                .anyMatch(l -> l.strip().split("\\s+")[0].equals(ns)));
        return !anyNamespace && !ip.get().run("link", "show", "dev", topology.rootLinkName()).ok();
    }
}
