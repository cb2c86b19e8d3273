package dev.scalingsuite.twin.api;

import static dev.scalingsuite.twin.api.Wire.object;
import static dev.scalingsuite.twin.api.Wire.optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingsuite.twin.model.Arns;
import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.model.TargetGroupModel;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.util.Map;
import java.util.Optional;

/**
 * Elastic Load Balancing v2 in awsQuery: the one NLB target group of the service, its attributes and
 * the health of its targets, which is what the suite reads to see tasks enter and leave service.
 */
final class ElbApi implements ApiService {

    /** The VPC the deployed stack's target group lives in; only ever echoed back. */
    static final String VPC_ID = "vpc-0a1b2c3d4e5f60718";

    private static final String NOT_REGISTERED = "Target.NotRegistered";

    /** What ELBv2 says for each reason code, so a model that sets only a state still reads like AWS. */
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "Elb.RegistrationInProgress", "Target registration is in progress",
            "Elb.InitialHealthChecking", "Initial health checks in progress",
            "Target.FailedHealthChecks", "Health checks failed",
            "Target.ResponseCodeMismatch", "Health checks failed with these codes: [503]",
            "Target.Timeout", "Request timed out",
            "Target.DeregistrationInProgress", "Target deregistration is in progress",
            NOT_REGISTERED, "Target is not registered to the target group");

    private final StackModel stack;

    ElbApi(StackModel stack) {
        this.stack = stack;
    }

    @Override
    public String name() {
        return "elasticloadbalancing";
    }

    @Override
    public Optional<String> queryVersion() {
        return Optional.of("2015-12-01");
    }

    @Override
    public String queryNamespace() {
        return "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
    }

    @Override
    public JsonNode handle(String operation, JsonNode request) {
        return switch (operation) {
            case "DescribeTargetGroups" -> describeTargetGroups(request);
            case "DescribeTargetHealth" -> describeTargetHealth(request);
            case "DescribeTargetGroupAttributes" -> describeTargetGroupAttributes(request);
            default -> throw new ApiException(400, "InvalidAction",
                    "Could not find operation " + operation + " for version 2015-12-01");
        };
    }

    private Arns arns() {
        return stack.arns();
    }

    private TargetGroupModel group() {
        return stack.targetGroup();
    }

    /** ELBv2 reports a missing required member as ValidationError, not the JSON services' ValidationException. */
    private static String required(JsonNode request, String member) {
        String value = optional(request, member);
        if (value == null || value.isEmpty()) {
            String lower = Character.toLowerCase(member.charAt(0)) + member.substring(1);
            throw validation("1 validation error detected: Value null at '" + lower
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static ApiException validation(String message) {
        return ApiException.client("ValidationError", message);
    }

    /**
     * Resolves a target group ARN the way ELBv2 does: a malformed ARN is a ValidationError, a
     * well-formed one that is not the stack's is TargetGroupNotFound.
     */
    private void requireOurTargetGroup(String arn) {
        if (!arn.startsWith("arn:aws:elasticloadbalancing:") || !arn.contains(":targetgroup/")) {
            throw validation("'" + arn + "' is not a valid target group ARN");
        }
        if (!arn.equals(arns().targetGroup())) {
            throw ApiException.client("TargetGroupNotFound", "Target groups '" + arn + "' not found");
        }
    }

    private JsonNode describeTargetGroups(JsonNode request) {
        for (JsonNode arn : Wire.list(request, "TargetGroupArns")) {
            requireOurTargetGroup(arn.asText());
        }
        for (JsonNode name : Wire.list(request, "Names")) {
            if (!name.asText().equals(arns().targetGroupName())) {
                throw ApiException.client("TargetGroupNotFound", "One or more target groups not found");
            }
        }
        String loadBalancer = optional(request, "LoadBalancerArn");
        if (loadBalancer != null && !loadBalancer.equals(arns().loadBalancer())) {
            throw ApiException.client("LoadBalancerNotFound", "One or more load balancers not found");
        }
        ObjectNode answer = object();
        answer.putArray("TargetGroups").add(targetGroup());
        return answer;
    }

    /** The target group as the stack's CloudFormation declares it: SIP over TCP and UDP, HTTP health checks. */
    private ObjectNode targetGroup() {
        TwinSettings s = stack.settings();
        ObjectNode group = object()
                .put("TargetGroupArn", arns().targetGroup())
                .put("TargetGroupName", arns().targetGroupName())
                .put("Protocol", "TCP_UDP")
                .put("Port", group().port())
                .put("VpcId", VPC_ID)
                .put("HealthCheckProtocol", "HTTP")
                .put("HealthCheckPort", String.valueOf(group().healthCheckPort()))
                .put("HealthCheckEnabled", true)
                .put("HealthCheckIntervalSeconds", s.healthCheckInterval())
                .put("HealthCheckTimeoutSeconds", s.healthCheckTimeout().toSeconds())
                .put("HealthyThresholdCount", s.healthyThreshold())
                .put("UnhealthyThresholdCount", s.unhealthyThreshold())
                .put("HealthCheckPath", s.healthCheckPath());
        // the stack sets no matcher: an NLB's HTTP health check then takes 200-399 (ELB API Reference, Matcher)
        group.putObject("Matcher").put("HttpCode", "200-399");
        group.putArray("LoadBalancerArns").add(arns().loadBalancer());
        group.put("TargetType", "ip").put("IpAddressType", "ipv4");
        return group;
    }

    private JsonNode describeTargetHealth(JsonNode request) {
        requireOurTargetGroup(required(request, "TargetGroupArn"));
        ObjectNode answer = object();
        ArrayNode descriptions = answer.putArray("TargetHealthDescriptions");
        JsonNode wanted = request.get("Targets");
        if (wanted == null || !wanted.isArray() || wanted.isEmpty()) {
            group().targets().forEach(target -> descriptions.add(registered(target)));
            return answer;
        }
        for (JsonNode filter : wanted) {
            descriptions.add(describe(filter));
        }
        return answer;
    }

    /**
     * One asked-for target: its health if it is registered on that port, otherwise {@code unused}
     * with {@code Target.NotRegistered}, as ELBv2 answers for a target that has left the group.
     */
    private ObjectNode describe(JsonNode filter) {
        if (filter == null || !filter.isObject()) {
            throw validation("A target ID must be specified");
        }
        String id = required(filter, "Id");
        String port = optional(filter, "Port");
        if (port != null && !port.matches("\\d{1,5}")) {
            throw validation("'" + port + "' is not a valid target port");
        }
        boolean portMatches = port == null || port.equals(String.valueOf(group().port()));
        Optional<TargetGroupModel.Target> target = group().targets().stream()
                .filter(t -> t.ip().equals(id)).findFirst();
        if (target.isPresent() && portMatches) {
            return registered(target.get());
        }
        int asked = port == null ? group().port() : Integer.parseInt(port);
        return description(id, asked, "unused", NOT_REGISTERED, DESCRIPTIONS.get(NOT_REGISTERED));
    }

    private ObjectNode registered(TargetGroupModel.Target target) {
        String state = target.state();
        if ("healthy".equals(state)) {
            return description(target.ip(), group().port(), state, null, null);
        }
        String reason = target.reason() != null ? target.reason() : defaultReason(state);
        String text = target.description() != null ? target.description() : DESCRIPTIONS.get(reason);
        return description(target.ip(), group().port(), state, reason, text);
    }

    /** The reason ELBv2 gives for a state when the model set the state alone. */
    private static String defaultReason(String state) {
        return switch (state) {
            case "initial" -> "Elb.RegistrationInProgress";
            case "unhealthy" -> "Target.FailedHealthChecks";
            case "draining" -> "Target.DeregistrationInProgress";
            case "unused" -> NOT_REGISTERED;
            default -> null;
        };
    }

    private ObjectNode description(String ip, int port, String state, String reason, String text) {
        ObjectNode node = object();
        node.putObject("Target").put("Id", ip).put("Port", port)
                .put("AvailabilityZone", arns().region() + "a");
        node.put("HealthCheckPort", String.valueOf(group().healthCheckPort()));
        ObjectNode health = node.putObject("TargetHealth").put("State", state);
        if (reason != null) {
            health.put("Reason", reason);
        }
        if (text != null) {
            health.put("Description", text);
        }
        return node;
    }

    private JsonNode describeTargetGroupAttributes(JsonNode request) {
        requireOurTargetGroup(required(request, "TargetGroupArn"));
        ObjectNode answer = object();
        ArrayNode attributes = answer.putArray("Attributes");
        attribute(attributes, "deregistration_delay.timeout_seconds",
                String.valueOf(stack.settings().deregistrationDelay()));
        attribute(attributes, "deregistration_delay.connection_termination.enabled", "false");
        attribute(attributes, "preserve_client_ip.enabled", "true");
        attribute(attributes, "proxy_protocol_v2.enabled", "false");
        attribute(attributes, "stickiness.enabled", "false");
        attribute(attributes, "stickiness.type", "source_ip");
        attribute(attributes, "load_balancing.cross_zone.enabled", "use_load_balancer_configuration");
        return answer;
    }

    private static void attribute(ArrayNode attributes, String key, String value) {
        attributes.addObject().put("Key", key).put("Value", value);
    }
}
