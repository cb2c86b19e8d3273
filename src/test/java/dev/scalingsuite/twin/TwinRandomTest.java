package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.twin.stack.TwinSettings;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TwinRandomTest {

    private static int[] draws(TwinRandom random, String purpose) {
        var stream = random.stream(purpose);
        return IntStream.range(0, 50).map(i -> stream.nextInt(12)).toArray();
    }

    @Test
    void theSameSeedAndPurposeReplayTheSameDraws() {
        assertThat(draws(new TwinRandom(42), "nlb-routing")).isEqualTo(draws(new TwinRandom(42), "nlb-routing"));
    }

    @Test
    void purposesAndSeedsDrawFromStreamsOfTheirOwn() {
        TwinRandom random = new TwinRandom(42);
        assertThat(draws(random, "nlb-routing")).isNotEqualTo(draws(random, "api-faults"));
        assertThat(draws(new TwinRandom(43), "nlb-routing")).isNotEqualTo(draws(random, "nlb-routing"));
    }

    @Test
    void theSettingIsTheSeedAndWithoutItOneIsDrawn() {
        assertThat(TwinRandom.of(TwinSettings.of(Map.of("twin.seed", "-7"), "twin.")).seed()).isEqualTo(-7);
        assertThat(TwinRandom.of(TwinSettings.defaults()).seed()).isNotEqualTo(TwinRandom.of(TwinSettings.defaults()).seed());
    }
}
