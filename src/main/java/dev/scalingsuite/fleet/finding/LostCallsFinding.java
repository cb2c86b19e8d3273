package dev.scalingsuite.fleet.finding;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * More calls were lost at the front door than allowed: each was answered, then hung up by the front
 * door with no agent taking or refusing it.
 *
 * @param expectation how the bound reads, e.g. {@code front-door failures <= 0}, with why in parentheses
 * @param failures how many front-door failures there were
 * @param calls both views of the calls, as {@code CallOutcomes} writes them
 * @param refusalWindow how long after the answer a refusal or a failed start can take (webhook timeout + slack)
 * @param each the calls, earliest hang-up first
 */
public record LostCallsFinding(String expectation, long failures, String calls, Duration refusalWindow,
        List<HungUpCall> each) {

    public LostCallsFinding {
        each = List.copyOf(each);
    }

    /**
     * A call the far end ended, with the agents' events that account for it (a failed start, for a
     * front-door failure; none when no agent event lies in its span).
     */
    public record HungUpCall(String callId, Instant answeredAt, Instant endedAt, List<Event> events) {

        public HungUpCall {
            events = List.copyOf(events);
        }
    }

    /** One agent log event: its name and when it was logged. */
    public record Event(String name, Instant at) {
    }
}
