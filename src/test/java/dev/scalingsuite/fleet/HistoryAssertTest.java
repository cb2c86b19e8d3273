package dev.scalingsuite.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.fleet.finding.DesiredChange;
import dev.scalingsuite.fleet.finding.FlapFinding;
import dev.scalingsuite.fleet.finding.HealthWait;
import dev.scalingsuite.fleet.finding.MissingDatapointFinding;
import dev.scalingsuite.fleet.finding.SlowStartFinding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The history invariants on small hand-written timelines, with their exact messages and the findings
 * behind them. Time scale 10: one wall second is ten model seconds, so model 03:40 is 22 s of wall time
 * after the start.
 */
class HistoryAssertTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final ModelClock CLOCK = new ModelClock(T0, 10);

    /** A timeline written at model seconds since T0. */
    private static final class Run {
        private final List<Timeline.Event> events = new ArrayList<>();
        private final Map<String, Instant> readUpTo = new LinkedHashMap<>();

        /** The monitor of {@code source} last read at model second {@code s}. */
        Run read(String source, double s) {
            readUpTo.put(source, T0.plusMillis(Math.round(s * 100)));
            return this;
        }

        Run at(double modelSeconds, String kind, Map<String, ?> fields) {
            events.add(new Timeline.Event(T0.plusMillis(Math.round(modelSeconds * 100)), kind, new LinkedHashMap<>(fields)));
            return this;
        }

        Run service(double s, int desired, int running) {
            return at(s, "service", Map.of("desired", desired, "running", running, "pending", 0));
        }

        Run task(double s, String task, String ip, String last, String desired, boolean prot, double createdAt) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("task", task);
            f.put("lastStatus", last);
            f.put("desiredStatus", desired);
            f.put("protected", prot);
            f.put("privateIp", ip);
            f.put("createdAt", T0.plusMillis(Math.round(createdAt * 100)).toString());
            return at(s, "task", f);
        }

        Run stopped(double s, String task, String ip, String stopCode) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("task", task);
            f.put("lastStatus", "DEACTIVATING");
            f.put("desiredStatus", "STOPPED");
            f.put("protected", false);
            f.put("privateIp", ip);
            f.put("createdAt", T0.minusSeconds(100).toString());
            f.put("stopCode", stopCode);
            return at(s, "task", f);
        }

        Run sessions(double s, Map<String, Integer> byTask) {
            return at(s, "sessions", Map.of("byTask", byTask));
        }

        Run targets(double s, Map<String, String> health) {
            return at(s, "targets", Map.of("healthByIp", health));
        }

        HistoryAssert judgedAt(double modelSeconds) {
            return HistoryAssert.assertThat(history(modelSeconds));
        }

        RunHistory history(double judgedAtModelSeconds) {
            return new RunHistory(events, CLOCK, instant(judgedAtModelSeconds), readUpTo);
        }
    }

    private static Instant instant(double modelSeconds) {
        return T0.plusMillis(Math.round(modelSeconds * 100));
    }

    private static Duration model(long seconds) {
        return CLOCK.wall(Duration.ofSeconds(seconds));
    }

    @Nested
    class Flapping {
        @Test
        void riseFallRiseWithinTheWindowFails() {
            Run run = new Run().service(0, 1, 1).service(220, 2, 1).service(250, 1, 1).service(340, 2, 1);
            assertThatThrownBy(() -> run.judgedAt(400).hasNoFlapping(model(600)))
                    .hasMessage("Expected no flapping (desired rising, falling and rising again within 10m 00s) but "
                            + "desired went 1 -> 2 at 03:40, 2 -> 1 at 04:10, 1 -> 2 at 05:40");
        }

        @Test
        void scaleOutThenScaleInIsNotFlapping() {
            Run run = new Run().service(0, 1, 1).service(220, 2, 1).service(400, 4, 2).service(900, 1, 4);
            assertThatCode(() -> run.judgedAt(1000).hasNoFlapping(model(600))).doesNotThrowAnyException();
        }

        @Test
        void aRiseAgainOutsideTheWindowIsNotFlapping() {
            Run run = new Run().service(0, 1, 1).service(100, 2, 1).service(400, 1, 1).service(800, 2, 1);
            assertThatCode(() -> run.judgedAt(900).hasNoFlapping(model(600))).doesNotThrowAnyException();
        }
    }

    @Nested
    class Overshoot {
        @Test
        void desiredAboveWhatTheSessionsJustifyFails() {
            Run run = new Run().service(0, 1, 1).sessions(30, Map.of("a", 5)).service(220, 2, 1).service(400, 4, 2);
            assertThatThrownBy(() -> run.judgedAt(500).hasNoOvershoot(3, 1, 12, 1, model(300)))
                    .hasMessage("Expected no overshoot (a raised desired count <= ceil(most active sessions / target 3) "
                            + "+ slack 1) but desired rose to 4 at 06:40 while the most active sessions in the 5m 00s "
                            + "before were 5 (the policy implies 2)");
        }

        @Test
        void aFractionalTargetReadsAsWritten() {
            Run run = new Run().service(0, 1, 1).sessions(30, Map.of("a", 5)).service(220, 4, 1);
            assertThatThrownBy(() -> run.judgedAt(300).hasNoOvershoot(2.5, 1, 12, 1, model(300)))
                    .hasMessage("Expected no overshoot (a raised desired count <= ceil(most active sessions / target 2.5) "
                            + "+ slack 1) but desired rose to 4 at 03:40 while the most active sessions in the 5m 00s "
                            + "before were 5 (the policy implies 2)");
        }

        @Test
        void proportionalScaleOutPasses() {
            Run run = new Run().service(0, 1, 1).sessions(30, Map.of("a", 10)).service(220, 4, 1)
                    .sessions(300, Map.of("a", 10, "b", 5, "c", 5, "d", 5)).service(400, 9, 4);
            assertThatCode(() -> run.judgedAt(500).hasNoOvershoot(3, 1, 12, 1, model(300))).doesNotThrowAnyException();
        }
    }

    @Nested
    class Spread {
        private Run threeRoutable() {
            return new Run().task(0, "aaaaaaaa1", "10.0.0.1", "RUNNING", "RUNNING", false, -100)
                    .task(0, "bbbbbbbb2", "10.0.0.2", "RUNNING", "RUNNING", false, -100)
                    .task(0, "cccccccc3", "10.0.0.3", "RUNNING", "RUNNING", false, -100)
                    .targets(1, Map.of("10.0.0.1", "healthy", "10.0.0.2", "healthy", "10.0.0.3", "healthy"))
                    .sessions(5, Map.of());
        }

        @Test
        void allNewCallsOnOneTaskWhileOthersAreRoutableFails() {
            Run run = threeRoutable().sessions(20, Map.of("aaaaaaaa1", 4)).sessions(40, Map.of("aaaaaaaa1", 9));
            assertThatThrownBy(() -> run.judgedAt(50).spreadsNewCalls(3))
                    .hasMessage("Expected new calls to spread over the 3 routable tasks but all 9 new calls since 00:01 "
                            + "went to task aaaaaaaa (9 sessions, above target 3 + 1) while bbbbbbbb, cccccccc had none; "
                            + "random routing does that with p = 0.00015");
        }

        @Test
        void aFewCallsOnOneTaskAreLuckNotAFault() {
            Run run = threeRoutable().sessions(20, Map.of("aaaaaaaa1", 5));
            assertThatCode(() -> run.judgedAt(50).spreadsNewCalls(3)).doesNotThrowAnyException();
        }

        @Test
        void callsOverSeveralTasksPass() {
            Run run = threeRoutable().sessions(20, Map.of("aaaaaaaa1", 3, "bbbbbbbb2", 4, "cccccccc3", 2));
            assertThatCode(() -> run.judgedAt(50).spreadsNewCalls(3)).doesNotThrowAnyException();
        }
    }

    @Nested
    class Protection {
        @Test
        void aBusyTaskLongUnprotectedFails() {
            Run run = new Run().task(0, "aaaaaaaa1", "10.0.0.1", "RUNNING", "RUNNING", false, -100)
                    .sessions(30, Map.of("aaaaaaaa1", 3));
            assertThatThrownBy(() -> run.judgedAt(100).protectsBusyTasks(model(60)))
                    .hasMessage("Expected tasks holding sessions to be protected from scale-in but task aaaaaaaa has "
                            + "held 3 sessions unprotected since 00:30 (longer than 1m 00s)");
        }

        @Test
        void anExposureIsJudgedOnlyAsOfWhenTheSessionsWereLastRead() {
            // the call ended and protection was cleared at 200; the sessions poll that would show it is late
            Run run = new Run().task(0, "aaaaaaaa1", "10.0.0.1", "RUNNING", "RUNNING", true, -100)
                    .sessions(30, Map.of("aaaaaaaa1", 3))
                    .task(200, "aaaaaaaa1", "10.0.0.1", "RUNNING", "RUNNING", false, -100)
                    .read("ecs", 300).read("sessions", 195);
            assertThatCode(() -> run.judgedAt(300).protectsBusyTasks(model(60))).doesNotThrowAnyException();
            run.read("sessions", 290);
            assertThatThrownBy(() -> run.judgedAt(300).protectsBusyTasks(model(60)))
                    .hasMessage("Expected tasks holding sessions to be protected from scale-in but task aaaaaaaa has "
                            + "held 3 sessions unprotected since 03:20 (longer than 1m 00s)");
        }

        @Test
        void protectionThatFollowsTheCallsPasses() {
            Run run = new Run().task(0, "aaaaaaaa1", "10.0.0.1", "RUNNING", "RUNNING", false, -100)
                    .task(20, "aaaaaaaa1", "10.0.0.1", "RUNNING", "RUNNING", true, -100)
                    .sessions(30, Map.of("aaaaaaaa1", 3))
                    .task(200, "aaaaaaaa1", "10.0.0.1", "RUNNING", "RUNNING", false, -100)
                    .sessions(230, Map.of("aaaaaaaa1", 0));
            assertThatCode(() -> run.judgedAt(300).protectsBusyTasks(model(60))).doesNotThrowAnyException();
        }
    }

    @Nested
    class Stopping {
        @Test
        void stoppingATaskThatStillHoldsCallsFails() {
            Run run = new Run().sessions(10, Map.of("aaaaaaaa1", 4))
                    .stopped(100, "aaaaaaaa1", "10.0.0.1", "ServiceSchedulerInitiated");
            assertThatThrownBy(() -> run.judgedAt(200).neverStoppedABusyTask(model(60)))
                    .hasMessage("Expected ECS never to stop a task holding sessions but it stopped task aaaaaaaa with 4 "
                            + "sessions at 01:40 (stop code ServiceSchedulerInitiated, not protected; still 4 sessions 1m 40s "
                            + "later)");
            // a sessions poll that came late (at 02:50) but saw the calls ended clears it
            run.sessions(170, Map.of("aaaaaaaa1", 0)).read("sessions", 170);
            assertThatCode(() -> run.judgedAt(200).neverStoppedABusyTask(model(60))).doesNotThrowAnyException();
        }

        @Test
        void aProtectedTaskStoppedBeforeItsStopCodeIsReportedFails() {
            Run run = new Run().task(0, "aaaaaaaa1", "10.0.0.1", "RUNNING", "RUNNING", true, -100)
                    .sessions(10, Map.of("aaaaaaaa1", 4))
                    .stopped(100, "aaaaaaaa1", "10.0.0.1", null);
            assertThatThrownBy(() -> run.judgedAt(200).neverStoppedABusyTask(model(60)))
                    .hasMessage("Expected ECS never to stop a task holding sessions but it stopped task aaaaaaaa with 4 "
                            + "sessions at 01:40 (stop code not reported yet, protected from scale-in; still 4 sessions "
                            + "1m 40s later)");
        }

        @Test
        void aTaskWhoseLastCallJustEndedIsNotBusy() {
            Run run = new Run().sessions(10, Map.of("aaaaaaaa1", 1))
                    .stopped(100, "aaaaaaaa1", "10.0.0.1", "ServiceSchedulerInitiated")
                    .sessions(120, Map.of("aaaaaaaa1", 0));
            assertThatCode(() -> run.judgedAt(200).neverStoppedABusyTask(model(60))).doesNotThrowAnyException();
        }

        @Test
        void aProtectedTaskWhoseCallsEndedJustBeforeTheStopIsNotBusy() {
            Run run = new Run().task(0, "aaaaaaaa1", "10.0.0.1", "RUNNING", "RUNNING", true, -100)
                    .sessions(10, Map.of("aaaaaaaa1", 3))
                    .stopped(100, "aaaaaaaa1", "10.0.0.1", "ServiceSchedulerInitiated")
                    .sessions(103, Map.of("aaaaaaaa1", 0));
            assertThatCode(() -> run.judgedAt(200).neverStoppedABusyTask(model(60))).doesNotThrowAnyException();
        }

        @Test
        void aCrashIsNotECSStoppingTheTask() {
            Run run = new Run().sessions(10, Map.of("aaaaaaaa1", 4))
                    .stopped(100, "aaaaaaaa1", "10.0.0.1", "EssentialContainerExited");
            assertThatCode(() -> run.judgedAt(200).neverStoppedABusyTask(model(60))).doesNotThrowAnyException();
        }
    }

    @Nested
    class ColdStartAndHealthChecks {
        @Test
        void aTaskNotHealthyInTimeFails() {
            Run run = new Run().task(10, "aaaaaaaa1", "10.0.0.1", "PROVISIONING", "RUNNING", false, 10)
                    .targets(100, Map.of("10.0.0.1", "initial"));
            assertThatThrownBy(() -> run.judgedAt(140).coldStartsWithin(model(120)))
                    .hasMessage("Expected every new task to be healthy within 2m 00s of its creation but task aaaaaaaa "
                            + "created at 00:10 was not healthy after 2m 10s");
        }

        @Test
        void aSlowStartWaitsForTheLogsToBeReadSoThatItsCauseCanBeNamed() {
            Run run = new Run().task(10, "aaaaaaaa1", "10.0.0.1", "PROVISIONING", "RUNNING", false, 10)
                    .targets(100, Map.of("10.0.0.1", "initial")).read("targets", 140).read("logs", 125);
            assertThatCode(() -> run.judgedAt(140).coldStartsWithin(model(120))).doesNotThrowAnyException();
            run.read("logs", 135);
            assertThatThrownBy(() -> run.judgedAt(140).coldStartsWithin(model(120)))
                    .hasMessage("Expected every new task to be healthy within 2m 00s of its creation but task aaaaaaaa "
                            + "created at 00:10 was not healthy after 2m 05s");
        }

        @Test
        void aLateTargetsPollDoesNotStretchAStart() {
            // seen initial at 100, healthy only at 160 (a late poll); the read before it was at 125
            Run run = new Run().task(10, "aaaaaaaa1", "10.0.0.1", "PROVISIONING", "RUNNING", false, 10)
                    .targets(100, Map.of("10.0.0.1", "initial"))
                    .at(160, "targets", Map.of("healthByIp", Map.of("10.0.0.1", "healthy"),
                            "previousReadAt", T0.plusSeconds(12).plusMillis(500).toString()));
            assertThatCode(() -> run.judgedAt(200).coldStartsWithin(model(120))).doesNotThrowAnyException();
        }

        @Test
        void aTaskHealthyTooLateFailsWithWhenItWas() {
            Run run = new Run().task(10, "aaaaaaaa1", "10.0.0.1", "PROVISIONING", "RUNNING", false, 10)
                    .targets(100, Map.of("10.0.0.1", "initial"))
                    .at(200, "targets", Map.of("healthByIp", Map.of("10.0.0.1", "healthy"),
                            "previousReadAt", instant(190).toString()));
            assertThatThrownBy(() -> run.judgedAt(250).coldStartsWithin(model(120)))
                    .hasMessage("Expected every new task to be healthy within 2m 00s of its creation but task aaaaaaaa "
                            + "created at 00:10 was healthy only at 03:20 (3m 10s)");
        }

        @Test
        void aReadyTaskNeverHealthyFails() {
            Run run = new Run().task(10, "aaaaaaaa1", "10.0.0.1", "RUNNING", "RUNNING", false, 10)
                    .at(80, "app-ready", Map.of("task", "aaaaaaaa1", "readyAt", T0.plusSeconds(7).toString()))
                    .targets(100, Map.of("10.0.0.1", "initial"));
            assertThatThrownBy(() -> run.judgedAt(200).healthChecksWithin(new TargetGroupSettings(10, 2, 2, 300),
                    model(5), "service_ready", model(60)))
                    .hasMessage("Expected a ready task to turn healthy within the target group's health checks (2 x "
                            + "10s, plus one interval and one poll: 35s) but task aaaaaaaa was ready at 01:10 and "
                            + "not healthy after 2m 10s");
        }

        @Test
        void aTaskFirstSeenBeforeItHadAnAddressIsJudgedByItsAddress() {
            // on AWS a PROVISIONING task has no private IP until its network interface is attached
            Run run = new Run().task(10, "aaaaaaaa1", "", "PROVISIONING", "RUNNING", false, 10)
                    .task(30, "aaaaaaaa1", "10.0.0.1", "PENDING", "RUNNING", false, 10)
                    .targets(95, Map.of("10.0.0.1", "healthy"));
            assertThatCode(() -> run.judgedAt(300).coldStartsWithin(model(120))).doesNotThrowAnyException();
        }

        @Test
        void aTaskHealthyInTimePasses() {
            Run run = new Run().task(10, "aaaaaaaa1", "10.0.0.1", "PROVISIONING", "RUNNING", false, 10)
                    .targets(95, Map.of("10.0.0.1", "healthy"));
            assertThatCode(() -> run.judgedAt(300).coldStartsWithin(model(120))).doesNotThrowAnyException();
        }

        @Test
        void healthChecksSlowerThanConfiguredFail() {
            Run run = new Run().task(10, "aaaaaaaa1", "10.0.0.1", "RUNNING", "RUNNING", false, 10)
                    .at(80, "app-ready", Map.of("task", "aaaaaaaa1", "readyAt", T0.plusSeconds(7).toString()))
                    .targets(150, Map.of("10.0.0.1", "healthy"));
            assertThatThrownBy(() -> run.judgedAt(200).healthChecksWithin(new TargetGroupSettings(10, 2, 2, 300),
                    model(5), "service_ready", model(60)))
                    .hasMessage("Expected a ready task to turn healthy within the target group's health checks (2 x "
                            + "10s, plus one interval and one poll: 35s) but task aaaaaaaa was ready at 01:10 and "
                            + "healthy only at 02:30 (1m 20s)");
        }
    }

    /**
     * A check whose sources showed nothing is not measured, naming what was missing and where it looked
     * (the generic names here; the run names each source as its port reads it), and it neither passes nor
     * fails on the absence alone.
     */
    @Nested
    class NotMeasured {
        private Run readyAt(double readySecond) {
            Run run = new Run().task(10, "aaaaaaaa1", "10.0.0.1", "RUNNING", "RUNNING", false, 10)
                    .targets(90, Map.of("10.0.0.1", "initial")).targets(100, Map.of("10.0.0.1", "healthy"));
            return readySecond < 0 ? run : run.at(readySecond + 5, "app-ready", Map.of("task", "aaaaaaaa1",
                    "readyAt", instant(readySecond).toString()));
        }

        @Test
        void aHealthyNewTaskWithoutItsReadyLineLeavesTheHealthChecksNotMeasured() {
            assertThatThrownBy(() -> readyAt(-1).read("logs", 300).judgedAt(300).healthChecksWithin(
                    new TargetGroupSettings(10, 2, 2, 300), model(5), "service_ready", model(60)))
                    .isInstanceOf(NotMeasuredError.class)
                    .hasMessage("not measured: health checks as configured: no service_ready event of task aaaaaaaa in "
                            + "the agents' log group between 12:00:00 and 12:00:30 UTC");
        }

        @Test
        void aReadyLineMayStillBeOnItsWayForATaskHealthyLessThanTheLatenessAgo() {
            assertThatCode(() -> readyAt(-1).read("logs", 150).judgedAt(150).healthChecksWithin(
                    new TargetGroupSettings(10, 2, 2, 300), model(5), "service_ready", model(60)))
                    .doesNotThrowAnyException();
        }

        @Test
        void aTaskWithItsReadyLineIsJudged() {
            assertThatCode(() -> readyAt(85).read("logs", 300).judgedAt(300).healthChecksWithin(
                    new TargetGroupSettings(10, 2, 2, 300), model(5), "service_ready", model(60)))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> readyAt(20).read("logs", 300).judgedAt(300).healthChecksWithin(
                    new TargetGroupSettings(10, 2, 2, 300), model(5), "service_ready", model(60)))
                    .as("measured and too slow").isNotInstanceOf(NotMeasuredError.class)
                    .hasMessageStartingWith("Expected a ready task to turn healthy within the target group's health "
                            + "checks");
        }

        @Test
        void withoutTargetsNoTaskLooksSlowToStart() {
            Run run = new Run().task(10, "aaaaaaaa1", "10.0.0.1", "PROVISIONING", "RUNNING", false, 10);
            assertThatThrownBy(() -> run.judgedAt(400).coldStartsWithin(model(120)))
                    .isInstanceOf(NotMeasuredError.class)
                    .hasMessage("not measured: cold start within 2m 00s: no registered target in the target group "
                            + "between 12:00:00 and 12:00:40 UTC");
        }

        @Test
        void withoutSessionsNoRiseLooksLikeAnOvershoot() {
            Run run = new Run().service(0, 1, 1).service(220, 4, 1).sessions(230, Map.of());
            assertThatThrownBy(() -> run.judgedAt(400).hasNoOvershoot(3, 1, 12, 1, model(300)))
                    .isInstanceOf(NotMeasuredError.class)
                    .hasMessage("not measured: no overshoot: no fresh heartbeat in the session table between 12:00:00 "
                            + "and 12:00:40 UTC");
        }

        @Test
        void withoutServiceCountsFlappingIsNotMeasured() {
            assertThatThrownBy(() -> new Run().judgedAt(400).hasNoFlapping(model(600)))
                    .isInstanceOf(NotMeasuredError.class)
                    .hasMessage("not measured: no flapping: no service counts in the ECS service between 12:00:00 and "
                            + "12:00:40 UTC");
        }
    }

    @Nested
    class Metrics {
        private Run datapoints(int... periodStarts) {
            Run run = new Run();
            for (int p : periodStarts) {
                run.at(p + 5, "metrics", Map.of("SessionsPerTask", 1.0,
                        "datapointAt", T0.plusMillis(p * 100L).toString()));
            }
            return run;
        }

        @Test
        void aMissingPeriodFails() {
            assertThatThrownBy(() -> datapoints(0, 60, 180).judgedAt(400).hasMetricEveryPeriod("SessionsPerTask", model(60), model(180)))
                    .hasMessage("Expected a SessionsPerTask datapoint every 1m 00s but none was published for the period at "
                            + "02:00 (datapoints at 01:00 and 03:00)");
        }

        @Test
        void aSourceThatStoppedPublishingFails() {
            assertThatThrownBy(() -> datapoints(0, 60).judgedAt(400).hasMetricEveryPeriod("SessionsPerTask", model(60),
                    model(180)))
                    .hasMessage("Expected a SessionsPerTask datapoint every 1m 00s but none was published since 01:00 "
                            + "(read up to 06:40): the metric source is dead or cannot be read");
        }

        /** It once failed as a silent source; with no datapoint at all, nothing about the periods was measured. */
        @Test
        void aSourceThatNeverPublishedIsNotMeasured() {
            assertThatThrownBy(() -> datapoints().judgedAt(400).hasMetricEveryPeriod("SessionsPerTask", model(60),
                    model(180)))
                    .isInstanceOf(NotMeasuredError.class)
                    .hasMessage("not measured: a SessionsPerTask datapoint every 1m 00s: no SessionsPerTask datapoint "
                            + "in the metrics between 12:00:00 and 12:00:40 UTC");
        }

        @Test
        void aMetricsMonitorThatHasNotReadSinceCannotCallTheSourceDead() {
            assertThatCode(() -> datapoints(0, 60).read("metrics", 300).judgedAt(400).hasMetricEveryPeriod(
                    "SessionsPerTask", model(60), model(180))).doesNotThrowAnyException();
        }

        @Test
        void aLateDatapointIsNotYetAGap() {
            assertThatCode(() -> datapoints(0, 60, 180).judgedAt(350).hasMetricEveryPeriod("SessionsPerTask", model(60),
                    model(180))).doesNotThrowAnyException();
        }

        @Test
        void everyPeriodPasses() {
            assertThatCode(() -> datapoints(0, 60, 120, 180).judgedAt(400).hasMetricEveryPeriod("SessionsPerTask", model(60), model(180)))
                    .doesNotThrowAnyException();
        }
    }

    /** The findings behind the messages are data a report can read: wall-clock instants and durations. */
    @Nested
    class Findings {
        @Test
        void aFlapIsTheThreeChangesOfDesired() {
            Run run = new Run().service(0, 1, 1).service(220, 2, 1).service(250, 1, 1).service(340, 2, 1);
            assertThat(dev.scalingsuite.fleet.Flapping.find(run.history(400), model(600)))
                    .contains(new FlapFinding(model(600), new DesiredChange(1, 2, instant(220)),
                            new DesiredChange(2, 1, instant(250)), new DesiredChange(1, 2, instant(340))));
        }

        @Test
        void aSlowStartIsTheTasksWaitToBeHealthy() {
            Run run = new Run().task(10, "aaaaaaaa1", "10.0.0.1", "PROVISIONING", "RUNNING", false, 10)
                    .targets(100, Map.of("10.0.0.1", "initial"))
                    .at(200, "targets", Map.of("healthByIp", Map.of("10.0.0.1", "healthy"),
                            "previousReadAt", instant(190).toString()));
            Optional<SlowStartFinding> slow = ColdStarts.find(run.history(250), model(120));
            assertThat(slow).contains(new SlowStartFinding(model(120),
                    new HealthWait("aaaaaaaa1", instant(10), Optional.of(instant(200)), instant(250))));
            assertThat(slow.orElseThrow().healthWait().waited()).isEqualTo(model(190));
            assertThat(ColdStarts.find(run.history(250), model(200))).isEmpty();
        }

        @Test
        void aSilentSourceHasNoLastDatapoint() {
            assertThat(MetricPeriods.find(new Run().history(400), "SessionsPerTask",
                    model(60), model(180))).contains(new MissingDatapointFinding.Silence("SessionsPerTask", model(60),
                            Optional.empty(), instant(400)));
        }
    }

    @Test
    void scaleInBoundFollowsTheLivePolicy() {
        ScalingConfiguration config = new ScalingConfiguration(1, 12, List.of(), List.of(
                new ScalingConfiguration.StepPolicy("in", "ChangeInCapacity", List.of(-3), 30, "low", "SessionsPerTask",
                        "LessThanThreshold", 1.0, 60, 2, java.util.OptionalInt.of(2))), java.util.OptionalInt.of(10));
        ScaleInBound bound = ScaleInBound.of(config, new TargetGroupSettings(10, 2, 2, 300), 7).orElseThrow();
        org.assertj.core.api.Assertions.assertThat(bound.model()).isEqualTo(Duration.ofSeconds(120 + 60 + 60 + 300 + 120));
        org.assertj.core.api.Assertions.assertThat(bound.explanation()).isEqualTo("2 of 2 periods of 60s + 60s "
                + "evaluation + 1 more step(s) x 60s + deregistration delay 300s + 2 periods slack 120s = 11m 00s");
        org.assertj.core.api.Assertions.assertThat(ScaleInBound.of(new ScalingConfiguration(1, 12, List.of(),
                List.of(), java.util.OptionalInt.empty()), new TargetGroupSettings(10, 2, 2, 300), 7)).isEmpty();
    }

    @Test
    void scaleInBoundWaitsForEveryEvaluationPeriodWhenTheAlarmHasNoDatapointsToAlarm() {
        // as CDK creates the step alarm: SessionsPerTask <= 0 over 2 periods, DatapointsToAlarm unset
        ScalingConfiguration config = new ScalingConfiguration(1, 12, List.of(), List.of(
                new ScalingConfiguration.StepPolicy("in", "ChangeInCapacity", List.of(-3), 30, "low", "SessionsPerTask",
                        "LessThanOrEqualToThreshold", 0.0, 60, 2, java.util.OptionalInt.empty())),
                java.util.OptionalInt.of(10));
        ScaleInBound bound = ScaleInBound.of(config, new TargetGroupSettings(10, 2, 2, 300), 7).orElseThrow();
        org.assertj.core.api.Assertions.assertThat(bound.model()).isEqualTo(Duration.ofSeconds(120 + 60 + 60 + 300 + 120));
        org.assertj.core.api.Assertions.assertThat(bound.explanation()).startsWith("2 of 2 periods of 60s + 60s evaluation");
    }
}
