package dev.scalingsuite.fleet;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The agents' structured log lines. */
public interface LogEventsPort {

    /** How often each event name occurred in {@code [from, to]}. */
    Map<String, Long> count(Collection<String> events, Instant from, Instant to);

    /** Each occurrence of one event name in {@code [from, to]}, oldest first, with the task that logged it. */
    List<LogOccurrence> occurrences(String event, Instant from, Instant to);

    /** Where the log lines are read, for messages: e.g. {@code log group /ecs/voice-agent-poc}. */
    String where();

    /** One log line of an event: when, and which task's log stream it came from. */
    record LogOccurrence(Instant at, String taskId) {
    }
}
