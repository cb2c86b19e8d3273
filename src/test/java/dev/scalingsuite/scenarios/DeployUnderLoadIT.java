package dev.scalingsuite.scenarios;

import dev.scalingsuite.junit.ScalingScenario;
import dev.scalingsuite.junit.ScenarioSteps;

/**
 * A rolling deployment while calls are up on several tasks: the rollout waits for task protection,
 * completes within the bound its mechanisms give, and drops no call; the original task definition is
 * deployed back when the run ends.
 */
@ScalingScenario("deploy-under-load")
class DeployUnderLoadIT implements ScenarioSteps {
}
