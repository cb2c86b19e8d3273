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

/** The ECS cluster, its one service, the service's tasks and its event list. */
public final class EcsModel {

    /** DescribeServices returns the 100 most recent service events. */
    private static final int MAX_EVENTS = 100;
    /**
     * The service's deployment configuration as infrastructure/src/stacks/ecs-stack.ts sets it
     * (maxHealthyPercent 200, minHealthyPercent 100): tasks RUNNING or PENDING may reach twice the
     * desired count, so ECS starts a replacement before it stops an unhealthy task.
     */
    public static final int MAXIMUM_PERCENT = 200;
    public static final int MINIMUM_HEALTHY_PERCENT = 100;

    private final Arns arns;
    private final int taskDefinitionRevision = 7;
    private final Instant serviceCreatedAt;
    private final Map<String, TaskRecord> tasks = new LinkedHashMap<>();
    private final Deque<ServiceEvent> events = new ArrayDeque<>();
    private int desiredCount;
    private int ipCounter = 10;

    public EcsModel(Arns arns, Instant now) {
        this.arns = arns;
        this.serviceCreatedAt = now;
    }

    public Arns arns() { return arns; }
    public int taskDefinitionRevision() { return taskDefinitionRevision; }
    public Instant serviceCreatedAt() { return serviceCreatedAt; }
    public int desiredCount() { return desiredCount; }

    /** Sets the desired count; ECS reports the change through what its scheduler does next. */
    public void desiredCount(int count) {
        desiredCount = count;
    }

    /** Adds a task in the given state, e.g. RUNNING for the stack's starting point. */
    public TaskRecord addTask(String lastStatus, Instant now) {
        String id = UUID.randomUUID().toString().replace("-", "");
        ipCounter++;
        TaskRecord task = new TaskRecord(id, arns.task(id), "10.0." + (ipCounter / 250) + "." + (ipCounter % 250),
                taskDefinitionRevision, lastStatus, now);
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
