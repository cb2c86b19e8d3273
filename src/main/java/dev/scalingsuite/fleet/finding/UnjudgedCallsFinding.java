package dev.scalingsuite.fleet.finding;

import dev.scalingsuite.fleet.finding.LostCallsFinding.HungUpCall;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Far-end hang-ups the agents' log was not read far enough past to judge: counted as neither
 * dropped, rejected nor front-door failures.
 *
 * @param calls both views of the calls, as {@code CallOutcomes} writes them
 * @param each the calls not judged, earliest hang-up first
 * @param logsReadAt when the agents' log was last read; empty when it could not be read
 * @param unread why it could not be read
 * @param clockSkew how far the load host's clock and the agents' may differ
 * @param logDelay how long an event may take to show in the agents' log
 */
public record UnjudgedCallsFinding(String calls, List<HungUpCall> each, Optional<Instant> logsReadAt, String unread,
        Duration clockSkew, Duration logDelay) {

    public UnjudgedCallsFinding {
        each = List.copyOf(each);
    }

    /** How long past a hang-up the log must have been read to judge it. */
    public Duration judgedAfter() {
        return clockSkew.plus(logDelay);
    }
}
