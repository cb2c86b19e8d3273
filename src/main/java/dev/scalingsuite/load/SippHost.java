package dev.scalingsuite.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * One load host, reached over SSH (sshj; the host key is always checked against known_hosts), and
 * the SIPp caller instances this API started on it. Close it to disconnect; {@link #stopAll()}
 * first if the calls should end too.
 *
 * <p>SIPp runs in the background, so its calls outlive an SSH drop: the connection comes back by
 * itself ({@link SshLink}), reads and kills cut off by a drop run once more, and a start cut off by
 * one is looked up rather than repeated ({@link InterruptedStart}).
 */
public final class SippHost implements AutoCloseable {

    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    static final Pattern BACKGROUND_PID = Pattern.compile("Background mode - PID=\\[(\\d+)]");
    /** {@code 10.0.1.5 via 10.0.2.1 dev eth0 src 10.0.2.15 uid 1000}: the address after {@code src}. */
    static final Pattern ROUTE_SOURCE = Pattern.compile("\\bsrc (\\d{1,3}(?:\\.\\d{1,3}){3})\\b");
    private static final int START_ATTEMPTS = 6;
    /** How many drops in a row one operation survives before it gives up (each reconnect has its own budget). */
    static final int DROPS_SURVIVED = 3;
    private static final Logger LOG = Logger.getLogger(SippHost.class.getName());
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final AtomicInteger RUN_SEQUENCE = new AtomicInteger();

    private final SshAccess access;
    private final SshLink link;
    private final Optional<String> bind;
    /** This host's share of each place-calls step's calls, against the other hosts' weights. */
    private final int weight;
    /** The address the host reported for its route to each target, asked once per target. */
    private final Map<String, String> sourceAddresses = new ConcurrentHashMap<>();
    private final ExecutorService io = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "load-host-ssh");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, SippRun> instances = new ConcurrentHashMap<>();

    private SippHost(SshAccess access, SshLink link, Optional<String> bind, int weight) {
        this.access = access;
        this.link = link;
        this.bind = bind;
        this.weight = weight;
    }

    /**
     * Connects and authenticates with the private key, checking the host key against known_hosts.
     * The connection comes back by itself after a drop (see {@link SshLink} for the bounds).
     *
     * @throws LoadHostException saying whether the host key, the login or the network failed
     */
    public static SippHost connect(SshAccess access) {
        return connect(access, Optional.empty());
    }

    /**
     * Connects as {@link #connect(SshAccess)}; SIPp there binds {@code bind}, or when it is empty the source
     * address the host reports for its route to the calls' target ({@link #bindFor}).
     */
    public static SippHost connect(SshAccess access, Optional<String> bind) {
        return connect(access, bind, 1);
    }

    /**
     * Connects as {@link #connect(SshAccess, Optional)}; the host places {@code weight} shares of each
     * place-calls step's calls ({@link CallSplit}).
     */
    public static SippHost connect(SshAccess access, Optional<String> bind, int weight) {
        if (weight < 1) {
            throw new IllegalArgumentException("A load host's weight must be at least 1, was " + weight);
        }
        Optional<String> checked = bind.map(Shell::host); // a bad address fails here, before anything connects
        return new SippHost(access, SshLink.open(access), checked, weight);
    }

    /** This host's share of each place-calls step's calls, against the other hosts' weights (1 by default). */
    public int weight() {
        return weight;
    }

    /**
     * The host's own address SIPp binds to call {@code target}: the configured one, else the source address
     * the host reports for its route there ({@code ip -o route get <target>}: on a real load host its address
     * in the VPC, on loopback 127.0.0.1), asked once per target.
     *
     * @throws LoadHostException when the host cannot tell (no {@code ip}, no route), naming the setting to use
     */
    public String bindFor(String target) {
        if (bind.isPresent()) {
            return bind.get();
        }
        String host = Shell.host(target);
        return sourceAddresses.computeIfAbsent(host, this::routeSource);
    }

    private String routeSource(String target) {
        // a name is resolved on the host, as SIPp there resolves it
        String script = "t=" + Shell.quote(target) + "\n"
                + "case \"$t\" in *[!0-9.]*) t=$(getent ahostsv4 \"$t\" | awk 'NR == 1 { print $1 }') ;; esac\n"
                + "ip -o route get \"$t\" 2>&1\n";
        ExecResult result = execIdempotent(script);
        Matcher src = ROUTE_SOURCE.matcher(result.stdout());
        if (result.ok() && src.find()) {
            return src.group(1);
        }
        throw new LoadHostException("Cannot tell which address SIPp binds on " + where(access) + ": `ip -o route get "
                + target + "` there said: " + (result.stdout() + " " + result.stderr()).strip()
                + "; set 'bind' for this load host (load-hosts.<n>.bind: the host's own address)");
    }

    private static String where(SshAccess access) {
        return SshLink.where(access);
    }

    public SshAccess access() {
        return access;
    }

    /** The host as messages and reports name it: {@code user@host:port}. */
    public String name() {
        return where(access);
    }

    /** How many times the SSH connection came back after a drop. */
    public int reconnects() {
        return link.reconnects();
    }

    /**
     * Runs one {@code /bin/sh} command line on the host, bounded by {@code timeout}, at most once: a
     * connection found gone is reconnected before the command is sent, but a drop while it runs is an
     * error, since the command may or may not have run. A command that times out is never repeated.
     */
    public ExecResult exec(String command, Duration timeout) {
        Session session = link.openSession();
        try {
            Session.Command cmd = session.exec(command);
            Future<String> out = io.submit(() -> read(cmd.getInputStream()));
            Future<String> err = io.submit(() -> read(cmd.getErrorStream()));
            long deadline = System.nanoTime() + timeout.toNanos();
            String stdout = out.get(remaining(deadline), TimeUnit.NANOSECONDS);
            String stderr = err.get(remaining(deadline), TimeUnit.NANOSECONDS);
            cmd.join(Math.max(1, remaining(deadline)), TimeUnit.NANOSECONDS);
            Integer status = cmd.getExitStatus();
            if (status == null && link.isLost()) {
                // the streams ended because the connection did, not because the command finished
                throw dropped(command, null);
            }
            return new ExecResult(command, status == null ? -1 : status, stdout, stderr);
        } catch (TimeoutException e) {
            if (link.isLost()) {
                throw dropped(command, e);
            }
            throw new LoadHostException("A command on the load host did not finish within " + timeout + ": " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadHostException("Interrupted while running on the load host: " + command, e);
        } catch (ExecutionException | IOException | IllegalStateException e) {
            if (link.isLost()) {
                throw dropped(command, e);
            }
            throw new LoadHostException("A command on the load host failed: " + command + ": " + e, e);
        } finally {
            closeQuietly(session);
        }
    }

    /**
     * Runs a command that is safe to run twice (reads, {@code ps}, {@code kill}): after a drop while it
     * runs, reconnects and runs it again, up to {@link #DROPS_SURVIVED} drops in a row (a host whose
     * sshd restarts every few seconds can cut one command more than once). A command that times out is
     * not repeated.
     */
    public ExecResult execIdempotent(String command, Duration timeout) {
        for (int drops = 0; ; drops++) {
            try {
                return exec(command, timeout);
            } catch (SshLink.Dropped e) {
                if (drops >= DROPS_SURVIVED) {
                    throw e;
                }
                link.reconnect(e.reason());
            }
        }
    }

    ExecResult exec(String command) {
        return exec(command, COMMAND_TIMEOUT);
    }

    ExecResult execIdempotent(String command) {
        return execIdempotent(command, COMMAND_TIMEOUT);
    }

    /** Reconnects after a drop that cut a command; a no-op if the connection is already back. */
    void reconnectAfter(SshLink.Dropped drop) {
        link.reconnect(drop.reason());
    }

    private SshLink.Dropped dropped(String command, Throwable cause) {
        String firstLine = command.lines().findFirst().orElse("");
        return new SshLink.Dropped("The SSH connection to " + where(access) + " dropped while a command ran (it may "
                + "or may not have run): " + firstLine, cause);
    }

    private static void closeQuietly(Session session) {
        try {
            session.close();
        } catch (IOException ignored) {
            // the connection is gone with the session; the command's outcome is already decided
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Starts a caller instance with a generated run id. */
    public SippRun start(UacSpec spec) {
        return start(spec, "uac-" + LocalDateTime.now().format(RUN_TIME) + "-" + RUN_SEQUENCE.incrementAndGet());
    }

    /**
     * Starts a caller instance in {@code runs/<runId>/} under sippHome, in the background, on free
     * ports (a port some other process holds makes SIPp fail to bind; then it is retried on others).
     * The capture of the far end's RTP for connect times ({@link RtpCapture}) starts first, on the
     * instance's media port, so it sees the first call's first packet; if it cannot start, the instance
     * starts all the same and its connect times say why they are not measured. SIPp binds the spec's
     * address if it has one, else {@link #bindFor} its target.
     */
    public SippRun start(UacSpec unbound, String runId) {
        Shell.require("Run id", runId, Shell.RUN_ID, "letters, digits, _ and -");
        UacSpec spec = unbound.bindAddress().isPresent() ? unbound : unbound.boundTo(bindFor(unbound.targetHost()));
        if (instances.containsKey(runId)) {
            throw new IllegalArgumentException("Run id '" + runId + "' is already used on " + where(access));
        }
        String runDir = access.sippHome() + "/runs/" + runId;
        String lastError = "";
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            UacSpec.Ports ports = randomPorts();
            RtpCapture capture = RtpCapture.start(this, runDir, spec.bindAddress().orElseThrow(), ports.media(),
                    spec.captureLimit());
            long pid;
            try {
                pid = launch(spec, runDir, ports);
            } catch (RuntimeException e) {
                capture.stop();
                throw e;
            }
            SippRun run = new SippRun(this, runId, runDir, pid, ports, spec, capture);
            sleep(Duration.ofMillis(700));
            if (!run.isRunning()) {
                String errors = errors(runDir);
                if (errors.contains("Unable to bind")) {
                    capture.stop();
                    lastError = errors;
                    continue;
                }
            }
            instances.put(runId, run);
            return run;
        }
        throw new LoadHostException("sipp found no free ports on " + where(access) + " in " + START_ATTEMPTS
                + " attempts: " + lastError);
    }

    /**
     * Starts sipp in the background in {@code runDir} and returns its pid. A start cut off by a drop
     * is looked up after reconnecting, never simply repeated: a second sipp would place the calls twice.
     */
    private long launch(UacSpec spec, String runDir, UacSpec.Ports ports) {
        for (int drops = 0; ; drops++) {
            ExecResult result;
            try {
                result = exec(startScript(spec, runDir, ports));
            } catch (SshLink.Dropped drop) {
                if (drops >= DROPS_SURVIVED) {
                    throw drop;
                }
                reconnectAfter(drop);
                OptionalLong started = new InterruptedStart(this, runDir).sippStarted();
                LOG.warning("load host " + where(access) + ": a sipp start in " + runDir + " was cut off by the SSH "
                        + "drop; " + (started.isPresent() ? "sipp pid " + started.getAsLong() + " had started, keeping it"
                        : "sipp had not started, starting it again"));
                if (started.isPresent()) {
                    return started.getAsLong();
                }
                // the script stopped before sipp ran; running it again clears the directory first
                continue;
            }
            Matcher pid = BACKGROUND_PID.matcher(result.stdout());
            if (!pid.find()) {
                throw new LoadHostException("sipp did not start in " + runDir + " (" + spec + "): "
                        + result.stdout().strip() + " " + result.stderr().strip() + " " + errors(runDir));
            }
            return Long.parseLong(pid.group(1));
        }
    }

    private String startScript(UacSpec spec, String runDir, UacSpec.Ports ports) {
        String scenario = access.sippHome() + "/" + spec.scenario();
        String prepare = spec.audio()
                .map(audio -> "sed " + Shell.quote("s|\\(rtp_stream=\"\\)audio/calls_pcmu/[^\",]*|\\1audio/calls_pcmu/"
                        + audio + "|") + " " + Shell.quote(scenario) + " > caller.xml")
                .orElse("cp " + Shell.quote(scenario) + " caller.xml");
        return "set -e\n"
                + "mkdir -p " + Shell.quote(runDir) + "\n"
                + "cd " + Shell.quote(runDir) + "\n"
                + "rm -f ./*.log ./*.csv ./start.out\n"
                // the shell's pid, so a start cut off by a drop can be told from one that never ran
                + "echo $$ > " + InterruptedStart.SCRIPT_PID + "\n"
                + "[ -e audio ] || ln -s ../../audio audio\n"
                + prepare + "\n"
                + "set +e\n"
                + Shell.join(spec.commandLine("caller.xml", ports)) + " > start.out 2>&1 < /dev/null\n"
                + "echo \"exit=$?\"\n"
                + "cat start.out\n";
    }

    /** The error logs SIPp wrote in a run directory (bind failures, scenario errors). */
    String errors(String runDir) {
        return execIdempotent("cat " + Shell.quote(runDir) + "/*_errors.log 2>/dev/null; true").stdout();
    }

    static UacSpec.Ports randomPorts() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // Below the kernel's ephemeral range (32768+), so servers on port 0 rarely collide with these.
        return new UacSpec.Ports(20000 + random.nextInt(4000), 24000 + 4 * random.nextInt(1000),
                28000 + random.nextInt(4000));
    }

    /**
     * Which of {@code runs} (instances this host started) still run, asked in one command however many they
     * are: what a watch of the host asks every second.
     *
     * @throws LoadHostException when the host cannot be reached (after the reconnects {@link SshLink} allows)
     */
    public Set<String> running(List<SippRun> runs) {
        if (runs.isEmpty()) {
            return Set.of();
        }
        StringBuilder script = new StringBuilder();
        for (SippRun run : runs) {
            // as SippRun.isRunning: the pid's cwd is the run directory, and it is no zombie
            script.append("( d=$(cd ").append(Shell.quote(run.runDir())).append(" 2>/dev/null && pwd -P) || exit 0; ")
                    .append("[ \"$(readlink /proc/").append(run.pid()).append("/cwd 2>/dev/null)\" = \"$d\" ] || exit 0; ")
                    .append("grep -q '^State:[[:space:]]*Z' /proc/").append(run.pid()).append("/status 2>/dev/null ")
                    .append("&& exit 0; echo ").append(Shell.quote(run.runId())).append(" )\n");
        }
        script.append("true\n");
        Set<String> running = new HashSet<>();
        for (String line : execIdempotent(script.toString()).orThrow().stdout().split("\n")) {
            if (!line.isBlank()) {
                running.add(line.strip());
            }
        }
        return running;
    }

    /** The instances this API started on this host (running or not). */
    public List<SippRun> instances() {
        return List.copyOf(instances.values());
    }

    /**
     * Ends the calls of every running instance this API started (INFO, so each far end sees a BYE),
     * then stops the instances and their captures; sipp processes this API did not start are left alone.
     */
    public void stopAll() {
        List<RuntimeException> failures = new ArrayList<>();
        for (SippRun run : instances()) {
            try {
                if (run.isRunning()) {
                    // soft quit first (an instance with calls still to place stops placing them), then INFO
                    // to every live call, until sipp exits
                    run.endAllCalls();
                }
            } catch (RuntimeException e) {
                failures.add(e);
                run.terminate();
            } finally {
                // an instance whose calls all ended by themselves has exited, but its capture still runs
                run.stopCapture();
            }
        }
        if (!failures.isEmpty()) {
            LoadHostException e = new LoadHostException("Stopping the suite's sipp instances on " + where(access)
                    + " needed SIGTERM for " + failures.size() + ": " + failures.get(0).getMessage());
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    /** Every live sipp process on the host; those this API did not start are marked foreign. */
    public HostStatus status() {
        String script = "for d in /proc/[0-9]*; do "
                + "[ \"$(cat \"$d/comm\" 2>/dev/null)\" = sipp ] || continue; "
                + "grep -q '^State:[[:space:]]*Z' \"$d/status\" 2>/dev/null && continue; "
                + "printf '%s\\t%s\\t%s\\n' \"${d#/proc/}\" \"$(readlink \"$d/cwd\" 2>/dev/null)\" "
                + "\"$(tr '\\0' ' ' < \"$d/cmdline\" 2>/dev/null)\"; done; true";
        List<SippProcess> processes = new ArrayList<>();
        for (String line : execIdempotent(script).orThrow().stdout().split("\n")) {
            String[] fields = line.split("\t", 3);
            if (fields.length < 3 || fields[0].isBlank()) {
                continue;
            }
            long pid = Long.parseLong(fields[0].strip());
            boolean ours = instances.values().stream().anyMatch(r -> r.pid() == pid);
            processes.add(new SippProcess(pid, fields[1], fields[2].strip(), ours));
        }
        return new HostStatus(processes);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadHostException("Interrupted", e);
        }
    }

    @Override
    public void close() {
        io.shutdownNow();
        link.close();
    }
}
