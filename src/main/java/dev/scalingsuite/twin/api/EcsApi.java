package dev.scalingsuite.twin.api;

import static dev.scalingsuite.twin.api.Wire.object;
import static dev.scalingsuite.twin.api.Wire.optional;
import static dev.scalingsuite.twin.api.Wire.required;
import static dev.scalingsuite.twin.api.Wire.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingsuite.twin.model.Arns;
import dev.scalingsuite.twin.model.EcsModel;
import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.model.TaskRecord;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.time.Instant;
import java.util.Optional;

/** Amazon ECS in awsJson 1.1: the service, its tasks, its task definition and task protection. */
final class EcsApi implements ApiService {

    private final StackModel stack;

    EcsApi(StackModel stack) {
        this.stack = stack;
    }

    @Override
    public String name() {
        return "ecs";
    }

    @Override
    public Optional<String> jsonTargetPrefix() {
        return Optional.of("AmazonEC2ContainerServiceV20141113");
    }

    @Override
    public JsonNode handle(String operation, JsonNode request) {
        return switch (operation) {
            case "DescribeServices" -> describeServices(request);
            case "UpdateService" -> updateService(request);
            case "ListTasks" -> listTasks(request);
            case "DescribeTasks" -> describeTasks(request);
            case "DescribeTaskDefinition" -> describeTaskDefinition(request);
            case "GetTaskProtection" -> getTaskProtection(request);
            case "UpdateTaskProtection" -> updateTaskProtection(request);
            case "DescribeClusters" -> describeClusters(request);
            default -> throw new ApiException(400, "UnknownOperationException", "Unknown operation " + operation);
        };
    }

    private Arns arns() {
        return stack.arns();
    }

    private EcsModel ecs() {
        return stack.ecs();
    }

    /** The cluster must be the twin's, by name or ARN; ECS answers ClusterNotFoundException otherwise. */
    private void requireCluster(JsonNode request) {
        String cluster = Optional.ofNullable(optional(request, "cluster")).orElse("default");
        if (!cluster.equals(arns().clusterName()) && !cluster.equals(arns().cluster())) {
            throw ApiException.client("ClusterNotFoundException", "Cluster not found.");
        }
    }

    private boolean isOurService(String nameOrArn) {
        return nameOrArn.equals(arns().serviceName()) || nameOrArn.equals(arns().service());
    }

    private JsonNode describeClusters(JsonNode request) {
        ObjectNode answer = object();
        ArrayNode clusters = answer.putArray("clusters");
        ArrayNode failures = answer.putArray("failures");
        for (JsonNode name : Wire.list(request, "clusters")) {
            if (name.asText().equals(arns().clusterName()) || name.asText().equals(arns().cluster())) {
                clusters.addObject().put("clusterArn", arns().cluster()).put("clusterName", arns().clusterName())
                        .put("status", "ACTIVE").put("runningTasksCount", ecs().runningCount())
                        .put("pendingTasksCount", ecs().pendingCount()).put("activeServicesCount", 1);
            } else {
                failures.addObject().put("arn", name.asText()).put("reason", "MISSING");
            }
        }
        return answer;
    }

    private JsonNode describeServices(JsonNode request) {
        requireCluster(request);
        ObjectNode answer = object();
        ArrayNode services = answer.putArray("services");
        ArrayNode failures = answer.putArray("failures");
        JsonNode names = request.get("services");
        if (names == null || !names.isArray() || names.isEmpty()) {
            throw ApiException.client("InvalidParameterException", "Services cannot be empty.");
        }
        for (JsonNode name : names) {
            if (isOurService(name.asText())) {
                services.add(service());
            } else {
                String arn = name.asText().startsWith("arn:") ? name.asText()
                        : "arn:aws:ecs:" + arns().region() + ":" + arns().account() + ":service/"
                                + arns().clusterName() + "/" + name.asText();
                failures.addObject().put("arn", arn).put("reason", "MISSING");
            }
        }
        return answer;
    }

