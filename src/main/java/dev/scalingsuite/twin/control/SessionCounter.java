package dev.scalingsuite.twin.control;

import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.stack.Fault;
import dev.scalingsuite.twin.stack.SessionTable;
import dev.scalingsuite.twin.stack.SessionTable.Heartbeat;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The deployed stack's session counter, run once a metric period: ActiveCount from the active
 * session items (GSI1 {@code STATUS#active}), HealthyTaskCount from heartbeats fresher than the stale
 * limit, SessionsPerTask = active / healthy and MaxSessionsPerTask, published to
 * {@code VoiceAgent/Sessions} with the {@code Environment} dimension. It reads DynamoDB like the real
 * one, so it sees what the agents wrote, late writes included. With the {@code metric-gaps} fault it
 * publishes nothing for every other period.
 */
final class SessionCounter {

    private final StackModel stack;
    private final SessionTable table;

    SessionCounter(StackModel stack, SessionTable table) {
        this.stack = stack;
        this.table = table;
    }

    /** Runs on the I/O thread; {@code at} is the period boundary the datapoints are stamped with. */
    void count(Instant at) {
        if (stack.settings().hasFault(Fault.METRIC_GAPS) && oddPeriod(at)) {
            return;
        }
        int active = table.activeSessions();
        List<Heartbeat> heartbeats = table.heartbeats();
        Instant freshAfter = at.minus(stack.wall(stack.settings().heartbeatStaleAfter()));
        int healthy = 0;
        int max = 0;
        for (Heartbeat heartbeat : heartbeats) {
            if (heartbeat.updatedAt().isAfter(freshAfter)) {
                healthy++;
                max = Math.max(max, heartbeat.activeSessions());
            }
        }
        double perTask = (double) active / Math.max(healthy, 1);
        Map<String, String> dims = Map.of("Environment", stack.settings().environment());
        synchronized (stack) {
            stack.metrics().put(StackModel.SESSIONS_NAMESPACE, "ActiveCount", dims, at, active);
            stack.metrics().put(StackModel.SESSIONS_NAMESPACE, "HealthyTaskCount", dims, at, healthy);
            stack.metrics().put(StackModel.SESSIONS_NAMESPACE, "SessionsPerTask", dims, at, perTask);
            stack.metrics().put(StackModel.SESSIONS_NAMESPACE, "MaxSessionsPerTask", dims, at, max);
        }
    }

    /** Every other period, by the period's number since the epoch: no state to keep, and no two gaps in a row. */
    private boolean oddPeriod(Instant at) {
        long periodMillis = stack.wall(stack.settings().metricPeriod()).toMillis();
        return Math.floorDiv(at.toEpochMilli(), periodMillis) % 2 == 1;
    }

    /** Container Insights' service counts, once a period, under the stack's monitor. */
    static void containerInsights(StackModel stack, Instant at) {
        Map<String, String> dims = Map.of("ClusterName", stack.arns().clusterName(),
                "ServiceName", stack.arns().serviceName());
        stack.metrics().put("ECS/ContainerInsights", "RunningTaskCount", dims, at, stack.ecs().runningCount());
        stack.metrics().put("ECS/ContainerInsights", "DesiredTaskCount", dims, at, stack.ecs().desiredCount());
        stack.metrics().put("ECS/ContainerInsights", "PendingTaskCount", dims, at, stack.ecs().pendingCount());
    }
}
