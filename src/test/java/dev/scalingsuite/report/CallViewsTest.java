package dev.scalingsuite.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingsuite.fleet.AgentEvent;
import dev.scalingsuite.fleet.AgentEvents;
import dev.scalingsuite.fleet.CallOutcomes;
import dev.scalingsuite.fleet.CallReconciliation;
import dev.scalingsuite.fleet.CallTally;
import dev.scalingsuite.fleet.SipCall;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reports show both views of the calls and every disagreement, in model time: the recorded
 * steady-state run (time scale 10) with three calls the far end hung up on within 0.2 s wall (2 s
 * model) of answering, each with a {@code call_rejected_at_capacity}, one call that never reached an
 * agent, and 503s whose refusals no hang-up accounts for.
 */
class CallViewsTest {

    private static final AgentEvents NAMES = AgentEvents.DEFAULTS;

    private final RunRecord base = RecordedRun.steadyState();
    private final CallOutcomes calls = calls(base.startedAt());
    private final RunAnalysis analysis = RunAnalysis.of(RecordedRun.withCalls(base, calls));

    private static CallOutcomes calls(Instant start) {
        List<SipCall> sip = new ArrayList<>();
        List<AgentEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Instant answered = start.plusSeconds(10 + i);
            sip.add(SipCall.endedByFarEnd("refused-" + i, answered, answered.plusMillis(150 + 25 * i)));
            events.add(new AgentEvent(NAMES.rejectedAtCapacity(), answered.plusMillis(100), "task-a"));
        }
        Instant lost = start.plusSeconds(20);
        sip.add(SipCall.endedByFarEnd("lost", lost, lost.plusMillis(1100)));
        events.add(new AgentEvent(NAMES.rejectedAtCapacity(), start.plusSeconds(30), "task-a"));
        events.add(new AgentEvent(NAMES.rejectedAtCapacity(), start.plusSeconds(31), "task-b"));
        CallReconciliation.Settings wall = CallReconciliation.Settings.MODEL_DEFAULTS.map(d -> d.dividedBy(10));
        return CallReconciliation.reconcile(new CallTally(25, 23, 2, 4, 19), sip, events, NAMES, wall,
                start.plus(Duration.ofMinutes(10)));
    }

    @Test
    void everyDisagreementIsOneSentenceInModelTime() {
        assertThat(analysis.callDisagreements()).containsExactly(
                "3 calls ended by the far end within 2s of answering; the agents logged 3 call_rejected_at_capacity: "
                        + "counted as rejected",
                "1 call ended by the far end within 11s of answering, with no agent event within 15s of the answer "
                        + "(webhook timeout + slack): counted as a front-door failure",
                "the agents logged 2 call_rejected_at_capacity that no far-end hang-up accounts for: refusals the "
                        + "webhook retried into a call that was then taken, or calls refused with 503 (SIPp saw 2 calls "
                        + "rejected with 503, counted as rejected once, as 503s)");
    }

    @Test
    void theDocumentShowsBothViewsAndTheDisagreements() {
        String markdown = MarkdownReport.render(analysis, List.of());

        assertThat(markdown).contains("| Rejected (503 or refused after answer) | 5 |",
                "| Dropped (accepted, then ended by the far end) | 0 |",
                "| Ended by the far end | 4 |", "| Rejected with 503 | 2 |",
                "| Rejected | 5 (503 2, refused after answer 3) |", "| Front-door failures | 1 |",
                "Where the views differ:",
                "- 3 calls ended by the far end within 2s of answering; the agents logged 3 call_rejected_at_capacity: "
                        + "counted as rejected");
        assertThat(markdown).doesNotContain("The two views agree", "Not judged");
    }

    @Test
    void resultsJsonCarriesBothViewsAndEachDisagreement() throws IOException {
        JsonNode json = new ObjectMapper().readTree(ResultsJson.render(analysis, Map.of()));
        JsonNode node = json.get("calls");

        assertThat(node.get("rejected").asLong()).isEqualTo(5);
        assertThat(node.get("dropped").asLong()).isZero();
        assertThat(node.get("failed").asLong()).as("placed - answered - 503").isZero();
        assertThat(node.get("sip").toString()).isEqualTo("{\"answered\":23,\"endedByFarEnd\":4,\"rejected503\":2}");
        assertThat(node.get("stack").toString()).isEqualTo("{\"rejected\":5,\"refusedAfterAnswer\":3,\"dropped\":0,"
                + "\"frontDoorFailures\":1,\"notJudged\":0}");
        JsonNode first = node.get("disagreements").get(0);
        List<String> fields = new ArrayList<>();
        first.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("kind", "calls", "events", "text");
        assertThat(first.get("kind").asText()).isEqualTo("REFUSED_AFTER_ANSWER");
        assertThat(first.get("events").toString()).isEqualTo("{\"call_rejected_at_capacity\":3}");
        assertThat(node.get("disagreements")).extracting(d -> d.get("kind").asText())
                .containsExactly("REFUSED_AFTER_ANSWER", "NO_AGENT_EVENT", "UNMATCHED_EVENTS");
        assertThat(node.get("connectMillis").toString()).isEqualTo("{\"p50\":1209.0,\"p95\":1218.0,\"p99\":1218.0}");
        assertThat(node.has("connectNotMeasured")).as("every caller was measured").isFalse();
    }
}
