package dev.scalingsuite.twin.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** CloudWatch Logs: log groups of streams of events, in ingestion order. */
public final class LogStore {

    private final Map<String, List<LogEvent>> groups = new LinkedHashMap<>();
    private long sequence;

    public void createGroup(String group) {
        groups.computeIfAbsent(group, g -> new ArrayList<>());
    }

    public boolean hasGroup(String group) {
        return groups.containsKey(group);
    }

    public void append(String group, String stream, Instant timestamp, String message) {
        groups.computeIfAbsent(group, g -> new ArrayList<>())
                .add(new LogEvent(++sequence, stream, timestamp, timestamp, message));
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
