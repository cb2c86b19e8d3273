package dev.scalingsuite.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;

/**
 * One load host, reached over SSH (sshj; the host key is always checked against known_hosts), and
 * the SIPp caller instances this API started on it. Close it to disconnect; {@link #stopAll()}
 * first if the calls should end too.
 */
public final class SippHost implements AutoCloseable {

    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern BACKGROUND_PID = Pattern.compile("Background mode - PID=\\[(\\d+)]");
    private static final int START_ATTEMPTS = 6;
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final AtomicInteger RUN_SEQUENCE = new AtomicInteger();

    private final SshAccess access;
    private final SSHClient ssh;
    private final ExecutorService io = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "load-host-ssh");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, SippRun> instances = new ConcurrentHashMap<>();

    private SippHost(SshAccess access, SSHClient ssh) {
        this.access = access;
        this.ssh = ssh;
    }

    /**
     * Connects and authenticates with the private key, checking the host key against known_hosts.
     *
     * @throws LoadHostException saying whether the host key, the login or the network failed
     */
    public static SippHost connect(SshAccess access) {
        SSHClient ssh = new SSHClient();
        try {
            ssh.loadKnownHosts(access.knownHosts().toFile());
            ssh.setConnectTimeout((int) Duration.ofSeconds(10).toMillis());
            ssh.setTimeout((int) Duration.ofSeconds(30).toMillis());
            ssh.connect(access.host(), access.port());
            ssh.authPublickey(access.user(), ssh.loadKeys(access.privateKey().toString()));
            return new SippHost(access, ssh);
        } catch (TransportException e) {
            closeQuietly(ssh);
            if (e.getDisconnectReason() == net.schmizz.sshj.common.DisconnectReason.HOST_KEY_NOT_VERIFIABLE) {
                throw new LoadHostException("The load host " + where(access) + " presented a host key that "
                        + access.knownHosts() + " does not list for it: refusing to connect. If the host was "
                        + "rebuilt, replace its line in known_hosts with the new key (HOST_KEY_NOT_VERIFIABLE: "
                        + e.getMessage() + ")", e);
            }
            throw new LoadHostException("SSH to the load host " + where(access) + " failed: " + e.getMessage(), e);
        } catch (UserAuthException e) {
            closeQuietly(ssh);
            throw new LoadHostException("The load host " + where(access) + " refused user '" + access.user()
                    + "' with key " + access.privateKey() + ": check authorized_keys there", e);
        } catch (IOException e) {
            closeQuietly(ssh);
            throw new LoadHostException("Cannot reach the load host " + where(access) + ": " + e, e);
        }
    }

    private static String where(SshAccess access) {
        return access.user() + "@" + access.host() + ":" + access.port();
    }

    public SshAccess access() {
        return access;
    }

    /** Runs one {@code /bin/sh} command line on the host, bounded by {@code timeout}. */
    public ExecResult exec(String command, Duration timeout) {
        Session session;
        try {
            session = ssh.startSession();
        } catch (IOException e) {
            throw new LoadHostException("Cannot open an SSH session to " + where(access) + ": " + e, e);
        }
        try (session) {
            Session.Command cmd = session.exec(command);
            Future<String> out = io.submit(() -> read(cmd.getInputStream()));
            Future<String> err = io.submit(() -> read(cmd.getErrorStream()));
            long deadline = System.nanoTime() + timeout.toNanos();
            String stdout = out.get(remaining(deadline), TimeUnit.NANOSECONDS);
            String stderr = err.get(remaining(deadline), TimeUnit.NANOSECONDS);
            cmd.join(Math.max(1, remaining(deadline)), TimeUnit.NANOSECONDS);
            Integer status = cmd.getExitStatus();
            return new ExecResult(command, status == null ? -1 : status, stdout, stderr);
        } catch (TimeoutException e) {
            throw new LoadHostException("A command on the load host did not finish within " + timeout + ": " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadHostException("Interrupted while running on the load host: " + command, e);
        } catch (ExecutionException | IOException e) {
            throw new LoadHostException("A command on the load host failed: " + command + ": " + e, e);
        }
    }

    ExecResult exec(String command) {
        return exec(command, COMMAND_TIMEOUT);
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
     */
    public SippRun start(UacSpec spec, String runId) {
        Shell.require("Run id", runId, Shell.RUN_ID, "letters, digits, _ and -");
        if (instances.containsKey(runId)) {
            throw new IllegalArgumentException("Run id '" + runId + "' is already used on " + where(access));
        }
        String runDir = access.sippHome() + "/runs/" + runId;
        String lastError = "";
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            UacSpec.Ports ports = randomPorts();
            ExecResult result = exec(startScript(spec, runDir, ports));
            Matcher pid = BACKGROUND_PID.matcher(result.stdout());
            if (!pid.find()) {
                throw new LoadHostException("sipp did not start in " + runDir + " (" + spec + "): "
                        + result.stdout().strip() + " " + result.stderr().strip() + " " + errors(runDir));
            }
            SippRun run = new SippRun(this, runId, runDir, Long.parseLong(pid.group(1)), ports, spec);
            sleep(Duration.ofMillis(700));
            if (!run.isRunning()) {
                String errors = errors(runDir);
                if (errors.contains("Unable to bind")) {
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
                + "[ -e audio ] || ln -s ../../audio audio\n"
                + prepare + "\n"
                + "set +e\n"
                + Shell.join(spec.commandLine("caller.xml", ports)) + " > start.out 2>&1 < /dev/null\n"
                + "echo \"exit=$?\"\n"
                + "cat start.out\n";
    }

    /** The error logs SIPp wrote in a run directory (bind failures, scenario errors). */
    String errors(String runDir) {
        return exec("cat " + Shell.quote(runDir) + "/*_errors.log 2>/dev/null; true").stdout();
    }

    static UacSpec.Ports randomPorts() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // Below the kernel's ephemeral range (32768+), so servers on port 0 rarely collide with these.
        return new UacSpec.Ports(20000 + random.nextInt(4000), 24000 + 4 * random.nextInt(1000),
                28000 + random.nextInt(4000));
    }

    /** The instances this API started on this host (running or not). */
    public List<SippRun> instances() {
        return List.copyOf(instances.values());
    }

    /**
     * Ends the calls of every running instance this API started (INFO, so each far end sees a BYE),
     * then stops the instances; sipp processes this API did not start are left alone.
     */
    public void stopAll() {
        List<RuntimeException> failures = new ArrayList<>();
        for (SippRun run : instances()) {
            try {
                if (run.isRunning()) {
                    run.endAllCalls();
                    // an instance with calls still to place would go on placing them: tell it to quit once
                    // the ended calls are done (found when a run was stopped halfway through its place-calls)
                    run.softQuit();
                }
            } catch (RuntimeException e) {
                failures.add(e);
                run.terminate();
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
        for (String line : exec(script).orThrow().stdout().split("\n")) {
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
        closeQuietly(ssh);
    }

    private static void closeQuietly(SSHClient ssh) {
        try {
            ssh.close();
        } catch (IOException ignored) {
            // disconnecting; nothing left to do
        }
    }
}
