package dev.scalingsuite.fleet;

import dev.scalingsuite.fleet.finding.HealthWait;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How long new tasks waited to be healthy: what the cold start and the health checks are judged by. */
final class HealthWaits {

    private HealthWaits() {
    }

    /**
     * Each task as it was first reported with its address (or first reported, while it has none), by
     * task id, in the order they were: on AWS a task has no private IP until its network interface is
     * attached, and its health is known only by its address.
     */
    static Map<String, RunHistory.TaskPoint> firstSeen(RunHistory history) {
        Map<String, RunHistory.TaskPoint> first = new LinkedHashMap<>();
        history.tasks().forEach(t -> first.merge(t.task(), t,
                (seen, next) -> seen.ip().isBlank() && !next.ip().isBlank() ? next : seen));
        return first;
    }

    /**
     * The wait of {@code task} to be healthy from {@code from}, when it took longer than {@code bound}.
     * While it is not healthy it is judged as of when {@code sources} were last read; once it is, by
     * the last read that still saw it not healthy, so a late targets poll cannot stretch the wait.
     * Empty within the bound, and for a task stopped before it turned healthy.
     */
    static Optional<HealthWait> longerThan(RunHistory history, RunHistory.TaskPoint task, Instant from, Duration bound,
            String... sources) {
        Optional<Instant> healthy = history.firstHealthy(task.ip(), from);
        Instant judged = history.judgedAt(sources);
        Instant decided = healthy.isPresent()
                ? history.lastSeenNotHealthy(task.ip(), from).orElse(healthy.get()) : judged;
        if (Duration.between(from, decided).compareTo(bound) > 0 && stillStarting(history, task.task(), healthy)) {
            return Optional.of(new HealthWait(task.task(), from, healthy, judged));
        }
        return Optional.empty();
    }

    /** Whether a task not yet healthy is still meant to start (not stopped on the way). */
    private static boolean stillStarting(RunHistory history, String task, Optional<Instant> healthy) {
        if (healthy.isPresent()) {
            return true;
        }
        List<RunHistory.TaskPoint> points = history.tasks().stream().filter(t -> t.task().equals(task)).toList();
        return points.isEmpty() || !"STOPPED".equals(points.get(points.size() - 1).desiredStatus());
    }
}
