package dev.scalingsuite.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.fleet.ConnectTimes;
import dev.scalingsuite.fleet.SipCall;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SIPp's log lines of the project's caller, as {@link SippRun} reads them: on from the last read. */
class SippCallLogTest {

    private static final long T = 1_796_219_942_958L;

    @Test
    void eachCallHasItsAnswerAndWhoEndedItWhen() {
        SippRun.CallLog log = SippRun.CallLog.parse("""
                UP a@h %d
                UP b@h %d
                UP c@h %d
                ENDING a@h
                DOWN a@h %d
                DOWN-FAR b@h %d
                """.formatted(T, T + 100, T + 200, T + 5000, T + 1900));

        assertThat(log.up()).containsExactly("a@h", "b@h", "c@h");
        assertThat(log.ending()).containsExactly("a@h");
        assertThat(log.down()).as("ended by either end, in the order they ended").containsExactly("a@h", "b@h");
        assertThat(log.calls()).containsExactly(
                SipCall.endedBySuite("a@h", Instant.ofEpochMilli(T), Instant.ofEpochMilli(T + 5000)),
                SipCall.endedByFarEnd("b@h", Instant.ofEpochMilli(T + 100), Instant.ofEpochMilli(T + 1900)),
                SipCall.up("c@h", Instant.ofEpochMilli(T + 200)));
    }

    @Test
    void everyPlacedCallHasItsInviteTimeItsFarEndsMediaAndItsEnd() {
        SippRun.CallLog log = SippRun.CallLog.parse("""
                INVITE a@h %d
                INVITE b@h %d
                MEDIA a@h 10.0.1.5 12000
                UP a@h %d
                INVITE c@h %d
                MEDIA c@h
                UP c@h %d
                DOWN-FAR a@h %d
                """.formatted(T, T + 100, T + 210, T + 300, T + 320, T + 1900));

        // b was refused with 503: no answer, no SDP; c's 200 had no SDP: MEDIA with both fields empty
        assertThat(log.placed()).containsExactly(
                new ConnectTimes.PlacedCall("a@h", Instant.ofEpochMilli(T),
                        Optional.of(new ConnectTimes.MediaAddress("10.0.1.5", 12000)),
                        Optional.of(Instant.ofEpochMilli(T + 1900))),
                new ConnectTimes.PlacedCall("b@h", Instant.ofEpochMilli(T + 100), Optional.empty(), Optional.empty()),
                new ConnectTimes.PlacedCall("c@h", Instant.ofEpochMilli(T + 300), Optional.empty(), Optional.empty()));
        assertThat(log.up()).containsExactly("a@h", "c@h");
    }

    @Test
    void linesWithoutTimesStillSayWhichCallsAreUpAndDown() {
        SippRun.CallLog log = SippRun.CallLog.parse("UP a@h\nUP b@h\nDOWN a@h\n");

        assertThat(log.up()).containsExactly("a@h", "b@h");
        assertThat(log.down()).containsExactly("a@h");
        assertThat(log.calls()).as("no times, no call to judge").isEmpty();
    }

    @Test
    void aReadTakesOnlyWholeLinesAndTheNextGoesOnFromThere() {
        SippRun.CallLog.Reader reader = new SippRun.CallLog.Reader();
        reader.add("UP a@h " + T + "\nDOWN-FAR a@");
        assertThat(reader.offset()).isEqualTo(("UP a@h " + T + "\n").length());
        assertThat(reader.snapshot().down()).isEmpty();

        reader.add("DOWN-FAR a@h " + (T + 700) + "\n");
        assertThat(reader.snapshot().calls()).containsExactly(
                SipCall.endedByFarEnd("a@h", Instant.ofEpochMilli(T), Instant.ofEpochMilli(T + 700)));
        assertThat(reader.snapshot().down()).containsExactly("a@h");
    }
}
