package dev.scalingsuite.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The earliest the live policy lets the fleet scale, on hand-written datapoints. Wall time here is model
 * time (factor 1): periods of 60 s from T0.
 */
class EarliestScalingTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration PERIOD = Duration.ofSeconds(60);

    private static final ScalingConfiguration.TargetTracking TRACKING = new ScalingConfiguration.TargetTracking(
            "Tracking", "SessionsPerTask", "Average", 3, 60, 300, true,
            List.of(new ScalingConfiguration.TrackingAlarm("AlarmHigh-1", "GreaterThanThreshold", 3, 60, 3,
                    OptionalInt.of(3))));
    private static final ScalingConfiguration.StepPolicy STEP_IN = new ScalingConfiguration.StepPolicy("ScaleIn",
            "ChangeInCapacity", List.of(-3), 30, "LowerAlarm", "SessionsPerTask", "LessThanThreshold", 1, 60, 2,
            OptionalInt.empty());
    private static final ScalingConfiguration CONFIG = new ScalingConfiguration(1, 12, List.of(TRACKING),
            List.of(STEP_IN), OptionalInt.of(10));

    /** Datapoints of 60 s periods from T0, one value each. */
    private static List<RunHistory.Datapoint> points(double... values) {
        return IntStream.range(0, values.length)
                .mapToObj(i -> new RunHistory.Datapoint(T0.plus(PERIOD.multipliedBy(i)), values[i])).toList();
    }

    private static Instant period(int n) {
        return T0.plus(PERIOD.multipliedBy(n));
    }

    private static EarliestScaling.Earliest earliest(EarliestScaling.Path path, List<RunHistory.Datapoint> points,
            Instant anchor) {
        return EarliestScaling.of(path, points, anchor, PERIOD, path.afterFirstBreach());
    }

    @Test
    void scaleOutIsTargetTrackingsAlarmHighAsReadAndScaleInTheStepPolicysAlarm() {
        assertThat(EarliestScaling.paths(CONFIG, EarliestScaling.Direction.OUT)).singleElement().satisfies(p -> {
            assertThat(p.describe()).isEqualTo("the target tracking policy Tracking's alarm AlarmHigh-1: 3 of 3 "
                    + "datapoints of 60s with SessionsPerTask > 3");
            assertThat(p.afterFirstBreach()).isEqualTo(Duration.ofMinutes(2));
        });
        assertThat(EarliestScaling.paths(CONFIG, EarliestScaling.Direction.IN)).singleElement()
                .satisfies(p -> assertThat(p.describe()).isEqualTo("the step policy ScaleIn's alarm LowerAlarm: 2 of 2 "
                        + "datapoints of 60s with SessionsPerTask < 1"));
        assertThat(EarliestScaling.describe(CONFIG, EarliestScaling.Direction.IN)).isEqualTo("the step policy "
                + "ScaleIn's alarm LowerAlarm: 2 of 2 datapoints of 60s with SessionsPerTask < 1, so 1m 00s after the "
                + "first breaching datapoint's period start");
    }

    @Test
    void targetTrackingWhoseAlarmsWereNotReadHasTheAlarmsAwsCreatesForIt() {
        var tracking = new ScalingConfiguration.TargetTracking("Tracking", "SessionsPerTask", "Average", 3, 60, 300,
                false);
        var config = new ScalingConfiguration(1, 12, List.of(tracking), List.of(), OptionalInt.empty());
        assertThat(EarliestScaling.paths(config, EarliestScaling.Direction.OUT)).singleElement()
                .satisfies(p -> assertThat(p.describe()).isEqualTo("the target tracking policy Tracking's AlarmHigh "
                        + "(target tracking's as AWS creates it, not read): 3 of 3 datapoints of 60s with "
                        + "SessionsPerTask > 3"));
        assertThat(EarliestScaling.paths(config, EarliestScaling.Direction.IN)).singleElement()
                .satisfies(p -> assertThat(p.rule()).isEqualTo("15 of 15 datapoints of 60s with SessionsPerTask < 2.70"));
        assertThat(EarliestScaling.paths(new ScalingConfiguration(1, 12, List.of(), List.of(), OptionalInt.empty()),
                EarliestScaling.Direction.OUT)).isEmpty();
    }

    @Test
    void theEarliestIsTheFirstBreachingPeriodPlusTheOtherDatapointsPeriods() {
        var high = EarliestScaling.paths(CONFIG, EarliestScaling.Direction.OUT).get(0);
        // idle until the load at 02:30; the period of 02:00 has not ended then, so its datapoint may hold the load
        var e = earliest(high, points(0, 0, 0, 5, 5, 5), period(2).plusSeconds(30));
        assertThat(e.firstBreach()).contains(new RunHistory.Datapoint(period(3), 5));
        assertThat(e.earliest()).contains(period(5));
    }

    @Test
    void aBreachInProgressAtTheLoadCountsFromItsOwnStart() {
        var high = EarliestScaling.paths(CONFIG, EarliestScaling.Direction.OUT).get(0);
        var e = earliest(high, points(0, 4, 4, 5, 5), period(3));
        assertThat(e.earliest()).as("from the period of 01:00, not from the load at 03:00").contains(period(3));
        assertThat(earliest(high, points(4, 4, 5), period(2)).earliest()).as("no datapoint before it stopped breaching")
                .contains(period(2));
    }

    @Test
    void withFewerDatapointsThanPeriodsOneQuietPeriodDoesNotEndTheBreach() {
        var twoOfThree = new EarliestScaling.Path("an alarm", "SessionsPerTask", "GreaterThanThreshold", 3, 60, 3, 2,
                true);
        // 2 of 3: one datapoint below the threshold among three still alarms, so it takes two in a row to reset
        assertThat(earliest(twoOfThree, points(0, 0, 5, 0, 5), period(4)).earliest()).contains(period(3));
        assertThat(earliest(twoOfThree, points(5, 0, 0, 5), period(3)).earliest()).contains(period(4));
    }

    @Test
    void nothingBreachedAllowsNothingYet() {
        var high = EarliestScaling.paths(CONFIG, EarliestScaling.Direction.OUT).get(0);
        var e = earliest(high, points(0, 1, 3), period(0));
        assertThat(e.firstBreach()).isEmpty();
        assertThat(e.earliest()).isEmpty();
    }
}
