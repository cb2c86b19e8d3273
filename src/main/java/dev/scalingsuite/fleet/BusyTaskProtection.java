package dev.scalingsuite.fleet;

import dev.scalingsuite.fleet.finding.ExposureFinding;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Whether running tasks that hold sessions are protected from scale-in. */
public final class BusyTaskProtection {

    private BusyTaskProtection() {
    }

    /**
     * A running task that has held sessions unprotected for longer than {@code grace}: an exposure
     * still going on is judged as of when the tasks and the sessions were both last read. One that has
     * ended is not judged again: its end was seen by a poll that may have come late, and the guard
     * runs on every poll of every step, so an exposure longer than the grace is caught while it lasts.
     */
    public static Optional<ExposureFinding> find(RunHistory history, Duration grace) {
        Map<String, Boolean> protectedNow = new HashMap<>();
        Map<String, Boolean> runningNow = new HashMap<>();
        Map<String, Integer> sessionsNow = new HashMap<>();
        Map<String, Instant> exposedSince = new HashMap<>();
        for (Timeline.Event e : history.events()) {
            if (e.kind().equals("task")) {
                String task = String.valueOf(e.fields().get("task"));
                protectedNow.put(task, Boolean.TRUE.equals(e.fields().get("protected")));
                runningNow.put(task, "RUNNING".equals(e.fields().get("lastStatus"))
                        && "RUNNING".equals(e.fields().get("desiredStatus")));
            } else if (e.kind().equals("sessions")) {
                sessionsNow = RunHistory.byTask(e);
            } else {
                continue;
            }
            for (String task : runningNow.keySet()) {
                boolean exposed = runningNow.get(task) && !protectedNow.getOrDefault(task, false)
                        && sessionsNow.getOrDefault(task, 0) > 0;
                if (!exposed) {
                    exposedSince.remove(task);
                } else {
                    exposedSince.putIfAbsent(task, e.at());
                }
            }
        }
        // judged only as of when both sources were last read: a late sessions poll must not turn a call
        // that ended (protection already cleared) into a long exposure
        Instant judged = history.judgedAt("ecs", "sessions");
        for (Map.Entry<String, Instant> x : exposedSince.entrySet()) {
            if (Duration.between(x.getValue(), judged).compareTo(grace) > 0) {
                int sessions = sessionsNow.getOrDefault(x.getKey(), 0);
                return Optional.of(new ExposureFinding(x.getKey(), sessions, x.getValue(), grace));
            }
        }
        return Optional.empty();
    }
}
