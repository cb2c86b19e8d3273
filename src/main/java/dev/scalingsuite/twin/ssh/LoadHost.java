package dev.scalingsuite.twin.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * The twin's SSH load host: an embedded SSH server on 127.0.0.1 (or another address of this machine)
 * that runs commands in a sandboxed {@code sippHome} laid out like the deployed host's {@code /opt/sipp},
 * so the suite drives the real {@code sipp} over SSH exactly as it does in AWS. Given a network
 * namespace, it runs every command there ({@code ip netns exec}), so SIPp sends from the load host's own
 * address, as on a real load host.
 *
 * <p>Everything lives in the work directory: the host key ({@code ssh/host_key}, kept across
 * restarts), the client key pair ({@code ssh/id_ed25519}, or {@code ssh/id_rsa} where Ed25519 is not
 * available), {@code ssh/known_hosts} ({@code [host]:port} form), {@code ssh/authorized_keys}
 * and {@code sipp/}. Only public-key authentication of the one configured user is accepted.
 */
public final class LoadHost implements AutoCloseable {

    public static final String HOST = "127.0.0.1";

    private final String host;
    private final Optional<String> netns;
    private final Path workDir;
    private final Path sshDir;
    private final Path sippHome;
    /** Where a login starts: not the sipp home, as on a real load host, so a relative path there fails here too. */
    private final Path loginHome;
    private final String user;
    private final Path privateKey;
    private final Path knownHosts;
    private final SimpleGeneratorHostKeyProvider hostKeys;
    private SshServer server;
    private int port;

    private LoadHost(Path workDir, String host, int port, String user, Optional<String> netns) {
        this.host = Objects.requireNonNull(host, "host");
        this.netns = Objects.requireNonNull(netns, "netns");
        this.workDir = workDir.toAbsolutePath().normalize();
        this.sshDir = this.workDir.resolve("ssh");
        this.sippHome = this.workDir.resolve("sipp");
        this.loginHome = this.workDir.resolve("home");
        this.user = Objects.requireNonNull(user, "user");
        this.port = port;
        this.privateKey = sshDir.resolve("id_ed25519");
        this.knownHosts = sshDir.resolve("known_hosts");
        this.hostKeys = new SimpleGeneratorHostKeyProvider(sshDir.resolve("host_key"));
        this.hostKeys.setAlgorithm(KeyUtils.EC_ALGORITHM);
        this.hostKeys.setKeySize(256);
    }

    /**
     * Starts a load host.
     *
     * @param workDir where keys and {@code sippHome} live; created if missing, reused if present
     * @param port the port to listen on, 0 for any free one (then kept for restarts)
     * @param user the only user that may log in
     */
    public static LoadHost start(Path workDir, int port, String user) {
        return start(workDir, HOST, port, user, Optional.empty());
    }

    /**
     * Starts a load host on {@code host} whose commands run in the network namespace {@code netns}, if given.
     *
     * @param workDir where keys and {@code sippHome} live; created if missing, reused if present
     * @param host the address to listen on
     * @param port the port to listen on, 0 for any free one (then kept for restarts)
     * @param user the only user that may log in
     * @param netns the network namespace every command runs in ({@code ip netns exec}); empty: this process's
     */
    public static LoadHost start(Path workDir, String host, int port, String user, Optional<String> netns) {
        LoadHost loadHost = new LoadHost(workDir, host, port, user, netns);
        try {
            loadHost.prepare();
            loadHost.listen();
            loadHost.writeKnownHosts();
            return loadHost;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            loadHost.close();
            throw new IllegalStateException("The SSH load host did not start in " + workDir + ": " + e, e);
        }
    }

    /** A fresh work directory under {@code target/} when run from the project, else the temp dir. */
    public static Path freshWorkDir() throws IOException {
        Path target = Path.of("target");
        Path parent = Files.isDirectory(target) ? target.resolve("twin") : Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(parent);
        return Files.createTempDirectory(parent, "load-host-");
    }

