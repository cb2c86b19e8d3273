package dev.scalingsuite.report;

import dev.scalingsuite.fleet.Timeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What each rollout a run started did, read from its timeline: when it began, which new tasks started
 * and when each turned healthy (so the rollout could stop an earlier task), which earlier tasks task
 * protection held and for how long after a replacement was healthy, when ECS stopped them, whether the
 * rollout completed or the circuit breaker failed it (and what it rolled back to), and the restore of
 * the original task definition at the end of the run. Times are model seconds since the start.
 */
public final class RolloutTimeline {

    private RolloutTimeline() {
    }

    /**
     * One rollout.
     *
     * @param held the earlier tasks, each with what protection did to it
     * @param failure the rollout state reason when the circuit breaker failed it, else empty
     * @param rolledBackTo the task definition the circuit breaker rolled back to, else empty
     */
    public record Rollout(int step, double startedAt, String deployment, String from, String to, String change,
            List<NewTask> newTasks, List<EarlierTask> held, OptionalDouble completedAt, OptionalDouble failedAt,
            String failure, int failedTasks, String rolledBackTo) {

        /** The first time a new task was healthy: from then on the rollout could stop an earlier one. */
        public OptionalDouble firstReplacementHealthy() {
            return firstHealthy(newTasks);
        }

        /** Whether the deployment circuit breaker marked the deployment FAILED. */
        public boolean circuitBreakerFired() {
            return failedAt.isPresent();
        }
    }

    /** A task the rollout started, and when the load balancer first reported it healthy. */
    public record NewTask(String task, double createdAt, OptionalDouble healthyAt) {
    }

    /**
     * A task of the earlier revision that ran when the rollout began.
     *
     * @param protectedAtStart whether it was under scale-in protection then (it held calls)
     * @param protectedUntil when its protection was first seen off (its last call ended, or it expired)
     * @param heldSeconds how long protection kept it after a replacement was healthy: the time the rollout
     *     waited on it; 0 when it was free by then
     * @param stopDecidedAt when ECS was first seen stopping it
     * @param stoppedAt when it was first seen STOPPED
     */
    public record EarlierTask(String task, boolean protectedAtStart, OptionalDouble protectedUntil, double heldSeconds,
            OptionalDouble stopDecidedAt, OptionalDouble stoppedAt) {
    }

    /** The restore of the original task definition at the end of the run ({@code deployment} none: not needed). */
    public record Restore(double startedAt, String taskDefinition, String deployment) {
    }

    /** Every rollout the run started, oldest first. */
    public static List<Rollout> of(RunRecord run) {
        List<Timeline.Event> events = run.events().stream().sorted(Comparator.comparing(Timeline.Event::at)).toList();
        List<Rollout> out = new ArrayList<>();
        for (Timeline.Event deploy : events) {
            if (deploy.kind().equals("deploy")) {
                out.add(rollout(run, events, deploy));
            }
        }
        return out;
    }

    /** The rollouts as plain text, for an attachment: each one's events and summary, then the restore. */
    public static String text(RunRecord run) {
        StringBuilder out = new StringBuilder();
        for (Rollout r : of(run)) {
            out.append("step ").append(r.step()).append(": ").append(RolloutText.revision(r.from())).append(" -> ")
                    .append(RolloutText.revision(r.to())).append(", deployment ").append(r.deployment()).append('\n');
            RolloutText.events(r).forEach(e -> out.append("  ").append(e[0]).append("  ").append(e[1]).append('\n'));
            RolloutText.summary(r, run.modelDurationSeconds()).forEach(l -> out.append("  ").append(l).append('\n'));
        }
        restore(run).ifPresent(r -> out.append("restore: ").append(RolloutText.restore(r)).append('\n'));
        return out.toString();
    }

    /** The restore at the end of the run, if it deployed anything back. */
    public static Optional<Restore> restore(RunRecord run) {
        Optional<Timeline.Event> started = run.events().stream().filter(e -> e.kind().equals("restore")).findFirst();
        if (started.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Restore(run.modelSeconds(started.get().at()), text(started.get(), "taskDefinition"),
                text(started.get(), "deployment")));
    }

