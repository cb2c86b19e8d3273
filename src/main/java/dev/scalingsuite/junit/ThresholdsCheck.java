package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.CallOutcomes;
import dev.scalingsuite.fleet.LatencyAssert;
import dev.scalingsuite.fleet.MetricName;
import dev.scalingsuite.fleet.MetricsPort;
import dev.scalingsuite.fleet.NotMeasuredError;
import dev.scalingsuite.fleet.SessionMetrics;
import dev.scalingsuite.fleet.error.TimeFormat;
import dev.scalingsuite.fleet.finding.NotMeasured;
import dev.scalingsuite.scenario.Thresholds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The run's last judgement, the {@code thresholds} step: the invariants once more over the whole run,
 * the thresholds on the settled calls and on the latency metric's final datapoints, then every threshold
 * and invariant that was not measured. A violation is named first, as it always was; a check not measured
 * fails the run unless the scenario allows it.
 */
final class ThresholdsCheck {

    private ThresholdsCheck() {
    }

    /** What the latency threshold reads: the worst period's p95 and where and when it was looked for. */
    record Latency(OptionalDouble worstP95Millis, MetricName metric, Instant from, Instant to) {

        /** The worst response latency p95 of any metric period from {@code from} to {@code to}, as read now. */
        static Latency read(MetricsPort metrics, Instant from, Instant to) {
            OptionalDouble worst = metrics.history(from, to).stream()
                    .map(m -> m.value(SessionMetrics.LATENCY_P95)).filter(OptionalDouble::isPresent)
                    .mapToDouble(OptionalDouble::getAsDouble).max();
            return new Latency(worst, metrics.metric(SessionMetrics.LATENCY_P95), from, to);
        }
    }

    /**
     * Fails with the first invariant or threshold broken, else with every check not measured that the
     * scenario does not allow; returns what the allowed ones were ({@link Measurements#allowed}), or empty.
     *
     * @param time writes the calls' times in a failure that names calls (model time in a run)
     */
    static String check(Thresholds thresholds, InvariantGuard guard, Measurements measurements, CallOutcomes calls,
            Latency latency, TimeFormat time) {
        guard.check();
        List<NotMeasured> notMeasured = new ArrayList<>(CallThresholds.check(thresholds, calls, time));
        thresholds.maxE2eP95().ifPresent(max -> {
            try {
                LatencyAssert.assertThat(latency.worstP95Millis(), latency.metric()).hasP95AtMost(max);
            } catch (NotMeasuredError e) {
                notMeasured.add(e.as("max-e2e-p95").map(m -> m.between(latency.from(), latency.to())));
            }
        });
        measurements.thresholds(notMeasured);
        List<NotMeasured> all = new ArrayList<>(measurements.invariantsNotMeasured());
        all.addAll(notMeasured);
        return measurements.failUnlessAllowed("", all);
    }
}
