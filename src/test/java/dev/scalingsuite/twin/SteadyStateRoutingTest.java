package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The chance docs/findings.md gives for steady-state's second batch filling the first task, and the
 * seeds FindingsIT replays, from the twin's own routing stream: the NLB gives each new flow
 * {@code nextInt(healthy targets)} of the {@code nlb-routing} stream, over the targets in registration
 * order. Steady-state places 5 calls on the one task, then 6 over two routable tasks, then 8 over three
 * or four (the fourth may turn routable during the batch); a task holds 10 at most.
 */
class SteadyStateRoutingTest {

    /** Whether a task reaches 10 calls, the fourth task turning routable before call {@code m} of batch 3. */
    private static boolean fills(long seed, int batch, int fourthAt) {
        Random routing = new TwinRandom(seed).stream("nlb-routing");
        for (int i = 0; i < 5; i++) {
            routing.nextInt(1);
        }
        int[] calls = {5, 0, 0, 0};
        for (int i = 0; i < 6; i++) {
            calls[routing.nextInt(2)]++;
        }
        if (batch == 2) {
            return calls[0] >= 10;
        }
        for (int i = 0; i < 8; i++) {
            calls[routing.nextInt(i < fourthAt ? 3 : 4)]++;
        }
        return calls[0] >= 10 || calls[1] >= 10;
    }

    @Test
    void theSecondBatchFillsTheFirstTaskWithFiveOrMoreOfItsSixCallsOneRunInNine() {
        long fills = LongStream.rangeClosed(1, 20_000).filter(seed -> fills(seed, 2, 0)).count();

        // 7/64 = 0.109: C(6,5) + C(6,6) of 2^6 equally likely routings
        assertThat(fills / 20_000.0).isBetween(0.100, 0.118);
    }

    @Test
    void theSeedsFindingsItReplaysFillTheFirstTaskOrNeverFillOne() {
        assertThat(fills(6, 2, 0)).as("seed 6: the second batch fills the first task").isTrue();
        for (int fourthAt = 0; fourthAt <= 8; fourthAt++) {
            assertThat(fills(4, 3, fourthAt)).as("seed 4, the fourth task routable from call %d of batch 3", fourthAt)
                    .isFalse();
        }
    }
}
