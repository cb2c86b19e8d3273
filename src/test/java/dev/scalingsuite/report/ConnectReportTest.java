package dev.scalingsuite.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingsuite.fleet.ConnectTimes;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Connect time in report.md and results.json, beside the SIP setup time: measured (the recorded run's
 * 19 calls, 18 with one), not measured with tcpdump's reason, and measured on one load host but not on
 * another.
 */
class ConnectReportTest {

    private static final String LABEL = "| Connect p50 / p95 / p99 (INVITE -> first RTP from the far end, wall ms, "
            + "resolution 1 ms: tcpdump stamps packets in microseconds, SIPp logs the INVITE in milliseconds) | ";
    private static final String WHY = "sipp@10.0.2.9:22: tcpdump: any: You don't have permission to perform this "
            + "capture on that device (socket: Operation not permitted); capture needs tcpdump with CAP_NET_RAW "
            + "(root, or setcap cap_net_raw+ep)";

    private final RunRecord measured = RecordedRun.steadyState();

    @Test
    void measuredTheRowGivesThePercentilesAndHowManyCallsHadOne() throws IOException {
        String markdown = MarkdownReport.render(RunAnalysis.of(measured), List.of());
        JsonNode calls = json(measured);

        assertThat(markdown).contains("| Call setup p50 / p95 / p99 (INVITE -> 200, wall ms in SIPp's timer ticks) | "
                + "4 / 16 / 16 |\n" + LABEL + "1209 / 1218 / 1218 (18 of 19 calls; 1 without RTP from the far end "
                + "(refused before the answer, or hung up before it spoke)) |\n");
        assertThat(calls.get("connectMillis").toString()).isEqualTo("{\"p50\":1209.0,\"p95\":1218.0,\"p99\":1218.0}");
        assertThat(calls.get("connectCalls").toString()).isEqualTo("{\"placed\":19,\"measured\":18,\"withoutRtp\":1}");
        assertThat(calls.has("connectNotMeasured")).isFalse();
    }

    @Test
    void notMeasuredTheReportsSayWhyInTcpdumpsWordsAndGiveNoNumber() throws IOException {
        RunRecord run = RecordedRun.withConnectTimes(measured, ConnectTimes.notMeasured(WHY));

        String markdown = MarkdownReport.render(RunAnalysis.of(run), List.of());
        JsonNode calls = json(run);

        assertThat(markdown).contains(LABEL + "not measured: " + WHY + " |\n");
        assertThat(calls.get("connectMillis").toString()).isEqualTo("{\"p50\":null,\"p95\":null,\"p99\":null}");
        assertThat(calls.get("connectCalls").toString()).isEqualTo("{\"placed\":0,\"measured\":0,\"withoutRtp\":0}");
        assertThat(calls.get("connectNotMeasured").asText()).isEqualTo("not measured: " + WHY);
        assertThat(calls.get("setupMillis").toString()).as("the rest of the calls' facts as before")
                .isEqualTo("{\"p50\":4.0,\"p95\":16.0,\"p99\":16.0}");
    }

    @Test
    void measuredOnOneHostOnlyTheNumbersAreThatHostsAndTheOtherIsNamed() throws IOException {
        RunRecord run = RecordedRun.withConnectTimes(measured,
                measured.connectTimes().plus(ConnectTimes.notMeasured(WHY)));

        String markdown = MarkdownReport.render(RunAnalysis.of(run), List.of());

        assertThat(markdown).contains(LABEL + "1209 / 1218 / 1218 (18 of 19 calls; 1 without RTP from the far end "
                + "(refused before the answer, or hung up before it spoke)); not measured: " + WHY + " |\n");
        assertThat(json(run).get("connectNotMeasured").asText()).isEqualTo("not measured: " + WHY);
    }

    @Test
    void withoutAnyCallThereIsNothingToMeasure() throws IOException {
        RunRecord run = RecordedRun.withConnectTimes(measured, ConnectTimes.NONE);

        assertThat(MarkdownReport.render(RunAnalysis.of(run), List.of())).contains(LABEL + "- (no call placed) |\n");
        assertThat(json(run).has("connectNotMeasured")).isFalse();
    }

    private static JsonNode json(RunRecord run) throws IOException {
        return new ObjectMapper().readTree(ResultsJson.render(RunAnalysis.of(run), Map.of())).get("calls");
    }
}