    private static Rollout rollout(RunRecord run, List<Timeline.Event> events, Timeline.Event deploy) {
        String deployment = text(deploy, "deployment");
        String from = text(deploy, "from");
        String to = text(deploy, "taskDefinition");
        Instant start = deploy.at();
        Map<String, Map<String, Object>> atStart = new LinkedHashMap<>();
        Map<String, Instant> firstSeen = new LinkedHashMap<>();
        for (Timeline.Event e : events) {
            if (e.kind().equals("task")) {
                String task = text(e, "task");
                firstSeen.putIfAbsent(task, e.at());
                if (!e.at().isAfter(start)) {
                    atStart.put(task, e.fields());
                }
            }
        }
        List<NewTask> newTasks = new ArrayList<>();
        firstSeen.forEach((task, seen) -> {
            Map<String, Object> first = firstFields(events, task);
            if (!seen.isBefore(start) && to.equals(first.get("taskDefinition"))) {
                newTasks.add(new NewTask(task, run.modelSeconds(seen), healthyAt(run, events, seen,
                        String.valueOf(first.get("privateIp")))));
            }
        });
        OptionalDouble replacement = firstHealthy(newTasks);
        List<EarlierTask> held = new ArrayList<>();
        atStart.forEach((task, fields) -> {
            if (from.equals(fields.get("taskDefinition")) && "RUNNING".equals(fields.get("desiredStatus"))
                    && "RUNNING".equals(fields.get("lastStatus"))) {
                held.add(earlier(run, events, start, task, Boolean.TRUE.equals(fields.get("protected")), replacement));
            }
        });
        OptionalDouble completed = OptionalDouble.empty();
        OptionalDouble failed = OptionalDouble.empty();
        String failure = "";
        int failedTasks = 0;
        String rolledBackTo = "";
        for (Timeline.Event e : events) {
            if (!e.kind().equals("deployment") || e.at().isBefore(start)) {
                continue;
            }
            String state = text(e, "rolloutState");
            if (deployment.equals(text(e, "deployment"))) {
                failedTasks = Math.max(failedTasks, (int) ChartData.number(e.fields().get("failedTasks")));
                if (state.equals("COMPLETED") && completed.isEmpty()) {
                    completed = OptionalDouble.of(run.modelSeconds(e.at()));
                } else if (state.equals("FAILED") && failed.isEmpty()) {
                    failed = OptionalDouble.of(run.modelSeconds(e.at()));
                    failure = text(e, "rolloutStateReason");
                }
            } else if (failed.isPresent() && rolledBackTo.isEmpty() && text(e, "status").equals("PRIMARY")
                    && text(e, "rolloutStateReason").contains("rolling back")) {
                rolledBackTo = text(e, "taskDefinition");
            }
        }
        return new Rollout((int) ChartData.number(deploy.fields().get("step")), run.modelSeconds(start), deployment,
                from, to, text(deploy, "change"), newTasks, held, completed, failed, failure, failedTasks, rolledBackTo);
    }

    private static EarlierTask earlier(RunRecord run, List<Timeline.Event> events, Instant start, String task,
            boolean protectedAtStart, OptionalDouble replacement) {
        OptionalDouble protectedUntil = OptionalDouble.empty();
        OptionalDouble stopDecided = OptionalDouble.empty();
        OptionalDouble stopped = OptionalDouble.empty();
        for (Timeline.Event e : events) {
            if (!e.kind().equals("task") || !task.equals(text(e, "task")) || e.at().isBefore(start)) {
                continue;
            }
            double at = run.modelSeconds(e.at());
            if (protectedUntil.isEmpty() && (!Boolean.TRUE.equals(e.fields().get("protected"))
                    || "STOPPED".equals(e.fields().get("desiredStatus")))) {
                protectedUntil = OptionalDouble.of(at);
            }
            if (stopDecided.isEmpty() && "STOPPED".equals(e.fields().get("desiredStatus"))) {
                stopDecided = OptionalDouble.of(at);
            }
            if (stopped.isEmpty() && "STOPPED".equals(e.fields().get("lastStatus"))) {
                stopped = OptionalDouble.of(at);
            }
        }
        double heldSeconds = 0;
        if (protectedAtStart && replacement.isPresent()) {
            double until = protectedUntil.orElse(run.modelDurationSeconds());
            heldSeconds = Math.max(0, until - replacement.getAsDouble());
        }
        return new EarlierTask(task, protectedAtStart, protectedAtStart ? protectedUntil : OptionalDouble.empty(),
                heldSeconds, stopDecided, stopped);
    }

    private static OptionalDouble firstHealthy(List<NewTask> newTasks) {
        return newTasks.stream().map(NewTask::healthyAt).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).min();
    }

    /** The first targets reading after {@code from} that reports the address healthy. */
    private static OptionalDouble healthyAt(RunRecord run, List<Timeline.Event> events, Instant from, String ip) {
        for (Timeline.Event e : events) {
            if (e.kind().equals("targets") && !e.at().isBefore(from) && e.fields().get("healthByIp") instanceof Map<?, ?> m
                    && "healthy".equals(m.get(ip))) {
                return OptionalDouble.of(run.modelSeconds(e.at()));
            }
        }
        return OptionalDouble.empty();
    }

    private static Map<String, Object> firstFields(List<Timeline.Event> events, String task) {
        return events.stream().filter(e -> e.kind().equals("task") && task.equals(text(e, "task"))).findFirst()
                .map(Timeline.Event::fields).orElse(Map.of());
    }

    private static String text(Timeline.Event e, String field) {
        Object value = e.fields().get(field);
        return value == null ? "" : String.valueOf(value);
    }
}
