package dev.scalingsuite.fleet;

/**
 * The target group's health checks and deregistration delay, read live: how soon a new task can
 * take calls, and how long a stopping task keeps its flows.
 */
public record TargetGroupSettings(int healthCheckIntervalSeconds, int healthyThreshold, int unhealthyThreshold,
        int deregistrationDelaySeconds) {
}
