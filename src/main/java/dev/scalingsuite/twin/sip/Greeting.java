package dev.scalingsuite.twin.sip;

import dev.scalingsuite.twin.stack.PcmuAudio;
import dev.scalingsuite.twin.stack.WallTimeout;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's first words on a call. Upstream's agent speaks first: once the caller joins the room it
 * asks the LLM for a greeting, which TTS speaks (backend/voice-agent/app/pipeline_ecs.py:523-544,
 * {@code on_first_participant_joined}), so the caller's first audio from the far end is that greeting.
 * The twin sends a short one, {@link #PACKETS} packets of PCMU (RTP payload type 0, 20 ms each, the
 * marker bit on the first, an SSRC of its own), not a continuous stream: it is what a caller measures
 * connect time by, and 120 calls greeting at once must stay cheap.
 */
final class Greeting {

    /** The twin never greets sooner than this after the bridge, whatever the time scale. */
    static final Duration WALL_DELAY_FLOOR = Duration.ofSeconds(1);
    /** 0.8 s of audio. */
    static final int PACKETS = 40;
    /** 20 ms of 8 kHz mu-law: one byte per sample. */
    static final int PAYLOAD_BYTES = 160;
    static final long PACKET_INTERVAL_MILLIS = 20;
    private static final int PAYLOAD_TYPE_PCMU = 0;
    private static final byte[] AUDIO = PcmuAudio.speechLike(PACKETS * PACKET_INTERVAL_MILLIS / 1000.0, 20_261_202L);

    /** Where the packets go: the task's RTP socket, towards the front door's port for the call. */
    interface Sink {
        void send(byte[] datagram) throws IOException;
    }

    private final Sink sink;
    private final int ssrc;
    private final int firstSequence;
    private final int firstTimestamp;
    private final AtomicInteger sent = new AtomicInteger();
    private volatile ScheduledFuture<?> schedule;
    private volatile boolean stopped;

    private Greeting(Sink sink, int ssrc, int firstSequence, int firstTimestamp) {
        this.sink = sink;
        this.ssrc = ssrc;
        this.firstSequence = firstSequence;
        this.firstTimestamp = firstTimestamp;
    }

    /** The greeting delay a task waits: model time divided by the time scale, never below {@link #WALL_DELAY_FLOOR}. */
    static Duration wallDelay(Duration model, int timeScale) {
        return WallTimeout.atLeast(model, timeScale, WALL_DELAY_FLOOR);
    }

    /**
     * Starts sending the greeting {@code delay} from now, one packet every 20 ms on {@code timers}.
     * Random sequence number, timestamp and SSRC, as RFC 3550 asks.
     */
    static Greeting start(ScheduledExecutorService timers, Duration delay, Sink sink) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Greeting greeting = new Greeting(sink, random.nextInt(), random.nextInt(1 << 16), random.nextInt());
        greeting.schedule = timers.scheduleAtFixedRate(greeting::sendNext, delay.toNanos(),
                TimeUnit.MILLISECONDS.toNanos(PACKET_INTERVAL_MILLIS), TimeUnit.NANOSECONDS);
        if (greeting.stopped) {
            greeting.stop(); // it ended before its schedule was known
        }
        return greeting;
    }

    /** Packets sent so far. */
    int sent() {
        return sent.get();
    }

    /** No more packets: the call ended, or its port closed. */
    void stop() {
        stopped = true;
        ScheduledFuture<?> s = schedule;
        if (s != null) {
            s.cancel(false);
        }
    }

    private void sendNext() {
        int index = sent.get();
        if (stopped || index >= PACKETS) {
            stop();
            return;
        }
        try {
            sink.send(packet(index));
        } catch (IOException e) {
            stop(); // the call's RTP port closed under it: the call is over
            return;
        }
        if (sent.incrementAndGet() >= PACKETS) {
            stop();
        }
    }

    /** The {@code index}-th packet of this greeting. */
    byte[] packet(int index) {
        return rtp(firstSequence + index, firstTimestamp + index * PAYLOAD_BYTES, ssrc, index == 0,
                AUDIO, index * PAYLOAD_BYTES);
    }

    /** One RTP packet (RFC 3550 5.1: version 2, no padding, extension or CSRC) with 20 ms of PCMU. */
    static byte[] rtp(int sequence, int timestamp, int ssrc, boolean marker, byte[] audio, int offset) {
        byte[] packet = new byte[RtpReceiver.RTP_HEADER_BYTES + PAYLOAD_BYTES];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) ((marker ? 0x80 : 0) | PAYLOAD_TYPE_PCMU);
        packet[2] = (byte) (sequence >>> 8);
        packet[3] = (byte) sequence;
        putInt(packet, 4, timestamp);
        putInt(packet, 8, ssrc);
        System.arraycopy(audio, offset, packet, RtpReceiver.RTP_HEADER_BYTES, PAYLOAD_BYTES);
        return packet;
    }

    private static void putInt(byte[] to, int at, int value) {
        to[at] = (byte) (value >>> 24);
        to[at + 1] = (byte) (value >>> 16);
        to[at + 2] = (byte) (value >>> 8);
        to[at + 3] = (byte) value;
    }
}
