package dev.scalingsuite.twin.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.load.ExecResult;
import dev.scalingsuite.load.LoadHostException;
import dev.scalingsuite.load.SippHost;
import dev.scalingsuite.load.SshAccess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.xfer.FileSystemFile;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadHostTest {

    @TempDir
    static Path workDir;
    private static LoadHost loadHost;

    @BeforeAll
    static void start() {
        loadHost = LoadHost.start(workDir, 0, LoadHost.osUser());
    }

    @AfterAll
    static void stop() {
        if (loadHost != null) {
            loadHost.close();
        }
    }

    private static SshAccess access(Path knownHosts) {
        return new SshAccess(loadHost.host(), loadHost.port(), loadHost.user(), loadHost.privateKey(), knownHosts,
                loadHost.sippHome().toString());
    }

    @Test
    void sippHomeIsLaidOutLikeTheDeployedHost() throws IOException {
        Path home = loadHost.sippHome();
        assertThat(home.resolve("scenarios/uac.xml")).content().contains("sip:9@[remote_ip]:[remote_port]");
        assertThat(home.resolve("scenarios/info.xml")).content().contains("Call-ID: [field0]");
        try (var audio = Files.list(home.resolve("audio/calls_pcmu"))) {
            List<Path> files = audio.toList();
            assertThat(files).extracting(p -> p.getFileName().toString())
                    .contains("caller-speech.pcmu", "caller-question.pcmu");
            assertThat(Files.size(home.resolve("audio/calls_pcmu/caller-speech.pcmu"))).isEqualTo(4 * 8000);
        }
        assertThat(home.resolve("runs")).isDirectory();
        assertThat(loadHost.knownHosts()).content().startsWith("[127.0.0.1]:" + loadHost.port() + " ");
        assertThat(loadHost.privateKey()).content().startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(workDir.resolve("ssh/authorized_keys")).content().startsWith("ssh-ed25519 ");
    }

    /** As sshd on a remote host: a terminal's Ctrl-C to the suite's process group never reaches the command. */
    @Test
    void eachCommandRunsInASessionOfItsOwn() {
        try (SippHost host = SippHost.connect(access(loadHost.knownHosts()))) {
            String out = host.exec("echo \"$$ $(cut -d' ' -f6 /proc/$$/stat)\"", Duration.ofSeconds(10)).stdout().strip();
            String[] pidAndSession = out.split(" ");
            assertThat(pidAndSession[1]).as("the shell leads its own session (pid, session id: %s)", out)
                    .isEqualTo(pidAndSession[0]);
            long jvmSession = Long.parseLong(readStat("self").split(" ")[5]);
            assertThat(Long.parseLong(pidAndSession[1])).isNotEqualTo(jvmSession);
        }
    }

    private static String readStat(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            // the command name may hold spaces: the fields after it start past the last ')'
            return "x x" + stat.substring(stat.lastIndexOf(')') + 1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sshjConnectsWithHostKeyVerification() {
        try (SippHost host = SippHost.connect(access(loadHost.knownHosts()))) {
            ExecResult result = host.exec("echo hello", Duration.ofSeconds(10));
            assertThat(result.exitStatus()).isZero();
            assertThat(result.stdout()).isEqualTo("hello\n");
        }
    }

    @Test
    void aWrongHostKeyFailsWithAClearMessage() throws Exception {
        KeyPair other = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        Path wrong = workDir.resolve("wrong_known_hosts");
        Files.writeString(wrong, "[127.0.0.1]:" + loadHost.port() + " " + PublicKeyEntry.toString(other.getPublic())
                + "\n", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> SippHost.connect(access(wrong)))
                .isInstanceOf(LoadHostException.class)
                .hasMessageContaining("presented a host key that " + wrong + " does not list")
                .hasMessageContaining("HOST_KEY_NOT_VERIFIABLE");
    }

    @Test
    void anotherUserIsRefused() {
        SshAccess stranger = new SshAccess(loadHost.host(), loadHost.port(), "stranger", loadHost.privateKey(),
                loadHost.knownHosts(), loadHost.sippHome().toString());
        assertThatThrownBy(() -> SippHost.connect(stranger))
                .isInstanceOf(LoadHostException.class)
                .hasMessageContaining("refused user 'stranger'");
    }

    /**
     * A login starts in its own home, not in the sipp home, as on a deployed load host whose SSH user's home
     * is not /opt/sipp: a harness command that relied on a relative path fails here too.
     */
    @Test
    void commandsRunInTheLoginsHomeWithAScrubbedEnvironment() {
        try (SippHost host = SippHost.connect(access(loadHost.knownHosts()))) {
            String out = host.exec("pwd -P; env", Duration.ofSeconds(10)).orThrow().stdout();
            String[] lines = out.split("\n");
            assertThat(lines[0]).isEqualTo(workDir.resolve("home").toRealPath().toString())
                    .isNotEqualTo(loadHost.sippHome().toRealPath().toString());
            Map<String, String> env = new TreeMap<>();
            Arrays.stream(lines).skip(1).map(l -> l.split("=", 2)).forEach(kv -> env.put(kv[0], kv.length > 1 ? kv[1] : ""));
            assertThat(env.keySet()).noneMatch(k -> k.startsWith("AWS_"));
            // Nothing of the JVM's environment: only what the command factory sets (and dash's own PWD).
            assertThat(env.keySet()).isSubsetOf("PATH", "HOME", "LANG", "PWD", "OLDPWD", "SHLVL", "_");
            assertThat(env).containsEntry("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
                    .containsEntry("HOME", workDir.resolve("home").toString())
                    .containsEntry("LANG", "C.UTF-8");
            assertThat(System.getenv()).containsKey("PATH"); // the JVM has an environment to leak
            assertThat(System.getenv().keySet()).anyMatch(k -> !env.containsKey(k));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sftpUploadsLandInSippHome() throws IOException {
        Path local = workDir.resolve("upload.txt");
        Files.writeString(local, "uploaded\n");
        try (SSHClient ssh = new SSHClient()) {
            ssh.loadKnownHosts(loadHost.knownHosts().toFile());
            ssh.connect(loadHost.host(), loadHost.port());
            ssh.authPublickey(loadHost.user(), ssh.loadKeys(loadHost.privateKey().toString()));
            try (SFTPClient sftp = ssh.newSFTPClient()) {
                sftp.put(new FileSystemFile(local.toFile()), "/runs/upload.txt");
            }
        }
        assertThat(loadHost.sippHome().resolve("runs/upload.txt")).hasContent("uploaded");
    }

    @Test
    void plainOpenSshWorksWithTheGeneratedFiles() throws Exception {
        Process ssh = new ProcessBuilder("ssh", "-F", "/dev/null", "-i", loadHost.privateKey().toString(),
                "-o", "UserKnownHostsFile=" + loadHost.knownHosts(), "-o", "StrictHostKeyChecking=yes",
                "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-p", String.valueOf(loadHost.port()),
                loadHost.user() + "@127.0.0.1", "sipp -v")
                .redirectErrorStream(true).start();
        try {
            assertThat(ssh.waitFor(30, TimeUnit.SECONDS)).as("ssh finished").isTrue();
            String out = new String(ssh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(out).contains("SIPp v3.6");
        } finally {
            ssh.destroyForcibly();
        }
    }

    @Test
    void restartKeepsPortAndHostKey() {
        int port = loadHost.port();
        loadHost.restart();
        assertThat(loadHost.port()).isEqualTo(port);
        try (SippHost host = SippHost.connect(access(loadHost.knownHosts()))) {
            assertThat(host.exec("echo again", Duration.ofSeconds(10)).stdout()).isEqualTo("again\n");
        }
    }

    @Test
    void aNewServerOnTheSameWorkDirKeepsTheHostKey(@TempDir Path otherWorkDir) throws IOException {
        LoadHost first = LoadHost.start(otherWorkDir, 0, LoadHost.osUser());
        int port = first.port();
        String knownHosts = Files.readString(first.knownHosts());
        first.close();
        LoadHost second = LoadHost.start(otherWorkDir, port, LoadHost.osUser());
        try {
            assertThat(second.knownHosts()).hasContent(knownHosts.strip());
            SshAccess access = new SshAccess(second.host(), second.port(), second.user(), second.privateKey(),
                    second.knownHosts(), second.sippHome().toString());
            try (SippHost host = SippHost.connect(access)) {
                assertThat(host.exec("echo second", Duration.ofSeconds(10)).stdout()).isEqualTo("second\n");
            }
        } finally {
            second.close();
        }
    }
}
