package dev.scalingsuite.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"90s, 90000", "8m, 480000", "1m30s, 90000", "500ms, 500", "1h, 3600000", "1h2m3s4ms, 3723004",
            "0s, 0", "2500ms, 2500"})
    void parsesEachUnitAndTheirCombinations(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "90", "s", "8 m", "1m 30s", "30s1m", "1.5m", "-5s", "5d", "5sec", "1ms1s"})
    void rejectsAnythingElse(String text) {
        assertThat(Durations.tryParse(text)).isEmpty();
    }

    @Test
    void aBadDurationSaysWhatIsAllowed() {
        assertThatThrownBy(() -> Durations.parse("soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a duration: 'soon'; allowed: a duration like 90s, 8m, 1m30s, 500ms");
    }

    @ParameterizedTest
    @CsvSource({"90000, 1m30s", "480000, 8m", "500, 500ms", "3600000, 1h", "0, 0s", "3723004, 1h2m3s4ms"})
    void formatsAsScenarioFilesWriteIt(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void scalesModelTimeToWallTime() {
        assertThat(Durations.scaled(Duration.ofMinutes(8), 10)).isEqualTo(Duration.ofSeconds(48));
        assertThat(Durations.scaled(Duration.ofSeconds(5), 10)).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> Durations.scaled(Duration.ofSeconds(1), 0))
                .hasMessage("time scale must be >= 1, was 0");
    }
}
