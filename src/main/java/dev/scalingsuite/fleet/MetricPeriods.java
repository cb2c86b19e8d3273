package dev.scalingsuite.fleet;

import dev.scalingsuite.fleet.finding.MissingDatapointFinding;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Whether a metric has a datapoint for every period. */
public final class MetricPeriods {

    private MetricPeriods() {
    }

    /**
     * The first period between the first and the latest datapoint of {@code metric} without one, or
     * else none since the latest (or the start): a source that stopped (or never started) publishing
     * leaves no gap between datapoints to find. ({@link HistoryAssert} reports a source that never
     * published as not measured: with no datapoint at all, nothing about the periods was measured.) A datapoint may arrive late, so a period counts as
     * missing only once it ended {@code lateness} before the metrics were last read.
     */
    public static Optional<MissingDatapointFinding> find(RunHistory history, String metric, Duration wallPeriod,
            Duration lateness) {
        List<Instant> points = history.datapoints(metric);
        Instant judged = history.judgedAt("metrics");
        for (int i = 1; i < points.size(); i++) {
            Duration gap = Duration.between(points.get(i - 1), points.get(i));
            Instant missing = points.get(i - 1).plus(wallPeriod);
            boolean overdue = judged.isAfter(missing.plus(wallPeriod).plus(lateness));
            if (gap.compareTo(wallPeriod.multipliedBy(3).dividedBy(2)) > 0 && overdue) {
                return Optional.of(new MissingDatapointFinding.Gap(metric, wallPeriod, missing, points.get(i - 1),
                        points.get(i)));
            }
        }
        Optional<Instant> last = points.isEmpty() ? Optional.empty() : Optional.of(points.get(points.size() - 1));
        if (judged.isAfter(last.orElse(history.clock().start()).plus(wallPeriod.multipliedBy(2)).plus(lateness))) {
            return Optional.of(new MissingDatapointFinding.Silence(metric, wallPeriod, last, judged));
        }
        return Optional.empty();
    }
}
