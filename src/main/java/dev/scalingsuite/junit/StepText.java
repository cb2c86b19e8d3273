package dev.scalingsuite.junit;

import dev.scalingsuite.scenario.Condition;
import dev.scalingsuite.scenario.NotBefore;
import dev.scalingsuite.scenario.Step;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** How the reports, Allure and the failure messages word a step's expectation. */
final class StepText {

    private StepText() {
    }

    /**
     * The name of the {@code index}th of a scenario's {@code count} dynamic tests (its steps, then
     * {@code thresholds} and {@code report}), as JUnit and Allure show it: the index zero-padded to the
     * width of the count, two digits at least, so names sort in the order the tests run
     * ({@code 01. place-calls 5 at 1 per 5s}, ..., {@code 15. thresholds}, {@code 16. report}).
     */
    static String testName(int index, int count, String what) {
        int width = Math.max(2, String.valueOf(count).length());
        return String.format("%0" + width + "d. %s", index, what);
    }

    /** What a step expects, as the report's "Expected" column reads it. */
    static String expected(Step step) {
        if (step instanceof Step.Expect e) {
            return describe(e.conditions()) + e.notBefore().map(StepText::notBefore).orElse("") + " within "
                    + (e.scaleInPolicy() ? "the scale-in bound of the live policy" : show(e.within()));
        } else if (step instanceof Step.Hold h) {
            return h.expect().isEmpty() ? "wait " + show(h.duration())
                    : describe(h.expect()) + " throughout " + show(h.duration());
        } else if (step instanceof Step.PlaceCalls p) {
            return p.count() + " calls started";
        } else if (step instanceof Step.EndCalls e) {
            return e.count() + " calls ended by BYE";
        } else if (step instanceof Step.Deploy) {
            return "a new revision registered and deployed";
        } else {
            return "every call ended by BYE";
        }
    }

    /** {@code  not before 2m}, {@code  not before the earliest scale-out of the live policy}. */
    private static String notBefore(NotBefore notBefore) {
        return " not before " + notBefore.policy().map(NotBefore.Policy::words).orElseGet(() -> show(notBefore.duration()));
    }

    /** The conditions a step judges the fleet by; none for a step that only acts. */
    static List<Condition> conditions(Step step) {
        return step instanceof Step.Expect e ? e.conditions() : step instanceof Step.Hold h ? h.expect() : List.of();
    }

    /** {@code running tasks >= 2 and spread over 2 tasks}: the conditions as one phrase. */
    static String describe(List<Condition> conditions) {
        return conditions.stream().map(c -> c.kind().describe(c.value())).collect(Collectors.joining(" and "));
    }

    /** A model duration as the reports show it, e.g. {@code 2m30s}. */
    static String show(Duration model) {
        return TimeScale.show(model.toMillis() / 1000.0);
    }
}
