package dev.scalingsuite.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.fleet.LongestCall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The longest a call can be up, from the scenario's steps: from the step that places it to the one that ends it. */
class LongestCallsTest {

    private static LongestCall of(String steps) {
        return of(steps, Optional.empty());
    }

    private static LongestCall of(String steps, Optional<Duration> scaleInBound) {
        return LongestCalls.of(ScenarioLoader.parse("name: x\nsteps:\n" + steps, "x.yaml"), scaleInBound);
    }

    @Test
    void addsTheBoundsOfEveryStepFromPlacingToEndingTheCalls() {
        LongestCall call = of("""
                  - place-calls: {count: 2}
                  - expect: {running-at-least: 2, within: 8m}
                  - hold: {duration: 2m}
                  - end-all-calls: {}
                  - expect: {running: 1, within: 15m}
                """);

        assertThat(call).isEqualTo(LongestCall.bounded(Duration.ofMinutes(10),
                "placed by step 1, ended by step 4: the bounds of steps 1 to 4 add up to that"));
    }

    @Test
    void endCallsEndsTheOldestCallsFirst() {
        LongestCall call = of("""
                  - place-calls: {count: 2}
                  - expect: {active-sessions: 2, within: 1m}
                  - place-calls: {count: 3}
                  - hold: {duration: 1m}
                  - end-calls: {count: 2}
                  - expect: {active-sessions: 3, within: 20m}
                  - end-all-calls: {}
                """);

        // the first two calls end at step 5 after 2m; the last three at step 7 after 21m (newest first: 22m)
        assertThat(call.upTo()).contains(Duration.ofMinutes(21));
        assertThat(call.explanation()).startsWith("placed by step 3, ended by step 7");
    }

    @Test
    void aBatchEndedOnlyInPartLastsUntilItsLastCallEnds() {
        LongestCall call = of("""
                  - place-calls: {count: 4}
                  - hold: {duration: 1m}
                  - end-calls: {count: 3}
                  - hold: {duration: 10m}
                  - end-calls: {count: 1}
                  - expect: {running: 1, within: 30m}
                """);

        assertThat(call.upTo()).contains(Duration.ofMinutes(11));
        assertThat(call.explanation()).startsWith("placed by step 1, ended by step 5");
    }

    @Test
    void callsNoStepEndsLastUntilTheLastStep() {
        LongestCall call = of("""
                  - place-calls: {count: 1}
                  - expect: {active-sessions: 1, within: 2m}
                  - hold: {duration: 3m}
                """);

        assertThat(call.upTo()).contains(Duration.ofMinutes(5));
        assertThat(call.explanation()).startsWith("placed by step 1, ended by step 3");
    }

    @Test
    void aBatchStillBeingPlacedIsNotEndedByEndCalls() {
        // 10 calls at 1 per 30s take 5m to place; end-calls comes after only 1m of holds
        LongestCall call = of("""
                  - place-calls: {count: 10, rate: 1, period: 30s}
                  - hold: {duration: 1m}
                  - end-calls: {count: 10}
                  - expect: {active-sessions: 0, within: 20m}
                  - end-all-calls: {}
                """);

        assertThat(call.upTo()).contains(Duration.ofMinutes(21));
        assertThat(call.explanation()).startsWith("placed by step 1, ended by step 5");
    }

    @Test
    void aLimitBelowTheCountKeepsTheBatchUntilEndAllCalls() {
        LongestCall call = of("""
                  - place-calls: {count: 4, limit: 2}
                  - hold: {duration: 5m}
                  - end-calls: {count: 2}
                  - hold: {duration: 5m}
                  - end-all-calls: {}
                """);

        assertThat(call.upTo()).contains(Duration.ofMinutes(10));
    }

    @Test
    void scaleInPolicyTakesTheLiveBoundOrLeavesTheCallUnbounded() {
        String steps = """
                  - place-calls: {count: 1}
                  - expect: {running: 1, within: scale-in-policy}
                  - end-all-calls: {}
                """;

        assertThat(of(steps, Optional.of(Duration.ofMinutes(12))).upTo()).contains(Duration.ofMinutes(12));
        LongestCall unbounded = of(steps);
        assertThat(unbounded.upTo()).isEmpty();
        assertThat(unbounded.explanation()).isEqualTo("step 2 (expect running tasks = 1 within scale-in-policy) lies "
                + "between placing calls (step 1) and ending them (step 3), and the live configuration has no "
                + "scale-in policy to bound it");
    }

    @Test
    void aScaleInPolicyStepAfterEveryCallEndedNeedsNoBound() {
        LongestCall call = of("""
                  - place-calls: {count: 1}
                  - hold: {duration: 1m}
                  - end-all-calls: {}
                  - expect: {running: 1, within: scale-in-policy}
                """);

        assertThat(call.upTo()).contains(Duration.ofMinutes(1));
    }

    @Test
    void aRunTakesAtMostEveryStepsBoundAddedUp() {
        String steps = """
                  - place-calls: {count: 2}
                  - expect: {running-at-least: 2, within: 8m}
                  - hold: {duration: 2m}
                  - end-all-calls: {}
                  - expect: {running: 1, within: scale-in-policy}
                """;
        var scenario = ScenarioLoader.parse("name: x\nsteps:\n" + steps, "x.yaml");

        assertThat(LongestCalls.run(scenario, Optional.of(Duration.ofMinutes(5)))).contains(Duration.ofMinutes(15));
        assertThat(LongestCalls.run(scenario, Optional.empty())).as("a step without a bound").isEmpty();
    }

    @Test
    void theShippedScenariosAgainstTheTwinsThirtyMinutes() {
        Scenarios shipped = Scenarios.in(Path.of("").toAbsolutePath());
        // steady-state: the first 5 calls end at step 11 after 2+8+3+8+3+3+2 minutes of bounds
        assertThat(LongestCalls.of(shipped.load("steady-state"), Optional.of(Duration.ofMinutes(20))).upTo())
                .contains(Duration.ofMinutes(29));
        // sustained-24: the first 12 calls are held through a 10m expect and a 10m hold
        assertThat(LongestCalls.of(shipped.load("sustained-24"), Optional.empty()).upTo())
                .contains(Duration.ofMinutes(45));
    }
}