    private ObjectNode service() {
        ObjectNode service = object()
                .put("serviceArn", arns().service())
                .put("serviceName", arns().serviceName())
                .put("clusterArn", arns().cluster())
                .put("status", "ACTIVE")
                .put("desiredCount", ecs().desiredCount())
                .put("runningCount", ecs().runningCount())
                .put("pendingCount", ecs().pendingCount())
                .put("launchType", "FARGATE")
                .put("platformVersion", "LATEST")
                .put("taskDefinition", arns().taskDefinition(ecs().taskDefinitionRevision()))
                .put("schedulingStrategy", "REPLICA")
                .put("healthCheckGracePeriodSeconds", stack.settings().healthCheckGracePeriod());
        service.set("createdAt", timestamp(ecs().serviceCreatedAt()));
        service.putArray("loadBalancers").addObject()
                .put("targetGroupArn", arns().targetGroup())
                .put("containerName", stack.settings().containerName())
                .put("containerPort", stack.targetGroup().port());
        ObjectNode deployment = service.putArray("deployments").addObject()
                .put("id", "ecs-svc/1234567890123456789")
                .put("status", "PRIMARY")
                .put("taskDefinition", arns().taskDefinition(ecs().taskDefinitionRevision()))
                .put("desiredCount", ecs().desiredCount())
                .put("runningCount", ecs().runningCount())
                .put("pendingCount", ecs().pendingCount())
                .put("failedTasks", 0)
                .put("launchType", "FARGATE")
                .put("rolloutState", "COMPLETED")
                .put("rolloutStateReason", "ECS deployment ecs-svc/1234567890123456789 completed.");
        deployment.set("createdAt", timestamp(ecs().serviceCreatedAt()));
        deployment.set("updatedAt", timestamp(ecs().serviceCreatedAt()));
        ArrayNode events = service.putArray("events");
        for (EcsModel.ServiceEvent event : ecs().events()) {
            ObjectNode e = events.addObject().put("id", event.id()).put("message", event.message());
            e.set("createdAt", timestamp(event.createdAt()));
        }
        service.putObject("deploymentConfiguration")
                .put("maximumPercent", EcsModel.MAXIMUM_PERCENT)
                .put("minimumHealthyPercent", EcsModel.MINIMUM_HEALTHY_PERCENT);
        service.put("enableExecuteCommand", false);
        service.putObject("networkConfiguration").putObject("awsvpcConfiguration").put("assignPublicIp", "DISABLED");
        service.put("roleArn", arns().role("aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"));
        service.putArray("tags");
        service.put("propagateTags", "NONE");
        return service;
    }

    private JsonNode updateService(JsonNode request) {
        requireCluster(request);
        String name = required(request, "service");
        if (!isOurService(name)) {
            throw ApiException.client("ServiceNotFoundException", "Service not found.");
        }
        JsonNode desired = request.get("desiredCount");
        if (desired != null && !desired.isNull()) {
            int count = desired.asInt(-1);
            if (count < 0 || !desired.asText().matches("\\d+")) {
                throw ApiException.client("InvalidParameterException",
                        "desiredCount must be a whole number >= 0, was " + desired.asText());
            }
            ecs().desiredCount(count);
        }
        ObjectNode answer = object();
        answer.set("service", service());
        return answer;
    }

    private JsonNode listTasks(JsonNode request) {
        requireCluster(request);
        String serviceName = optional(request, "serviceName");
        if (serviceName != null && !isOurService(serviceName)) {
            throw ApiException.client("ServiceNotFoundException", "Service not found.");
        }
        String desiredStatus = Optional.ofNullable(optional(request, "desiredStatus")).orElse("RUNNING");
        if (!desiredStatus.equals("RUNNING") && !desiredStatus.equals("PENDING") && !desiredStatus.equals("STOPPED")) {
            throw ApiException.client("InvalidParameterException",
                    "desiredStatus must be RUNNING, PENDING or STOPPED, was " + desiredStatus);
        }
        ObjectNode answer = object();
        ArrayNode arns = answer.putArray("taskArns");
        for (TaskRecord task : ecs().tasks()) {
            boolean matches = desiredStatus.equals("STOPPED")
                    ? task.desiredStatus().equals("STOPPED")
                    : task.desiredStatus().equals("RUNNING");
            if (matches) {
                arns.add(task.arn());
            }
        }
        return answer;
    }