    /** The name of the OS user running this JVM: the default SSH user. */
    public static String osUser() {
        return System.getProperty("user.name");
    }

    private void prepare() throws IOException, GeneralSecurityException {
        Files.createDirectories(sshDir);
        SippHome.lay(sippHome);
        Files.createDirectories(loginHome);
        if (!Files.exists(privateKey)) {
            KeyPair pair = generateClientKeyPair();
            writeSecret(privateKey, out -> OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "scaling-suite", null, out));
            Files.writeString(sshDir.resolve("authorized_keys"),
                    PublicKeyEntry.toString(pair.getPublic()) + " scaling-suite\n", StandardCharsets.US_ASCII);
            Files.writeString(sshDir.resolve("id_ed25519.pub"),
                    PublicKeyEntry.toString(pair.getPublic()) + " scaling-suite\n", StandardCharsets.US_ASCII);
        }
    }

    private static KeyPair generateClientKeyPair() throws GeneralSecurityException {
        return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    }

    private void listen() throws IOException {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost(host);
        sshd.setPort(port);
        sshd.setKeyPairProvider(hostKeys);
        AuthorizedKeysAuthenticator keys = new AuthorizedKeysAuthenticator(sshDir.resolve("authorized_keys"));
        sshd.setPublickeyAuthenticator((name, key, session) -> user.equals(name) && keys.authenticate(name, key, session));
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setGSSAuthenticator(null);
        sshd.setHostBasedAuthenticator(null);
        sshd.setCommandFactory((channel, command) -> new SandboxedCommand(command, loginHome, netns));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(sippHome));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder().build()));
        sshd.start();
        server = sshd;
        port = sshd.getPort();
    }

    private void writeKnownHosts() throws IOException, GeneralSecurityException {
        StringBuilder lines = new StringBuilder();
        for (KeyPair pair : hostKeys.loadKeys(null)) {
            PublicKey key = pair.getPublic();
            lines.append('[').append(host).append("]:").append(port).append(' ')
                    .append(PublicKeyEntry.toString(key)).append('\n');
        }
        Path tmp = knownHosts.resolveSibling("known_hosts.tmp");
        Files.writeString(tmp, lines, StandardCharsets.US_ASCII);
        Files.move(tmp, knownHosts, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Stops and starts the server again on the same port with the same host key (an SSH drop). */
    public synchronized void restart() {
        stopServer();
        try {
            listen();
        } catch (IOException e) {
            throw new IllegalStateException("The SSH load host did not restart on port " + port + ": " + e, e);
        }
    }

    public String host() {
        return host;
    }

    /** The network namespace the commands run in; empty: this process's. */
    public Optional<String> netns() {
        return netns;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public Path workDir() {
        return workDir;
    }

    public Path sippHome() {
        return sippHome;
    }

    public Path privateKey() {
        return privateKey;
    }

    public Path knownHosts() {
        return knownHosts;
    }

    public boolean isRunning() {
        return server != null && server.isStarted();
    }

    @Override
    public synchronized void close() {
        stopServer();
    }

    private void stopServer() {
        SshServer s = server;
        server = null;
        if (s != null) {
            try {
                s.stop(true);
            } catch (IOException e) {
                System.err.println("load host: stopping the SSH server failed: " + e);
            }
        }
    }

    private interface Writer {
        void write(OutputStream out) throws IOException, GeneralSecurityException;
    }

    private static void writeSecret(Path file, Writer writer) throws IOException, GeneralSecurityException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(file)) {
            writer.write(out);
        }
    }

    static InputStream resource(String name) throws IOException {
        InputStream in = LoadHost.class.getResourceAsStream("/sipp/" + name);
        if (in == null) {
            throw new IOException("resource /sipp/" + name + " is missing from the classpath");
        }
        return in;
    }
}
