package dev.scalingsuite.monitor;

import dev.scalingsuite.fleet.AgentEvent;
import dev.scalingsuite.fleet.AgentEvents;
import dev.scalingsuite.fleet.LogEventsPort;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The agents' call events ({@link AgentEvents}) since the start of a run, read on from the last
 * read: each read covers the time since the previous one began, less an overlap for events the log
 * delivers late, and replaces what it covers, so nothing is counted twice and nothing read once is
 * lost when a later read fails.
 */
final class AgentEventLog {

    private final LogEventsPort logs;
    private final AgentEvents names;
    private final Duration overlap;
    private Instant readFrom;
    private volatile List<AgentEvent> events = List.of();

    /**
     * @param from the first instant to read
     * @param overlap how far back each read reaches before the previous one began (the log's delay)
     */
    AgentEventLog(LogEventsPort logs, AgentEvents names, Instant from, Duration overlap) {
        this.logs = logs;
        this.names = names;
        this.readFrom = from;
        this.overlap = overlap;
    }

    /** Reads the events up to {@code now}; a failure leaves what was read before as it was. */
    synchronized void read(Instant now) {
        Instant from = readFrom;
        List<AgentEvent> fresh = new ArrayList<>();
        for (String name : names.all()) {
            logs.occurrences(name, from, now).forEach(o -> fresh.add(new AgentEvent(name, o.at(), o.taskId())));
        }
        List<AgentEvent> all = new ArrayList<>(events.stream().filter(e -> e.at().isBefore(from)).toList());
        all.addAll(fresh);
        all.sort(Comparator.comparing(AgentEvent::at));
        events = List.copyOf(all);
        Instant next = now.minus(overlap);
        if (next.isAfter(readFrom)) {
            readFrom = next;
        }
    }

    /** Every event read so far, oldest first. */
    List<AgentEvent> events() {
        return events;
    }
}
