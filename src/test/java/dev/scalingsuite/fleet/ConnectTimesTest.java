package dev.scalingsuite.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.fleet.ConnectTimes.CallConnect;
import dev.scalingsuite.fleet.ConnectTimes.FirstPacket;
import dev.scalingsuite.fleet.ConnectTimes.MediaAddress;
import dev.scalingsuite.fleet.ConnectTimes.PlacedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each call paired with the first RTP from its far-end address while it was up. */
class ConnectTimesTest {

    private static final long T = 1_796_233_000_000L;
    private static final MediaAddress PORT_A = new MediaAddress("10.0.1.5", 12000);
    private static final MediaAddress PORT_B = new MediaAddress("10.0.1.5", 12002);

    private static Instant at(long millis) {
        return Instant.ofEpochMilli(T + millis);
    }

    private static PlacedCall call(String id, long invited, MediaAddress farEnd, long ended) {
        return new PlacedCall(id, at(invited), Optional.of(farEnd), Optional.of(at(ended)));
    }

    @Test
    void aReusedPortGivesEachCallTheFirstPacketAfterItsOwnInvite() {
        // the front door gave call 2 the port call 1 had, once call 1 was over
        List<PlacedCall> calls = List.of(call("1@h", 0, PORT_A, 5_000), call("2@h", 8_000, PORT_A, 12_000));
        List<FirstPacket> packets = List.of(new FirstPacket(PORT_A, at(1_250)), new FirstPacket(PORT_A, at(9_310)));

        ConnectTimes times = ConnectTimes.pair(calls, packets);

        assertThat(times.calls()).containsExactly(
                new CallConnect("1@h", at(0), Optional.of(Duration.ofMillis(1_250))),
                new CallConnect("2@h", at(8_000), Optional.of(Duration.ofMillis(1_310))));
        assertThat(times.measured()).containsExactly(Duration.ofMillis(1_250), Duration.ofMillis(1_310));
        assertThat(times.withoutRtp()).isZero();
    }

    @Test
    void aPacketBeforeTheInviteBelongsToAnEarlierCallAndNeverCounts() {
        // call 1's packets came from port A before call 2 existed; call 2 got A again and its far end never spoke
        List<PlacedCall> calls = List.of(call("2@h", 8_000, PORT_A, 12_000));
        List<FirstPacket> packets = List.of(new FirstPacket(PORT_A, at(1_250)), new FirstPacket(PORT_A, at(7_999)));

        ConnectTimes times = ConnectTimes.pair(calls, packets);

        assertThat(times.calls()).containsExactly(new CallConnect("2@h", at(8_000), Optional.empty()));
        assertThat(times.withoutRtp()).isEqualTo(1);
        assertThat(times.measured()).isEmpty();
    }

    @Test
    void aCallWithoutRtpHasNoneAndIsCountedWhetherRefusedOrHungUp() {
        List<PlacedCall> calls = List.of(
                new PlacedCall("refused@h", at(0), Optional.empty(), Optional.empty()), // a 503: no SDP answer
                call("hung-up@h", 100, PORT_B, 900), // ended by the far end before it spoke
                call("spoke@h", 200, PORT_A, 5_000));
        List<FirstPacket> packets = List.of(new FirstPacket(PORT_B, at(900)), new FirstPacket(PORT_A, at(1_400)));

        ConnectTimes times = ConnectTimes.pair(calls, packets);

        assertThat(times.calls()).extracting(CallConnect::connect).containsExactly(
                Optional.empty(), Optional.empty(), Optional.of(Duration.ofMillis(1_200)));
        assertThat(times.of("hung-up@h")).as("a packet at the very end is after the call").isEmpty();
        assertThat(times.withoutRtp()).isEqualTo(2);
        assertThat(times.measured()).containsExactly(Duration.ofMillis(1_200));
    }

    @Test
    void aCallStillUpTakesTheFirstPacketAtOrAfterItsInvite() {
        PlacedCall up = new PlacedCall("up@h", at(500), Optional.of(PORT_A), Optional.empty());
        List<FirstPacket> packets = List.of(new FirstPacket(PORT_A, at(4_000)), new FirstPacket(PORT_A, at(500)),
                new FirstPacket(PORT_B, at(600)));

        assertThat(ConnectTimes.pair(List.of(up), packets).of("up@h")).contains(Duration.ZERO);
    }

    @Test
    void callersThatCouldNotBeCapturedAreNamedOnceEach() {
        String why = "sipp@load-1:22: tcpdump: any: You don't have permission to perform this capture on that device";
        ConnectTimes measured = ConnectTimes.pair(List.of(call("1@h", 0, PORT_A, 5_000)),
                List.of(new FirstPacket(PORT_A, at(1_000))));

        ConnectTimes all = measured.plus(ConnectTimes.notMeasured(why)).plus(ConnectTimes.notMeasured(why));

        assertThat(all.measured()).containsExactly(Duration.ofSeconds(1));
        assertThat(all.notMeasured()).containsExactly(why);
        assertThat(all.measuredEverywhere()).isFalse();
        assertThat(ConnectTimes.NONE.plus(measured).measuredEverywhere()).isTrue();
    }
}
