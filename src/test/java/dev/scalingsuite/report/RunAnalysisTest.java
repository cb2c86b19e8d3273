package dev.scalingsuite.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scalingsuite.fleet.ConnectTimes;
import dev.scalingsuite.fleet.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** What the analysis reads from a recorded steady-state run against the twin's default settings. */
class RunAnalysisTest {

    private final RunAnalysis analysis = RunAnalysis.of(RecordedRun.steadyState());

    @Test
    void coldStartPhasesOfEveryNewTaskMatchTheTwinsSettings() {
        List<RunAnalysis.ColdStart> starts = analysis.coldStarts();
        assertThat(starts).hasSize(6); // 1 -> 2 -> 4 -> 6 -> 7: six tasks started during the run
        for (RunAnalysis.ColdStart s : starts) {
            // the twin's defaults: scheduling 14 s, image pull 37 s, activation 1 s (model time)
            assertThat(s.scheduling().getAsDouble()).isCloseTo(14, within(1.4));
            assertThat(s.imagePull().getAsDouble()).isCloseTo(37, within(3.7));
            assertThat(s.containerStart().getAsDouble()).isCloseTo(1, within(0.5));
            assertThat(s.appInit().getAsDouble()).isCloseTo(17, within(0.1)); // the fixture's agent_ready
            assertThat(s.healthChecks().getAsDouble()).isBetween(10.0, 25.0); // 2 checks 10 s apart + one poll
            assertThat(s.total().getAsDouble()).isCloseTo(s.scheduling().getAsDouble() + s.imagePull().getAsDouble()
                    + s.containerStart().getAsDouble() + s.appInit().getAsDouble() + s.healthChecks().getAsDouble(),
                    within(0.01));
        }
    }

    @Test
    void medianAndMaxIgnoreMissingPhases() {
        List<OptionalDouble> values = List.of(OptionalDouble.of(3), OptionalDouble.empty(), OptionalDouble.of(1),
                OptionalDouble.of(2), OptionalDouble.of(10));
        assertThat(RunAnalysis.median(values).getAsDouble()).isEqualTo(2.5);
        assertThat(RunAnalysis.max(values).getAsDouble()).isEqualTo(10);
        assertThat(RunAnalysis.median(List.of(OptionalDouble.empty()))).isEmpty();
    }

    @Test
    void eachScaleOutIsTracedFromTheBreachToHealthyCapacity() {
        List<RunAnalysis.Decision> decisions = analysis.decisions();
        assertThat(decisions).extracting(d -> d.desiredBefore() + "->" + d.desiredAfter())
                .containsExactly("1->2", "2->4", "4->6", "6->7");
        // target tracking's high alarm needs 3 of 3 one-minute datapoints: at least 2 minutes after the first
        assertThat(decisions.get(0).activityAt() - decisions.get(0).breachAt()).isGreaterThanOrEqualTo(120);
        // an alarm still in ALARM after the cooldown invokes the policy again on its next evaluation
        assertThat(decisions.get(3).activityAt() - decisions.get(3).breachAt()).isLessThan(60);
        for (RunAnalysis.Decision d : decisions) {
            assertThat(d.metric()).isEqualTo("SessionsPerTask > 3");
            assertThat(d.breachAt()).isLessThan(d.activityAt());
            assertThat(d.desiredSeenAt().getAsDouble()).isGreaterThanOrEqualTo(d.activityAt());
            assertThat(d.servingAt().getAsDouble()).isGreaterThan(d.desiredSeenAt().getAsDouble());
        }
    }

