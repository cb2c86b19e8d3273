package dev.scalingsuite.scenario;

import dev.scalingsuite.fleet.ScaleInWithCalls;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Finds, from a scenario's steps alone, the first step that expects scale-in while calls remain: it
 * asks for fewer tasks ({@code desired}, {@code running} or {@code running-at-most}) than an earlier
 * step asked for at least, and for at least one active session at the same time.
 */
public final class ScaleInSteps {

    private static final List<ConditionKind> GROWTH = List.of(ConditionKind.RUNNING_AT_LEAST,
            ConditionKind.DESIRED_AT_LEAST, ConditionKind.RUNNING, ConditionKind.DESIRED);
    private static final List<ConditionKind> FEWER = List.of(ConditionKind.DESIRED, ConditionKind.RUNNING,
            ConditionKind.RUNNING_AT_MOST);
    private static final List<ConditionKind> SESSIONS = List.of(ConditionKind.ACTIVE_SESSIONS_AT_LEAST,
            ConditionKind.ACTIVE_SESSIONS);

    private ScaleInSteps() {
    }

    public static Optional<ScaleInWithCalls> withCallsUp(Scenario scenario) {
        int most = 0;
        for (Step step : scenario.steps()) {
            List<Condition> conditions = conditions(step);
            OptionalInt fewer = smallest(conditions, FEWER);
            OptionalInt sessions = smallest(conditions, SESSIONS);
            if (fewer.isPresent() && fewer.getAsInt() < most && sessions.isPresent() && sessions.getAsInt() >= 1) {
                return Optional.of(new ScaleInWithCalls(step.index(), step.line(), step.describe(), fewer.getAsInt(),
                        sessions.getAsInt()));
            }
            most = Math.max(most, largest(conditions, GROWTH));
        }
        return Optional.empty();
    }

    private static List<Condition> conditions(Step step) {
        if (step instanceof Step.Expect e) {
            return e.conditions();
        }
        if (step instanceof Step.Hold h) {
            return h.expect();
        }
        return List.of();
    }

    private static OptionalInt smallest(List<Condition> conditions, List<ConditionKind> kinds) {
        return conditions.stream().filter(c -> kinds.contains(c.kind())).mapToInt(Condition::value).min();
    }

    private static int largest(List<Condition> conditions, List<ConditionKind> kinds) {
        return conditions.stream().filter(c -> kinds.contains(c.kind())).mapToInt(Condition::value).max().orElse(0);
    }
}
