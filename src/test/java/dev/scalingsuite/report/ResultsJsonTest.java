package dev.scalingsuite.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingsuite.fleet.GeneratorLoad;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** results.json parses, keeps its documented field names, and says what the document says. */
class ResultsJsonTest {

    private final RunAnalysis analysis = RunAnalysis.of(RecordedRun.steadyState());
    private final String markdown = MarkdownReport.render(analysis, List.of());
    private final JsonNode json = parse(ResultsJson.render(analysis, Map.of("report", "report.md")));

    private static JsonNode parse(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("results.json does not parse: " + e.getMessage(), e);
        }
    }

    /** 3678 task-seconds (61.3 task-minutes) of 4 vCPU, 8 GB tasks at $0.04048 and $0.004445: 3678 / 3600 x 0.19748 = $0.201759. */
    @Test
    void theCostIsTheTaskMinutesAtTheTasksSizeAndThePricesApplied() {
        JsonNode cost = json.get("cost");
        assertThat(cost.get("usd").asDouble()).isEqualTo(0.201759);
        assertThat(cost.get("notMeasured").asText()).isEmpty();
        assertThat(cost.get("taskMinutes").asDouble()).isEqualTo(61.3);
        assertThat(cost.get("prices").toString()).isEqualTo("{\"region\":\"us-east-1\",\"vcpuHourUsd\":0.04048,"
                + "\"vcpuHourOrigin\":\"built-in\",\"gbHourUsd\":0.004445,\"gbHourOrigin\":\"built-in\","
                + "\"builtInDate\":\"2026-06-17\"}");
        assertThat(cost.get("bySize").toString()).isEqualTo("[{\"taskDefinition\":\"arn:aws:ecs:us-east-1:"
                + "000000000000:task-definition/voice-agent-poc-voice-agent:7\",\"cpu\":4096,\"memoryMib\":8192,"
                + "\"vcpu\":4.0,\"memoryGb\":8.0,\"tasks\":7,\"taskMinutes\":61.3,\"usd\":0.201759}]");
        assertThat(json.get("kpis").get("cost.usd").get("value").asDouble()).isEqualTo(0.201759);
        assertThat(markdown).contains("**Cost in dollars**: $0.2018 (61.3 task-minutes x 4 vCPU, 8 GB at "
                + "$0.04048/vCPU-h, $0.004445/GB-h, us-east-1, prices of 2026-06-17)");
    }

    @Test
    void hasTheDocumentedTopLevelFields() {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("schemaVersion", "scenario", "outcome", "reason", "startedAt", "endedAt",
                "timeScale", "durationModelSeconds", "durationWallSeconds", "target", "suiteCommit", "configuration",
                "preflight", "steps", "checks", "calls", "coldStart", "decisions", "timeline", "rollouts", "distributionAtPeak", "metrics", "taskMinutes",
                "generators", "loadHosts", "cost", "bounds", "logEvents", "pollFailures", "baseline", "kpis", "slos", "regression", "files");
        assertThat(json.get("bounds").toString())
                .isEqualTo("{\"maxRunTimeSeconds\":5400,\"maxTaskMinutes\":600,\"reached\":null}");
        assertThat(json.get("taskMinutes").get("total").asDouble()).isEqualTo(61.3);
        assertThat(json.get("taskMinutes").get("tasks").asInt()).isEqualTo(7);
        assertThat(json.get("taskMinutes").get("perTask").get(0).toString()).isEqualTo("{\"task\":"
                + "\"2ee52eca1d9a4109a0ef079e10b19e5d\",\"billedFrom\":\"the run's start\",\"running\":true,"
                + "\"seconds\":942}");
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(3);
        assertThat(json.get("target").get("kind").asText()).isEqualTo("local");
        assertThat(json.get("suiteCommit").asText()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
        assertThat(json.get("timeScale").asInt()).isEqualTo(10);
    }

    @Test
    void eachLoadHostsPartBesideTheTotalsWhichStayWhereTheyWere() {
        RunRecord one = RecordedRun.steadyState();
        JsonNode two = parse(ResultsJson.render(RunAnalysis.of(RecordedRun.withTwoLoadHosts(one)), Map.of()));
        assertThat(json.get("loadHosts").toString()).as("a run whose hosts' parts were not recorded").isEqualTo("[]");
        assertThat(two.get("loadHosts").get(0).toString()).isEqualTo("{\"host\":\"sipp@198.19.0.2:40001\","
                + "\"address\":\"198.18.0.2\",\"weight\":1,\"runs\":[\"uac-1\",\"uac-3\"],\"placed\":10,\"answered\":9,"
                + "\"rejected503\":1,\"endedByFarEnd\":0,\"completed\":9,\"setupMillis\":{\"p50\":104.0,\"p95\":109.0},"
                + "\"connectMillis\":{\"p50\":1004.0,\"p95\":1009.0},\"failure\":null,"
                + "\"files\":[\"sipp/uac-1-caller_1_rtt.csv\",\"sipp/uac-3-caller_1_rtt.csv\"]}");
        assertThat(two.get("loadHosts").get(1).get("connectMillis").toString()).isEqualTo("{\"p50\":null,\"p95\":null}");
        assertThat(two.get("loadHosts").get(1).get("failure").asText())
                .isEqualTo("its SIPp uac-2 exited with 1 call(s) up");
        assertThat(two.get("calls")).as("the totals, where they were").isEqualTo(json.get("calls"));
    }

    @Test
    void aSaturatedGeneratorMakesTheRunInconclusiveWithItsEvidence() {
        RunRecord run = RecordedRun.steadyState();
        GeneratorLoad saturated = RecordedRun.generator(run.startedAt(), 5);
        RunRecord inconclusive = run.ended(RunRecord.Outcome.INCONCLUSIVE, saturated.reason(), run.steps(), run.checks(),
                PastRuns.NONE).withGenerators(List.of(saturated));
        JsonNode json = parse(ResultsJson.render(RunAnalysis.of(inconclusive), Map.of()));
        String evidence = "SIPp's minor watchdog tripped 5 times in uac-20261123-212920-1 (allowed 3, "
                + "generator.max-watchdog-minor): \"Overload warning: the minor watchdog timer 500ms has been tripped "
                + "(612), 115 trips remaining\"";
        assertThat(json.get("outcome").asText()).isEqualTo("INCONCLUSIVE");
        assertThat(json.get("reason").asText()).isEqualTo("load generator saturated on sipp@127.0.0.1:2222: " + evidence);
        assertThat(json.get("generators").toString()).isEqualTo("[{\"host\":\"sipp@127.0.0.1:2222\",\"saturated\":true,"
                + "\"evidence\":" + new com.fasterxml.jackson.databind.node.TextNode(evidence) + ",\"polls\":12,"
                + "\"peakSippCpu\":0.02,\"peakHostCpu\":0.61,\"peakLoadAverage\":0.8,\"watchdogMajor\":0,"
                + "\"watchdogMinor\":5,\"retransmissions\":1,\"worstRateShortfall\":null,\"latestPollLateMs\":14,"
                + "\"stoppedPolls\":0}]");
        assertThat(MarkdownReport.render(RunAnalysis.of(inconclusive), List.of())).contains(
                "**Result**: INCONCLUSIVE  \n**Reason**: load generator saturated on sipp@127.0.0.1:2222: SIPp's minor",
                "| sipp@127.0.0.1:2222 | SATURATED: " + evidence + " | 12 polls,");
        assertThat(AllureFiles.categoriesOf("failed", inconclusive.reason()))
                .containsExactly("INCONCLUSIVE: load generator saturated");
    }

    @Test
    void everyPreflightWarningOfTheDocumentIsInTheJson() {
        assertThat(json.get("preflight")).hasSize(analysis.run().preflight().size()).isNotEmpty();
        for (JsonNode warning : json.get("preflight")) {
            List<String> fields = new ArrayList<>();
            warning.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("key", "read", "why", "todo");
            assertThat(markdown).contains("| `" + warning.get("key").asText() + "` | " + warning.get("read").asText()
                    + " | " + warning.get("why").asText() + " | " + warning.get("todo").asText() + " |");
        }
    }

    @Test
    void everyStepOfTheDocumentIsInTheJson() {
        assertThat(json.get("steps")).hasSize(analysis.run().steps().size());
        for (JsonNode step : json.get("steps")) {
            assertThat(markdown).contains("| " + step.get("index").asInt() + " | " + step.get("expectation").asText()
                    + " | " + step.get("expected").asText() + " | " + step.get("actual").asText() + " | "
                    + step.get("status").asText().replace('_', ' ') + " | "
                    + Fmt.duration(step.get("modelSeconds").asDouble()) + " |");
        }
    }

    @Test
    void coldStartMediansAreTheDocumentsMedians() {
        JsonNode median = json.get("coldStart").get("median");
        assertThat(markdown).contains("| **Median** | " + Fmt.duration(median.get("schedulingSeconds").asDouble()) + " | "
                + Fmt.duration(median.get("imagePullSeconds").asDouble()) + " | "
                + Fmt.duration(median.get("containerStartSeconds").asDouble()) + " | "
                + Fmt.duration(median.get("appInitSeconds").asDouble()) + " | "
                + Fmt.duration(median.get("healthChecksSeconds").asDouble()) + " | "
                + Fmt.duration(median.get("totalSeconds").asDouble()) + " |");
        assertThat(json.get("coldStart").get("tasks")).hasSize(6);
    }

    @Test
    void callsConfigurationDistributionAndBaselineMatchTheDocument() {
        JsonNode calls = json.get("calls");
        assertThat(markdown).contains("| Total calls | " + calls.get("placed").asLong() + " |",
                "| Dropped (accepted, then ended by the far end) | " + calls.get("dropped").asLong() + " |",
                "| Ended by the far end | " + calls.get("sip").get("endedByFarEnd").asLong() + " |",
                "| Front-door failures | " + calls.get("stack").get("frontDoorFailures").asLong() + " |",
                "| AgentResponseLatency p95 (worst period, ms) | "
                        + Fmt.number(calls.get("agentResponseLatencyP95WorstMillis").asDouble()) + " |");
        assertThat(json.get("configuration").get("targetTracking").get(0).get("targetValue").asDouble()).isEqualTo(3.0);
        assertThat(json.get("configuration").get("maxConcurrentCalls").asInt()).isEqualTo(10);
        JsonNode peak = json.get("distributionAtPeak");
        double percent = 0;
        for (JsonNode task : peak.get("tasks")) {
            assertThat(markdown).contains("| " + ChartData.shortId(task.get("task").asText()) + " | "
                    + task.get("sessions").asInt() + " | " + Fmt.number(task.get("percent").asDouble()) + " % |");
            percent += task.get("percent").asDouble();
        }
        assertThat(percent).isBetween(99.9, 100.1);
        assertThat(json.get("baseline").get("clean").asBoolean()).isFalse();
        assertThat(markdown).contains("- " + json.get("baseline").get("problems").get(0).asText());
        assertThat(json.get("decisions")).hasSize(4);
        assertThat(json.get("timeline")).hasSize(analysis.inflections().size());
    }

    /** Each check says whether it was measured, in both documents alike; a check not measured says what was missing. */
    @Test
    void everyCheckSaysWhetherItWasMeasuredInBothDocuments() {
        String missing = "not measured: max-e2e-p95: no AgentResponseLatency datapoint in VoiceAgent/Pipeline "
                + "{Environment=poc} between 21:29:20 and 21:30:54 UTC";
        List<RunRecord.CheckRecord> checks = new ArrayList<>(RecordedRun.checks());
        checks.set(3, new RunRecord.CheckRecord("max-e2e-p95", "thresholds",
                RunRecord.CheckRecord.Measurement.NOT_MEASURED, true, missing));
        checks.set(4, new RunRecord.CheckRecord("no-flapping", "invariants",
                RunRecord.CheckRecord.Measurement.NOT_RUN, false, ""));
        RunAnalysis allowed = RunAnalysis.of(RecordedRun.withChecks(RecordedRun.steadyState(), checks,
                RunRecord.Outcome.PASSED, ""));
        JsonNode each = parse(ResultsJson.render(allowed, Map.of())).get("checks");
        String document = MarkdownReport.render(allowed, List.of());

        assertThat(each).hasSize(checks.size());
        assertThat(each.get(0).toString()).isEqualTo("{\"check\":\"max-dropped\",\"scope\":\"thresholds\","
                + "\"measurement\":\"MEASURED\",\"allowed\":false,\"notMeasured\":\"\"}");
        assertThat(each.get(3).get("measurement").asText()).isEqualTo("NOT_MEASURED");
        assertThat(each.get(3).get("allowed").asBoolean()).isTrue();
        assertThat(each.get(3).get("notMeasured").asText()).isEqualTo(missing);
        assertThat(each.get(4).get("measurement").asText()).isEqualTo("NOT_RUN");
        assertThat(document).contains(checks.size() + " checks (thresholds, invariants, step conditions): "
                        + (checks.size() - 2) + " measured, 1 not measured, 1 not run.",
                "| `max-dropped` | thresholds | measured | - |",
                "| `max-e2e-p95` | thresholds | not measured (allowed) | " + missing + " |",
                "| `no-flapping` | invariants | not run | - |");
        RunRecord.CheckRecord failing = new RunRecord.CheckRecord("max-e2e-p95", "thresholds",
                RunRecord.CheckRecord.Measurement.NOT_MEASURED, false, missing);
        assertThat(failing.result()).isEqualTo("NOT MEASURED");
    }

    @Test
    void datapointsToAlarmIsNullWhenTheAlarmHasNone() {
        JsonNode withTwo = stepPolicy(OptionalInt.of(2));
        JsonNode unset = stepPolicy(OptionalInt.empty());

        assertThat(withTwo.get("datapointsToAlarm").asInt()).isEqualTo(2);
        assertThat(unset.has("datapointsToAlarm")).isTrue();
        assertThat(unset.get("datapointsToAlarm").isNull()).isTrue();
        assertThat(unset.get("evaluationPeriods").asInt()).isEqualTo(2);
    }

    /** configuration.stepPolicies[0] of the recorded run's results.json, its alarm with that DatapointsToAlarm. */
    private static JsonNode stepPolicy(OptionalInt datapointsToAlarm) {
        RunAnalysis analysis = RunAnalysis.of(RecordedRun.steadyState(
                RecordedRun.configuration(RecordedRun.scaleIn(datapointsToAlarm))));
        return parse(ResultsJson.render(analysis, Map.of("report", "report.md"))).at("/configuration/stepPolicies/0");
    }
}
