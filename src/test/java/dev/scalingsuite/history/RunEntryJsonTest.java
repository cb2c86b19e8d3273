package dev.scalingsuite.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.fleet.Kpi;
import dev.scalingsuite.fleet.Kpis;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunEntryJsonTest {

    @Test
    void anEntryReadsBackAsItWasWritten() {
        RunEntry entry = Entries.entry("steady-state", "2026-12-05T10:15:00Z", "PASSED", Entries.kpis(81.25));

        assertThat(RunEntryJson.parse(RunEntryJson.render(entry))).isEqualTo(entry);
    }

    @Test
    void aKpiIsItsValueOrWhyItWasNotMeasured() {
        String json = RunEntryJson.render(Entries.entry("steady-state", "2026-12-05T10:15:00Z", "PASSED",
                Entries.kpis(81.25)));

        assertThat(json).contains("\"cold-start.total.p95\" : {\n      \"unit\" : \"s\",\n      \"value\" : 81.25\n    }")
                .contains("\"connect.p95\" : {\n      \"unit\" : \"ms\",\n      \"value\" : null,\n"
                        + "      \"notMeasured\" : \"capture needs tcpdump\"\n    }");
    }

    /** Entries of other suite versions still compare on what they share. */
    @Test
    void anUnknownKpiIsSkippedAndAMissingOneIsNotRecorded() {
        String json = RunEntryJson.render(Entries.entry("steady-state", "2026-12-05T10:15:00Z", "PASSED",
                Entries.kpis(81.25))).replace("\"cold-start.total.p95\"", "\"cold-start.someday\"");

        Kpis kpis = RunEntryJson.parse(json).kpis();

        assertThat(kpis.get(Kpi.COLD_START_P95).notMeasured()).isEqualTo(Kpis.NOT_RECORDED);
        assertThat(kpis.value(Kpi.FIRST_DECISION)).hasValue(185.5);
    }

    @Test
    void aFileThatIsNoEntryIsRefusedSayingWhy() {
        assertThatThrownBy(() -> RunEntryJson.parse("{\"id\": 3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not JSON (line 1)");
        assertThatThrownBy(() -> RunEntryJson.parse("{\"outcome\": \"PASSED\"}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a run history entry: no 'id' or 'kpis'");
    }

    /** The prices the run's cost was computed at are kept, and a baseline run priced otherwise is named. */
    @Test
    void thePricesOfTheCostAreKeptAndADifferentPriceIsNamed() {
        RunEntry e = Entries.entry("steady-state", "2026-12-05T10:15:00Z", "PASSED", Entries.kpis(81.25));
        RunEntry priced = withPrices(e, Fact.of("$0.04048/vCPU-h, $0.004445/GB-h, us-east-1, prices of 2026-06-17"));
        RunEntry repriced = withPrices(e, Fact.of("$0.05/vCPU-h (config.yaml:3), $0.004445/GB-h, us-east-1, prices of "
                + "2026-06-17"));

        assertThat(RunEntryJson.parse(RunEntryJson.render(priced)).prices()).isEqualTo(priced.prices());
        assertThat(RunEntryJson.parse(RunEntryJson.render(e)).prices()).isEqualTo(Fact.notMeasured(Kpis.NOT_RECORDED));
        assertThat(repriced.differencesFrom(priced)).containsExactly("the prices ($0.05/vCPU-h (config.yaml:3), "
                + "$0.004445/GB-h, us-east-1, prices of 2026-06-17, the baseline's $0.04048/vCPU-h, $0.004445/GB-h, "
                + "us-east-1, prices of 2026-06-17)");
        assertThat(priced.differencesFrom(e)).as("an entry without prices compares on the rest").isEmpty();
    }

    private static RunEntry withPrices(RunEntry e, Fact prices) {
        return new RunEntry(e.id(), e.scenario(), e.startedAt(), e.endedAt(), e.outcome(), e.reason(), e.suiteVersion(),
                e.suiteCommit(), e.target(), e.timeScale(), e.taskDefinition(), e.imageDigest(), e.configurationHash(),
                e.scenarioHash(), e.kpis(), e.reportDir(), prices);
    }

    @Test
    void theTwinsSettingsAndTheTargetAreKept() {
        RunEntry e = Entries.entry("steady-state", "2026-12-05T10:15:00Z", "PASSED", Entries.kpis(81.25));
        RunEntry withTwin = new RunEntry(e.id(), e.scenario(), e.startedAt(), e.endedAt(), e.outcome(), e.reason(),
                e.suiteVersion(), e.suiteCommit(), new RunEntry.Target("aws", "aws eu-west-1", Optional.empty(),
                        Optional.of("eu-west-1"), "c", "s", Map.of("coldStartFactor", "1.5")), 1, e.taskDefinition(),
                e.imageDigest(), e.configurationHash(), e.scenarioHash(), e.kpis(), e.reportDir());

        assertThat(RunEntryJson.parse(RunEntryJson.render(withTwin)).target()).isEqualTo(withTwin.target());
    }
}
