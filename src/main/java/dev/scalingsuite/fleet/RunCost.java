package dev.scalingsuite.fleet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * What a run's tasks cost on Fargate: each task's billed minutes ({@link TaskMinutes}) / 60 x (its vCPU x the
 * price per vCPU-hour + its GB x the price per GB-hour), its size read from its task definition
 * ({@link TaskSize}), summed. Compute only (no storage beyond the free 20 GB, no data transfer, no load
 * balancer). Never a guess: when a task's size or a price could not be had, the cost is not measured, saying why.
 *
 * @param usd the cost in US dollars; empty when not measured
 * @param notMeasured why there is no cost; empty when there is one
 * @param taskMinutes the task-minutes it is the cost of
 * @param sizes the cost per task size (a run that deployed a larger revision has two), the first one seen first;
 *     empty when not measured
 * @param prices the prices applied; empty when they could not be had
 */
public record RunCost(OptionalDouble usd, String notMeasured, double taskMinutes, List<BySize> sizes,
        Optional<FargatePrices> prices) {

    /** What the tasks of one size counted and cost. */
    public record BySize(TaskSize size, int tasks, double taskMinutes, double usd) {
    }

    public RunCost {
        Objects.requireNonNull(usd, "usd");
        Objects.requireNonNull(notMeasured, "notMeasured");
        if (usd.isPresent() == !notMeasured.isEmpty()) {
            throw new IllegalArgumentException("a cost has a value or says why it has none");
        }
        sizes = List.copyOf(sizes);
    }

    /** A cost not measured because of {@code why}; the prices when they were had. */
    public static RunCost notMeasured(TaskMinutes minutes, String why, Optional<FargatePrices> prices) {
        return new RunCost(OptionalDouble.empty(), why.isBlank() ? "no reason given" : why, minutes.total(), List.of(),
                prices);
    }

    /**
     * The cost of {@code minutes} at {@code prices}.
     *
     * @param sizes each task's size, by task id; a task of {@code minutes} without one makes the cost not measured
     */
    public static RunCost of(TaskMinutes minutes, Map<String, TaskSize> sizes, FargatePrices prices) {
        if (minutes.tasks().isEmpty()) {
            return notMeasured(minutes, "no task of the service was seen during the run", Optional.of(prices));
        }
        Map<TaskSize, long[]> bySize = new LinkedHashMap<>(); // {tasks, seconds}
        for (TaskMinutes.Task task : minutes.tasks()) {
            TaskSize size = sizes.get(task.id());
            if (size == null) {
                return notMeasured(minutes, "the size of task " + task.id() + " was not read", Optional.of(prices));
            }
            long[] sum = bySize.computeIfAbsent(size, s -> new long[2]);
            sum[0]++;
            sum[1] += task.seconds();
        }
        List<BySize> parts = new ArrayList<>();
        double usd = 0;
        for (Map.Entry<TaskSize, long[]> e : bySize.entrySet()) {
            double taskMinutes = e.getValue()[1] / 60.0;
            double cost = taskMinutes / 60.0 * prices.perHour(e.getKey());
            parts.add(new BySize(e.getKey(), (int) e.getValue()[0], taskMinutes, cost));
            usd += cost;
        }
        return new RunCost(OptionalDouble.of(usd), "", minutes.total(), parts, Optional.of(prices));
    }

    /**
     * The cost of {@code minutes} at {@code prices}, each task's size read once per task definition with
     * {@code sizeOf} (which may fail: the cost is then not measured, saying why).
     *
     * @param seen the tasks of the run as last seen, each naming its task definition
     */
    public static RunCost read(TaskMinutes minutes, Collection<TaskState> seen, Function<String, TaskSize> sizeOf,
            FargatePrices prices) {
        Map<String, String> definitionOf = new HashMap<>();
        seen.stream().filter(t -> t.taskDefinition() != null && !t.taskDefinition().isBlank())
                .forEach(t -> definitionOf.put(t.id(), t.taskDefinition()));
        Map<String, TaskSize> byDefinition = new HashMap<>();
        Map<String, TaskSize> sizes = new HashMap<>();
        for (TaskMinutes.Task task : minutes.tasks()) {
            String definition = definitionOf.get(task.id());
            if (definition == null) {
                return notMeasured(minutes, "ECS named no task definition for task " + task.id(), Optional.of(prices));
            }
            TaskSize size = byDefinition.get(definition);
            if (size == null) {
                try {
                    size = sizeOf.apply(definition);
                } catch (IllegalStateException e) {
                    return notMeasured(minutes, e.getMessage(), Optional.of(prices));
                } catch (RuntimeException e) {
                    return notMeasured(minutes, "reading the task definition " + definition + " failed: "
                            + e.getMessage(), Optional.of(prices));
                }
                byDefinition.put(definition, size);
            }
            sizes.put(task.id(), size);
        }
        return of(minutes, sizes, prices);
    }

    public boolean measured() {
        return usd.isPresent();
    }

    /**
     * {@code $0.1942 (59.0 task-minutes x 4 vCPU, 8 GB at $0.04048/vCPU-h, $0.004445/GB-h, us-east-1, prices of
     * 2026-06-17)}, or {@code not measured: <why>}.
     */
    public String show() {
        if (usd.isEmpty()) {
            return "not measured: " + notMeasured;
        }
        List<String> parts = sizes.stream().map(s -> String.format(Locale.ROOT, "%.1f task-minutes x %s", s.taskMinutes(),
                s.size().show())).toList();
        return dollars(usd.getAsDouble()) + " (" + String.join(" + ", parts) + " at " + prices.orElseThrow().show()
                + ")";
    }

    /** {@code $0.1942}: four decimals, a hundredth of a cent. */
    public static String dollars(double usd) {
        return String.format(Locale.ROOT, "$%.4f", usd);
    }
}
