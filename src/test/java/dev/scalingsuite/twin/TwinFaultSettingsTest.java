package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.twin.stack.Fault;
import dev.scalingsuite.twin.stack.TwinConfigException;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code faults} setting: a comma-separated list of fault profiles, validated like every setting. */
class TwinFaultSettingsTest {

    private static final String ALLOWED = "a comma-separated list of fault profiles, empty for none, from: "
            + "scale-in-alarm-always-firing, target-tracking-on-max, scale-out-on-one-datapoint, slow-health-checks, "
            + "no-task-protection, sticky-nlb, slow-cold-start, task-crash, metric-gaps, ssh-drops, sipp-stalls";

    @Test
    void theHealthyStackHasNoFaults() {
        TwinSettings settings = TwinSettings.defaults();

        assertThat(settings.faults()).isEmpty();
        assertThat(EnumSet.allOf(Fault.class)).noneMatch(settings::hasFault);
        assertThat(settings.asMap()).containsEntry("faults", "");
    }

    @Test
    void namesAreSeparatedByCommasWithBlanksAroundThem() {
        TwinSettings settings = TwinSettings.of(Map.of("twin.faults", " sticky-nlb ,metric-gaps,  task-crash"), "twin.");

        assertThat(settings.faults()).containsExactlyInAnyOrder(Fault.STICKY_NLB, Fault.METRIC_GAPS, Fault.TASK_CRASH);
        assertThat(settings.hasFault(Fault.STICKY_NLB)).isTrue();
        assertThat(settings.hasFault(Fault.SLOW_COLD_START)).isFalse();
    }

    @Test
    void theSuiteSetsThemWithItsOwnPrefix() {
        TwinSettings settings = TwinSettings.of(Map.of("scaling.twin.faults", "no-task-protection"), "scaling.twin.");

        assertThat(settings.faults()).containsExactly(Fault.NO_TASK_PROTECTION);
    }

    @Test
    void everyProfileHasItsKebabCaseName() {
        String all = String.join(",", Fault.names());

        assertThat(TwinSettings.of(Map.of("twin.faults", all), "twin.").faults())
                .containsExactlyInAnyOrder(Fault.values());
        assertThat(Fault.names()).allMatch(name -> name.matches("[a-z]+(-[a-z]+)+"));
        assertThat(Fault.byName("sticky-nlb")).contains(Fault.STICKY_NLB);
        assertThat(Fault.STICKY_NLB).hasToString("sticky-nlb");
    }

    @Test
    void emptyOrBlankMeansNoFaults() {
        assertThat(TwinSettings.of(Map.of("twin.faults", ""), "twin.").faults()).isEmpty();
        assertThat(TwinSettings.of(Map.of("twin.faults", "   "), "twin.").faults()).isEmpty();
    }

    @Test
    void aNameTwiceIsOneFault() {
        assertThat(TwinSettings.of(Map.of("twin.faults", "sticky-nlb,sticky-nlb"), "twin.").faults())
                .containsExactly(Fault.STICKY_NLB);
    }

    @Test
    void anUnknownNameIsRefusedWithTheAllowedNames() {
        assertThatThrownBy(() -> TwinSettings.of(Map.of("twin.faults", "sticky-nlb,slow-nlb"), "twin."))
                .isInstanceOf(TwinConfigException.class)
                .hasMessage("Twin setting 'twin.faults' is 'sticky-nlb,slow-nlb'; allowed: " + ALLOWED);
    }

    @Test
    void theEnumNameIsNotAProfileName() {
        assertThatThrownBy(() -> TwinSettings.of(Map.of("scaling.twin.faults", "STICKY_NLB"), "scaling.twin."))
                .hasMessage("Twin setting 'scaling.twin.faults' is 'STICKY_NLB'; allowed: " + ALLOWED);
    }

    @Test
    void anEmptyNameBetweenCommasIsRefused() {
        assertThatThrownBy(() -> TwinSettings.of(Map.of("twin.faults", "sticky-nlb,,metric-gaps"), "twin."))
                .hasMessage("Twin setting 'twin.faults' is 'sticky-nlb,,metric-gaps'; allowed: " + ALLOWED);
    }

    @Test
    void aBadFaultIsReportedWithTheOtherBadSettings() {
        assertThatThrownBy(() -> TwinSettings.of(Map.of("twin.faults", "x", "twin.timeScale", "7"), "twin."))
                .hasMessageContaining("Twin setting 'twin.faults' is 'x'; allowed: " + ALLOWED)
                .hasMessageContaining("Twin setting 'twin.timeScale' is '7'");
    }
}
