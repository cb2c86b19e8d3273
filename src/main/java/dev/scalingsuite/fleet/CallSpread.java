package dev.scalingsuite.fleet;

import dev.scalingsuite.fleet.finding.SkewFinding;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Whether new calls spread over the tasks the load balancer can route them to. */
public final class CallSpread {

    /** Below this chance under random routing, "all new calls on one task" is not luck. */
    static final double SIGNIFICANCE = 0.001;

    private CallSpread() {
    }

    /**
     * The first time every new call since the routable set last changed went to one task, that task
     * is above {@code target} + 1 while another routable task holds none, and random routing would do
     * that with a chance below 0.1 %.
     */
    public static Optional<SkewFinding> find(RunHistory history, double target) {
        Map<String, String> ipOf = new HashMap<>();
        Set<String> runningTasks = new HashSet<>();
        Map<String, String> health = new HashMap<>();
        Set<String> routable = Set.of();
        Map<String, Integer> previous = new HashMap<>();
        Map<String, Integer> newCalls = new LinkedHashMap<>();
        Instant since = history.clock().start();
        for (Timeline.Event e : history.events()) {
            switch (e.kind()) {
                case "task" -> {
                    String task = String.valueOf(e.fields().get("task"));
                    ipOf.put(task, String.valueOf(e.fields().getOrDefault("privateIp", "")));
                    if ("RUNNING".equals(e.fields().get("lastStatus")) && "RUNNING".equals(e.fields().get("desiredStatus"))) {
                        runningTasks.add(task);
                    } else {
                        runningTasks.remove(task);
                    }
                }
                case "targets" -> {
                    health.clear();
                    if (e.fields().get("healthByIp") instanceof Map<?, ?> map) {
                        map.forEach((k, v) -> health.put(String.valueOf(k), String.valueOf(v)));
                    }
                }
                case "sessions" -> {
                    Map<String, Integer> byTask = RunHistory.byTask(e);
                    for (String task : routable) {
                        int added = byTask.getOrDefault(task, 0) - previous.getOrDefault(task, 0);
                        if (added > 0) {
                            newCalls.merge(task, added, Integer::sum);
                        }
                    }
                    Optional<SkewFinding> skew = skew(routable, newCalls, byTask, target, since);
                    if (skew.isPresent()) {
                        return skew;
                    }
                    previous = byTask;
                }
                default -> { }
            }
            Set<String> now = new HashSet<>();
            runningTasks.forEach(t -> {
                if ("healthy".equals(health.get(ipOf.get(t)))) {
                    now.add(t);
                }
            });
            if (!now.equals(routable)) {
                // a new routable set starts a new window: calls before it could not have reached the new tasks
                routable = now;
                newCalls.clear();
                since = e.at();
            }
        }
        return Optional.empty();
    }

    private static Optional<SkewFinding> skew(Set<String> routable, Map<String, Integer> newCalls,
            Map<String, Integer> byTask, double target, Instant since) {
        int k = routable.size();
        int n = newCalls.values().stream().mapToInt(Integer::intValue).sum();
        if (k < 2 || newCalls.size() != 1) {
            return Optional.empty();
        }
        String busiest = newCalls.keySet().iterator().next();
        List<String> idle = routable.stream().filter(t -> byTask.getOrDefault(t, 0) == 0).sorted().toList();
        double chance = k * Math.pow(1.0 / k, n);
        if (byTask.getOrDefault(busiest, 0) > target + 1 && !idle.isEmpty() && chance < SIGNIFICANCE) {
            return Optional.of(new SkewFinding(k, n, since, busiest, byTask.getOrDefault(busiest, 0), target, idle,
                    chance));
        }
        return Optional.empty();
    }
}
