package dev.scalingsuite.aws;

import dev.scalingsuite.fleet.EcsPort;
import dev.scalingsuite.fleet.RevisionChange;
import dev.scalingsuite.fleet.ServiceDeployment;
import dev.scalingsuite.fleet.ServiceEvent;
import dev.scalingsuite.fleet.ServiceRef;
import dev.scalingsuite.fleet.ServiceState;
import dev.scalingsuite.fleet.TaskSize;
import dev.scalingsuite.fleet.TaskState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.ProtectedTask;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

/**
 * {@link EcsPort} over DescribeServices, ListTasks, DescribeTasks, GetTaskProtection and UpdateService;
 * a deployment over DescribeTaskDefinition, RegisterTaskDefinition and UpdateService.
 */
public final class EcsAdapter implements EcsPort {

    private final EcsClient ecs;
    /**
     * By name in every call: ListTasks' {@code serviceName} and UpdateService's {@code service} are documented as
     * names, and the calls that take either find the same service and cluster by name.
     */
    private final String cluster;
    private final String service;

    public EcsAdapter(EcsClient ecs, ServiceRef service) {
        this.ecs = ecs;
        this.cluster = service.clusterName();
        this.service = service.serviceName();
    }

    @Override
    public String where() {
        return "ECS service " + service + " of cluster " + cluster;
    }

    @Override
    public ServiceState service() {
        Service s = describe();
        List<ServiceDeployment> deployments = new ArrayList<>();
        for (Deployment d : s.deployments()) {
            deployments.add(new ServiceDeployment(d.id(), d.status(), d.taskDefinition(),
                    d.rolloutState() == null ? "" : d.rolloutStateAsString(),
                    d.rolloutStateReason() == null ? "" : d.rolloutStateReason(), nonNull(d.desiredCount()),
                    nonNull(d.runningCount()), nonNull(d.pendingCount()), nonNull(d.failedTasks()), d.createdAt(),
                    d.updatedAt()));
        }
        List<ServiceEvent> events = s.events().stream().map(e -> new ServiceEvent(e.id(), e.createdAt(), e.message()))
                .toList();
        return new ServiceState(s.desiredCount(), s.runningCount(), s.pendingCount(),
                s.taskDefinition() == null ? "" : s.taskDefinition(), deployments, events);
    }

    private static int nonNull(Integer count) {
        return count == null ? 0 : count;
    }

    /** The service description; the task definition and events are read from it too. */
    public Service describe() {
        DescribeServicesResponse answer = ecs.describeServices(b -> b.cluster(cluster).services(service));
        if (answer.services().isEmpty()) {
            throw new IllegalStateException("ECS service '" + service + "' was not found in cluster '" + cluster
                    + "' (" + answer.failures() + "); check the 'service' and 'cluster' settings");
        }
        return answer.services().get(0);
    }

    /** DescribeTaskDefinition of a family, {@code family:revision} or ARN. */
    public TaskDefinition taskDefinition(String familyOrArn) {
        return ecs.describeTaskDefinition(b -> b.taskDefinition(familyOrArn)).taskDefinition();
    }

    @Override
    public List<TaskState> tasks() {
        List<Task> tasks = describedTasks();
        Map<String, Boolean> protection = protection(tasks);
        List<TaskState> out = new ArrayList<>();
        for (Task task : tasks) {
            out.add(new TaskState(id(task.taskArn()), privateIp(task), task.lastStatus(), task.desiredStatus(),
                    task.createdAt(), task.pullStartedAt(), task.pullStoppedAt(), task.startedAt(), task.stoppingAt(),
                    task.stoppedAt(), protection.getOrDefault(task.taskArn(), false), task.stopCodeAsString(), "unknown", 0,
                    task.taskDefinitionArn()));
        }
        return out;
    }

