package dev.scalingsuite.twin.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Application Auto Scaling for the service: its scalable target, policies and activities. */
public final class ScalingModel {

    /** DescribeScalingActivities keeps at most this many, newest first. */
    private static final int MAX_ACTIVITIES = 500;

    private final String resourceId;
    private final String roleArn;
    private final Instant createdAt;
    private int minCapacity;
    private int maxCapacity;
    private final List<ScalingPolicy> policies = new ArrayList<>();
    private final List<Activity> activities = new ArrayList<>();

    public ScalingModel(String resourceId, String roleArn, int minCapacity, int maxCapacity, Instant createdAt) {
        this.resourceId = resourceId;
        this.roleArn = roleArn;
        this.minCapacity = minCapacity;
        this.maxCapacity = maxCapacity;
        this.createdAt = createdAt;
    }

    public String resourceId() { return resourceId; }
    public String roleArn() { return roleArn; }
    public Instant createdAt() { return createdAt; }
    public int minCapacity() { return minCapacity; }
    public int maxCapacity() { return maxCapacity; }

    public void addPolicy(ScalingPolicy policy) {
        policies.add(policy);
    }

    public List<ScalingPolicy> policies() {
        return List.copyOf(policies);
    }

    public Activity startActivity(String description, String cause, Instant at) {
        Activity activity = new Activity(UUID.randomUUID().toString(), description, cause, at);
        activities.add(0, activity);
        if (activities.size() > MAX_ACTIVITIES) {
            activities.remove(activities.size() - 1);
        }
        return activity;
    }

    /** Newest first. */
    public List<Activity> activities() {
        return List.copyOf(activities);
    }

    /** A scaling activity; it ends when ECS accepted the new desired count. */
    public static final class Activity {
        private final String id;
        private final String description;
        private final String cause;
        private final Instant startTime;
        private Instant endTime;
        private String statusCode = "InProgress";
        private String statusMessage = "";

        Activity(String id, String description, String cause, Instant startTime) {
            this.id = id;
            this.description = description;
            this.cause = cause;
            this.startTime = startTime;
        }

        public String id() { return id; }
        public String description() { return description; }
        public String cause() { return cause; }
        public Instant startTime() { return startTime; }
        public Instant endTime() { return endTime; }
        public String statusCode() { return statusCode; }
        public String statusMessage() { return statusMessage; }

        public void finish(String status, String message, Instant at) {
            this.statusCode = status;
            this.statusMessage = message;
            this.endTime = at;
        }
    }
}
