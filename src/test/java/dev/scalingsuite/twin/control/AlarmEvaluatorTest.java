package dev.scalingsuite.twin.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.twin.model.Alarm;
import dev.scalingsuite.twin.model.MetricStore.MetricId;
import dev.scalingsuite.twin.model.MetricStore.Sample;
import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * An alarm as CDK creates a step scaling alarm, with neither DatapointsToAlarm nor TreatMissingData,
 * evaluated period by period on the twin's own instants: it needs all EvaluationPeriods to breach and
 * takes a missing datapoint as missing.
 */
class AlarmEvaluatorTest {

    /** At the default time scale 10, a 60 s period lasts 6 s of wall time. */
    private static final Duration PERIOD = Duration.ofSeconds(6);
    /** A period boundary. */
    private static final Instant B0 = Instant.ofEpochSecond(6 * 300_000_000L);
    private static final MetricId METRIC = new MetricId("Twin/AlarmEvaluatorTest", "SessionsPerTask",
            Map.of("Environment", "twin"));

    private final StackModel stack = new StackModel(TwinSettings.defaults(), Clock.fixed(B0, ZoneOffset.UTC));
    private final Alarm alarm = new Alarm("cdk-step-alarm", "arn:aws:cloudwatch:us-east-1:123456789012:alarm:x",
            METRIC.namespace(), METRIC.metricName(), METRIC.dimensions(), "Average", 60, 2, OptionalInt.empty(), 0,
            "LessThanOrEqualToThreshold", Optional.empty(), List.of(), B0.minus(Duration.ofDays(1)));
    private final AlarmEvaluator evaluator = new AlarmEvaluator(stack, new AutoScaler(stack));

    /** The state after the evaluation that follows the boundary {@code boundary}. */
    private String evaluatedAfter(Instant boundary) {
        // the only alarm is evaluated a tenth of a period after each boundary
        evaluator.evaluateDue(boundary.plus(PERIOD.multipliedBy(5).dividedBy(10)));
        return alarm.state();
    }

    private void datapoint(Instant periodStart, double value) {
        stack.metrics().put(METRIC, Sample.of(periodStart.plusSeconds(1), value, "None"));
    }

    @Test
    void withoutDatapointsToAlarmBothPeriodsMustBreach() {
        stack.alarms().clear();
        stack.alarms().add(alarm);
        assertThat(alarm.datapoints()).isEqualTo(2);
        assertThat(alarm.missingDataPolicy()).isEqualTo("missing");
        evaluator.evaluateDue(B0.minus(PERIOD.dividedBy(2)));

        // no data at all: unknown, not an error for want of a TreatMissingData
        assertThat(evaluatedAfter(B0)).isEqualTo("INSUFFICIENT_DATA");

        datapoint(B0, 1);
        datapoint(B0.plus(PERIOD), 0);
        assertThat(evaluatedAfter(B0.plus(PERIOD.multipliedBy(2)))).as("1 of 2 breaching").isEqualTo("OK");

        datapoint(B0.plus(PERIOD.multipliedBy(2)), 0);
        assertThat(evaluatedAfter(B0.plus(PERIOD.multipliedBy(3)))).as("2 of 2 breaching").isEqualTo("ALARM");
        assertThat(alarm.stateReason()).isEqualTo("Threshold Crossed: 2 out of the last 2 datapoints [0.0, 0.0] were "
                + "less than or equal to the threshold (0).");

        // one breaching datapoint and one missing: neither enough to alarm nor to be OK, so the state stays
        assertThat(evaluatedAfter(B0.plus(PERIOD.multipliedBy(4)))).isEqualTo("ALARM");
    }
}
