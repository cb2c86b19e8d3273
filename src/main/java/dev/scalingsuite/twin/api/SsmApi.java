package dev.scalingsuite.twin.api;

import static dev.scalingsuite.twin.api.Wire.object;
import static dev.scalingsuite.twin.api.Wire.optional;
import static dev.scalingsuite.twin.api.Wire.required;
import static dev.scalingsuite.twin.api.Wire.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingsuite.twin.model.StackModel;
import java.util.List;
import java.util.Optional;

/**
 * Systems Manager Parameter Store in awsJson 1.1: the suite reads the deployed stack's configuration
 * (table name, cluster, SIP server) from the same parameters the agent reads, and keeps its run lock
 * in a parameter it creates only if absent. Deployed parameters are plain Strings at version 1;
 * PutParameter and DeleteParameter work on String parameters as in AWS (a new version per write).
 */
final class SsmApi implements ApiService {

    /** GetParameters and GetParametersByPath take or answer at most this many parameters. */
    private static final int MAX_PARAMETERS = 10;

    private final StackModel stack;

    SsmApi(StackModel stack) {
        this.stack = stack;
    }

    @Override
    public String name() {
        return "ssm";
    }

    @Override
    public Optional<String> jsonTargetPrefix() {
        return Optional.of("AmazonSSM");
    }

    @Override
    public JsonNode handle(String operation, JsonNode request) {
        return switch (operation) {
            case "GetParameter" -> getParameter(request);
            case "GetParameters" -> getParameters(request);
            case "GetParametersByPath" -> getParametersByPath(request);
            case "PutParameter" -> putParameter(request);
            case "DeleteParameter" -> deleteParameter(request);
            default -> throw new ApiException(400, "UnknownOperationException", "Unknown operation " + operation);
        };
    }

    /** AWS answers an unknown parameter with this code and an empty message. */
    private JsonNode getParameter(JsonNode request) {
        String requested = required(request, "Name");
        ObjectNode parameter = find(requested)
                .orElseThrow(() -> ApiException.client("ParameterNotFound", ""));
        ObjectNode answer = object();
        answer.set("Parameter", parameter);
        return answer;
    }

    /** Creates a String parameter, or with {@code Overwrite} writes a new version of one. */
    private JsonNode putParameter(JsonNode request) {
        String name = required(request, "Name");
        String value = required(request, "Value");
        if (!name.matches("[A-Za-z0-9_./-]{1,2048}") || name.matches("(?i)/?(aws|ssm).*")) {
            throw ApiException.validation("Parameter name: can't be prefixed with \"aws\" or \"ssm\" "
                    + "(case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; "
                    + "each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_");
        }
        String type = optional(request, "Type");
        if (type != null && !type.equals("String")) {
            throw ApiException.validation("The twin keeps String parameters only, was " + type);
        }
        boolean exists = stack.parameters().containsKey(name);
        if (exists && !request.path("Overwrite").asBoolean(false)) {
            throw ApiException.client("ParameterAlreadyExists", "The parameter already exists. To overwrite this "
                    + "value, set the overwrite option in the request to true.");
        }
        long version = exists ? version(name) + 1 : 1;
        stack.parameters().put(name, value);
        stack.parameterWrites().put(name, new StackModel.ParameterWrite(version, stack.now()));
        return object().put("Version", version).put("Tier", "Standard");
    }

    private JsonNode deleteParameter(JsonNode request) {
        String name = required(request, "Name");
        if (stack.parameters().remove(name) == null) {
            throw ApiException.client("ParameterNotFound", "");
        }
        stack.parameterWrites().remove(name);
        return object();
    }

    private long version(String name) {
        StackModel.ParameterWrite write = stack.parameterWrites().get(name);
        return write == null ? 1 : write.version();
    }

    private JsonNode getParameters(JsonNode request) {
        JsonNode names = request.get("Names");
        if (names == null || !names.isArray() || names.isEmpty() || names.size() > MAX_PARAMETERS) {
            throw ApiException.validation("1 validation error detected: Value '" + names
                    + "' at 'names' failed to satisfy constraint: Member must have length less than or equal to "
                    + MAX_PARAMETERS + " and greater than or equal to 1");
        }
        ObjectNode answer = object();
        ArrayNode found = answer.putArray("Parameters");
        ArrayNode invalid = answer.putArray("InvalidParameters");
        for (JsonNode name : names) {
            find(name.asText()).ifPresentOrElse(found::add, () -> invalid.add(name.asText()));
        }
        return answer;
    }

