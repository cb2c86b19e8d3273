package dev.scalingsuite.junit;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * A scenario's steps as dynamic tests: run against the fleet by a {@link ScenarioRun}, or, in a dry
 * run, each reported as aborted because nothing may be changed.
 */
public interface StepTests {

    /** Each step, then {@code thresholds} and {@code report}. */
    Stream<DynamicTest> dynamicTests();
}
