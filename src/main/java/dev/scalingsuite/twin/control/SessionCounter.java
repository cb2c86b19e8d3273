package dev.scalingsuite.twin.control;

import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.stack.Fault;
import dev.scalingsuite.twin.stack.SessionTable;
import dev.scalingsuite.twin.stack.SessionTable.ActiveSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The deployed stack's session counter (infrastructure/src/functions/session-counter/handler.py), run
 * once a metric period: the active session items (GSI1 {@code STATUS#active}) and the healthy tasks, those
 * whose heartbeat is fresher than the stale limit (found as the handler finds them: a scan filtered on
 * {@code updated_at > :threshold}). Active sessions whose task has no fresh heartbeat are orphans of a
 * dead task: it marks them ended and logs {@code orphaned_sessions_reaped}. Then ActiveCount (without the
 * reaped), HealthyTaskCount, SessionsPerTask = active / healthy (0 with no healthy task) and
 * MaxSessionsPerTask (the most live session items on one healthy task), published to
 * {@code VoiceAgent/Sessions} with the {@code Environment} dimension; per healthy task, SessionsPerTask
 * with {@code {Environment, TaskId}} (the last 12 characters of the task id; 0 for an idle task) from its
 * active session items; then its {@code session_count_completed} line, with the inputs of each datapoint,
 * in its Lambda's log group. It reads DynamoDB like the real one, so it sees what the agents wrote, late
 * writes included. With the {@code metric-gaps} fault it publishes nothing for every other period.
 */
final class SessionCounter {

    /** The Lambda's log stream, named as Lambda names one: {@code <date>/[$LATEST]<hex>}. */
    private static final String LOG_STREAM = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString()
            .replace('-', '/') + "/[$LATEST]3b6f0e9c1d2a4e5f8a7b6c5d4e3f2a1b";
    private static final ObjectMapper JSON = new ObjectMapper();

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
        List<ActiveSession> active = table.activeSessionItems();
        List<String> healthyTasks = table.healthyTasks(at.minus(stack.wall(stack.settings().heartbeatStaleAfter())));
        Set<String> healthySet = new HashSet<>(healthyTasks);
        // an active session whose task has no fresh heartbeat is an orphan of a dead task (its container never
        // ended it): the handler marks it ended and leaves it out of ActiveCount (handler.py:82-106); a session
        // with no task_id is never one
        List<ActiveSession> orphaned = active.stream()
                .filter(s -> s.taskId() != null && !s.taskId().isEmpty() && !healthySet.contains(s.taskId()))
                .toList();
        List<String> lines = new ArrayList<>();
        int reaped = 0;
        Instant expires = at.plus(stack.wall(SessionTable.REAPED_SESSION_TTL_SECONDS));
        for (ActiveSession session : orphaned) {
            try {
                table.reapOrphaned(session, at, expires);
                reaped++;
            } catch (RuntimeException e) {
                lines.add(JSON.createObjectNode().put("event", "orphan_reap_failed")
                        .put("session_id", session.sessionId() == null ? "unknown" : session.sessionId())
                        .put("error", String.valueOf(e.getMessage())).toString());
            }
        }
        if (!orphaned.isEmpty()) {
            ObjectNode line = JSON.createObjectNode().put("event", "orphaned_sessions_reaped").put("count", reaped);
            ArrayNode ids = line.putArray("session_ids");
            orphaned.forEach(s -> ids.add(s.sessionId()));
            lines.add(line.toString());
        }
        int activeCount = active.size() - reaped;
        // sessions per healthy task from the live session items, not from the heartbeats' active_session_count,
        // which may be up to a heartbeat interval old (handler.py:108-115)
        Map<String, Integer> live = new TreeMap<>();
        for (ActiveSession session : active) {
            if (session.taskId() != null && !session.taskId().isEmpty() && healthySet.contains(session.taskId())) {
                live.merge(session.taskId(), 1, Integer::sum);
            }
        }
        int healthy = healthyTasks.size();
        // handler.py:121: "active_count / healthy_count if healthy_count else 0"
        double perTask = healthy == 0 ? 0 : (double) activeCount / healthy;
        // handler.py:122-124: the largest live count, 0 when no healthy task holds a session
        int max = live.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        // per healthy task, idle ones at 0 (handler.py:357-381)
        Map<String, Integer> perHealthyTask = new TreeMap<>();
        healthyTasks.forEach(task -> perHealthyTask.put(task, live.getOrDefault(task, 0)));
        String environment = stack.settings().environment();
        Map<String, String> dims = Map.of("Environment", environment);
        synchronized (stack) {
            stack.metrics().put(StackModel.SESSIONS_NAMESPACE, "ActiveCount", dims, at, activeCount);
            stack.metrics().put(StackModel.SESSIONS_NAMESPACE, "HealthyTaskCount", dims, at, healthy);
            stack.metrics().put(StackModel.SESSIONS_NAMESPACE, "SessionsPerTask", dims, at, perTask);
            stack.metrics().put(StackModel.SESSIONS_NAMESPACE, "MaxSessionsPerTask", dims, at, max);
            perHealthyTask.forEach((task, sessions) -> stack.metrics().put(StackModel.SESSIONS_NAMESPACE,
                    "SessionsPerTask", Map.of("Environment", environment, "TaskId", shortId(task)), at, sessions));
            lines.forEach(line -> stack.logs().append(stack.settings().sessionCounterLogGroup(), LOG_STREAM, at, line));
            completed(at, activeCount, healthy, perTask, max, live, reaped);
        }
    }

    /** The handler's short task id for graph legends: the last 12 characters. */
    static String shortId(String taskId) {
        return taskId.length() > 12 ? taskId.substring(taskId.length() - 12) : taskId;
    }

    /** The handler's {@code session_count_completed} line, printed to its Lambda's log stream. */
    private void completed(Instant at, int active, int healthy, double perTask, int max, Map<String, Integer> live,
            int reaped) {
        ObjectNode line = JSON.createObjectNode().put("event", "session_count_completed")
                .put("timestamp", at.toString()).put("activeSessionCount", active).put("healthyTaskCount", healthy)
                .put("avgSessionsPerTask", Math.round(perTask * 100) / 100.0).put("maxSessionsPerTask", max);
        // the live counts: healthy tasks that hold a session (handler.py:142)
        ObjectNode counts = line.putObject("taskSessionCounts");
        live.forEach(counts::put);
        line.put("reapedOrphanedSessions", reaped);
        stack.logs().append(stack.settings().sessionCounterLogGroup(), LOG_STREAM, at, line.toString());
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
