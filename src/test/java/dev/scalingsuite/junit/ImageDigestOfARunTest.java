package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.history.Fact;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageDigestOfARunTest {

    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);

    @Test
    void theRunsTasksReportedOneDigest() {
        assertThat(HistoryKeeper.imageDigest(Map.of("t1", A, "t2", A), List.of("t1", "t2"))).isEqualTo(Fact.of(A));
    }

    @Test
    void aDeploymentThatChangedTheImageGivesEachDigestInOrder() {
        assertThat(HistoryKeeper.imageDigest(Map.of("t1", B, "t2", A), List.of("t1", "t2")))
                .isEqualTo(Fact.of(A + ", " + B));
    }

    @Test
    void tasksOfOtherRunsDoNotCount() {
        assertThat(HistoryKeeper.imageDigest(Map.of("t1", A, "old", B), List.of("t1"))).isEqualTo(Fact.of(A));
    }

    @Test
    void noDigestReportedIsNotMeasuredSayingWhereItWasLookedFor() {
        assertThat(HistoryKeeper.imageDigest(Map.of("old", B), List.of("t1"))).isEqualTo(Fact.notMeasured(
                "no task of the run reported an image digest (DescribeTasks containers[].imageDigest)"));
    }
}
