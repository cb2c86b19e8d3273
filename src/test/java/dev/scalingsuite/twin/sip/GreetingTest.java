package dev.scalingsuite.twin.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent's greeting: real RTP packets of PCMU, 20 ms apart, after the greeting delay, then silence. */
class GreetingTest {

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    @Test
    void aPacketIsAnRtpHeaderThen20MsOfPcmu() {
        byte[] audio = new byte[320];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (byte) i;
        }
        byte[] first = Greeting.rtp(0xBEEF, 0x01020304, 0xCAFEBABE, true, audio, 0);
        byte[] later = Greeting.rtp(0xBEF0, 0x010203A4, 0xCAFEBABE, false, audio, 160);

        assertThat(first).hasSize(12 + 160);
        assertThat(java.util.Arrays.copyOf(first, 12)).as("V=2, marker, PT 0 (PCMU), seq, timestamp, SSRC")
                .containsExactly(0x80, 0x80, 0xBE, 0xEF, 0x01, 0x02, 0x03, 0x04, 0xCA, 0xFE, 0xBA, 0xBE);
        assertThat(later[1]).as("no marker after the first packet, PT 0").isEqualTo((byte) 0x00);
        assertThat(later[12]).as("the payload is the audio from the offset on").isEqualTo((byte) 160);
        assertThat(later[12 + 159]).isEqualTo((byte) 319);
    }

    @Test
    void sendsFortyPacketsTwentyMillisecondsApartAfterTheDelayThenStops() throws Exception {
        List<Long> at = new CopyOnWriteArrayList<>();
        List<byte[]> packets = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        Greeting greeting = Greeting.start(timers, Duration.ofMillis(300), datagram -> {
            at.add(System.nanoTime());
            packets.add(datagram);
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> packets.size() == Greeting.PACKETS);
        Thread.sleep(100);
        assertThat(packets).as("no packet after the last").hasSize(40);
        assertThat(greeting.sent()).isEqualTo(40);
        assertThat(Duration.ofNanos(at.get(0) - start)).as("the first after the delay")
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(Duration.ofNanos(at.get(39) - at.get(0))).as("39 intervals of 20 ms, give or take the scheduler")
                .isBetween(Duration.ofMillis(700), Duration.ofMillis(1500));
        ByteBuffer first = ByteBuffer.wrap(packets.get(0));
        for (int i = 0; i < packets.size(); i++) {
            ByteBuffer p = ByteBuffer.wrap(packets.get(i));
            assertThat(p.get(1) & 0x80).as("marker bit of packet %d", i).isEqualTo(i == 0 ? 0x80 : 0);
            assertThat(p.get(1) & 0x7F).as("payload type PCMU").isZero();
            assertThat(p.getShort(2) & 0xFFFF).as("sequence of packet %d", i)
                    .isEqualTo((first.getShort(2) + i) & 0xFFFF);
            assertThat(p.getInt(4)).as("timestamp of packet %d: 160 samples a packet", i)
                    .isEqualTo(first.getInt(4) + 160 * i);
            assertThat(p.getInt(8)).as("one SSRC").isEqualTo(first.getInt(8));
        }
    }

    @Test
    void stopsWhenTheCallEndsOrItsPortCloses() throws Exception {
        List<byte[]> stopped = new CopyOnWriteArrayList<>();
        Greeting early = Greeting.start(timers, Duration.ofMillis(50), stopped::add);
        await().atMost(Duration.ofSeconds(5)).until(() -> stopped.size() >= 3);
        early.stop();
        int sent = stopped.size();
        Thread.sleep(200);
        assertThat(stopped).as("nothing after stop()").hasSizeLessThanOrEqualTo(sent + 1);

        List<byte[]> closed = new CopyOnWriteArrayList<>();
        Greeting failing = Greeting.start(timers, Duration.ofMillis(50), datagram -> {
            closed.add(datagram);
            throw new IOException("Socket closed");
        });
        Thread.sleep(300);
        assertThat(closed).as("one failed send ends it").hasSize(1);
        assertThat(failing.sent()).isZero();
    }

    @Test
    void theDelayIsModelTimeButNeverBelowOneWallSecond() {
        assertThat(Greeting.wallDelay(Duration.ofMillis(1500), 1)).isEqualTo(Duration.ofMillis(1500));
        assertThat(Greeting.wallDelay(Duration.ofSeconds(30), 10)).isEqualTo(Duration.ofSeconds(3));
        assertThat(Greeting.wallDelay(Duration.ofMillis(1500), 10)).as("150 ms at time scale 10: floored")
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(Greeting.wallDelay(Duration.ZERO, 1)).isEqualTo(Duration.ofSeconds(1));
    }
}
