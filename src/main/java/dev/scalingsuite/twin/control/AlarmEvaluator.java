package dev.scalingsuite.twin.control;

import dev.scalingsuite.twin.model.Alarm;
import dev.scalingsuite.twin.model.MetricStore;
import dev.scalingsuite.twin.model.MetricStore.MetricId;
import dev.scalingsuite.twin.model.StackModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * CloudWatch alarm evaluation on period-aligned ticks: the last EvaluationPeriods complete periods,
 * gaps filled per TreatMissingData, ALARM when DatapointsToAlarm of them breach. While an alarm is in
 * ALARM its actions run at every evaluation, as CloudWatch re-sends the scaling action every minute.
 */
final class AlarmEvaluator {

    private final StackModel stack;
    private final AutoScaler scaler;

    AlarmEvaluator(StackModel stack, AutoScaler scaler) {
        this.stack = stack;
        this.scaler = scaler;
    }

    /** Evaluates every alarm whose period ends at {@code boundary}. */
    void evaluate(Instant boundary, Instant now) {
        for (Alarm alarm : stack.alarms()) {
            Duration period = stack.wall(alarm.period());
            if (boundary.toEpochMilli() % period.toMillis() != 0) {
                continue;
            }
            evaluate(alarm, boundary, period, now);
        }
    }

    private void evaluate(Alarm alarm, Instant boundary, Duration period, Instant now) {
        MetricId id = new MetricId(alarm.namespace(), alarm.metricName(), alarm.dimensions());
        List<Double> values = new ArrayList<>();
        Instant latestPeriod = null;
        int breaching = 0;
        int notBreaching = 0;
        int missing = 0;
        for (int i = alarm.evaluationPeriods(); i >= 1; i--) {
            Instant start = boundary.minus(period.multipliedBy(i));
            OptionalDouble value = aggregate(stack.metrics(), id, start, start.plus(period), alarm.statistic());
            if (value.isPresent()) {
                values.add(value.getAsDouble());
                latestPeriod = start;
                if (breaches(alarm, value.getAsDouble())) {
                    breaching++;
                } else {
                    notBreaching++;
                }
            } else {
                switch (alarm.treatMissingData()) {
                    case "breaching" -> breaching++;
                    case "notBreaching" -> notBreaching++;
                    default -> missing++;
                }
            }
        }
        int m = alarm.datapointsToAlarm();
        int n = alarm.evaluationPeriods();
        String reasonData = ",\"recentDatapoints\":" + values;
        if (breaching >= m) {
            alarm.transition("ALARM", String.format(Locale.ROOT,
                    "Threshold Crossed: %d out of the last %d datapoints %s were %s the threshold (%s).",
                    breaching, n, values, comparisonWords(alarm), trim(alarm.threshold())), reasonData, now);
        } else if (notBreaching > n - m) {
            alarm.transition("OK", String.format(Locale.ROOT,
                    "Threshold Crossed: %d out of the last %d datapoints %s were not %s the threshold (%s).",
                    notBreaching, n, values, comparisonWords(alarm), trim(alarm.threshold())), reasonData, now);
        } else if (missing == n && !alarm.treatMissingData().equals("ignore")) {
            alarm.transition("INSUFFICIENT_DATA", "Insufficient Data: " + n + " datapoints were unknown.",
                    reasonData, now);
        }
        if (alarm.state().equals("ALARM") && !values.isEmpty()) {
            double latest = values.get(values.size() - 1);
            for (String action : alarm.alarmActions()) {
                scaler.alarmAction(alarm, action, latest, latestPeriod, period, now);
            }
        }
    }

    static boolean breaches(Alarm alarm, double value) {
        double t = alarm.threshold();
        return switch (alarm.comparisonOperator()) {
            case "GreaterThanThreshold" -> value > t;
            case "GreaterThanOrEqualToThreshold" -> value >= t;
            case "LessThanThreshold" -> value < t;
            case "LessThanOrEqualToThreshold" -> value <= t;
            default -> false;
        };
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
