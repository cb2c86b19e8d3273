package dev.scalingsuite.twin.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CloudWatch Logs: log groups of streams of events, in ingestion order. Ingesting an event extracts
 * the metrics it embeds in CloudWatch's Embedded Metric Format ({@link EmbeddedMetrics}) into the
 * metric store, as CloudWatch does for every log event it ingests, whoever sent it (the awslogs
 * driver of a task, a Lambda, PutLogEvents).
 */
public final class LogStore {

    private final Map<String, List<LogEvent>> groups = new LinkedHashMap<>();
    private final Map<String, Set<String>> streams = new LinkedHashMap<>();
    private final MetricStore metrics;
    private long sequence;

    /** @param metrics where the metrics embedded in ingested events go */
    public LogStore(MetricStore metrics) {
        this.metrics = metrics;
    }

    public void createGroup(String group) {
        groups.computeIfAbsent(group, g -> new ArrayList<>());
        streams.computeIfAbsent(group, g -> new LinkedHashSet<>());
    }

    /** Creates a stream in an existing group; false if the group has it already. */
    public boolean createStream(String group, String stream) {
        return streams.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(stream);
    }

    public boolean hasStream(String group, String stream) {
        return streams.getOrDefault(group, Set.of()).contains(stream);
    }

    public boolean hasGroup(String group) {
        return groups.containsKey(group);
    }

    /**
     * Ingests one event, creating its stream as a log driver does, and publishes the metrics it embeds
     * (EMF), stamped as the event's {@code _aws.Timestamp} says.
     */
    public void append(String group, String stream, Instant timestamp, String message) {
        createGroup(group);
        createStream(group, stream);
        groups.get(group).add(new LogEvent(++sequence, stream, timestamp, timestamp, message));
        EmbeddedMetrics.extract(message).forEach(d -> metrics.put(d.id(), d.sample()));
    }

    /** The names of all groups, in creation order. */
    public List<String> groupNames() {
        return List.copyOf(groups.keySet());
    }

    /** All events of a group, in ingestion order. */
    public List<LogEvent> events(String group) {
        return List.copyOf(groups.getOrDefault(group, List.of()));
    }

    public record LogEvent(long sequence, String stream, Instant timestamp, Instant ingestedAt, String message) {
        public String eventId() {
            return String.format("%056d", sequence);
        }
    }
}
