package dev.scalingsuite.fleet;

import java.util.List;
import java.util.Map;

/**
 * The ECS service: its counts, deployments and events, its tasks, and the writes the suite makes
 * (recovery's desired count; a deployment of a new revision of the live task definition and its
 * restore).
 */
public interface EcsPort {

    /** The service with its counts, the task definition it runs, its deployments and its recent events. */
    ServiceState service();

    /**
     * The service's tasks, running and recently stopped, with lifecycle timestamps and protection;
     * health and sessions are unknown here ({@code "unknown"}, 0) and filled in by other ports.
     */
    List<TaskState> tasks();

    /** Where the service is read, for messages: e.g. {@code ECS service voice-agent-poc-service of cluster ...}. */
    String where();

    /** Sets the service's desired count, e.g. back to the minimum when recovering the baseline. */
    void setDesiredCount(int count);

    /**
     * The task-level {@code cpu} and {@code memory} of a task definition (family:revision or ARN), what Fargate
     * bills a task of it for.
     *
     * @throws IllegalStateException naming the task definition, when it states no task-level cpu or memory
     */
    TaskSize taskSize(String taskDefinition);

    /**
     * The image digests the service's tasks ran (running and recently stopped), by task id, as ECS reports them
     * once a task's image is pulled ({@code containers[].imageDigest}, e.g. {@code sha256:...}); a task that
     * reported none is absent.
     */
    Map<String, String> imageDigests();

    /** The tags of a task definition (family:revision or ARN). */
    Map<String, String> taskDefinitionTags(String taskDefinition);

    /**
     * Registers the next revision of {@code taskDefinition}'s family: a copy of it with {@code change}
     * applied (same image, nothing functional).
     *
     * @return the new revision's ARN
     */
    String registerRevision(String taskDefinition, RevisionChange change);

    /**
     * Deploys {@code taskDefinition} to the service (a rolling update).
     *
     * @return the id of the deployment it started
     */
    String deploy(String taskDefinition);
}
