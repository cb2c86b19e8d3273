package dev.scalingsuite.twin.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CloudWatch's metric data: raw samples per metric identity, from PutMetricData and the twin's own
 * publishers. Queries aggregate them per period on demand.
 */
public final class MetricStore {

    private final Map<MetricId, List<Sample>> samples = new ConcurrentHashMap<>();

    public void put(String namespace, String metricName, Map<String, String> dimensions, Instant timestamp,
            double value) {
        put(new MetricId(namespace, metricName, dimensions), new Sample(timestamp, 1, value, value, value, List.of(value)));
    }

    public void put(MetricId id, Sample sample) {
        samples.computeIfAbsent(id, k -> new ArrayList<>()).add(sample);
    }

    /** The samples of one metric with {@code from <= timestamp < to}, oldest first. */
    public List<Sample> samples(MetricId id, Instant from, Instant to) {
        List<Sample> out = new ArrayList<>();
        for (Sample sample : samples.getOrDefault(id, List.of())) {
            if (!sample.timestamp().isBefore(from) && sample.timestamp().isBefore(to)) {
                out.add(sample);
            }
        }
        out.sort((a, b) -> a.timestamp().compareTo(b.timestamp()));
        return out;
    }

    public List<MetricId> metrics() {
        return List.copyOf(samples.keySet());
    }

    /** A metric's identity: namespace, name and its dimensions (order does not matter). */
    public record MetricId(String namespace, String metricName, Map<String, String> dimensions) {
        public MetricId {
            Objects.requireNonNull(namespace);
            Objects.requireNonNull(metricName);
            dimensions = Map.copyOf(new TreeMap<>(dimensions));
        }
    }

    /**
     * One published datapoint; a statistic set (SampleCount, Sum, Minimum, Maximum) or single values,
     * whose raw values make percentiles possible.
     */
    public record Sample(Instant timestamp, double sampleCount, double sum, double minimum, double maximum,
            List<Double> values) {
    }
}
