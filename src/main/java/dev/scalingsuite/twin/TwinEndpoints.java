package dev.scalingsuite.twin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Where a running twin answers, as the endpoints file tells a suite that should treat it as AWS.
 * The credentials are the twin's own dummies: the twin accepts any, DynamoDB Local wants them
 * alphanumeric. {@code sip} is the SIP front door as {@code host:port} (UDP), where callers send INVITEs.
 * Like AWS, it names none of the stack's resources: a client finds the cluster, service and environment
 * as on the deployed stack (SSM, the service, its task definition). {@code ssh} is the first load host,
 * {@code loadHosts} every one (setting {@code loadHosts}); the file names the first on its own too, so a reader
 * that knows one load host still finds it.
 */
public record TwinEndpoints(URI aws, URI dynamodb, String sip, String region, String account, int timeScale,
        String accessKeyId, String secretAccessKey, Ssh ssh, List<Ssh> loadHosts) {

    public TwinEndpoints {
        loadHosts = List.copyOf(loadHosts);
        if (loadHosts.isEmpty() || !loadHosts.get(0).equals(ssh)) {
            throw new IllegalArgumentException("The first of the load hosts must be ssh");
        }
    }

    /** Endpoints with one load host. */
    public TwinEndpoints(URI aws, URI dynamodb, String sip, String region, String account, int timeScale,
            String accessKeyId, String secretAccessKey, Ssh ssh) {
        this(aws, dynamodb, sip, region, account, timeScale, accessKeyId, secretAccessKey, ssh, List.of(ssh));
    }

    /**
     * How to reach the load host: SSH to {@code user@host:port} with {@code privateKey}, checking the
     * host key against {@code knownHosts}; SIPp's files live under {@code sippHome} there.
     */
    public record Ssh(String host, int port, String user, Path privateKey, Path knownHosts, String sippHome) {
    }

    public static final String ACCESS_KEY_ID = "twinAccessKey";
    public static final String SECRET_ACCESS_KEY = "twinSecretKey";

    /** Writes the endpoints file atomically, so a reader never sees half of it. */
    public void write(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode json = mapper.createObjectNode()
                .put("aws", aws.toString())
                .put("dynamodb", dynamodb.toString())
                .put("sip", sip)
                .put("region", region)
                .put("account", account)
                .put("timeScale", timeScale);
        write(json.putObject("ssh"), ssh);
        ArrayNode hosts = json.putArray("loadHosts");
        loadHosts.forEach(host -> write(hosts.addObject(), host));
        json.putObject("credentials").put("accessKeyId", accessKeyId).put("secretAccessKey", secretAccessKey);
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        mapper.writeValue(tmp.toFile(), json);
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void write(ObjectNode node, Ssh ssh) {
        node.put("host", ssh.host())
                .put("port", ssh.port())
                .put("user", ssh.user())
                .put("privateKey", ssh.privateKey().toAbsolutePath().toString())
                .put("knownHosts", ssh.knownHosts().toAbsolutePath().toString())
                .put("sippHome", ssh.sippHome());
    }
}
