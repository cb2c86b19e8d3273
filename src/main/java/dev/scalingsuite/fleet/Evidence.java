package dev.scalingsuite.fleet;

import dev.scalingsuite.fleet.finding.Missing;
import dev.scalingsuite.fleet.finding.Source;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the sources the invariants judge showed anything during a run, as its history holds them: an
 * invariant judged on a source that showed nothing would pass (or fail) on data that never arrived, so it
 * is not measured. Each method returns what was missing, looked for from the start of the run until the
 * source was last read, and named where {@code names} says it is read.
 */
public final class Evidence {

    private Evidence() {
    }

    /** No service counts from ECS. */
    public static Optional<Missing> serviceCounts(RunHistory history, SourceNames names) {
        return history.service().isEmpty() ? Optional.of(missing(history, Source.ECS_SERVICE, "ecs", names))
                : Optional.empty();
    }

    /** Not one fresh heartbeat in the session table: no task's sessions were ever seen. */
    public static Optional<Missing> heartbeats(RunHistory history, SourceNames names) {
        boolean seen = history.sessions().stream().anyMatch(s -> !s.getValue().isEmpty());
        return seen ? Optional.empty() : Optional.of(missing(history, Source.HEARTBEATS, "sessions", names));
    }

    /** Not one target in the target group: no task's health was ever seen. */
    public static Optional<Missing> targets(RunHistory history, SourceNames names) {
        boolean seen = history.targets().stream().anyMatch(t -> !t.getValue().isEmpty());
        return seen ? Optional.empty() : Optional.of(missing(history, Source.TARGETS, "targets", names));
    }

    /** Not one datapoint of the metric {@code key} ({@link SessionMetrics}). */
    public static Optional<Missing> datapoints(RunHistory history, String key, SourceNames names) {
        if (!history.datapoints(key).isEmpty()) {
            return Optional.empty();
        }
        MetricName metric = names.metric(key);
        return Optional.of(Missing.of(Source.METRICS, metric.metric() + " datapoint").in(metric.where())
                .between(history.clock().start(), history.judgedAt("metrics")));
    }

    /**
     * No ready event ({@code event}, {@code service_ready} as deployed) of a task created during the run
     * that the load balancer saw healthy at least {@code lateness} (wall time) before the logs were last
     * read: its agent logs the event before it can pass a health check, so a healthy task without one
     * leaves its health checks unjudged. A task healthy more recently may still have its line on the way.
     */
    public static Optional<Missing> readyEvents(RunHistory history, String event, Duration lateness,
            SourceNames names) {
        Instant logsRead = history.judgedAt("logs");
        Map<String, Instant> ready = history.appReady();
        List<String> without = new ArrayList<>();
        for (RunHistory.TaskPoint task : HealthWaits.firstSeen(history).values()) {
            Optional<Instant> created = task.createdAt();
            if (created.isEmpty() || created.get().isBefore(history.clock().start()) || ready.containsKey(task.task())) {
                continue;
            }
            Optional<Instant> healthy = history.firstHealthy(task.ip(), created.get());
            if (healthy.isPresent() && !healthy.get().plus(lateness).isAfter(logsRead)) {
                without.add(task.task().length() > 8 ? task.task().substring(0, 8) : task.task());
            }
        }
        if (without.isEmpty()) {
            return Optional.empty();
        }
        String tasks = (without.size() == 1 ? "task " : "tasks ") + String.join(", ", without);
        return Optional.of(Missing.of(Source.LOGS, event + " event of " + tasks).in(names.where(Source.LOGS))
                .between(history.clock().start(), logsRead));
    }

    /** No target-tracking policy in the scaling configuration read at {@code readAt}. */
    public static Optional<Missing> targetTracking(ScalingConfiguration configuration, Instant readAt,
            SourceNames names) {
        return configuration.targetTracking().isEmpty()
                ? Optional.of(Missing.of(Source.POLICY).in(names.where(Source.POLICY)).at(readAt))
                : Optional.empty();
    }

    private static Missing missing(RunHistory history, Source source, String monitor, SourceNames names) {
        return Missing.of(source).in(names.where(source)).between(history.clock().start(), history.judgedAt(monitor));
    }
}
