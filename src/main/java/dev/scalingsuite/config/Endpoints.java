package dev.scalingsuite.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A standalone twin's endpoints file, as the suite reads it: what AWS gives a client and nothing of the
 * stack's names (the harness finds those as on AWS): AWS endpoint overrides ({@code aws} for every
 * service but DynamoDB, {@code dynamodb}), region and account, the SIP front door, the time scale, the
 * load hosts and dummy credentials. {@code file} is where it was read from. {@code ssh} is the first load host
 * (a twin's file names it on its own, as files did before a twin offered several), {@code loadHosts} all of them.
 */
public record Endpoints(Path file, URI aws, URI dynamodb, String sip, String region, String account,
        int timeScale, Credentials credentials, LoadHost ssh, List<LoadHost> loadHosts) {

    public Endpoints {
        loadHosts = List.copyOf(loadHosts);
        if (loadHosts.isEmpty() || !loadHosts.get(0).equals(ssh)) {
            throw new IllegalArgumentException("The first of the load hosts must be ssh");
        }
    }

    /** Endpoints with one load host. */
    public Endpoints(Path file, URI aws, URI dynamodb, String sip, String region, String account, int timeScale,
            Credentials credentials, LoadHost ssh) {
        this(file, aws, dynamodb, sip, region, account, timeScale, credentials, ssh, List.of(ssh));
    }

    /** These endpoints with only the first {@code count} load hosts (from 1 to as many as there are). */
    public Endpoints withFirstLoadHosts(int count) {
        return new Endpoints(file, aws, dynamodb, sip, region, account, timeScale, credentials, ssh,
                loadHosts.subList(0, count));
    }

    /**
     * Reads the endpoints file a twin wrote (one the suite started itself, in its own network namespace).
     *
     * @throws ConfigException naming each problem of the file (never a value of it)
     */
    public static Endpoints read(Path file) {
        List<String> problems = new ArrayList<>();
        return EndpointsReader.read(null, file.toString(), problems::add)
                .orElseThrow(() -> ConfigException.of(problems.isEmpty() ? List.of("endpoints file " + file
                        + " is not a path") : problems));
    }

    /** Static credentials for the endpoints; they print as {@code ****}. */
    public record Credentials(String accessKeyId, String secretAccessKey) {
        @Override
        public String toString() {
            return "Credentials[accessKeyId=****, secretAccessKey=****]";
        }
    }
}
