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
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code scale-out-on-one-datapoint} fault: target tracking's AlarmHigh, configured (and reported) as 3 of
 * 3 periods, goes to ALARM on the first breaching datapoint and scales out two periods early; the scale-in
 * alarm still needs all of its periods.
 */
class ScaleOutOnOneDatapointTest {

    /** At the default time scale 10, a 60 s period lasts 6 s of wall time. */
    private static final Duration PERIOD = Duration.ofSeconds(6);
    private static final Instant B0 = Instant.ofEpochSecond(6 * 300_000_000L);

    /** The desired count after one breaching period (5 sessions on the one task), evaluated once. */
    private static Outcome afterOneBreachingPeriod(Map<String, String> settings) {
        StackModel stack = new StackModel(TwinSettings.of(settings, "twin."), Clock.fixed(B0, ZoneOffset.UTC));
        AlarmEvaluator evaluator = new AlarmEvaluator(stack, new AutoScaler(stack));
        evaluator.evaluateDue(B0.minus(PERIOD.dividedBy(2)));
        Map<String, String> dims = Map.of("Environment", stack.settings().environment());
        stack.metrics().put(new MetricId(StackModel.SESSIONS_NAMESPACE, "SessionsPerTask", dims),
                Sample.of(B0, 5, "None"));
        stack.metrics().put(new MetricId(StackModel.SESSIONS_NAMESPACE, "HealthyTaskCount", dims),
                Sample.of(B0, 1, "None"));
        // every alarm's evaluation after the period of B0 ended (each a tenth of a period after the other)
        evaluator.evaluateDue(B0.plus(PERIOD).plus(PERIOD.multipliedBy(9).dividedBy(10)));
        Alarm high = stack.alarms().stream().filter(a -> a.name().contains("AlarmHigh")).findFirst().orElseThrow();
        return new Outcome(high, stack.ecs().desiredCount());
    }

    record Outcome(Alarm high, int desired) {
    }

    @Test
    void theHighAlarmDecidesOnOneDatapointWhileItReportsThreeOfThree() {
        Outcome healthy = afterOneBreachingPeriod(Map.of());
        Outcome faulty = afterOneBreachingPeriod(Map.of("twin.faults", "scale-out-on-one-datapoint"));

        assertThat(healthy.desired()).as("1 of 3 datapoints: not yet").isEqualTo(1);
        assertThat(healthy.high().state()).isNotEqualTo("ALARM");
        assertThat(faulty.desired()).as("ceil(1 x 5 / 3)").isEqualTo(2);
        assertThat(faulty.high().state()).isEqualTo("ALARM");
        assertThat(faulty.high().stateReason()).isEqualTo("Threshold Crossed: 1 out of the last 3 datapoints [5.0] "
                + "were greater than the threshold (3).");
        assertThat(faulty.high().evaluationPeriods()).as("as configured, and reported").isEqualTo(3);
        assertThat(faulty.high().datapoints()).isEqualTo(3);
    }
}
