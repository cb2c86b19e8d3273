package dev.scalingsuite.fleet;

import java.time.Instant;

/**
 * One deployment of the service as DescribeServices reports it: {@code PRIMARY} (the one the service
 * converges to) or {@code ACTIVE} (an earlier one that still has tasks), the task definition it runs, its
 * rollout state ({@code IN_PROGRESS}, {@code COMPLETED}, {@code FAILED}; empty where ECS reports none) and
 * the counts of its tasks.
 *
 * @param failedTasks tasks of this deployment that failed to start or failed their health checks: what
 *     the deployment circuit breaker counts
 */
public record ServiceDeployment(String id, String status, String taskDefinition, String rolloutState,
        String rolloutStateReason, int desired, int running, int pending, int failedTasks, Instant createdAt,
        Instant updatedAt) {

    public boolean primary() {
        return "PRIMARY".equals(status);
    }

    public boolean inProgress() {
        return "IN_PROGRESS".equals(rolloutState);
    }

    public boolean failed() {
        return "FAILED".equals(rolloutState);
    }
}
