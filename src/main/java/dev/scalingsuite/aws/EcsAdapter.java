package dev.scalingsuite.aws;

import dev.scalingsuite.fleet.EcsPort;
import dev.scalingsuite.fleet.ServiceRef;
import dev.scalingsuite.fleet.ServiceState;
import dev.scalingsuite.fleet.TaskState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.ProtectedTask;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** {@link EcsPort} over DescribeServices, ListTasks, DescribeTasks, GetTaskProtection and UpdateService. */
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
        return new ServiceState(s.desiredCount(), s.runningCount(), s.pendingCount());
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
        List<String> arns = new ArrayList<>(ecs.listTasks(b -> b.cluster(cluster).serviceName(service)).taskArns());
        arns.addAll(ecs.listTasks(b -> b.cluster(cluster).serviceName(service).desiredStatus(DesiredStatus.STOPPED))
                .taskArns());
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < arns.size(); i += 100) {
            List<String> chunk = arns.subList(i, Math.min(arns.size(), i + 100));
            tasks.addAll(ecs.describeTasks(b -> b.cluster(cluster).tasks(chunk)).tasks());
        }
        Map<String, Boolean> protection = protection(tasks);
        List<TaskState> out = new ArrayList<>();
        for (Task task : tasks) {
            out.add(new TaskState(id(task.taskArn()), privateIp(task), task.lastStatus(), task.desiredStatus(),
                    task.createdAt(), task.pullStartedAt(), task.pullStoppedAt(), task.startedAt(), task.stoppingAt(),
                    task.stoppedAt(), protection.getOrDefault(task.taskArn(), false), task.stopCodeAsString(), "unknown", 0));
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

    static String id(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    private static String privateIp(Task task) {
        return task.containers().stream().flatMap(c -> c.networkInterfaces().stream())
                .map(n -> n.privateIpv4Address()).filter(ip -> ip != null).findFirst().orElse("");
    }
}
