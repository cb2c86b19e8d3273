package dev.scalingsuite.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.load.CallSplit.Share;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallSplitTest {

    private static final Duration FIVE_S = Duration.ofSeconds(5);

    @Test
    void oneHostGetsTheStepAsItIs() {
        assertThat(CallSplit.of(List.of(1), 5, 1, FIVE_S, 3)).containsExactly(new Share(0, 5, 1, FIVE_S, 3));
        assertThat(CallSplit.of(List.of(7), 5, 2, FIVE_S, 5)).as("a weight alone means nothing")
                .containsExactly(new Share(0, 5, 2, FIVE_S, 5));
    }

    @Test
    void equalWeightsShareEquallyAndKeepTheStepsPace() {
        // 4 calls at 1 per 5 s: each host 2 at 1 per 10 s, together 1 per 5 s
        assertThat(CallSplit.of(List.of(1, 1), 4, 1, FIVE_S, 4)).containsExactly(
                new Share(0, 2, 1, Duration.ofSeconds(10), 2),
                new Share(1, 2, 1, Duration.ofSeconds(10), 2));
        // the benchmark's shape: 400 calls at 10 per second from 4 hosts
        assertThat(CallSplit.of(List.of(1, 1, 1, 1), 400, 10, Duration.ofSeconds(1), 400)).containsExactly(
                new Share(0, 100, 10, Duration.ofSeconds(4), 100),
                new Share(1, 100, 10, Duration.ofSeconds(4), 100),
                new Share(2, 100, 10, Duration.ofSeconds(4), 100),
                new Share(3, 100, 10, Duration.ofSeconds(4), 100));
    }

    @Test
    void theLargestRemaindersGetTheCallsLeftTiesToTheHostListedFirst() {
        // 7 x 1/6, 2/6, 3/6 = 1.17, 2.33, 3.5: whole parts 1, 2, 3; the one left to the largest remainder, .5
        assertThat(CallSplit.counts(List.of(1, 2, 3), 7)).containsExactly(1, 2, 4);
        // 10 x 3/4, 1/4 = 7.5, 2.5: a tie, the first host gets it
        assertThat(CallSplit.counts(List.of(3, 1), 10)).containsExactly(8, 2);
        // 5 over 3 equal hosts: 1.67 each, the two left to the first two
        assertThat(CallSplit.counts(List.of(1, 1, 1), 5)).containsExactly(2, 2, 1);
        assertThat(CallSplit.counts(List.of(2, 1, 1), 1)).containsExactly(1, 0, 0);
    }

    @Test
    void aHostMayGetNoCallAndThenStartsNoInstance() {
        assertThat(CallSplit.of(List.of(1, 1, 1), 2, 1, FIVE_S, 2)).containsExactly(
                new Share(0, 1, 1, Duration.ofMillis(10_000), 1),
                new Share(1, 1, 1, Duration.ofMillis(10_000), 1));
    }

    @Test
    void periodsAndLimitsFollowEachHostsShare() {
        // 3 calls at 1 per 5 s over weights 1, 2: 1 call at 1 per 15 s, 2 at 1 per 7.5 s (together 1 per 5 s)
        assertThat(CallSplit.of(List.of(1, 2), 3, 1, FIVE_S, 3)).containsExactly(
                new Share(0, 1, 1, Duration.ofSeconds(15), 1),
                new Share(1, 2, 1, Duration.ofMillis(7_500), 2));
        // at most 3 up of 10 calls: each host of 5 calls at most ceil(3 x 5 / 10) = 2 up
        assertThat(CallSplit.of(List.of(1, 1), 10, 2, Duration.ofSeconds(1), 3)).extracting(Share::limit)
                .containsExactly(2, 2);
        // at most 1 up of 10 calls: at least 1 on each host
        assertThat(CallSplit.of(List.of(1, 1, 1), 10, 1, Duration.ofSeconds(1), 1)).extracting(Share::limit)
                .containsExactly(1, 1, 1);
        // 10 calls over 3: periods 10/4 and 10/3 of the step's, to the millisecond
        assertThat(CallSplit.of(List.of(1, 1, 1), 10, 1, Duration.ofSeconds(1), 10)).extracting(Share::period)
                .containsExactly(Duration.ofMillis(2_500), Duration.ofMillis(3_333), Duration.ofMillis(3_333));
    }

    @Test
    void theSharesAddUpToTheCount() {
        for (int count = 1; count <= 50; count++) {
            int[] counts = CallSplit.counts(List.of(1, 3, 2, 5), count);
            assertThat(counts[0] + counts[1] + counts[2] + counts[3]).as("count %d", count).isEqualTo(count);
        }
    }

    @Test
    void everyHostNeedsAWeightOfAtLeastOne() {
        assertThatThrownBy(() -> CallSplit.of(List.of(1, 0), 4, 1, FIVE_S, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Weights must be at least 1, and there must be one: [1, 0]");
        assertThatThrownBy(() -> CallSplit.of(List.of(), 4, 1, FIVE_S, 4))
                .hasMessage("Weights must be at least 1, and there must be one: []");
    }
}