    /**
     * Found by ReportsIT: a service event is stamped with when its poll began, so the poll that read the new
     * desired count can be stamped a moment before the activity that set it. The scale-out is still traced.
     */
    @Test
    void aScaleOutSeenByAPollThatBeganJustBeforeItsActivityIsStillTraced() {
        RunRecord recorded = RecordedRun.steadyState();
        Timeline.Event activity = recorded.events("activity").get(0);
        List<Timeline.Event> events = new ArrayList<>();
        boolean moved = false;
        for (Timeline.Event e : recorded.events()) {
            if (!moved && e.kind().equals("service") && ((Number) e.fields().get("desired")).intValue() == 2) {
                e = new Timeline.Event(activity.at().minusMillis(2), e.kind(), e.fields());
                moved = true;
            }
            events.add(e);
        }
        RunRecord raced = new RunRecord(recorded.scenario(), recorded.target(), recorded.timeScale(),
                recorded.startedAt(), recorded.endedAt(), recorded.outcome(), recorded.reason(), recorded.suiteCommit(),
                recorded.configuration(), recorded.preflight(), recorded.steps(), recorded.checks(), recorded.calls(),
                recorded.setupTimes(), recorded.connectTimes(), recorded.metrics(), recorded.logEvents(), recorded.appReadyAt(),
                recorded.pollFailures(), recorded.baseline(), events, recorded.telemetry(), recorded.taskMinutes(),
                recorded.bounds());

        assertThat(moved).isTrue();
        assertThat(RunAnalysis.of(raced).decisions()).extracting(d -> d.desiredBefore() + "->" + d.desiredAfter())
                .containsExactly("1->2", "2->4", "4->6", "6->7");
    }

    @Test
    void theTimelineHasEveryChangeOfRunningOrDesiredWithTheCauseOfEachDesiredChange() {
        long serviceChanges = analysis.inflections().stream().filter(i -> !i.event().startsWith("scaling activity")).count();
        List<String> counts = RecordedRun.events().stream().filter(e -> e.kind().equals("service"))
                .map(e -> e.fields().get("running") + "/" + e.fields().get("desired")).toList();
        long changes = 1; // the start
        for (int i = 1; i < counts.size(); i++) {
            changes += counts.get(i).equals(counts.get(i - 1)) ? 0 : 1;
        }
        assertThat(serviceChanges).isEqualTo(changes).isEqualTo(13);
        assertThat(analysis.inflections()).filteredOn(i -> i.event().startsWith("desired 7 -> 4")).singleElement()
                .satisfies(i -> assertThat(i.cause()).isEqualTo(
                        "alarm voice-agent-sessions-low (ALARM) -> policy voice-agent-scale-in"));
        assertThat(analysis.peakRunning()).isEqualTo(7);
    }

    @Test
    void theDistributionAtPeakIsTheSessionSnapshotWithTheMostSessions() {
        RunAnalysis.Distribution peak = analysis.peakDistribution().orElseThrow();
        assertThat(peak.total()).isEqualTo(19);
        assertThat(peak.byTask().values()).containsExactly(8, 6, 3, 2);
        assertThat(peak.byTask().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(peak.total());
    }

    @Test
    void connectPercentilesAreNearestRankOverTheCallsThatHadOne() {
        // 1201 ... 1218 ms; the 19th call had none
        assertThat(analysis.connectMillis(50).getAsDouble()).isEqualTo(1209);
        assertThat(analysis.connectMillis(95).getAsDouble()).isEqualTo(1218);
        assertThat(analysis.connectMillis(99).getAsDouble()).isEqualTo(1218);
        assertThat(RunAnalysis.of(RecordedRun.withConnectTimes(RecordedRun.steadyState(),
                ConnectTimes.notMeasured("h: no tcpdump")))
                .connectMillis(50)).isEmpty();
    }

    @Test
    void setupPercentilesAreNearestRank() {
        // 0, 0, 4, 4, 8, 16 ms
        assertThat(analysis.setupMillis(50).getAsDouble()).isEqualTo(4);
        assertThat(analysis.setupMillis(95).getAsDouble()).isEqualTo(16);
        assertThat(analysis.setupMillis(99).getAsDouble()).isEqualTo(16);
    }
}
