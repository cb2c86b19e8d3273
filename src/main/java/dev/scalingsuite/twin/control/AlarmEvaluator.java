package dev.scalingsuite.twin.control;

import dev.scalingsuite.twin.model.Alarm;
import dev.scalingsuite.twin.model.MetricStore;
import dev.scalingsuite.twin.model.MetricStore.MetricId;
import dev.scalingsuite.twin.model.StackModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * CloudWatch alarm evaluation on period-aligned ticks: the last EvaluationPeriods complete periods,
 * gaps filled per TreatMissingData ({@code missing} when unset), ALARM when DatapointsToAlarm of them
 * breach (all EvaluationPeriods when unset). While an alarm is in
 * ALARM its actions run at every evaluation, as CloudWatch re-sends the scaling action every minute.
 * CloudWatch evaluates each alarm on its own schedule, so the twin staggers them: the first alarm a
 * tenth of a period after the boundary (once the counter has published), each further one another
 * tenth later. Alarms evaluated at the same instant would let one policy undo another before ECS saw
 * the change. A fault profile may change how an alarm evaluates ({@link EffectiveAlarm}), never what
 * it reports.
 */
final class AlarmEvaluator {

    private final StackModel stack;
    private final AutoScaler scaler;
    private final Map<String, Instant> lastEvaluated = new HashMap<>();

    AlarmEvaluator(StackModel stack, AutoScaler scaler) {
        this.stack = stack;
        this.scaler = scaler;
    }

    /**
     * Evaluates every alarm whose moment after its latest period boundary has come; each boundary
     * once. Boundaries before the first call are skipped: the twin starts with no evaluation due.
     */
    void evaluateDue(Instant now) {
        List<Alarm> alarms = stack.alarms();
        for (int i = 0; i < alarms.size(); i++) {
            Alarm alarm = alarms.get(i);
            Duration period = stack.wall(alarm.period());
            long periodMillis = Math.max(1, period.toMillis());
            Instant boundary = align(now.minus(delay(i, alarm)), periodMillis);
            Instant last = lastEvaluated.get(alarm.name());
            if (last == null) {
                // the counter published nothing at the boundary the twin started in
                lastEvaluated.put(alarm.name(), align(now, periodMillis));
            } else if (boundary.isAfter(last)) {
                lastEvaluated.put(alarm.name(), boundary);
                evaluate(alarm, boundary, period, now);
            }
        }
    }

    private static Instant align(Instant at, long periodMillis) {
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), periodMillis) * periodMillis);
    }

    /** A tenth of the period per place in the list, at most nine tenths. */
    private Duration delay(int index, Alarm alarm) {
        return stack.wall(alarm.period() * Math.min(index + 1, 9) / 10.0);
    }

    private void evaluate(Alarm alarm, Instant boundary, Duration period, Instant now) {
        EffectiveAlarm effective = EffectiveAlarm.of(stack, alarm);
        MetricId id = effective.metric(alarm);
        List<Double> values = new ArrayList<>();
        Instant latestPeriod = null;
        int breaching = 0;
        int notBreaching = 0;
        int missing = 0;
        for (int i = effective.evaluationPeriods(); i >= 1; i--) {
            Instant start = boundary.minus(period.multipliedBy(i));
            OptionalDouble value = aggregate(stack.metrics(), id, start, start.plus(period), effective.statistic());
            if (value.isPresent()) {
                values.add(value.getAsDouble());
                latestPeriod = start;
                if (effective.breaches(value.getAsDouble())) {
                    breaching++;
                } else {
                    notBreaching++;
                }
            } else {
                switch (alarm.missingDataPolicy()) {
                    case "breaching" -> breaching++;
                    case "notBreaching" -> notBreaching++;
                    default -> missing++;
                }
            }
        }
        int m = effective.datapoints();
        int n = effective.evaluationPeriods();
        // the reason speaks of the configured comparison and periods, as DescribeAlarms does: a fault shows
        // only in datapoints that contradict it
        String reasonData = ",\"recentDatapoints\":" + values;
        if (breaching >= m) {
            alarm.transition("ALARM", String.format(Locale.ROOT,
                    "Threshold Crossed: %d out of the last %d datapoints %s were %s the threshold (%s).",
                    breaching, alarm.evaluationPeriods(), values, comparisonWords(alarm), trim(alarm.threshold())), reasonData, now);
        } else if (notBreaching > n - m) {
            alarm.transition("OK", String.format(Locale.ROOT,
                    "Threshold Crossed: %d out of the last %d datapoints %s were not %s the threshold (%s).",
                    notBreaching, alarm.evaluationPeriods(), values, comparisonWords(alarm), trim(alarm.threshold())), reasonData, now);
        } else if (missing == n && !alarm.missingDataPolicy().equals("ignore")) {
            alarm.transition("INSUFFICIENT_DATA", "Insufficient Data: " + alarm.evaluationPeriods()
                    + " datapoints were unknown.",
                    reasonData, now);
        }
        if (alarm.state().equals("ALARM") && !values.isEmpty()) {
            double latest = values.get(values.size() - 1);
            for (String action : alarm.alarmActions()) {
                scaler.alarmAction(alarm, action, latest, latestPeriod, period, now);
            }
        }
    }

    private static String comparisonWords(Alarm alarm) {
        return switch (alarm.comparisonOperator()) {
            case "GreaterThanThreshold" -> "greater than";
            case "GreaterThanOrEqualToThreshold" -> "greater than or equal to";
            case "LessThanThreshold" -> "less than";
            default -> "less than or equal to";
        };
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** One period's statistic over its samples, empty when the period has none. */
    static OptionalDouble aggregate(MetricStore store, MetricId id, Instant from, Instant to, String statistic) {
        return MetricStore.statistic(statistic, store.samples(id, from, to));
    }
}
