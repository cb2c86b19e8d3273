package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.report.RunRecord.Outcome;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a run ends when a load generator was saturated: INCONCLUSIVE, never passed. */
class GeneratorWatchesTest {

    private static final String SATURATED = "load generator saturated on sipp@10.0.2.9:22: SIPp's minor watchdog "
            + "tripped 6 times in uac-1 (allowed 3, generator.max-watchdog-minor)";

    @Test
    void aPassedRunIsInconclusive() {
        assertThat(GeneratorWatches.ending(Outcome.PASSED, "", Optional.of(SATURATED)))
                .isEqualTo(new GeneratorWatches.Ending(Outcome.INCONCLUSIVE, SATURATED));
    }

    @Test
    void aFailedRunIsInconclusiveAndKeepsItsFailure() {
        assertThat(GeneratorWatches.ending(Outcome.FAILED, "step 3. hold 2m: dropped calls <= 0 but was 1",
                Optional.of(SATURATED))).isEqualTo(new GeneratorWatches.Ending(Outcome.INCONCLUSIVE, SATURATED
                + "; the run failed: step 3. hold 2m: dropped calls <= 0 but was 1"));
    }

    @Test
    void aFailureThatSaidSoOnFewerPollsGivesWayToTheFinalJudgement() {
        assertThat(GeneratorWatches.ending(Outcome.FAILED, "thresholds: load generator saturated on sipp@10.0.2.9:22: "
                + "SIPp's minor watchdog tripped 4 times", Optional.of(SATURATED)))
                .isEqualTo(new GeneratorWatches.Ending(Outcome.INCONCLUSIVE, SATURATED));
    }

    @Test
    void anAbortedRunStaysAbortedAndAGeneratorThatKeptUpChangesNothing() {
        assertThat(GeneratorWatches.ending(Outcome.ABORTED, "max-run-time 6m reached", Optional.of(SATURATED)))
                .isEqualTo(new GeneratorWatches.Ending(Outcome.ABORTED, "max-run-time 6m reached"));
        assertThat(GeneratorWatches.ending(Outcome.PASSED, "", Optional.empty()))
                .isEqualTo(new GeneratorWatches.Ending(Outcome.PASSED, ""));
        assertThat(GeneratorWatches.ending(Outcome.FAILED, "thresholds: dropped", Optional.empty()))
                .isEqualTo(new GeneratorWatches.Ending(Outcome.FAILED, "thresholds: dropped"));
    }
}
