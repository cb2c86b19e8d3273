package dev.scalingsuite.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.fleet.CallOutcomes;
import dev.scalingsuite.fleet.CallTally;
import dev.scalingsuite.fleet.FleetSnapshot;
import dev.scalingsuite.fleet.ServiceState;
import dev.scalingsuite.fleet.SessionMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console line, timeline.csv and the number formats, exactly. */
class SmallFormatsTest {

    @Test
    void consoleLineShowsWhereTheRunIsTheFleetAndTheCalls() {
        FleetSnapshot fleet = new FleetSnapshot(Instant.EPOCH, new ServiceState(3, 2, 1), List.of(),
                new SessionMetrics(Instant.EPOCH, Map.of(SessionMetrics.SESSIONS_PER_TASK, 2.5)));
        assertThat(ConsoleLine.format("steady-state", 200, 3, 15, "expect running tasks >= 2 within 8m", fleet,
                CallOutcomes.ofCounts(new CallTally(9, 8, 1, 0, 0))))
                .isEqualTo("[steady-state 03:20] step 3/15 expect running tasks >= 2 within 8m | tasks 2/3 (R/D) "
                        + "| SPT 2.50 | active 0 | ok 8 rej 1 drop 0");
        assertThat(ConsoleLine.format("burst", 0, 0, 9, "starting", FleetSnapshot.EMPTY, null))
                .isEqualTo("[burst 00:00] step 0/9 starting | tasks ?/? (R/D) | SPT - | active 0 | calls ?");
    }

    @Test
    void aMatrixCellsLineShowsTheCellItsProgressTheFleetAndTheCalls() {
        FleetSnapshot fleet = new FleetSnapshot(Instant.EPOCH, new ServiceState(4, 4, 0), List.of(),
                new SessionMetrics(Instant.EPOCH, Map.of(SessionMetrics.SESSIONS_PER_TASK, 2.5)));
        assertThat(ConsoleLine.cell("cell 3/12 twin.targetSessionsPerTask=5 calls=40", 4, 10, fleet,
                CallOutcomes.ofCounts(new CallTally(40, 38, 0, 0, 0))))
                .isEqualTo("[cell 3/12 twin.targetSessionsPerTask=5 calls=40] [###-----] 40% | tasks 4/4 | active 0 "
                        + "| ok 38 rej 0 drop 0");
        assertThat(ConsoleLine.cell("cell 1/2 calls=4", 0, 9, FleetSnapshot.EMPTY, null))
                .isEqualTo("[cell 1/2 calls=4] [--------] 0% | tasks ?/? | active 0 | calls ?");
        assertThat(ConsoleLine.cell("cell 2/2 calls=4", 9, 9, FleetSnapshot.EMPTY, null))
                .startsWith("[cell 2/2 calls=4] [########] 100% |");
    }

    @Test
    void timelineCsvHasOneRowPerEventAndQuotesWhatNeedsIt() {
        RunRecord run = RecordedRun.steadyState();
        String csv = TimelineCsv.render(run);
        assertThat(csv.lines()).hasSize(run.events().size() + 1).first().isEqualTo(TimelineCsv.HEADER);
        assertThat(csv.lines().skip(1)).allSatisfy(line -> assertThat(line).matches("\\S+Z,[-0-9.]+,[a-z-]+,.*"));
        assertThat(TimelineCsv.quote("a, \"b\"")).isEqualTo("\"a, \"\"b\"\"\"");
        assertThat(TimelineCsv.quote("plain")).isEqualTo("plain");
    }

    @Test
    void numbersAndTimes() {
        assertThat(Fmt.clock(200)).isEqualTo("03:20");
        assertThat(Fmt.clock(3725)).isEqualTo("1:02:05");
        assertThat(Fmt.duration(45)).isEqualTo("45s");
        assertThat(Fmt.duration(185)).isEqualTo("3m 05s");
        assertThat(Fmt.number(3.0)).isEqualTo("3");
        assertThat(Fmt.number(2.5)).isEqualTo("2.5");
        assertThat(Fmt.number(1.0 / 3)).isEqualTo("0.33");
    }
}
