package dev.scalingsuite.twin.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class SdpTest {

    @Test
    void findsTheAudioStreamsAddress() {
        String sipp = "v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        assertThat(Sdp.audioTarget(sipp)).hasValue(new InetSocketAddress("127.0.0.1", 6000));
        assertThat(Sdp.audioTarget(Sdp.pcmu("frontdoor", 41000))).hasValue(new InetSocketAddress("127.0.0.1", 41000));
        String mediaLevel = "v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 7000 RTP/AVP 0\r\nc=IN IP4 127.0.0.2\r\n";
        assertThat(Sdp.audioTarget(mediaLevel)).as("a media-level c= wins").hasValue(new InetSocketAddress("127.0.0.2", 7000));
    }

    @Test
    void noAudioOrADeclinedStreamIsNoTarget() {
        assertThat(Sdp.audioTarget("")).isEmpty();
        assertThat(Sdp.audioTarget(null)).isEmpty();
        assertThat(Sdp.audioTarget("v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 0 RTP/AVP 0\r\n")).isEmpty();
        assertThat(Sdp.audioTarget("v=0\r\nm=audio 4000 RTP/AVP 0\r\n")).as("no c= line").isEmpty();
    }

    @Test
    void aRoomsSipUriNamesItsSession() {
        assertThat(TaskUas.sessionOf("sip:sip-0a1b2c3d@127.0.0.1:5070")).isEqualTo("sip-0a1b2c3d");
        assertThat(TaskUas.sessionOf("sip:127.0.0.1:5070")).isEmpty();
    }
}
