package dev.scalingsuite.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads a standalone twin's endpoints file, the JSON the twin writes ({@code ./mvnw -Ptwin
 * -Dtwin.endpoints=FILE}), into {@link Endpoints}. A file missing, unreadable, not JSON, or lacking or
 * mistyping a field is a problem that names the field but never its value: the file carries credentials.
 */
final class EndpointsReader {

    private static final String ALLOWED =
            "; allowed: the file a standalone twin writes (./mvnw -Ptwin -Dtwin.endpoints=FILE)";

    private final String named;
    private final Consumer<String> problems;
    private int found;

    private EndpointsReader(String path, Consumer<String> problems) {
        this.named = "endpoints file " + path;
        this.problems = problems;
    }

    /**
     * The endpoints file {@code path} names, against {@code workingDir} (null: the process's); empty if
     * it is not usable, each reason given to {@code problems} (what is wrong, without where it was set).
     * A path this system cannot name is left to the check of the {@code endpoints} value itself.
     */
    static Optional<Endpoints> read(Path workingDir, String path, Consumer<String> problems) {
        if (!ConfigKeys.isPath(path)) {
            return Optional.empty();
        }
        Path file = workingDir == null ? Path.of(path) : workingDir.resolve(path);
        return new EndpointsReader(path, problems).read(file);
    }

    private Optional<Endpoints> read(Path file) {
        if (!Files.isRegularFile(file)) {
            problem(named + " not found" + ALLOWED);
            return Optional.empty();
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            problem(named + " is not valid JSON (line " + line + ")" + ALLOWED);
            return Optional.empty();
        } catch (IOException e) {
            problem(named + " cannot be read (" + e.getClass().getSimpleName() + ")" + ALLOWED);
            return Optional.empty();
        }
        Fields f = new Fields(json, "");
        URI aws = f.uri("aws");
        URI dynamodb = f.uri("dynamodb");
        String sip = f.text("sip");
        String region = f.text("region");
        String account = f.text("account");
        int timeScale = f.integer("timeScale");
        Fields credentials = f.object("credentials");
        String accessKeyId = credentials.text("accessKeyId");
        String secretAccessKey = credentials.text("secretAccessKey");
        LoadHost host = loadHost(f.object("ssh"), "ssh.");
        if (found > 0 || host == null) {
            return Optional.empty();
        }
        List<LoadHost> hosts = new ArrayList<>(List.of(host));
        JsonNode list = json.get("loadHosts");
        if (list != null) {
            // a twin offering several load hosts lists them all, the first being ssh
            if (!list.isArray() || list.isEmpty()) {
                problem(named + " has no valid 'loadHosts' (a list of load hosts like ssh)" + ALLOWED);
                return Optional.empty();
            }
            hosts.clear();
            for (int i = 0; i < list.size(); i++) {
                String prefix = "loadHosts[" + i + "].";
                JsonNode each = list.get(i);
                if (!each.isObject()) {
                    problem(named + " lacks '" + prefix.substring(0, prefix.length() - 1) + "' (an object)" + ALLOWED);
                    return Optional.empty();
                }
                LoadHost listed = loadHost(new Fields(each, prefix), prefix);
                if (found > 0 || listed == null) {
                    return Optional.empty();
                }
                hosts.add(listed);
            }
            if (!hosts.get(0).equals(host)) {
                problem(named + " has a 'loadHosts[0]' other than its 'ssh'" + ALLOWED);
                return Optional.empty();
            }
        }
        if (timeScale < 1 || 60 % timeScale != 0) {
            problem(named + " has timeScale " + timeScale + "; allowed: " + ConfigKeys.DIVISORS);
            return Optional.empty();
        }
        return Optional.of(new Endpoints(file, aws, dynamodb, sip, region, account, timeScale,
                new Endpoints.Credentials(accessKeyId, secretAccessKey), host, hosts));
    }

    /**
     * One load host of the file ({@code ssh}, or an entry of {@code loadHosts}), checked as load-hosts would
     * have to give it (values of the file are never shown); null when a field is missing or not valid.
     */
    private LoadHost loadHost(Fields ssh, String prefix) {
        if (ssh.json == null) {
            return null; // the object itself is missing, which is reported already
        }
        int before = found;
        LoadHost host = new LoadHost(ssh.text("host"), ssh.integer("port"), ssh.text("user"),
                ssh.path("privateKey"), ssh.path("knownHosts"), ssh.text("sippHome"));
        if (found > before) {
            return null;
        }
        String invalid = !host.host().matches(ConfigKeys.HOST) ? "host' (a host name or IP address)"
                : !ConfigKeys.port(String.valueOf(host.port())) ? "port' (a port from 1 to 65535)"
                : !host.user().matches(ConfigKeys.USER) ? "user' (a user name)"
                : !ConfigKeys.isSippHome(host.sippHome()) ? "sippHome' (" + ConfigKeys.SIPP_HOME + ")" : null;
        if (invalid != null) {
            problem(named + " has no valid '" + prefix + invalid + ALLOWED);
            return null;
        }
        return host;
    }

    private void problem(String what) {
        found++;
        problems.accept(what);
    }

    /** The fields of one JSON object; a missing or mistyped one is a problem (never with its value). */
    private final class Fields {
        private final JsonNode json;
        private final String prefix;

        /** {@code json} null: the object itself is missing, which is reported already. */
        Fields(JsonNode json, String prefix) {
            this.json = json;
            this.prefix = prefix;
        }

        String text(String field) {
            JsonNode node = json == null ? null : json.get(field);
            if (node == null || !node.isTextual() || node.asText().isBlank()) {
                missing(field, "text");
                return "missing";
            }
            return node.asText();
        }

        int integer(String field) {
            JsonNode node = json == null ? null : json.get(field);
            if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
                missing(field, "a whole number");
                return 1;
            }
            return node.asInt();
        }

        Path path(String field) {
            String text = text(field);
            if (ConfigKeys.isPath(text)) {
                return Path.of(text);
            }
            problem(named + " has no valid path in '" + prefix + field + "'" + ALLOWED);
            return Path.of("missing");
        }

        URI uri(String field) {
            String text = text(field);
            try {
                URI uri = URI.create(text);
                if (uri.getScheme() != null && uri.getHost() != null) {
                    return uri;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            if (!text.equals("missing")) {
                problem(named + " has no valid URL in '" + prefix + field + "'" + ALLOWED);
            }
            return URI.create("http://invalid");
        }

        Fields object(String field) {
            JsonNode node = json == null ? null : json.get(field);
            if (node == null || !node.isObject()) {
                missing(field, "an object");
                return new Fields(null, prefix + field + ".");
            }
            return new Fields(node, prefix + field + ".");
        }

        private void missing(String field, String kind) {
            if (json != null) {
                problem(named + " lacks '" + prefix + field + "' (" + kind + ")" + ALLOWED);
            }
        }
    }
}
