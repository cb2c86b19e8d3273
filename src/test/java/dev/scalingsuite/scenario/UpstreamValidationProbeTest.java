package dev.scalingsuite.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The probe that replays upstream's recorded steady-state run (docs/twin.md, "The stack's own recorded run,
 * reproduced") must keep placing the recorded load and keep judging nothing, or its times stop being
 * comparable with the record.
 */
class UpstreamValidationProbeTest {

    private static final String FILE = "scenarios/probes/upstream-validation.yaml";

    @Test
    void placesTheRecordedLoadWithTheRecordedWaits() {
        Scenario s = Scenarios.in(Path.of("")).load(FILE);

        List<Step.PlaceCalls> phases = s.steps().stream().filter(Step.PlaceCalls.class::isInstance)
                .map(Step.PlaceCalls.class::cast).toList();
        assertThat(phases).hasSize(2).allSatisfy(p -> {
            assertThat(p.count()).isEqualTo(6);
            assertThat(p.rate()).isEqualTo(1);
            assertThat(p.period()).isEqualTo(Duration.ofSeconds(20));
        });
        // each phase's ~5-minute wait comes right after its calls are placed
        for (Step.PlaceCalls p : phases) {
            assertThat(s.steps().get(s.steps().indexOf(p) + 1)).isInstanceOfSatisfying(Step.Hold.class,
                    hold -> assertThat(hold.duration()).isEqualTo(Duration.ofMinutes(5)));
        }
        assertThat(s.steps()).filteredOn(Step.EndAllCalls.class::isInstance).hasSize(1);
    }

    @Test
    void recordsTimesInsteadOfJudgingThem() {
        Scenario s = Scenarios.in(Path.of("")).load(FILE);

        assertThat(s.thresholds().isEmpty()).isTrue();
        assertThat(s.invariants().isEmpty()).isTrue();
        assertThat(s.steps()).filteredOn(Step.Hold.class::isInstance).map(Step.Hold.class::cast)
                .allSatisfy(hold -> assertThat(hold.expect()).isEmpty());
        assertThat(s.steps()).filteredOn(Step.Expect.class::isInstance).map(Step.Expect.class::cast)
                .allSatisfy(e -> assertThat(e.within()).isGreaterThanOrEqualTo(Duration.ofMinutes(10)));
    }
}
