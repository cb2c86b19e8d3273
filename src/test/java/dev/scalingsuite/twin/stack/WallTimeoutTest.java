package dev.scalingsuite.twin.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Model timeouts on the wall clock: scaled like every model duration, never below 2 s. */
class WallTimeoutTest {

    @Test
    void aTimeoutIsModelTimeButNeverBelowTwoWallSeconds() {
        assertThat(WallTimeout.of(Duration.ofSeconds(10), 1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(WallTimeout.of(Duration.ofSeconds(30), 10)).isEqualTo(Duration.ofSeconds(3));
        assertThat(WallTimeout.of(Duration.ofSeconds(10), 10)).isEqualTo(Duration.ofSeconds(2));
        assertThat(WallTimeout.of(Duration.ofSeconds(10), 60)).as("10 s at time scale 60 is 167 ms: floored")
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void theWebhookWaitsTenModelSecondsOrTwoWallSeconds() {
        assertThat(WallTimeout.of(settings("1").webhookTimeout(), 1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(WallTimeout.of(settings("60").webhookTimeout(), 60)).isEqualTo(WallTimeout.FLOOR);
    }

    private static TwinSettings settings(String timeScale) {
        return TwinSettings.of(Map.of("twin.timeScale", timeScale), "twin.");
    }
}
