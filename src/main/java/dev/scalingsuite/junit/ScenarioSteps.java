package dev.scalingsuite.junit;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;

/**
 * Implemented by a {@link ScalingScenario} class to run the scenario's steps, one dynamic test each,
 * before any other test method of the class. In a dry run the steps are reported as aborted, and the
 * class's other test methods are disabled.
 */
public interface ScenarioSteps {

    @TestFactory
    @Order(Integer.MIN_VALUE)
    default Stream<DynamicTest> scenarioSteps(StepTests steps) {
        return steps.dynamicTests();
    }
}
