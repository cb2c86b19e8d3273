package dev.scalingsuite.fleet.finding;

import java.time.Duration;
import java.util.Map;

/**
 * Where the SIP view of the calls and the stack's view of them differ, one group of calls at a time:
 * what SIPp saw is not what the stack counts.
 *
 * @param kind which difference
 * @param calls how many calls (for {@link Kind#UNMATCHED_EVENTS}, how many events)
 * @param longestSinceAnswer the longest any of these calls was up before the far end hung up (zero
 *     when the SIP log has no times for them, and for {@link Kind#UNMATCHED_EVENTS})
 * @param events the agents' log events that account for them, by name, retries included
 * @param window the refusal window the calls were judged with (webhook timeout + slack)
 * @param rejected503 the calls SIPp saw rejected with a SIP 503 (for {@link Kind#UNMATCHED_EVENTS})
 */
public record CallDisagreement(Kind kind, long calls, Duration longestSinceAnswer, Map<String, Integer> events,
        Duration window, long rejected503) {

    public CallDisagreement {
        events = Map.copyOf(events);
    }

    public enum Kind {
        /** Answered, then ended by the far end; the agents logged a refusal for each: counted as rejected. */
        REFUSED_AFTER_ANSWER,
        /** Answered, then ended by the far end; the agents logged a failed start: counted as front-door failures. */
        START_FAILED,
        /** Answered, then ended by the far end within the refusal window, no agent event near them: front-door failures. */
        NO_AGENT_EVENT,
        /** Ended by the far end as SIPp counted them, without times in SIPp's log: counted as dropped. */
        NO_TIMES_IN_SIP_LOG,
        /** Refusals or failed starts the agents logged that no far-end hang-up accounts for. */
        UNMATCHED_EVENTS,
        /** Ended by the far end too recently for the agents' log as last read: not counted yet. */
        NOT_JUDGED_YET
    }
}
