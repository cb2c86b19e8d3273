package dev.scalingsuite.twin.model;

import java.time.Instant;

/**
 * One deployment of the ECS service, as DescribeServices' {@code deployments} reports it: the task
 * definition revision it runs, its status ({@code PRIMARY} for the one the service converges to,
 * {@code ACTIVE} for an earlier one that still has tasks, {@code INACTIVE} once it has none and
 * DescribeServices no longer lists it) and its rollout state ({@code IN_PROGRESS}, {@code COMPLETED},
 * {@code FAILED}). Mutable: the scheduler moves it along under the stack's lock.
 */
public final class Deployment {

    private final String id;
    private final int revision;
    private final Instant createdAt;
    private String status = "PRIMARY";
    private String rolloutState = "IN_PROGRESS";
    private String rolloutStateReason;
    private Instant updatedAt;
    private int failedTasks;
    /** The circuit breaker's count: failures since the last task of this deployment turned healthy. */
    private int failureCount;

    public Deployment(String id, int revision, Instant createdAt) {
        this.id = id;
        this.revision = revision;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.rolloutStateReason = "ECS deployment " + id + " in progress.";
    }

    public String id() { return id; }
    public int revision() { return revision; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
    public String status() { return status; }
    public String rolloutState() { return rolloutState; }
    public String rolloutStateReason() { return rolloutStateReason; }
    public int failedTasks() { return failedTasks; }
    public int failureCount() { return failureCount; }

    public boolean primary() { return status.equals("PRIMARY"); }
    public boolean listed() { return !status.equals("INACTIVE"); }
    public boolean inProgress() { return rolloutState.equals("IN_PROGRESS"); }
    public boolean failed() { return rolloutState.equals("FAILED"); }

    public void status(String newStatus, Instant at) {
        status = newStatus;
        updatedAt = at;
    }

    public void rollout(String state, String reason, Instant at) {
        rolloutState = state;
        rolloutStateReason = reason;
        updatedAt = at;
    }

    /** One of its tasks failed to start or failed its health checks. */
    public void taskFailed(Instant at) {
        failedTasks++;
        failureCount++;
        updatedAt = at;
    }

    /** One of its tasks turned healthy: the circuit breaker starts counting again (resetOnHealthyTask). */
    public void taskHealthy() {
        failureCount = 0;
    }
}
