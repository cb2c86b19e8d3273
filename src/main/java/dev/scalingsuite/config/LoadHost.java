package dev.scalingsuite.config;

import java.nio.file.Path;

/**
 * A load host: SSH to {@code user@host:port} with the key in {@code privateKey}, the host key checked
 * against {@code knownHosts}; SIPp's files live under {@code sippHome}. The key file is never read here.
 */
public record LoadHost(String host, int port, String user, Path privateKey, Path knownHosts, String sippHome) {

    public static final int DEFAULT_PORT = 22;
    public static final String DEFAULT_SIPP_HOME = "/opt/sipp";
}
