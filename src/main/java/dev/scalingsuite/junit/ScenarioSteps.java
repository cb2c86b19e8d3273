package dev.scalingsuite.junit;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;

/**
 * Implemented by a {@link ScalingScenario} class to run the scenario's steps, one dynamic test each,
 * before any other test method of the class.
 */
public interface ScenarioSteps {

    @TestFactory
    @Order(Integer.MIN_VALUE)
    default Stream<DynamicTest> scenarioSteps(ScenarioRun run) {
        return run.dynamicSteps();
    }
}
