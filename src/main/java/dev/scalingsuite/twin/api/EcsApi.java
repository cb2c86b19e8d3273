package dev.scalingsuite.twin.api;

import static dev.scalingsuite.twin.api.Wire.object;
import static dev.scalingsuite.twin.api.Wire.optional;
import static dev.scalingsuite.twin.api.Wire.required;
import static dev.scalingsuite.twin.api.Wire.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingsuite.twin.model.Arns;
import dev.scalingsuite.twin.model.Deployment;
import dev.scalingsuite.twin.model.EcsModel;
import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.model.TaskDefinitionRevision;
import dev.scalingsuite.twin.model.TaskRecord;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Amazon ECS in awsJson 1.1: the service with its deployments, its tasks, the revisions of its task
 * definition family and task protection.
 */
final class EcsApi implements ApiService {

    /** The states DescribeServices counts as pending (API_Service, pendingCount). */
    private static final Set<String> PENDING = Set.of("PROVISIONING", "PENDING", "ACTIVATING");

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
            case "RegisterTaskDefinition" -> registerTaskDefinition(request);
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
        ArrayNode deployments = service.putArray("deployments");
        for (Deployment d : ecs().deployments()) {
            deployments.add(deployment(d));
        }
        ArrayNode events = service.putArray("events");
        for (EcsModel.ServiceEvent event : ecs().events()) {
            ObjectNode e = events.addObject().put("id", event.id()).put("message", event.message());
            e.set("createdAt", timestamp(event.createdAt()));
        }
        ObjectNode configuration = service.putObject("deploymentConfiguration")
                .put("maximumPercent", stack.settings().maximumPercent())
                .put("minimumHealthyPercent", stack.settings().minimumHealthyPercent());
        configuration.putObject("deploymentCircuitBreaker").put("enable", stack.settings().circuitBreaker())
                .put("rollback", stack.settings().circuitBreakerRollback());
        service.putObject("deploymentController").put("type", "ECS");
        service.put("enableExecuteCommand", false);
        service.putObject("networkConfiguration").putObject("awsvpcConfiguration").put("assignPublicIp", "DISABLED");
        service.put("roleArn", arns().role("aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"));
        service.putArray("tags");
        service.put("propagateTags", "NONE");
        return service;
    }

    /** One entry of DescribeServices' {@code deployments}, with the counts of the tasks it started. */
    private ObjectNode deployment(Deployment d) {
        int running = 0;
        int pending = 0;
        int wanted = 0;
        for (TaskRecord task : ecs().tasks()) {
            if (!task.deploymentId().equals(d.id())) {
                continue;
            }
            running += task.lastStatus().equals("RUNNING") ? 1 : 0;
            pending += PENDING.contains(task.lastStatus()) ? 1 : 0;
            wanted += task.desiredStatus().equals("RUNNING") ? 1 : 0;
        }
        ObjectNode node = object()
                .put("id", d.id())
                .put("status", d.status())
                .put("taskDefinition", arns().taskDefinition(d.revision()))
                // the PRIMARY wants the service's desired count; ECS lowers an earlier one's as it stops its tasks
                .put("desiredCount", d.primary() ? ecs().desiredCount() : wanted)
                .put("pendingCount", pending)
                .put("runningCount", running)
                .put("failedTasks", d.failedTasks())
                .put("launchType", "FARGATE")
                .put("platformVersion", "1.4.0")
                .put("rolloutState", d.rolloutState())
                .put("rolloutStateReason", d.rolloutStateReason());
        node.set("createdAt", timestamp(d.createdAt()));
        node.set("updatedAt", timestamp(d.updatedAt()));
        return node;
    }

    /**
     * UpdateService: a desired count, and a task definition (family, family:revision or ARN) or
     * {@code forceNewDeployment}, either of which starts a deployment (a new task definition only when it
     * differs from the service's).
     */
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
        String taskDefinition = optional(request, "taskDefinition");
        int revision = ecs().taskDefinitionRevision();
        if (taskDefinition != null) {
            revision = revisionOf(taskDefinition).filter(r -> r.status().equals("ACTIVE"))
                    .orElseThrow(() -> ApiException.client("ClientException", "TaskDefinition not found.")).revision();
        }
        JsonNode force = request.get("forceNewDeployment");
        if (revision != ecs().taskDefinitionRevision() || force != null && force.asBoolean(false)) {
            ecs().startDeployment(revision, stack.now());
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
                .put("cpu", revisionOf(task).map(TaskDefinitionRevision::cpu).orElse(TaskDefinitionRevision.DEPLOYED_CPU))
                .put("memory", revisionOf(task).map(TaskDefinitionRevision::memory)
                        .orElse(TaskDefinitionRevision.DEPLOYED_MEMORY))
                .put("group", "service:" + arns().serviceName())
                .put("startedBy", task.deploymentId())
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
                .put("image", ecs().revision(task.taskDefinitionRevision()).map(TaskDefinitionRevision::image).orElse(""))
                .put("lastStatus", task.lastStatus().equals("STOPPED") ? "STOPPED"
                        : task.startedAt() != null ? "RUNNING" : "PENDING")
                .put("healthStatus", "UNKNOWN");
        if (task.pullStoppedAt() != null) {
            // as ECS: the digest is known once the image was pulled (never for an image the registry lacks)
            ecs().revision(task.taskDefinitionRevision())
                    .filter(TaskDefinitionRevision::pullable)
                    .ifPresent(r -> container.put("imageDigest", r.imageDigest()));
        }
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

    /**
     * A revision by {@code family} (the newest ACTIVE one), {@code family:revision} or ARN; its tags only
     * when {@code include} asks for {@code TAGS}, as ECS answers.
     */
    private JsonNode describeTaskDefinition(JsonNode request) {
        TaskDefinitionRevision revision = revisionOf(required(request, "taskDefinition"))
                .orElseThrow(() -> ApiException.client("ClientException", "Unable to describe task definition."));
        boolean tags = false;
        for (JsonNode include : Wire.list(request, "include")) {
            tags |= include.asText().equals("TAGS");
        }
        return taskDefinitionAnswer(revision, tags);
    }

    /**
     * RegisterTaskDefinition of the next revision of the service's family. The twin keeps what a
     * deployment of it can change, the agent container's image and environment and the revision's tags
     * (see {@link TaskDefinitionRevision}); the family must be the stack's and hold its container.
     */
    private JsonNode registerTaskDefinition(JsonNode request) {
        String family = required(request, "family");
        if (!family.equals(arns().taskFamily())) {
            throw ApiException.client("ClientException", "The twin holds one task definition family, "
                    + arns().taskFamily() + ", not " + family + ".");
        }
        JsonNode container = null;
        for (JsonNode c : Wire.list(request, "containerDefinitions")) {
            if (stack.settings().containerName().equals(c.path("name").asText())) {
                container = c;
            }
        }
        if (container == null) {
            throw ApiException.client("ClientException", "Container definition " + stack.settings().containerName()
                    + " is missing: the service's load balancer sends to it.");
        }
        String image = container.path("image").asText("");
        if (image.isEmpty()) {
            throw ApiException.client("ClientException", "Container.image should not be null or empty.");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        for (JsonNode variable : container.path("environment")) {
            environment.put(variable.path("name").asText(), variable.path("value").asText());
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode tag : Wire.list(request, "tags")) {
            tags.put(tag.path("key").asText(), tag.path("value").asText());
        }
        // a Fargate task definition states its size at the task level, as ECS requires (the deployed one does)
        String cpu = request.path("cpu").asText("");
        String memory = request.path("memory").asText("");
        if (cpu.isEmpty()) {
            throw ApiException.client("ClientException", "Fargate requires that 'cpu' be defined at the task level.");
        }
        if (memory.isEmpty()) {
            throw ApiException.client("ClientException",
                    "Fargate requires that 'memory' be defined at the task level.");
        }
        return taskDefinitionAnswer(ecs().register(image, cpu, memory, environment, tags, stack.now()), true);
    }

    /** The revision a task runs. */
    private Optional<TaskDefinitionRevision> revisionOf(TaskRecord task) {
        return ecs().revision(task.taskDefinitionRevision());
    }

    private Optional<TaskDefinitionRevision> revisionOf(String requested) {
        String name = requested.startsWith("arn:") ? requested.substring(requested.lastIndexOf('/') + 1) : requested;
        if (name.equals(arns().taskFamily())) {
            return Optional.of(ecs().latestRevision());
        }
        String prefix = arns().taskFamily() + ":";
        if (!name.startsWith(prefix) || !name.substring(prefix.length()).matches("\\d{1,9}")) {
            return Optional.empty();
        }
        Optional<TaskDefinitionRevision> revision = ecs().revision(Integer.parseInt(name.substring(prefix.length())));
        return requested.startsWith("arn:") && !revision.map(r -> arns().taskDefinition(r.revision()).equals(requested))
                .orElse(false) ? Optional.empty() : revision;
    }

    /** The revision as DescribeTaskDefinition and RegisterTaskDefinition answer: every field as deployed. */
    private ObjectNode taskDefinitionAnswer(TaskDefinitionRevision revision, boolean withTags) {
        TwinSettings s = stack.settings();
        String family = arns().taskFamily();
        ObjectNode definition = object()
                .put("taskDefinitionArn", arns().taskDefinition(revision.revision()))
                .put("family", family)
                .put("revision", revision.revision())
                .put("status", revision.status())
                .put("networkMode", "awsvpc")
                .put("cpu", revision.cpu())
                .put("memory", revision.memory())
                .put("taskRoleArn", arns().role(family + "-task"))
                .put("executionRoleArn", arns().role(family + "-execution"));
        definition.putArray("requiresCompatibilities").add("FARGATE");
        definition.putArray("compatibilities").add("EC2").add("FARGATE");
        ObjectNode container = definition.putArray("containerDefinitions").addObject()
                .put("name", s.containerName())
                .put("image", revision.image())
                .put("essential", true)
                .put("stopTimeout", s.stopTimeout());
        ArrayNode ports = container.putArray("portMappings");
        ports.addObject().put("containerPort", 5060).put("hostPort", 5060).put("protocol", "udp");
        ports.addObject().put("containerPort", 8080).put("hostPort", 8080).put("protocol", "tcp");
        ArrayNode env = container.putArray("environment");
        revision.environment().forEach((name, value) -> env.addObject().put("name", name).put("value", value));
        ObjectNode logging = container.putObject("logConfiguration").put("logDriver", "awslogs");
        logging.putObject("options").put("awslogs-group", arns().logGroup())
                .put("awslogs-region", arns().region()).put("awslogs-stream-prefix", s.logStreamPrefix());
        definition.set("registeredAt", timestamp(revision.registeredAt()));
        ObjectNode answer = object();
        answer.set("taskDefinition", definition);
        if (withTags) {
            ArrayNode tags = answer.putArray("tags");
            revision.tags().forEach((key, value) -> tags.addObject().put("key", key).put("value", value));
        }
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
