package dev.scalingsuite.scenarios;

import dev.scalingsuite.junit.ScalingScenario;
import dev.scalingsuite.junit.ScenarioSteps;

/** Phased scale-out with a cold-start gap, calls spread over the new tasks, then scale-in to the minimum. */
@ScalingScenario("steady-state")
class SteadyStateIT implements ScenarioSteps {
}
