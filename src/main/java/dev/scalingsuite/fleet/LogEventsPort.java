package dev.scalingsuite.fleet;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/** The agents' structured log lines: how often each event name occurred in a window. */
public interface LogEventsPort {

    Map<String, Long> count(Collection<String> events, Instant from, Instant to);
}
