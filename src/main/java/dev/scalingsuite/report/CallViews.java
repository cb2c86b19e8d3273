package dev.scalingsuite.report;

import dev.scalingsuite.fleet.CallOutcomes;
import dev.scalingsuite.fleet.ConnectTimes;
import dev.scalingsuite.fleet.finding.CallDisagreement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Where the SIP view of a run's calls and the stack's view differ, one sentence per group of calls,
 * in model time: e.g. {@code 3 calls ended by the far end within 2s of answering; the agents logged 3
 * call_rejected_at_capacity: counted as rejected}.
 */
public final class CallViews {

    /** How finely connect times are measured, for the reports to say. */
    public static final String CONNECT_RESOLUTION = "1 ms: tcpdump stamps packets in microseconds, SIPp logs the "
            + "INVITE in milliseconds";

    private CallViews() {
    }

    /**
     * What the reports say of connect times that are missing for some load hosts, or empty when every
     * caller was measured: {@code not measured: <host>: <tcpdump's reason>; capture needs ...}.
     */
    public static Optional<String> connectNotMeasured(ConnectTimes connect) {
        return connect.measuredEverywhere() ? Optional.empty()
                : Optional.of("not measured: " + String.join("; ", connect.notMeasured()));
    }

    /**
     * Connect time as the reports show it: p50 / p95 / p99 in wall ms over the calls that had one, how
     * many did, and where none could be measured; e.g. {@code 1210 / 1355 / 1355 (10 of 15 calls; 5
     * without RTP from the far end (...))}, or {@code not measured: <host>: <reason>; capture needs ...}.
     */
    public static String connect(RunAnalysis analysis) {
        ConnectTimes connect = analysis.run().connectTimes();
        Optional<String> notMeasured = connectNotMeasured(connect);
        if (connect.calls().isEmpty()) {
            return notMeasured.orElse("- (no call placed)");
        }
        return Fmt.number(analysis.connectMillis(50)) + " / " + Fmt.number(analysis.connectMillis(95)) + " / "
                + Fmt.number(analysis.connectMillis(99)) + " (" + connectCalls(connect) + ")"
                + notMeasured.map(why -> "; " + why).orElse("");
    }

    /**
     * The calls the connect times are over: e.g. {@code 118 of 120 calls; 2 without RTP from the far end
     * (refused before the answer, or hung up before it spoke)}.
     */
    public static String connectCalls(ConnectTimes connect) {
        long placed = connect.calls().size();
        long without = connect.withoutRtp();
        return (placed - without) + " of " + calls(placed) + (without == 0 ? ""
                : "; " + without + " without RTP from the far end (refused before the answer, or hung up before it "
                        + "spoke)");
    }

    /**
     * Every disagreement of {@code calls}, in the order the analysis found them.
     *
     * @param modelSeconds a wall duration in model seconds
     */
    public static List<String> disagreements(CallOutcomes calls, ToDoubleFunction<Duration> modelSeconds) {
        List<String> out = new ArrayList<>();
        for (CallDisagreement d : calls.disagreements()) {
            out.add(describe(d, modelSeconds));
        }
        return out;
    }

    static String describe(CallDisagreement d, ToDoubleFunction<Duration> modelSeconds) {
        String within = "within " + Fmt.duration(Math.max(1, Math.ceil(modelSeconds.applyAsDouble(d.longestSinceAnswer()))))
                + " of answering";
        String window = Fmt.duration(Math.ceil(modelSeconds.applyAsDouble(d.window())));
        return switch (d.kind()) {
            case REFUSED_AFTER_ANSWER -> calls(d.calls()) + " ended by the far end " + within + "; the agents logged "
                    + events(d.events()) + retries(d) + ": counted as rejected";
            case START_FAILED -> calls(d.calls()) + " ended by the far end " + within + "; the agents logged "
                    + events(d.events()) + retries(d) + ": counted as " + failures(d.calls());
            case NO_AGENT_EVENT -> calls(d.calls()) + " ended by the far end " + within + ", with no agent event "
                    + "within " + window + " of the answer (webhook timeout + slack): counted as "
                    + failures(d.calls());
            case NO_TIMES_IN_SIP_LOG -> calls(d.calls()) + " ended by the far end as SIPp counted "
                    + (d.calls() == 1 ? "it" : "them") + " without times in SIPp's log (a scenario that does not log "
                    + "them): counted as dropped";
            case UNMATCHED_EVENTS -> "the agents logged " + events(d.events()) + " that no far-end hang-up accounts "
                    + "for: refusals the webhook retried into a call that was then taken, or calls refused with 503 "
                    + "(SIPp saw " + calls(d.rejected503()) + " rejected with 503, counted as rejected once, as 503s)";
            case NOT_JUDGED_YET -> calls(d.calls()) + " ended by the far end " + within + " could not be judged: the "
                    + "agents' log was not read far enough past the hang-up: counted as neither rejected nor dropped";
        };
    }

    private static String calls(long n) {
        return n + (n == 1 ? " call" : " calls");
    }

    private static String failures(long n) {
        return n == 1 ? "a front-door failure" : "front-door failures";
    }

    private static String retries(CallDisagreement d) {
        long events = d.events().values().stream().mapToLong(Integer::longValue).sum();
        return events > d.calls() ? " (the webhook's retries included)" : "";
    }

    private static String events(Map<String, Integer> byName) {
        List<String> parts = new ArrayList<>();
        byName.forEach((name, n) -> parts.add(n + " " + name));
        return parts.isEmpty() ? "no event" : String.join(" and ", parts);
    }
}
