package dev.scalingsuite.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.fleet.ScaleInWithCalls;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which step of a scenario expects scale-in while calls remain, read from its steps alone. */
class ScaleInStepsTest {

    private static Optional<ScaleInWithCalls> of(String steps) {
        return ScaleInSteps.withCallsUp(ScenarioLoader.parse("name: x\nsteps:\n" + steps, "x.yaml"));
    }

    @Test
    void fewerTasksThanAnEarlierStepAskedForWithSessionsLeftIsScaleInWithCalls() {
        Optional<ScaleInWithCalls> step = of("""
                  - place-calls: {count: 5}
                  - expect: {running-at-least: 4, within: 8m}
                  - end-calls: {count: 4}
                  - expect: {desired: 1, active-sessions-at-least: 1, within: 10m}
                """);

        assertThat(step).contains(new ScaleInWithCalls(4, 6, "expect desired count = 1, active sessions >= 1 within 10m", 1,
                1));
    }

    @Test
    void aHoldCountsAndRunningAtMostIsFewerTasksToo() {
        assertThat(of("""
                  - expect: {desired-at-least: 3, within: 8m}
                  - hold: {duration: 5m, expect: {running-at-most: 2, active-sessions: 2}}
                """)).map(ScaleInWithCalls::stepIndex).contains(2);
    }

    @Test
    void scaleInAfterEveryCallEndedOrWithoutGrowthFirstIsNot() {
        assertThat(of("""
                  - place-calls: {count: 5}
                  - expect: {running-at-least: 2, within: 8m}
                  - end-all-calls: {}
                  - expect: {running: 1, desired: 1, active-sessions: 0, within: 15m}
                """)).isEmpty();
        assertThat(of("""
                  - place-calls: {count: 1}
                  - expect: {running: 1, active-sessions-at-least: 1, within: 2m}
                """)).isEmpty();
    }

    @Test
    void theShippedScaleInProtectionScenarioScalesInWithSurvivors() {
        Scenario scenario = Scenarios.in(Path.of("").toAbsolutePath()).load("scale-in-protection");

        assertThat(ScaleInSteps.withCallsUp(scenario)).map(ScaleInWithCalls::step)
                .contains("expect desired count = 1, active sessions >= 1, dropped calls <= 0 within 10m");
        assertThat(ScaleInSteps.withCallsUp(Scenarios.in(Path.of("").toAbsolutePath()).load("steady-state")))
                .isEmpty();
    }
}
