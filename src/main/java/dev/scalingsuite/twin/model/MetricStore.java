package dev.scalingsuite.twin.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CloudWatch's metric data: raw samples per metric identity, from PutMetricData and the twin's own
 * publishers. Queries aggregate them per period on demand, so any period and statistic can be asked
 * for later, as CloudWatch allows.
 */
public final class MetricStore {

    /** The simple statistics CloudWatch computes from statistic sets and raw values alike. */
    public static final List<String> SIMPLE_STATISTICS = List.of("Average", "Sum", "Minimum", "Maximum", "SampleCount");

    /** pNN or pNN.NN, 0 to 100: the percentile form of CloudWatch's extended statistics. */
    private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,3}(?:\\.\\d{1,2})?)");

    private final Map<MetricId, List<Sample>> samples = new ConcurrentHashMap<>();

    public void put(String namespace, String metricName, Map<String, String> dimensions, Instant timestamp,
            double value) {
        put(new MetricId(namespace, metricName, dimensions), Sample.of(timestamp, value, "None"));
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
        out.sort(Comparator.comparing(Sample::timestamp));
        return out;
    }

    public List<MetricId> metrics() {
        return List.copyOf(samples.keySet());
    }

    /**
     * One statistic per period, keyed by the period's start. Periods are aligned to the epoch (a 300 s
     * period starts at :00, :05, ...) as CloudWatch aligns them, so two queries over different ranges
     * agree on a period's value; only periods with data, and where the statistic is defined, appear.
     *
     * @param period the period in wall-clock time: a model period divided by the twin's time scale
     * @param unit only samples published with this unit count, as in CloudWatch; null for any unit
     */
    public SortedMap<Instant, Double> aggregate(MetricId id, Instant from, Instant to, Duration period,
            String statistic, String unit) {
        long periodMillis = Math.max(1, period.toMillis());
        SortedMap<Long, List<Sample>> buckets = new TreeMap<>();
        for (Sample sample : samples(id, from, to)) {
            if (unit == null || unit.equals(sample.unit())) {
                long start = Math.floorDiv(sample.timestamp().toEpochMilli(), periodMillis) * periodMillis;
                buckets.computeIfAbsent(start, k -> new ArrayList<>()).add(sample);
            }
        }
        SortedMap<Instant, Double> out = new TreeMap<>();
        buckets.forEach((start, inBucket) -> statistic(statistic, inBucket)
                .ifPresent(value -> out.put(Instant.ofEpochMilli(start), value)));
        return out;
    }

    /** True for the statistics {@link #statistic} computes: the simple five and percentiles p0 to p100. */
    public static boolean isStatistic(String statistic) {
        return SIMPLE_STATISTICS.contains(statistic) || percentile(statistic).isPresent();
    }

    /**
     * A statistic over a period's samples; empty when undefined there. Percentiles use the raw values
     * only (statistic sets carry none, as in CloudWatch) and the nearest-rank method over the values
     * weighted by their counts: the smallest value whose cumulative count reaches p% of all counts, so
     * p50 of 1, 2, 3, 4 is 2 and p90 of 1..10 is 9; never interpolated.
     */
    public static OptionalDouble statistic(String statistic, List<Sample> samples) {
        if (samples.isEmpty()) {
            return OptionalDouble.empty();
        }
        return switch (statistic) {
            case "SampleCount" -> OptionalDouble.of(samples.stream().mapToDouble(Sample::sampleCount).sum());
            case "Sum" -> OptionalDouble.of(samples.stream().mapToDouble(Sample::sum).sum());
            case "Minimum" -> samples.stream().mapToDouble(Sample::minimum).min();
            case "Maximum" -> samples.stream().mapToDouble(Sample::maximum).max();
            case "Average" -> OptionalDouble.of(samples.stream().mapToDouble(Sample::sum).sum()
                    / samples.stream().mapToDouble(Sample::sampleCount).sum());
            default -> percentile(statistic).isPresent()
                    ? nearestRank(percentile(statistic).getAsDouble(), samples)
                    : OptionalDouble.empty();
        };
    }

    private static OptionalDouble percentile(String statistic) {
        Matcher m = statistic == null ? null : PERCENTILE.matcher(statistic);
        if (m == null || !m.matches()) {
            return OptionalDouble.empty();
        }
        double p = Double.parseDouble(m.group(1));
        return p <= 100 ? OptionalDouble.of(p) : OptionalDouble.empty();
    }

    private static OptionalDouble nearestRank(double percent, List<Sample> samples) {
        List<double[]> weighted = new ArrayList<>();
        for (Sample sample : samples) {
            for (int i = 0; i < sample.values().size(); i++) {
                weighted.add(new double[] {sample.values().get(i), sample.counts().get(i)});
            }
        }
        if (weighted.isEmpty()) {
            return OptionalDouble.empty();
        }
        weighted.sort(Comparator.comparingDouble(v -> v[0]));
        double total = weighted.stream().mapToDouble(v -> v[1]).sum();
        double rank = percent / 100 * total;
        double cumulative = 0;
        for (double[] v : weighted) {
            cumulative += v[1];
            if (cumulative >= rank) {
                return OptionalDouble.of(v[0]);
            }
        }
        return OptionalDouble.of(weighted.get(weighted.size() - 1)[0]);
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
     * One published datapoint: a statistic set (SampleCount, Sum, Minimum, Maximum) and the raw values
     * with their counts when it was published as values, which make percentiles possible; the unit it was
     * published with, since queries that name a unit see only data in that unit.
     */
    public record Sample(Instant timestamp, double sampleCount, double sum, double minimum, double maximum,
            List<Double> values, List<Double> counts, String unit) {

        public Sample {
            Objects.requireNonNull(timestamp);
            values = List.copyOf(values);
            counts = counts == null ? Collections.nCopies(values.size(), 1.0) : List.copyOf(counts);
            if (counts.size() != values.size()) {
                throw new IllegalArgumentException("values and counts differ in size");
            }
            unit = unit == null ? "None" : unit;
        }

        /** The shape the twin's own publishers use: unit None, each raw value counted once. */
        public Sample(Instant timestamp, double sampleCount, double sum, double minimum, double maximum,
                List<Double> values) {
            this(timestamp, sampleCount, sum, minimum, maximum, values, null, "None");
        }

        /** A single value, as PutMetricData's {@code Value}. */
        public static Sample of(Instant timestamp, double value, String unit) {
            return new Sample(timestamp, 1, value, value, value, List.of(value), null, unit);
        }

        /** Raw values, each seen {@code counts[i]} times, as PutMetricData's {@code Values} and {@code Counts}. */
        public static Sample ofValues(Instant timestamp, List<Double> values, List<Double> counts, String unit) {
            List<Double> weights = counts == null ? Collections.nCopies(values.size(), 1.0) : counts;
            double n = 0;
            double sum = 0;
            for (int i = 0; i < values.size(); i++) {
                n += weights.get(i);
                sum += values.get(i) * weights.get(i);
            }
            double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            return new Sample(timestamp, n, sum, min, max, values, weights, unit);
        }

        /** A statistic set, as PutMetricData's {@code StatisticValues}: no raw values, so no percentiles. */
        public static Sample ofStatistics(Instant timestamp, double sampleCount, double sum, double minimum,
                double maximum, String unit) {
            return new Sample(timestamp, sampleCount, sum, minimum, maximum, List.of(), List.of(), unit);
        }
    }
}
