package dev.scalingsuite.scenarios;

import dev.scalingsuite.junit.ScalingScenario;
import dev.scalingsuite.junit.ScenarioSteps;

/** Heavy load at once: proportional scale-out, the NLB routes to new tasks, rejections bounded. */
@ScalingScenario("burst")
class BurstIT implements ScenarioSteps {
}
