package dev.scalingsuite.twin;

import dev.scalingsuite.twin.stack.TwinSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingActivity;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * A twin started for one test, with SDK clients pointed at it the way the suite reaches AWS, and
 * the few questions the fault tests ask it. Close it to stop the twin and the clients.
 */
final class TwinWithClients implements AutoCloseable {

    private final Twin twin;
    private final int scale;
    private final EcsClient ecs;
    private final CloudWatchClient cloudwatch;
    private final ApplicationAutoScalingClient autoscaling;
    private final ElasticLoadBalancingV2Client elb;

    private TwinWithClients(Twin twin) {
        this.twin = twin;
        this.scale = twin.settings().timeScale();
        TwinFixture clients = new TwinFixture();
        this.ecs = clients.clientFor(twin, EcsClient.builder());
        this.cloudwatch = clients.clientFor(twin, CloudWatchClient.builder());
        this.autoscaling = clients.clientFor(twin, ApplicationAutoScalingClient.builder());
        this.elb = clients.clientFor(twin, ElasticLoadBalancingV2Client.builder());
    }

    /** Starts a twin; keys without the {@code twin.} prefix. */
    static TwinWithClients start(Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>();
        settings.forEach((key, value) -> properties.put("twin." + key, value));
        return new TwinWithClients(Twin.start(TwinSettings.of(properties, "twin.")));
    }

    Twin twin() { return twin; }
    EcsClient ecs() { return ecs; }
    CloudWatchClient cloudwatch() { return cloudwatch; }
    ApplicationAutoScalingClient autoscaling() { return autoscaling; }
    ElasticLoadBalancingV2Client elb() { return elb; }

    TwinClock clock() {
        return new TwinClock(twin, scale);
    }

    String cluster() {
        return twin.settings().cluster();
    }

    String serviceName() {
        return twin.settings().service();
    }

    Service service() {
        return ecs.describeServices(b -> b.cluster(cluster()).services(serviceName())).services().get(0);
    }

    int desired() {
        return service().desiredCount();
    }

    /** Every task the service has had, running or stopped, oldest first. */
    List<Task> tasks() {
        List<String> arns = new ArrayList<>();
        for (DesiredStatus status : List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)) {
            arns.addAll(ecs.listTasks(b -> b.cluster(cluster()).serviceName(serviceName()).desiredStatus(status))
                    .taskArns());
        }
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < arns.size(); i += 100) {
            List<String> chunk = arns.subList(i, Math.min(arns.size(), i + 100));
            tasks.addAll(ecs.describeTasks(b -> b.cluster(cluster()).tasks(chunk)).tasks());
        }
        tasks.sort(Comparator.comparing(Task::createdAt));
        return tasks;
    }

    Task task(String id) {
        return ecs.describeTasks(b -> b.cluster(cluster()).tasks(id)).tasks().get(0);
    }

    /** The ids of the tasks that ran when the twin started, in the order the NLB registered them. */
    List<String> startingTaskIds() {
        synchronized (twin.stack()) {
            return twin.stack().targetGroup().targets().stream().map(t -> t.taskId()).toList();
        }
    }

    /** The NLB's health state of a task's target, if it is registered. */
    Optional<String> targetState(Task task) {
        String ip = task.containers().get(0).networkInterfaces().get(0).privateIpv4Address();
        String group = elb.describeTargetGroups(b -> { }).targetGroups().get(0).targetGroupArn();
        return elb.describeTargetHealth(b -> b.targetGroupArn(group)).targetHealthDescriptions().stream()
                .filter(d -> d.target().id().equals(ip)).map(d -> d.targetHealth().stateAsString()).findFirst();
    }

    /** The descriptions of the scaling activities, oldest first. */
    List<String> activities() {
        List<ScalingActivity> newestFirst = autoscaling.describeScalingActivities(b -> b.serviceNamespace("ecs"))
                .scalingActivities();
        List<String> out = new ArrayList<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            out.add(newestFirst.get(i).description());
        }
        return out;
    }

    ReportedConfiguration configuration() {
        return ReportedConfiguration.of(this);
    }

    static String id(Task task) {
        return task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
    }

    @Override
    public void close() {
        ecs.close();
        cloudwatch.close();
        autoscaling.close();
        elb.close();
        twin.close();
    }
}
