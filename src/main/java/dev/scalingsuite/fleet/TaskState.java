package dev.scalingsuite.fleet;

import java.time.Instant;
import java.util.Optional;

/**
 * One task of the service as the monitors saw it: its ECS lifecycle timestamps, scale-in protection,
 * load balancer health (by its IP) and the sessions its last fresh heartbeat reported. {@code stopCode}
 * is ECS's reason class once the task is stopping ({@code ServiceSchedulerInitiated} when ECS chose to
 * stop it, {@code EssentialContainerExited} for a crash), else {@code null}. {@code taskDefinition} is
 * the ARN of the revision it runs, which tells a deployment's new tasks from the earlier ones.
 */
public record TaskState(
        String id,
        String privateIp,
        String lastStatus,
        String desiredStatus,
        Instant createdAt,
        Instant pullStartedAt,
        Instant pullStoppedAt,
        Instant startedAt,
        Instant stoppingAt,
        Instant stoppedAt,
        boolean protectedFromScaleIn,
        String stopCode,
        String health,
        int activeSessions,
        String taskDefinition) {

    public boolean running() {
        return "RUNNING".equals(lastStatus);
    }

    public boolean routable() {
        return running() && "healthy".equals(health);
    }

    public TaskState withHealth(String newHealth) {
        return new TaskState(id, privateIp, lastStatus, desiredStatus, createdAt, pullStartedAt, pullStoppedAt,
                startedAt, stoppingAt, stoppedAt, protectedFromScaleIn, stopCode, newHealth, activeSessions, taskDefinition);
    }

    public TaskState withSessions(int sessions) {
        return new TaskState(id, privateIp, lastStatus, desiredStatus, createdAt, pullStartedAt, pullStoppedAt,
                startedAt, stoppingAt, stoppedAt, protectedFromScaleIn, stopCode, health, sessions, taskDefinition);
    }

    public Optional<Instant> created() {
        return Optional.ofNullable(createdAt);
    }

    /** The short id people read in reports: the first 8 characters. */
    public String shortId() {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }
}
