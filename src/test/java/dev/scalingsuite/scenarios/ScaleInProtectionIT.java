package dev.scalingsuite.scenarios;

import dev.scalingsuite.junit.ScalingScenario;
import dev.scalingsuite.junit.ScenarioSteps;

/** Scale out, end most calls: the surviving calls are never dropped, only idle tasks are removed. */
@ScalingScenario("scale-in-protection")
class ScaleInProtectionIT implements ScenarioSteps {
}
