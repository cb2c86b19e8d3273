package dev.scalingsuite.twin.model;

import java.time.Instant;

/**
 * One ECS task of the service, with the lifecycle timestamps DescribeTasks reports. Mutable: the
 * control plane moves it along while holding the stack's lock.
 */
public final class TaskRecord {

    private final String id;
    private final String arn;
    private final String privateIp;
    private final int taskDefinitionRevision;
    private final String deploymentId;
    private String lastStatus;
    private String desiredStatus = "RUNNING";
    private final Instant createdAt;
    private Instant pullStartedAt;
    private Instant pullStoppedAt;
    private Instant connectivityAt;
    private Instant startedAt;
    private Instant stoppingAt;
    private Instant executionStoppedAt;
    private Instant stoppedAt;
    private String stoppedReason;
    private String stopCode;
    private boolean protectionEnabled;
    private Instant protectionExpiresAt;

    /** @param deploymentId the deployment that started it, as DescribeTasks' {@code startedBy} names it */
    public TaskRecord(String id, String arn, String privateIp, int taskDefinitionRevision, String deploymentId,
            String lastStatus, Instant createdAt) {
        this.deploymentId = deploymentId;
        this.id = id;
        this.arn = arn;
        this.privateIp = privateIp;
        this.taskDefinitionRevision = taskDefinitionRevision;
        this.lastStatus = lastStatus;
        this.createdAt = createdAt;
    }

    public String id() { return id; }
    public String arn() { return arn; }
    public String privateIp() { return privateIp; }
    public int taskDefinitionRevision() { return taskDefinitionRevision; }
    public String deploymentId() { return deploymentId; }
    public String lastStatus() { return lastStatus; }
    public String desiredStatus() { return desiredStatus; }
    public Instant createdAt() { return createdAt; }
    public Instant pullStartedAt() { return pullStartedAt; }
    public Instant pullStoppedAt() { return pullStoppedAt; }
    public Instant connectivityAt() { return connectivityAt; }
    public Instant startedAt() { return startedAt; }
    public Instant stoppingAt() { return stoppingAt; }
    public Instant executionStoppedAt() { return executionStoppedAt; }
    public Instant stoppedAt() { return stoppedAt; }
    public String stoppedReason() { return stoppedReason; }
    public String stopCode() { return stopCode; }

    public boolean stopped() {
        return "STOPPED".equals(lastStatus);
    }

    /** Whether scale-in protection holds at {@code now} (enabled and not expired). */
    public boolean protectedAt(Instant now) {
        return protectionEnabled && protectionExpiresAt != null && now.isBefore(protectionExpiresAt);
    }

    public Instant protectionExpiresAt() {
        return protectionExpiresAt;
    }

    public void protect(boolean enabled, Instant expiresAt) {
        this.protectionEnabled = enabled;
        this.protectionExpiresAt = enabled ? expiresAt : null;
    }

    public void status(String status) { this.lastStatus = status; }
    public void desiredStatus(String status) { this.desiredStatus = status; }
    public void pullStartedAt(Instant at) { this.pullStartedAt = at; }
    public void pullStoppedAt(Instant at) { this.pullStoppedAt = at; }
    public void connectivityAt(Instant at) { this.connectivityAt = at; }
    public void startedAt(Instant at) { this.startedAt = at; }
    public void stoppingAt(Instant at) { this.stoppingAt = at; }
    public void executionStoppedAt(Instant at) { this.executionStoppedAt = at; }
    public void stoppedAt(Instant at) { this.stoppedAt = at; }

    public void stopReason(String code, String reason) {
        this.stopCode = code;
        this.stoppedReason = reason;
    }
}
