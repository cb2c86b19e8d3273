package dev.scalingsuite.load;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to reach one load host: {@code user@host:port} with a private key, the host key checked
 * against {@code knownHosts} (OpenSSH format, {@code [host]:port} entries for other ports), and the
 * directory where SIPp's scenarios, audio and run directories live ({@code /opt/sipp} when deployed).
 */
public record SshAccess(String host, int port, String user, Path privateKey, Path knownHosts, String sippHome) {

    public SshAccess {
        Shell.host(host);
        Shell.port("SSH port", port);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(knownHosts, "knownHosts");
        Shell.require("sippHome", sippHome, Shell.PATH, "an absolute path (letters, digits, _ . / + -)");
    }
}
