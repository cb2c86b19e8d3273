package dev.scalingsuite.load;

import java.io.IOException;
import java.time.Duration;
import java.util.logging.Logger;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;

/**
 * The SSH connection to one load host, connected again when it is gone (the host's sshd restarted,
 * the network blinked). SIPp runs in the background there, so its calls outlive a drop; only the
 * connection has to come back.
 *
 * <p>Reconnecting tries for at most {@link #RECONNECT_BUDGET} (60 s wall) after the drop is noticed,
 * waiting {@link #FIRST_BACKOFF} before the second attempt and doubling up to {@link #MAX_BACKOFF}.
 * Every attempt checks the host key against the same known_hosts file as the first connect; a host
 * key it does not list, or a refused login, ends the attempts at once, since waiting cannot fix either.
 */
final class SshLink implements AutoCloseable {

    static final Duration RECONNECT_BUDGET = Duration.ofSeconds(60);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** A second bound beside the budget: connect attempts that fail fast must not spin. */
    private static final int MAX_ATTEMPTS = 40;
    /** Sessions tried on connections that each dropped again before the session started. */
    private static final int SESSION_ATTEMPTS = 5;
    /** How long a failed channel may take to show as a dead transport before it counts as a command failure. */
    private static final Duration DROP_SETTLE = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(SshLink.class.getName());

    private final SshAccess access;
    private SSHClient client;
    private int reconnects;

    private SshLink(SshAccess access, SSHClient client) {
        this.access = access;
        this.client = client;
    }

    /**
     * Connects and authenticates with the private key, checking the host key against known_hosts.
     *
     * @throws LoadHostException saying whether the host key, the login or the network failed
     */
    static SshLink open(SshAccess access) {
        return new SshLink(access, connect(access));
    }

    /**
     * A session on a live connection; a connection found gone is reconnected first (nothing ran yet).
     * The connection can drop between the check and the session's start: sshj then throws
     * {@link IllegalStateException} ("Not connected", "Not authenticated") rather than an
     * {@link IOException}, and that is a drop like any other (it ended a run once, inside end-all-calls).
     */
    Session openSession() {
        for (int attempt = 1; ; attempt++) {
            SSHClient current = current();
            if (!isUp(current)) {
                reconnect("the connection was closed");
                current = current();
            }
            try {
                return current.startSession();
            } catch (IOException | IllegalStateException e) {
                if (!settlesAsLost(current)) {
                    throw new LoadHostException("Cannot open an SSH session to " + where(access) + ": " + e, e);
                }
                if (attempt >= SESSION_ATTEMPTS) {
                    throw new LoadHostException("Cannot open an SSH session to " + where(access) + ": the connection "
                            + "dropped " + attempt + " times in a row right after it came back; last error: " + e, e);
                }
            }
        }
    }

    /**
     * Whether the connection died (now, or within a second: a broken channel can be seen before its
     * transport is marked dead). A command cut off this way may or may not have run.
     */
    boolean isLost() {
        return settlesAsLost(current());
    }

    /** Reconnects unless another caller already did; bounded by {@link #RECONNECT_BUDGET}. */
    synchronized void reconnect(String why) {
        if (isUp(client)) {
            return;
        }
        closeQuietly(client);
        long started = System.nanoTime();
        long deadline = started + RECONNECT_BUDGET.toNanos();
        Duration backoff = FIRST_BACKOFF;
        LoadHostException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS && System.nanoTime() < deadline; attempt++) {
            try {
                client = connect(access);
                reconnects++;
                LOG.warning("load host " + where(access) + ": SSH connection lost (" + why + "); reconnected, "
                        + "host key verified, after " + attempt + " attempt(s) in " + millis(started) + " ms");
                return;
            } catch (Refused e) {
                LOG.warning("load host " + where(access) + ": SSH connection lost (" + why + "); reconnecting "
                        + "refused: " + e.what);
                throw e;
            } catch (LoadHostException e) {
                last = e;
            }
            long left = deadline - System.nanoTime();
            SippHost.sleep(Duration.ofNanos(Math.max(0, Math.min(backoff.toNanos(), left))));
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        LOG.warning("load host " + where(access) + ": SSH connection lost (" + why + "); not back within "
                + RECONNECT_BUDGET.toSeconds() + " s");
        throw new LoadHostException("The SSH connection to the load host " + where(access) + " was lost (" + why
                + ") and did not come back within " + RECONNECT_BUDGET.toSeconds() + " s; last error: "
                + (last == null ? "none" : last.getMessage()), last);
    }

