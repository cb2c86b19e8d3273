package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.fleet.EarliestScaling;
import dev.scalingsuite.fleet.MetricName;
import dev.scalingsuite.fleet.ModelClock;
import dev.scalingsuite.fleet.RunHistory;
import dev.scalingsuite.fleet.ScalingConfiguration;
import dev.scalingsuite.fleet.SessionMetrics;
import dev.scalingsuite.fleet.SourceNames;
import dev.scalingsuite.fleet.Telemetry;
import dev.scalingsuite.fleet.Timeline;
import dev.scalingsuite.fleet.finding.NotMeasured;
import dev.scalingsuite.fleet.finding.Source;
import dev.scalingsuite.scenario.Condition;
import dev.scalingsuite.scenario.ConditionKind;
import dev.scalingsuite.scenario.NotBefore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * An expect's not-before on hand-written histories, with its exact messages. Time scale 10: a 60 s metric
 * period lasts 6 s of wall time; the load started at model 00:00 (T0), on an idle fleet.
 */
class NotBeforeCheckTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final ModelClock CLOCK = new ModelClock(T0, 10);
    private static final List<Condition> DESIRED_2 = List.of(new Condition(ConditionKind.DESIRED_AT_LEAST, 2, 4));
    private static final ScalingConfiguration CONFIG = new ScalingConfiguration(1, 12, List.of(
            new ScalingConfiguration.TargetTracking("Tracking", "SessionsPerTask", "Average", 3, 60, 300, true,
                    List.of(new ScalingConfiguration.TrackingAlarm("AlarmHigh-1", "GreaterThanThreshold", 3, 60, 3,
                            OptionalInt.of(3))))), List.of(), OptionalInt.of(10));
    private static final String RULE = "scale-out-policy: the target tracking policy Tracking's alarm AlarmHigh-1: "
            + "3 of 3 datapoints of 60s with SessionsPerTask > 3";
    private static final SourceNames NAMES = new SourceNames() {
        @Override
        public String where(Source source) {
            return source == Source.ECS_SERVICE ? "ECS service svc of cluster c" : source.where();
        }

        @Override
        public MetricName metric(String key) {
            return new MetricName("VoiceAgent/Sessions", key, "Environment=poc");
        }
    };

    /** Wall time at model second {@code s} since T0. */
    private static Instant at(double s) {
        return T0.plusMillis(Math.round(s * 100));
    }

    /** SessionsPerTask datapoints of the periods starting at model 00:00, 01:00, ...; the one before the load idle. */
    private static RunHistory history(double... sessionsPerTask) {
        List<Timeline.Event> events = new ArrayList<>();
        events.add(metrics(-60, 0));
        for (int i = 0; i < sessionsPerTask.length; i++) {
            events.add(metrics(60 * i, sessionsPerTask[i]));
        }
        return new RunHistory(events, CLOCK, at(600));
    }

    private static Timeline.Event metrics(double periodStart, double value) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(SessionMetrics.SESSIONS_PER_TASK, value);
        fields.put("datapointAt", at(periodStart).toString());
        return new Timeline.Event(at(periodStart + 1), "metrics", fields);
    }

    private static NotBeforeCheck check(NotBefore notBefore, double stepStart, ScalingConfiguration config) {
        return new NotBeforeCheck(3, DESIRED_2, notBefore, at(stepStart), T0, NotBeforeCheck.paths(notBefore, config),
                CLOCK, NAMES, Telemetry.DEPLOYED);
    }

    private static NotBeforeCheck scaleOut(double stepStart) {
        return check(NotBefore.of(NotBefore.Policy.SCALE_OUT), stepStart, CONFIG);
    }

    @Test
    void aDurationCountsFromTheStepsStart() {
        NotBeforeCheck early = check(NotBefore.after(Duration.ofSeconds(90)), 0, CONFIG);
        early.polled(at(10), true, false);
        assertThatThrownBy(() -> early.held(at(60), history(), true)).isInstanceOf(AssertionError.class)
                .hasMessage("step 3: desired count >= 2 held after 1m, before not-before 1m30s (counted from the "
                        + "step's start)");

        NotBeforeCheck inTime = check(NotBefore.after(Duration.ofSeconds(90)), 0, CONFIG);
        inTime.polled(at(10), true, false);
        assertThat(inTime.held(at(100), history(), true)).isEqualTo(new NotBeforeCheck.Verdict(
                "held after 1m40s, not before 1m30s (counted from the step's start)", Optional.empty()));
        assertThat(inTime.metricsNeededPast(at(60), history())).as("a duration needs no metrics").isEmpty();
    }

    @Test
    void scaleOutBeforeTheAlarmsDatapointsCouldHaveBreachedFails() {
        NotBeforeCheck check = scaleOut(30);
        check.polled(at(30), true, false);
        RunHistory history = history(5, 5);
        assertThat(check.metricsNeededPast(at(70), history)).as("a period's datapoints may still arrive")
                .contains(at(130));
        assertThatThrownBy(() -> check.held(at(70), history, true)).isInstanceOf(AssertionError.class)
                .hasMessage("step 3: desired count >= 2 held after 40s, before not-before 1m30s (" + RULE + "; the "
                        + "first breaching datapoint is the period of 00:00, so not before 02:00)");
    }

    @Test
    void scaleOutBeforeAnyDatapointBreachedFails() {
        NotBeforeCheck check = scaleOut(30);
        assertThatThrownBy(() -> check.held(at(70), history(2, 3), true)).isInstanceOf(AssertionError.class)
                .hasMessage("step 3: desired count >= 2 held after 40s, before not-before (" + RULE + "; no datapoint "
                        + "had breached it)");
    }

    @Test
    void scaleOutOnceTheDatapointsCouldHaveBreachedPassesAndWasMeasured() {
        NotBeforeCheck check = scaleOut(30);
        check.polled(at(30), false, false);
        check.polled(at(32), true, false);
        assertThat(check.metricsNeededPast(at(130), history(5, 5, 5))).isEmpty();
        assertThat(check.held(at(130), history(5, 5, 5), true)).isEqualTo(new NotBeforeCheck.Verdict(
                "held after 1m40s, not before 1m30s (" + RULE + "; the first breaching datapoint is the period of 00:00, "
                        + "so not before 02:00)", Optional.empty()));
    }

    @Test
    void aBoundThatPassedBeforeTheStepReadTheConditionsIsNotMeasured() {
        NotBeforeCheck check = scaleOut(150);
        Optional<NotMeasured> notMeasured = check.held(at(150), history(5, 5, 5), true).notMeasured();
        assertThat(notMeasured.map(NotMeasured::message)).contains("not measured: not-before: no reading of desired "
                + "count that did not hold in ECS service svc of cluster c before 12:00:12 UTC (not-before, which came "
                + "before the step started at 12:00:15 UTC)");
    }

    @Test
    void withoutDatapointsOrWithoutTheirReadsItIsNotMeasured() {
        NotBeforeCheck check = scaleOut(30);
        check.polled(at(30), true, false);
        assertThat(check.held(at(70), new RunHistory(List.of(), CLOCK, at(600)), true).notMeasured()
                .map(NotMeasured::message)).contains("not measured: not-before: no SessionsPerTask datapoint in "
                        + "VoiceAgent/Sessions {Environment=poc} between 12:00:00 and 12:00:07 UTC");
        assertThat(check.held(at(70), history(5), false).notMeasured().map(NotMeasured::message))
                .contains("not measured: not-before: no SessionsPerTask datapoint read a period after the conditions "
                        + "held in VoiceAgent/Sessions {Environment=poc} after 12:00:07 UTC (the metrics were not read "
                        + "that far)");
    }

    @Test
    void anAlarmOnAMetricTheSuiteDoesNotReadIsNotMeasured() {
        var onCpu = new ScalingConfiguration(1, 12, List.of(new ScalingConfiguration.TargetTracking("Cpu",
                "CPUUtilization", "Average", 60, 60, 300, true)), List.of(), OptionalInt.empty());
        NotBeforeCheck check = check(NotBefore.of(NotBefore.Policy.SCALE_OUT), 30, onCpu);
        assertThat(check.held(at(70), history(5), true).notMeasured().map(NotMeasured::message)).contains(
                "not measured: not-before: no CPUUtilization datapoint (the metric of the target tracking policy Cpu's "
                        + "AlarmHigh; the suite reads SessionsPerTask, MaxSessionsPerTask, ActiveCount, "
                        + "HealthyTaskCount) in the metrics");
    }

    @Test
    void conditionsThatNeverHeldOrWereNeverPolledBeforeIt() {
        NotBeforeCheck polled = scaleOut(30);
        polled.polled(at(30), true, false);
        assertThat(polled.neverHeld()).isEmpty();
        assertThat(scaleOut(30).neverHeld().map(NotMeasured::message)).contains("not measured: not-before: no reading "
                + "of desired count that did not hold in ECS service svc of cluster c before the step's bound");
        assertThat(scaleOut(30).notPolled().message()).isEqualTo("not measured: not-before: no reading of desired "
                + "count that did not hold in ECS service svc of cluster c (waits: fixed reads the conditions once, at "
                + "the step's bound)");
    }

    @Test
    void aPolicysNotBeforeNeedsSuchAPolicy() {
        var none = new ScalingConfiguration(1, 12, List.of(), List.of(), OptionalInt.empty());
        assertThatThrownBy(() -> check(NotBefore.of(NotBefore.Policy.SCALE_IN), 0, none))
                .isInstanceOf(AssertionError.class).hasMessage("not-before: scale-in-policy needs a scale-in policy, "
                        + "but the live configuration has none (a target tracking policy with scale-in enabled, or a "
                        + "step policy with a negative adjustment and its alarm); write a duration instead");
        assertThat(EarliestScaling.paths(CONFIG, EarliestScaling.Direction.IN)).isEmpty();
    }
}