    private JsonNode describeTasks(JsonNode request) {
        requireCluster(request);
        JsonNode ids = request.get("tasks");
        if (ids == null || !ids.isArray() || ids.isEmpty()) {
            throw ApiException.client("InvalidParameterException", "Tasks cannot be empty.");
        }
        if (ids.size() > 100) {
            throw ApiException.client("InvalidParameterException", "Tasks cannot have more than 100 elements.");
        }
        Instant now = stack.now();
        ObjectNode answer = object();
        ArrayNode tasks = answer.putArray("tasks");
        ArrayNode failures = answer.putArray("failures");
        for (JsonNode id : ids) {
            Optional<TaskRecord> task = ecs().task(id.asText());
            if (task.isPresent()) {
                tasks.add(task(task.get(), now));
            } else {
                failures.addObject().put("arn", id.asText().startsWith("arn:") ? id.asText()
                        : arns().task(id.asText())).put("reason", "MISSING");
            }
        }
        return answer;
    }

    private ObjectNode task(TaskRecord task, Instant now) {
        ObjectNode node = object()
                .put("taskArn", task.arn())
                .put("clusterArn", arns().cluster())
                .put("taskDefinitionArn", arns().taskDefinition(task.taskDefinitionRevision()))
                .put("lastStatus", task.lastStatus())
                .put("desiredStatus", task.desiredStatus())
                .put("launchType", "FARGATE")
                .put("platformVersion", "1.4.0")
                .put("cpu", "1024")
                .put("memory", "4096")
                .put("group", "service:" + arns().serviceName())
                .put("startedBy", "ecs-svc/1234567890123456789")
                .put("availabilityZone", arns().region() + "a")
                .put("connectivity", task.connectivityAt() == null ? "DISCONNECTED" : "CONNECTED")
                .put("healthStatus", "UNKNOWN")
                .put("version", 1);
        set(node, "createdAt", task.createdAt());
        set(node, "pullStartedAt", task.pullStartedAt());
        set(node, "pullStoppedAt", task.pullStoppedAt());
        set(node, "connectivityAt", task.connectivityAt());
        set(node, "startedAt", task.startedAt());
        set(node, "stoppingAt", task.stoppingAt());
        set(node, "executionStoppedAt", task.executionStoppedAt());
        set(node, "stoppedAt", task.stoppedAt());
        if (task.stoppedReason() != null) {
            node.put("stoppedReason", task.stoppedReason()).put("stopCode", task.stopCode());
        }
        ObjectNode container = node.putArray("containers").addObject()
                .put("containerArn", arns().task(task.id()).replace(":task/", ":container/") + "/c1")
                .put("taskArn", task.arn())
                .put("name", arns().serviceName())
                .put("image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/voice-agent:latest")
                .put("lastStatus", task.lastStatus().equals("STOPPED") ? "STOPPED"
                        : task.startedAt() != null ? "RUNNING" : "PENDING")
                .put("healthStatus", "UNKNOWN");
        container.putArray("networkInterfaces").addObject().put("privateIpv4Address", task.privateIp());
        ObjectNode eni = node.putArray("attachments").addObject()
                .put("id", task.id().substring(0, 8) + "-eni").put("type", "ElasticNetworkInterface")
                .put("status", task.stopped() ? "DELETED" : "ATTACHED");
        eni.putArray("details").addObject().put("name", "privateIPv4Address").put("value", task.privateIp());
        node.putArray("tags");
        return node;
    }

    private static void set(ObjectNode node, String member, Instant value) {
        if (value != null) {
            node.set(member, timestamp(value));
        }
    }