    /** DescribeTasks' {@code containers[].imageDigest} of the service's tasks, running and recently stopped. */
    @Override
    public Map<String, String> imageDigests() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Task task : describedTasks()) {
            task.containers().stream().map(c -> c.imageDigest()).filter(d -> d != null && !d.isEmpty()).findFirst()
                    .ifPresent(d -> out.put(id(task.taskArn()), d));
        }
        return out;
    }

    private Map<String, Boolean> protection(List<Task> tasks) {
        List<String> running = tasks.stream().filter(t -> "RUNNING".equals(t.lastStatus())).map(Task::taskArn).toList();
        Map<String, Boolean> out = new HashMap<>();
        for (int i = 0; i < running.size(); i += 10) {
            List<String> chunk = running.subList(i, Math.min(running.size(), i + 10));
            for (ProtectedTask p : ecs.getTaskProtection(b -> b.cluster(cluster).tasks(chunk)).protectedTasks()) {
                out.put(p.taskArn(), Boolean.TRUE.equals(p.protectionEnabled()));
            }
        }
        return out;
    }

    @Override
    public void setDesiredCount(int count) {
        ecs.updateService(b -> b.cluster(cluster).service(service).desiredCount(count));
    }

    /** ListTasks (running, then stopped) and DescribeTasks in chunks of 100, its most. */
    private List<Task> describedTasks() {
        List<String> arns = new ArrayList<>(ecs.listTasks(b -> b.cluster(cluster).serviceName(service)).taskArns());
        arns.addAll(ecs.listTasks(b -> b.cluster(cluster).serviceName(service).desiredStatus(DesiredStatus.STOPPED))
                .taskArns());
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < arns.size(); i += 100) {
            List<String> chunk = arns.subList(i, Math.min(arns.size(), i + 100));
            tasks.addAll(ecs.describeTasks(b -> b.cluster(cluster).tasks(chunk)).tasks());
        }
        return tasks;
    }

    /** DescribeTaskDefinition's task-level {@code cpu} and {@code memory}. */
    @Override
    public TaskSize taskSize(String taskDefinition) {
        TaskDefinition td = taskDefinition(taskDefinition);
        return TaskSize.of(td.taskDefinitionArn(), td.cpu(), td.memory());
    }

    @Override
    public Map<String, String> taskDefinitionTags(String taskDefinition) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag tag : ecs.describeTaskDefinition(b -> b.taskDefinition(taskDefinition)
                .include(TaskDefinitionField.TAGS)).tags()) {
            tags.put(tag.key(), tag.value());
        }
        return tags;
    }

    /**
     * RegisterTaskDefinition with every field DescribeTaskDefinition gave that it takes back (its own
     * ARN, revision, status and registration data are not among them), the environment values of
     * {@code change} set in every container, and the revision's tags with {@code change}'s set.
     */
    @Override
    public String registerRevision(String taskDefinition, RevisionChange change) {
        DescribeTaskDefinitionResponse live = ecs.describeTaskDefinition(b -> b.taskDefinition(taskDefinition)
                .include(TaskDefinitionField.TAGS));
        TaskDefinition td = live.taskDefinition();
        List<ContainerDefinition> containers = new ArrayList<>();
        for (ContainerDefinition c : td.containerDefinitions()) {
            Map<String, String> env = new LinkedHashMap<>();
            c.environment().forEach(v -> env.put(v.name(), v.value()));
            env.putAll(change.environment());
            containers.add(c.toBuilder().environment(env.entrySet().stream()
                    .map(e -> KeyValuePair.builder().name(e.getKey()).value(e.getValue()).build()).toList()).build());
        }
        Map<String, String> tags = new LinkedHashMap<>();
        live.tags().forEach(t -> tags.put(t.key(), t.value()));
        tags.putAll(change.tags());
        return ecs.registerTaskDefinition(b -> b.family(td.family()).taskRoleArn(td.taskRoleArn())
                .executionRoleArn(td.executionRoleArn()).networkMode(td.networkMode())
                .containerDefinitions(containers).volumes(td.volumes()).placementConstraints(td.placementConstraints())
                .requiresCompatibilities(td.requiresCompatibilities()).cpu(td.cpu()).memory(td.memory())
                .pidMode(td.pidMode()).ipcMode(td.ipcMode()).proxyConfiguration(td.proxyConfiguration())
                .inferenceAccelerators(td.inferenceAccelerators()).ephemeralStorage(td.ephemeralStorage())
                .runtimePlatform(td.runtimePlatform())
                .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                        .toList()))
                .taskDefinition().taskDefinitionArn();
    }

    /**
     * UpdateService with the task definition and forceNewDeployment (so even the same revision rolls
     * out); the new PRIMARY deployment's id.
     */
    @Override
    public String deploy(String taskDefinition) {
        Service updated = ecs.updateService(b -> b.cluster(cluster).service(service).taskDefinition(taskDefinition)
                .forceNewDeployment(true)).service();
        return updated.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).map(Deployment::id)
                .findFirst().orElseThrow(() -> new IllegalStateException("UpdateService of " + service
                        + " answered no PRIMARY deployment"));
    }

    static String id(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    private static String privateIp(Task task) {
        return task.containers().stream().flatMap(c -> c.networkInterfaces().stream())
                .map(n -> n.privateIpv4Address()).filter(ip -> ip != null).findFirst().orElse("");
    }
}
