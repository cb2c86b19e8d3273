package dev.scalingsuite.twin.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * One exec request on the load host: {@code /bin/sh -c <command>} in the login's home, with an
 * environment that inherits nothing from the JVM (no AWS credentials leak to the load host), the
 * way a login on the deployed load host would look.
 */
final class SandboxedCommand implements Command {

    /** The only environment a command sees, apart from {@code HOME}. */
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    static final Map<String, String> BASE_ENVIRONMENT = Map.of(
            "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "LANG", "C.UTF-8");

    private final String command;
    private final Path workingDirectory;
    private final Optional<String> netns;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private volatile Process process;

    SandboxedCommand(String command, Path workingDirectory, Optional<String> netns) {
        this.command = command;
        this.workingDirectory = workingDirectory;
        this.netns = netns;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(commandLine(command, netns)).directory(workingDirectory.toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(BASE_ENVIRONMENT);
        environment.put("HOME", workingDirectory.toString());
        process = builder.start();
        Thread stdin = pump(in, process.getOutputStream(), true, "stdin");
        Thread stdout = pump(process.getInputStream(), out, false, "stdout");
        Thread stderr = pump(process.getErrorStream(), err, false, "stderr");
        Thread waiter = new Thread(() -> {
            int code;
            try {
                code = process.waitFor();
                // A background child may keep the pipes open; give the output a moment, not forever.
                stdout.join(TimeUnit.SECONDS.toMillis(2));
                stderr.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                code = 130;
            }
            stdin.interrupt();
            flushQuietly(out);
            flushQuietly(err);
            exit.onExit(code);
        }, "load-host-exec-wait");
        waiter.setDaemon(true);
        waiter.start();
    }

    /**
     * {@code /bin/sh -c command} in a session of its own, as sshd runs a command on a remote host: a
     * terminal's Ctrl-C goes to the suite's process group and must not reach the load host's SIPp,
     * which the suite then ends the orderly way (INFO, so every caller sends BYE). Without
     * {@code setsid} on the machine the command runs in the JVM's group, as before.
     */
    static List<String> commandLine(String command) {
        return commandLine(command, Optional.empty());
    }

    /**
     * As {@link #commandLine(String)}, run in the network namespace {@code netns} when one is given
     * ({@code ip netns exec}), so the command sees the load host's own interfaces and addresses: SIPp,
     * tcpdump, {@code ip route}, a {@code kill} all act there, as on a host of its own.
     */
    static List<String> commandLine(String command, Optional<String> netns) {
        List<String> line = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            line.add(SETSID.toString());
        }
        netns.ifPresent(ns -> line.addAll(List.of(ip(), "netns", "exec", ns)));
        line.addAll(List.of("/bin/sh", "-c", command));
        return List.copyOf(line);
    }

    /** The {@code ip} program (iproute2), by its path: the command's environment is not the JVM's. */
    static String ip() {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path ip = Path.of(dir, "ip");
            if (Files.isExecutable(ip)) {
                return ip.toString();
            }
        }
        return "ip";
    }

    @Override
    public void destroy(ChannelSession channel) {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
        }
    }

    private static Thread pump(InputStream from, OutputStream to, boolean closeTarget, String name) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = from.read(buffer)) >= 0) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                // the channel or the process went away; nothing more to copy
            } finally {
                if (closeTarget) {
                    try {
                        to.close();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            }
        }, "load-host-exec-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void flushQuietly(OutputStream stream) {
        try {
            stream.flush();
        } catch (IOException ignored) {
            // the client has gone
        }
    }
}
