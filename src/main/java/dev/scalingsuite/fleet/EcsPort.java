package dev.scalingsuite.fleet;

import java.util.List;

/** The ECS service: its counts, its tasks, and the one write the suite makes (recovery). */
public interface EcsPort {

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
}
