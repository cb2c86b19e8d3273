package dev.scalingsuite.fleet;

import java.time.Instant;
import java.util.List;

/**
 * What the monitors last saw of the fleet, all at once: service counts, tasks with their sessions and
 * health, and the scaling metrics. Expectations are checked against snapshots, never against live
 * calls, so a poll stays cheap and a failure message can show exactly what was seen.
 */
public record FleetSnapshot(Instant observedAt, ServiceState service, List<TaskState> tasks, SessionMetrics metrics) {

    public static final FleetSnapshot EMPTY = new FleetSnapshot(Instant.EPOCH, ServiceState.UNKNOWN, List.of(),
            SessionMetrics.NONE);

    public FleetSnapshot {
        tasks = List.copyOf(tasks);
    }

    public List<TaskState> runningTasks() {
        return tasks.stream().filter(TaskState::running).toList();
    }

    /** Sessions on all tasks, from their heartbeats. */
    public int activeSessions() {
        return tasks.stream().mapToInt(TaskState::activeSessions).sum();
    }

    /** Running tasks that hold at least one session. */
    public List<TaskState> tasksWithSessions() {
        return runningTasks().stream().filter(t -> t.activeSessions() > 0).toList();
    }

    public FleetSnapshot withService(Instant at, ServiceState newService, List<TaskState> newTasks) {
        return new FleetSnapshot(at, newService, newTasks, metrics);
    }

    public FleetSnapshot withMetrics(SessionMetrics newMetrics) {
        return new FleetSnapshot(observedAt, service, tasks, newMetrics);
    }

    /** One line for failure messages and the console. */
    public String summary() {
        StringBuilder text = new StringBuilder(service.toString())
                .append("; sessions ").append(activeSessions());
        if (!runningTasks().isEmpty()) {
            text.append(" on tasks");
            for (TaskState task : runningTasks()) {
                text.append(' ').append(task.shortId()).append('=').append(task.activeSessions())
                        .append(task.routable() ? "" : "(" + task.health() + ")");
            }
        }
        text.append("; SessionsPerTask ").append(metrics.show(SessionMetrics.SESSIONS_PER_TASK));
        return text.toString().trim();
    }
}