    private JsonNode describeTaskDefinition(JsonNode request) {
        String requested = required(request, "taskDefinition");
        String family = arns().taskFamily();
        int revision = ecs().taskDefinitionRevision();
        boolean ours = requested.equals(family) || requested.equals(family + ":" + revision)
                || requested.equals(arns().taskDefinition(revision));
        if (!ours) {
            throw ApiException.client("ClientException", "Unable to describe task definition.");
        }
        TwinSettings s = stack.settings();
        ObjectNode definition = object()
                .put("taskDefinitionArn", arns().taskDefinition(revision))
                .put("family", family)
                .put("revision", revision)
                .put("status", "ACTIVE")
                .put("networkMode", "awsvpc")
                .put("cpu", "1024")
                .put("memory", "4096")
                .put("taskRoleArn", arns().role(family + "-task"))
                .put("executionRoleArn", arns().role(family + "-execution"));
        definition.putArray("requiresCompatibilities").add("FARGATE");
        ObjectNode container = definition.putArray("containerDefinitions").addObject()
                .put("name", s.containerName())
                .put("image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/voice-agent:latest")
                .put("essential", true)
                .put("stopTimeout", s.stopTimeout());
        ArrayNode ports = container.putArray("portMappings");
        ports.addObject().put("containerPort", 5060).put("hostPort", 5060).put("protocol", "udp");
        ports.addObject().put("containerPort", 8080).put("hostPort", 8080).put("protocol", "tcp");
        ArrayNode env = container.putArray("environment");
        env.addObject().put("name", "MAX_CONCURRENT_CALLS").put("value", String.valueOf(s.maxConcurrentCalls()));
        env.addObject().put("name", "SESSION_TABLE_NAME").put("value", s.sessionTable());
        env.addObject().put("name", "ENVIRONMENT").put("value", s.environment());
        env.addObject().put("name", "DRAIN_TIMEOUT_SECONDS").put("value", String.valueOf(s.drainTimeout()));
        env.addObject().put("name", "HEARTBEAT_INTERVAL_SECONDS").put("value", String.valueOf(s.heartbeatInterval()));
        ObjectNode logging = container.putObject("logConfiguration").put("logDriver", "awslogs");
        logging.putObject("options").put("awslogs-group", arns().logGroup())
                .put("awslogs-region", arns().region()).put("awslogs-stream-prefix", s.logStreamPrefix());
        definition.set("registeredAt", timestamp(ecs().serviceCreatedAt()));
        ObjectNode answer = object();
        answer.set("taskDefinition", definition);
        answer.putArray("tags");
        return answer;
    }

    private JsonNode getTaskProtection(JsonNode request) {
        requireCluster(request);
        Instant now = stack.now();
        ObjectNode answer = object();
        ArrayNode protectedTasks = answer.putArray("protectedTasks");
        ArrayNode failures = answer.putArray("failures");
        JsonNode ids = request.get("tasks");
        Iterable<TaskRecord> selected = ids == null || !ids.isArray()
                ? ecs().tasksWithStatus("RUNNING") : null;
        if (selected != null) {
            for (TaskRecord task : selected) {
                protectedTasks.add(protection(task, now));
            }
            return answer;
        }
        for (JsonNode id : ids) {
            Optional<TaskRecord> task = ecs().task(id.asText()).filter(t -> !t.stopped());
            if (task.isPresent()) {
                protectedTasks.add(protection(task.get(), now));
            } else {
                failures.addObject().put("arn", arns().task(last(id.asText()))).put("reason", "TASK_NOT_VALID")
                        .put("detail", "The task was not found or is not running.");
            }
        }
        return answer;
    }

    private JsonNode updateTaskProtection(JsonNode request) {
        requireCluster(request);
        JsonNode enabled = request.get("protectionEnabled");
        if (enabled == null || enabled.isNull()) {
            throw ApiException.validation("1 validation error detected: Value null at 'protectionEnabled' "
                    + "failed to satisfy constraint: Member must not be null");
        }
        boolean protect = enabled.asBoolean();
        int minutes = request.has("expiresInMinutes") ? request.get("expiresInMinutes").asInt() : 120;
        if (protect && (minutes < 1 || minutes > 2880)) {
            throw ApiException.client("InvalidParameterException",
                    "expiresInMinutes must be between 1 and 2880, was " + minutes);
        }
        Instant now = stack.now();
        ObjectNode answer = object();
        ArrayNode protectedTasks = answer.putArray("protectedTasks");
        ArrayNode failures = answer.putArray("failures");
        for (JsonNode id : Wire.list(request, "tasks")) {
            Optional<TaskRecord> task = ecs().task(id.asText()).filter(t -> !t.stopped());
            if (task.isPresent()) {
                // the expiry is model time: 30 model minutes pass in 3 wall minutes at time scale 10
                task.get().protect(protect, now.plus(stack.wall(minutes * 60.0)));
                protectedTasks.add(protection(task.get(), now));
            } else {
                failures.addObject().put("arn", arns().task(last(id.asText()))).put("reason", "TASK_NOT_VALID")
                        .put("detail", "The task was not found or is not running.");
            }
        }
        return answer;
    }

    private ObjectNode protection(TaskRecord task, Instant now) {
        boolean on = task.protectedAt(now);
        ObjectNode node = object().put("taskArn", task.arn()).put("protectionEnabled", on);
        if (on) {
            node.set("expirationDate", timestamp(task.protectionExpiresAt()));
        }
        return node;
    }

    private static String last(String idOrArn) {
        return idOrArn.substring(idOrArn.lastIndexOf('/') + 1);
    }
}
