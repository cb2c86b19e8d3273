package dev.scalingsuite.fleet;

import dev.scalingsuite.fleet.finding.BusyStopFinding;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Whether ECS stopped a task that held sessions. */
public final class BusyTaskStops {

    /** The stop code of a task whose essential container exited: a crash, not ECS stopping it. */
    static final String CRASH = "EssentialContainerExited";

    private BusyTaskStops() {
    }

    /**
     * The first task ECS told to stop while the session table showed sessions on it, which it still
     * did {@code settle} later (the monitors see a stop and the end of a call a poll late, so a task
     * whose last call was just ending is not judged busy). A crash (stop code
     * {@code EssentialContainerExited}) is not ECS stopping it.
     */
    public static Optional<BusyStopFinding> find(RunHistory history, Duration settle) {
        List<Map.Entry<Instant, Map<String, Integer>>> sessions = history.sessions();
        Instant read = history.judgedAt("ecs", "sessions");
        Set<String> judged = new HashSet<>();
        for (RunHistory.TaskPoint t : history.tasks()) {
            if (!"STOPPED".equals(t.desiredStatus()) || t.stopCode().filter(CRASH::equals).isPresent()
                    || !judged.add(t.task())) {
                continue;
            }
            if (read.isBefore(t.at().plus(settle))) {
                judged.remove(t.task()); // judged once a call that was just ending would show as ended
                continue;
            }
            int before = sessionsAt(sessions, t.task(), t.at());
            // as the latest read shows them (at or after settle): a sessions poll that came late but saw
            // the calls ended counts, rather than the stale state from before it
            int after = sessionsAt(sessions, t.task(), read);
            if (before > 0 && after > 0) {
                return Optional.of(new BusyStopFinding(t.task(), before, t.at(), t.stopCode(),
                        protectedBefore(history, t.task(), t.at()), after, Duration.between(t.at(), read)));
            }
        }
        return Optional.empty();
    }

    /** Whether the task was protected from scale-in as ECS last reported it before {@code at}. */
    private static boolean protectedBefore(RunHistory history, String task, Instant at) {
        boolean value = false;
        for (RunHistory.TaskPoint p : history.tasks()) {
            if (p.task().equals(task) && p.at().isBefore(at)) {
                value = p.protectedFromScaleIn();
            }
        }
        return value;
    }

    private static int sessionsAt(List<Map.Entry<Instant, Map<String, Integer>>> sessions, String task, Instant at) {
        int value = 0;
        for (Map.Entry<Instant, Map<String, Integer>> s : sessions) {
            if (s.getKey().isAfter(at)) {
                break;
            }
            value = s.getValue().getOrDefault(task, 0);
        }
        return value;
    }
}
