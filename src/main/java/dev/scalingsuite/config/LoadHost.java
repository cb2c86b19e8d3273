package dev.scalingsuite.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A load host: SSH to {@code user@host:port} with the key in {@code privateKey}, the host key checked
 * against {@code knownHosts}; SIPp's files live under {@code sippHome}. The key file is never read here.
 * {@code bind} is the host's own address SIPp binds ({@code -i}, {@code -ci}, and the address its
 * soft quit and INFOs go to); empty: the source address the host itself reports for its route to the SIP
 * entry point ({@code ip -o route get <sip ip>}). {@code weight} is the host's share of each place-calls step's
 * calls, against the other hosts' weights (1 unless configured).
 */
public record LoadHost(String host, int port, String user, Path privateKey, Path knownHosts, String sippHome,
        Optional<String> bind, int weight) {

    public static final int DEFAULT_PORT = 22;
    public static final String DEFAULT_SIPP_HOME = "/opt/sipp";
    public static final int DEFAULT_WEIGHT = 1;
    /** The most a weight may be: far more than any fleet of load hosts needs, and a sum that cannot overflow. */
    public static final int MAX_WEIGHT = 1000;

    public LoadHost {
        Objects.requireNonNull(bind, "bind");
        if (weight < 1 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("A load host's weight must be from 1 to " + MAX_WEIGHT + ", was "
                    + weight);
        }
    }

    /** A load host of the default weight. */
    public LoadHost(String host, int port, String user, Path privateKey, Path knownHosts, String sippHome,
            Optional<String> bind) {
        this(host, port, user, privateKey, knownHosts, sippHome, bind, DEFAULT_WEIGHT);
    }

    /** A load host whose SIPp binds the address the host reports for its route to the SIP entry point. */
    public LoadHost(String host, int port, String user, Path privateKey, Path knownHosts, String sippHome) {
        this(host, port, user, privateKey, knownHosts, sippHome, Optional.empty());
    }
}
