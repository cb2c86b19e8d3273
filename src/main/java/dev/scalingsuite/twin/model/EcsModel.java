package dev.scalingsuite.twin.model;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ECS cluster, its one service, the service's tasks, its deployments, the revisions of its task
 * definition family and its event list.
 */
public final class EcsModel {

    /** DescribeServices returns the 100 most recent service events. */
    private static final int MAX_EVENTS = 100;
    /** The service's first deployment, which the stack's deployment left COMPLETED. */
    public static final String FIRST_DEPLOYMENT = "ecs-svc/1234567890123456789";

    private final Arns arns;
    private final Instant serviceCreatedAt;
    private final Map<String, TaskRecord> tasks = new LinkedHashMap<>();
    private final Map<Integer, TaskDefinitionRevision> revisions = new LinkedHashMap<>();
    /** Every deployment, newest first; DescribeServices lists those not INACTIVE. */
    private final Deque<Deployment> deployments = new ArrayDeque<>();
    private final Deque<ServiceEvent> events = new ArrayDeque<>();
    private int desiredCount;
    private int ipCounter = 10;

    /** @param deployed the task definition revision the stack deployed, which the service runs */
    public EcsModel(Arns arns, Instant now, TaskDefinitionRevision deployed) {
        this.arns = arns;
        this.serviceCreatedAt = now;
        revisions.put(deployed.revision(), deployed);
        Deployment first = new Deployment(FIRST_DEPLOYMENT, deployed.revision(), now);
        first.rollout("COMPLETED", "ECS deployment " + FIRST_DEPLOYMENT + " completed.", now);
        deployments.addFirst(first);
    }

    public Arns arns() { return arns; }
    public Instant serviceCreatedAt() { return serviceCreatedAt; }
    public int desiredCount() { return desiredCount; }

    /** The revision the service runs: its PRIMARY deployment's. */
    public int taskDefinitionRevision() {
        return primary().revision();
    }

    /** A revision of the family, active or not. */
    public Optional<TaskDefinitionRevision> revision(int revision) {
        return Optional.ofNullable(revisions.get(revision));
    }

    /** The newest ACTIVE revision, as DescribeTaskDefinition of the bare family answers. */
    public TaskDefinitionRevision latestRevision() {
        return revisions.values().stream().filter(r -> r.status().equals("ACTIVE"))
                .reduce((a, b) -> b).orElseThrow();
    }

    /** Registers the next revision of the family, of the deployed size. */
    public TaskDefinitionRevision register(String image, Map<String, String> environment, Map<String, String> tags,
            Instant now) {
        return register(image, TaskDefinitionRevision.DEPLOYED_CPU, TaskDefinitionRevision.DEPLOYED_MEMORY, environment,
                tags, now);
    }

    /** Registers the next revision of the family (RegisterTaskDefinition). */
    public TaskDefinitionRevision register(String image, String cpu, String memory, Map<String, String> environment,
            Map<String, String> tags, Instant now) {
        int next = revisions.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        TaskDefinitionRevision revision = new TaskDefinitionRevision(next, image, cpu, memory, environment, tags, now,
                "ACTIVE");
        revisions.put(next, revision);
        return revision;
    }

    /** The deployment the service converges to. */
    public Deployment primary() {
        return deployments.stream().filter(Deployment::primary).findFirst().orElseThrow();
    }

    /** The deployments DescribeServices lists, newest first: the PRIMARY and the ACTIVE ones. */
    public List<Deployment> deployments() {
        return deployments.stream().filter(Deployment::listed).toList();
    }

    /** Every deployment, newest first, INACTIVE ones included (a rollback looks for a completed one). */
    public List<Deployment> allDeployments() {
        return List.copyOf(deployments);
    }

    public Optional<Deployment> deployment(String id) {
        return deployments.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** Whether a deployment is rolling out: Application Auto Scaling does not scale in meanwhile. */
    public boolean deploymentInProgress() {
        return deployments().stream().anyMatch(Deployment::inProgress) || deployments().size() > 1;
    }

    /**
     * Starts a deployment of {@code revision} (UpdateService with a task definition, or with
     * forceNewDeployment): it becomes PRIMARY, the previous PRIMARY becomes ACTIVE. Its id has the shape
     * ECS gives one, {@code ecs-svc/} and 19 digits.
     */
    public Deployment startDeployment(int revision, Instant now) {
        String id = "ecs-svc/" + (1_000_000_000_000_000_000L + ThreadLocalRandom.current()
                .nextLong(8_000_000_000_000_000_000L));
        return startDeployment(id, revision, now);
    }

    /** As {@link #startDeployment(int, Instant)} with a given id (a rollback reuses one). */
    public Deployment startDeployment(String id, int revision, Instant now) {
        for (Deployment d : deployments) {
            if (d.primary()) {
                d.status("ACTIVE", now);
            }
        }
        Deployment deployment = new Deployment(id, revision, now);
        deployments.removeIf(d -> d.id().equals(id));
        deployments.addFirst(deployment);
        return deployment;
    }

    /** Sets the desired count; ECS reports the change through what its scheduler does next. */
    public void desiredCount(int count) {
        desiredCount = count;
    }

    /** Adds a task in the given state, e.g. RUNNING for the stack's starting point. */
    public TaskRecord addTask(String lastStatus, Instant now) {
        String id = UUID.randomUUID().toString().replace("-", "");
        ipCounter++;
        Deployment primary = primary();
        TaskRecord task = new TaskRecord(id, arns.task(id), "10.0." + (ipCounter / 250) + "." + (ipCounter % 250),
                primary.revision(), primary.id(), lastStatus, now);
        tasks.put(id, task);
        return task;
    }

    public Collection<TaskRecord> tasks() {
        return tasks.values();
    }

    public List<TaskRecord> tasksWithStatus(String lastStatus) {
        List<TaskRecord> out = new ArrayList<>();
        for (TaskRecord task : tasks.values()) {
            if (task.lastStatus().equals(lastStatus)) {
                out.add(task);
            }
        }
        return out;
    }

    /** A task by id or full ARN. */
    public Optional<TaskRecord> task(String idOrArn) {
        String id = idOrArn.substring(idOrArn.lastIndexOf('/') + 1);
        return Optional.ofNullable(tasks.get(id));
    }

    public int runningCount() {
        return tasksWithStatus("RUNNING").size();
    }

    public int pendingCount() {
        int pending = 0;
        for (TaskRecord task : tasks.values()) {
            String s = task.lastStatus();
            if (s.equals("PROVISIONING") || s.equals("PENDING") || s.equals("ACTIVATING")) {
                pending++;
            }
        }
        return pending;
    }

    public void event(Instant at, String message) {
        events.addFirst(new ServiceEvent(UUID.randomUUID().toString(), at, message));
        while (events.size() > MAX_EVENTS) {
            events.removeLast();
        }
    }

    /** Newest first, at most 100. */
    public List<ServiceEvent> events() {
        return List.copyOf(events);
    }

    public record ServiceEvent(String id, Instant createdAt, String message) {
    }
}
