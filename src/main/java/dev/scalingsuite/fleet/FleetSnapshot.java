package dev.scalingsuite.fleet;

import dev.scalingsuite.fleet.finding.Source;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the monitors last saw of the fleet, all at once: service counts, tasks with their sessions and
 * health, and the scaling metrics. Expectations are checked against snapshots, never against live
 * calls, so a poll stays cheap and a failure message can show exactly what was seen.
 *
 * @param emptySources the sources whose latest read had nothing at all (no service counts yet, not one
 *     fresh heartbeat, not one target): a quantity read from them is not measured, whatever it shows
 */
public record FleetSnapshot(Instant observedAt, ServiceState service, List<TaskState> tasks, SessionMetrics metrics,
        Set<Source> emptySources) {

    public static final FleetSnapshot EMPTY = new FleetSnapshot(Instant.EPOCH, ServiceState.UNKNOWN, List.of(),
            SessionMetrics.NONE, EnumSet.of(Source.ECS_SERVICE, Source.HEARTBEATS, Source.TARGETS));

    public FleetSnapshot {
        tasks = List.copyOf(tasks);
        emptySources = Set.copyOf(emptySources);
    }

    /** A snapshot in which every source had something. */
    public FleetSnapshot(Instant observedAt, ServiceState service, List<TaskState> tasks, SessionMetrics metrics) {
        this(observedAt, service, tasks, metrics, Set.of());
    }

    /** Whether {@code source}'s latest read had anything, so that what is read from it is measured. */
    public boolean hasDataFrom(Source source) {
        return !emptySources.contains(source);
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
        return new FleetSnapshot(at, newService, newTasks, metrics, emptySources);
    }

    public FleetSnapshot withMetrics(SessionMetrics newMetrics) {
        return new FleetSnapshot(observedAt, service, tasks, newMetrics, emptySources);
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
