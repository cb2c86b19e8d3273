package dev.scalingsuite.scenarios;

import dev.scalingsuite.junit.ScalingScenario;
import dev.scalingsuite.junit.ScenarioSteps;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs any scenario file without Java: {@code ./mvnw verify -Pscenario=custom -Dscaling.scenario=my.yaml}
 * (a name under {@code scenarios/} or a path). Without {@code -Dscaling.scenario} there is nothing to run.
 */
@ScalingScenario
@EnabledIfSystemProperty(named = "scaling.scenario", matches = ".+",
        disabledReason = "runs only the scenario named by -Dscaling.scenario")
class CustomScenarioIT implements ScenarioSteps {
}