    /** How many times the connection came back since it was opened. */
    synchronized int reconnects() {
        return reconnects;
    }

    private synchronized SSHClient current() {
        return client;
    }

    private static boolean isUp(SSHClient ssh) {
        return ssh.isConnected() && ssh.isAuthenticated();
    }

    private static boolean settlesAsLost(SSHClient ssh) {
        long deadline = System.nanoTime() + DROP_SETTLE.toNanos();
        while (isUp(ssh)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            SippHost.sleep(Duration.ofMillis(50));
        }
        return true;
    }

    private static long millis(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }

    static String where(SshAccess access) {
        return access.user() + "@" + access.host() + ":" + access.port();
    }

    private static SSHClient connect(SshAccess access) {
        SSHClient ssh = new SSHClient();
        try {
            ssh.loadKnownHosts(access.knownHosts().toFile());
            ssh.setConnectTimeout((int) Duration.ofSeconds(10).toMillis());
            ssh.setTimeout((int) Duration.ofSeconds(30).toMillis());
            ssh.connect(access.host(), access.port());
            ssh.authPublickey(access.user(), ssh.loadKeys(access.privateKey().toString()));
            return ssh;
        } catch (TransportException e) {
            closeQuietly(ssh);
            if (e.getDisconnectReason() == DisconnectReason.HOST_KEY_NOT_VERIFIABLE) {
                throw new Refused("a host key that " + access.knownHosts() + " does not list for it",
                        "The load host " + where(access) + " presented a host key that " + access.knownHosts()
                        + " does not list for it: refusing to connect. If the host was rebuilt, replace its line "
                        + "in known_hosts with the new key (HOST_KEY_NOT_VERIFIABLE: " + e.getMessage() + ")", e);
            }
            throw new LoadHostException("SSH to the load host " + where(access) + " failed: " + e.getMessage(), e);
        } catch (UserAuthException e) {
            if (droppedDuringLogin(ssh, e)) {
                closeQuietly(ssh);
                throw new LoadHostException("The load host " + where(access) + " went away while logging in: " + e, e);
            }
            closeQuietly(ssh);
            throw new Refused("user '" + access.user() + "' refused",
                    "The load host " + where(access) + " refused user '" + access.user() + "' with key "
                    + access.privateKey() + ": check authorized_keys there", e);
        } catch (IOException | IllegalStateException e) {
            // IllegalStateException: the server went away between connecting and logging in
            closeQuietly(ssh);
            throw new LoadHostException("Cannot reach the load host " + where(access) + ": " + e, e);
        }
    }

    /**
     * Whether a failed login was the connection dropping rather than the host refusing us: sshj
     * reports both as {@link UserAuthException}, a drop with the transport's error as its cause or with
     * the transport gone right after. Mistaking a drop for a refusal would end a run that could go on.
     */
    private static boolean droppedDuringLogin(SSHClient ssh, UserAuthException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof TransportException || cause instanceof java.io.EOFException
                    || cause instanceof java.net.SocketException) {
                return true;
            }
        }
        long deadline = System.nanoTime() + DROP_SETTLE.toNanos();
        while (ssh.isConnected()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            SippHost.sleep(Duration.ofMillis(50));
        }
        return true;
    }

    @Override
    public synchronized void close() {
        closeQuietly(client);
    }

    private static void closeQuietly(SSHClient ssh) {
        try {
            ssh.close();
        } catch (IOException ignored) {
            // disconnecting; nothing left to do
        }
    }

    /** The connection dropped while a command ran: the command may or may not have run. */
    static final class Dropped extends LoadHostException {
        Dropped(String message, Throwable cause) {
            super(message, cause);
        }

        /** What the transport said, for the one log line of the reconnect; never the command. */
        String reason() {
            Throwable root = getCause();
            for (int depth = 0; depth < 10 && root != null && root.getCause() != null; depth++) {
                root = root.getCause();
            }
            return root == null || root.getMessage() == null ? "a command was cut off"
                    : "a command was cut off: " + root.getMessage();
        }
    }

    /** The host answered but will not have us: a wrong host key or a refused login. Retrying cannot help. */
    static final class Refused extends LoadHostException {
        private final String what;

        Refused(String what, String message, Throwable cause) {
            super(message, cause);
            this.what = what;
        }
    }
}
