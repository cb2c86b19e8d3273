package dev.scalingsuite.scenarios;

import dev.scalingsuite.junit.ScalingScenario;
import dev.scalingsuite.junit.ScenarioSteps;

/** Near-max soak: 24 calls ramped in batches, held, ramped down, orderly scale-in. */
@ScalingScenario("sustained-24")
class Sustained24IT implements ScenarioSteps {
}