    /**
     * The parameters under a path, sorted by name, {@code MaxResults} per page; the token is the last
     * name answered. Without {@code Recursive} only the path's direct children count, as in AWS.
     */
    private JsonNode getParametersByPath(JsonNode request) {
        String path = required(request, "Path");
        if (!path.startsWith("/")) {
            throw ApiException.validation("The parameter doesn't meet the parameter name requirements. "
                    + "The parameter name must begin with a forward slash \"/\".");
        }
        String base = path.endsWith("/") ? path : path + "/";
        boolean recursive = request.path("Recursive").asBoolean(false);
        String after = optional(request, "NextToken");
        List<String> names = stack.parameters().keySet().stream()
                .filter(n -> n.startsWith(base) && (recursive || n.indexOf('/', base.length()) < 0))
                .filter(n -> after == null || n.compareTo(after) > 0)
                .sorted().toList();
        int max = Wire.bounded(request, "MaxResults", 1, MAX_PARAMETERS, MAX_PARAMETERS);
        ObjectNode answer = object();
        ArrayNode parameters = answer.putArray("Parameters");
        names.stream().limit(max).forEach(n -> parameters.add(parameter(n, null)));
        if (names.size() > max) {
            answer.put("NextToken", names.get(max - 1));
        }
        return answer;
    }

    /**
     * A parameter by name or ARN, with an optional {@code :version} selector. The twin keeps only
     * each parameter's latest version, so any other version is ParameterVersionNotFound and a label is
     * unknown.
     */
    private Optional<ObjectNode> find(String requested) {
        String name = nameOf(requested);
        String selector = null;
        int colon = name.indexOf(':');
        if (colon >= 0) {
            selector = name.substring(colon);
            name = name.substring(0, colon);
        }
        if (!stack.parameters().containsKey(name)) {
            return Optional.empty();
        }
        if (selector != null && !selector.equals(":" + version(name))) {
            if (!selector.matches(":\\d+")) {
                return Optional.empty();
            }
            throw ApiException.client("ParameterVersionNotFound", "Systems Manager could not find version "
                    + selector.substring(1) + " of " + name + ". Verify the version and try again.");
        }
        return Optional.of(parameter(name, selector));
    }

    /**
     * Strips the ARN prefix. The ARN of {@code /a/b} ends in {@code parameter/a/b} and that of
     * {@code a} in {@code parameter/a}, so a rest that names no parameter is tried without its slash.
     */
    private String nameOf(String requested) {
        String prefix = arnPrefix();
        if (!requested.startsWith(prefix)) {
            return requested;
        }
        String rest = requested.substring(prefix.length());
        String withoutSelector = rest.contains(":") ? rest.substring(0, rest.indexOf(':')) : rest;
        return stack.parameters().containsKey(withoutSelector) ? rest : rest.substring(1);
    }

    private String arnPrefix() {
        return "arn:aws:ssm:" + stack.arns().region() + ":" + stack.arns().account() + ":parameter";
    }

    /** The parameter's ARN: a hierarchical name already begins with the slash the ARN needs. */
    private String arn(String name) {
        return arnPrefix() + (name.startsWith("/") ? name : "/" + name);
    }

    /** Parameters were written with the stack, so they report the service's creation time. */
    private ObjectNode parameter(String name, String selector) {
        ObjectNode parameter = object()
                .put("Name", name)
                .put("Type", "String")
                .put("Value", stack.parameters().get(name))
                .put("Version", version(name));
        if (selector != null) {
            parameter.put("Selector", selector);
        }
        StackModel.ParameterWrite write = stack.parameterWrites().get(name);
        parameter.set("LastModifiedDate", timestamp(write == null ? stack.ecs().serviceCreatedAt() : write.at()));
        return parameter.put("ARN", arn(name)).put("DataType", "text");
    }
}
