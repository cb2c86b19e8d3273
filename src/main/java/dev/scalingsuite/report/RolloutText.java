package dev.scalingsuite.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/** How the reports word a rollout: its events in time order and what protection and the circuit breaker did. */
final class RolloutText {

    private RolloutText() {
    }

    /** {@code family:revision}, the part of a task definition ARN people read. */
    static String revision(String taskDefinition) {
        return taskDefinition.substring(taskDefinition.lastIndexOf('/') + 1);
    }

    /** The rollout's events, oldest first: {time, what}. */
    static List<String[]> events(RolloutTimeline.Rollout r) {
        List<Object[]> out = new ArrayList<>();
        out.add(new Object[] {r.startedAt(), "rollout started: UpdateService to " + revision(r.to())});
        for (RolloutTimeline.NewTask t : r.newTasks()) {
            out.add(new Object[] {t.createdAt(), "new task " + shortId(t.task()) + " started"});
            t.healthyAt().ifPresent(at -> out.add(new Object[] {at, "new task " + shortId(t.task()) + " healthy"}));
        }
        for (RolloutTimeline.EarlierTask t : r.held()) {
            if (t.protectedAtStart()) {
                t.protectedUntil().ifPresent(at -> out.add(new Object[] {at, "earlier task " + shortId(t.task())
                        + ": protection off (its last call ended)"}));
            }
            t.stopDecidedAt().ifPresent(at -> out.add(new Object[] {at, "earlier task " + shortId(t.task())
                    + " stopped by the rollout (deregistration, SIGTERM, drain)"}));
            t.stoppedAt().ifPresent(at -> out.add(new Object[] {at, "earlier task " + shortId(t.task()) + " STOPPED"}));
        }
        r.completedAt().ifPresent(at -> out.add(new Object[] {at, "rollout COMPLETED"}));
        r.failedAt().ifPresent(at -> out.add(new Object[] {at, "rollout FAILED: " + r.failure()}));
        out.sort(Comparator.comparingDouble(o -> (double) o[0]));
        List<String[]> rows = new ArrayList<>();
        out.forEach(o -> rows.add(new String[] {Fmt.clock((double) o[0]), (String) o[1]}));
        return rows;
    }

    /** What the rollout amounted to, one line each: how it ended, what protection held, the circuit breaker. */
    static List<String> summary(RolloutTimeline.Rollout r, double runEnd) {
        List<String> lines = new ArrayList<>();
        if (r.completedAt().isPresent()) {
            lines.add("Rollout: completed " + Fmt.duration(r.completedAt().getAsDouble() - r.startedAt())
                    + " after it started.");
        } else if (r.failedAt().isPresent()) {
            lines.add("Rollout: failed " + Fmt.duration(r.failedAt().getAsDouble() - r.startedAt())
                    + " after it started.");
        } else {
            lines.add("Rollout: still in progress when the run ended, " + Fmt.duration(runEnd - r.startedAt())
                    + " after it started.");
        }
        List<RolloutTimeline.EarlierTask> held = r.held().stream().filter(t -> t.heldSeconds() > 0).toList();
        OptionalDouble replacement = r.firstReplacementHealthy();
        if (held.isEmpty()) {
            lines.add("Task protection held no earlier task after a replacement was healthy ("
                    + r.held().size() + " earlier task(s), " + r.held().stream().filter(
                            RolloutTimeline.EarlierTask::protectedAtStart).count() + " protected when it started).");
        } else {
            List<String> each = new ArrayList<>();
            for (RolloutTimeline.EarlierTask t : held) {
                each.add(shortId(t.task()) + " for " + Fmt.duration(t.heldSeconds()) + " (protected until "
                        + t.protectedUntil().stream().mapToObj(Fmt::clock).findFirst().orElse("the end of the run")
                        + ")");
            }
            lines.add("Task protection held " + held.size() + " earlier task(s) after the first replacement was "
                    + "healthy at " + Fmt.clock(replacement.orElse(r.startedAt())) + ": " + String.join(", ", each)
                    + "; ECS stops a protected task only once its protection ends.");
        }
        lines.add(r.circuitBreakerFired()
                ? "Circuit breaker: fired (" + r.failure() + " " + r.failedTasks() + " task(s) failed)"
                        + (r.rolledBackTo().isEmpty() ? "; no rollback." : "; rolled back to "
                                + revision(r.rolledBackTo()) + ".")
                : "Circuit breaker: did not fire (" + r.failedTasks() + " failed task(s)).");
        return lines;
    }

    static String restore(RolloutTimeline.Restore restore) {
        if (restore.deployment().equals("none")) {
            return "the service ran " + revision(restore.taskDefinition()) + " again already at "
                    + Fmt.clock(restore.startedAt()) + ".";
        }
        return "the desired count set to the minimum and " + revision(restore.taskDefinition())
                + " deployed back at " + Fmt.clock(restore.startedAt()) + " (deployment " + restore.deployment()
                + "); the next run's baseline waits for that rollout to complete.";
    }

    private static String shortId(String task) {
        return task.length() > 8 ? task.substring(0, 8) : task;
    }
}
