package dev.scalingsuite.junit;

import dev.scalingsuite.scenario.Scenario;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

/**
 * A dry run's steps: every one reported as aborted, never as passed, since none of them ran. The
 * reachability check and the preflight, which did run, are in the class's setup.
 */
final class DryRunSteps implements StepTests {

    static final String REASON = "dry run: nothing was changed";

    private final Scenario scenario;

    DryRunSteps(Scenario scenario) {
        this.scenario = scenario;
    }

    @Override
    public Stream<DynamicTest> dynamicTests() {
        int count = scenario.steps().size() + 2;
        Stream<DynamicTest> steps = scenario.steps().stream().map(step -> DynamicTest.dynamicTest(
                StepText.testName(step.index(), count, step.describe()), DryRunSteps::notRun));
        return Stream.concat(steps, Stream.of(
                DynamicTest.dynamicTest(StepText.testName(count - 1, count, "thresholds"), DryRunSteps::notRun),
                DynamicTest.dynamicTest(StepText.testName(count, count, "report"), DryRunSteps::notRun)));
    }

    private static void notRun() {
        Assumptions.abort(REASON);
    }
}
