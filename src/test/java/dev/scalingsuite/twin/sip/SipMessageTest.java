package dev.scalingsuite.twin.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipMessageTest {

    private static final String SDP = "v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\n"
            + "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    private static final String INVITE = "INVITE sip:service@127.0.0.1:5060 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-1-1-0;rport\r\n"
            + "From: sipp <sip:sipp@127.0.0.1:5061>;tag=1SIPpTag001\r\n"
            + "To: service <sip:service@127.0.0.1:5060>\r\n"
            + "Call-ID: 1-4242@127.0.0.1\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Contact: sip:sipp@127.0.0.1:5061\r\n"
            + "Max-Forwards: 70\r\n"
            + "Subject: Performance Test\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: " + SDP.length() + "\r\n\r\n" + SDP;

    private static SipMessage parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return SipMessage.parse(bytes, bytes.length);
    }

    @Test
    void parsesARequestWithItsHeadersAndBody() {
        SipMessage m = parse(INVITE);
        assertThat(m.isRequest()).isTrue();
        assertThat(m.method()).isEqualTo("INVITE");
        assertThat(m.requestUri()).isEqualTo("sip:service@127.0.0.1:5060");
        assertThat(m.branch()).isEqualTo("z9hG4bK-1-1-0");
        assertThat(m.callId()).isEqualTo("1-4242@127.0.0.1");
        assertThat(m.cseq()).isEqualTo(1);
        assertThat(m.cseqMethod()).isEqualTo("INVITE");
        assertThat(m.fromTag()).contains("1SIPpTag001");
        assertThat(m.toTag()).isEmpty();
        assertThat(m.header("Contact").map(SipMessage::uri)).contains("sip:sipp@127.0.0.1:5061");
        assertThat(m.body()).isEqualTo(SDP);
        assertThat(SipMessage.param(m.topVia(), "rport")).contains("");
    }

    @Test
    void serializesWhatItParsedAndRecomputesContentLength() {
        SipMessage m = parse(INVITE);
        SipMessage again = parse(m.toString());
        assertThat(again.toString()).isEqualTo(m.toString());
        assertThat(m.toString()).contains("Content-Length: " + SDP.length() + "\r\n\r\nv=0");
        assertThat(m.toString()).startsWith("INVITE sip:service@127.0.0.1:5060 SIP/2.0\r\nVia: ");
    }

    @Test
    void theResponseCopiesTheTransactionHeadersAndTagsTheTo() {
        SipMessage ok = parse(INVITE).respond(200, "OK", "abc");
        String text = ok.toString();
        assertThat(text).startsWith("SIP/2.0 200 OK\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-1-1-0;rport\r\n"
                + "From: sipp <sip:sipp@127.0.0.1:5061>;tag=1SIPpTag001\r\n"
                + "To: service <sip:service@127.0.0.1:5060>;tag=abc\r\n"
                + "Call-ID: 1-4242@127.0.0.1\r\n"
                + "CSeq: 1 INVITE\r\n");
        SipMessage parsed = parse(text);
        assertThat(parsed.isRequest()).isFalse();
        assertThat(parsed.status()).isEqualTo(200);
        assertThat(parsed.reason()).isEqualTo("OK");
        assertThat(parsed.toTag()).contains("abc");
        assertThat(parse(INVITE).respond(100, "Trying", "abc").toTag()).isEmpty();
    }

    @Test
    void keepsAReasonPhraseWithSpacesAndParentheses() {
        SipMessage m = parse(parse(INVITE).respond(503, "Service Unavailable (at capacity (4 calls))", "t").toString());
        assertThat(m.status()).isEqualTo(503);
        assertThat(m.reason()).isEqualTo("Service Unavailable (at capacity (4 calls))");
    }

    @Test
    void readsCompactFormsFoldedLinesAndSeveralViasOnOneLine() {
        SipMessage m = parse("BYE sip:a@127.0.0.1 SIP/2.0\n"
                + "v: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bKa, SIP/2.0/UDP 127.0.0.1:2;branch=z9hG4bKb\n"
                + "f: \"A, the caller\" <sip:a@x>;tag=1\n"
                + "t: <sip:b@y>\n ;tag=2\n"
                + "i: abc\n"
                + "CSeq: 7 BYE\n"
                + "l: 0\n\n");
        assertThat(m.headers("Via")).hasSize(2);
        assertThat(m.branch()).isEqualTo("z9hG4bKa");
        assertThat(m.fromTag()).contains("1");
        assertThat(m.toTag()).contains("2");
        assertThat(m.callId()).isEqualTo("abc");
        assertThat(m.cseq()).isEqualTo(7);
        assertThat(m.body()).isEmpty();
        assertThat(SipMessage.splitValues("\"A, B\" <sip:a@x;p=1,2>, <sip:c@y>")).hasSize(2);
    }

    @Test
    void aBodyLongerThanContentLengthIsCut() {
        SipMessage m = parse(INVITE.replace("Content-Length: " + SDP.length(), "Content-Length: 4"));
        assertThat(m.body()).isEqualTo("v=0\r");
    }

    @Test
    void rejectsWhatIsNotSip() {
        assertThatThrownBy(() -> parse("hello\r\n\r\n")).isInstanceOf(SipParseException.class);
        assertThatThrownBy(() -> parse("INVITE sip:a SIP/2.0\r\nVia: x\r\n")).isInstanceOf(SipParseException.class);
        assertThatThrownBy(() -> parse(INVITE.replace("Call-ID: 1-4242@127.0.0.1\r\n", "")))
                .isInstanceOf(SipParseException.class).hasMessageContaining("Call-ID");
        assertThatThrownBy(() -> parse(INVITE.replace("Content-Length: " + SDP.length(), "Content-Length: 9999")))
                .isInstanceOf(SipParseException.class);
        assertThatThrownBy(() -> parse("SIP/2.0 99 Odd\r\nVia: a\r\nFrom: a\r\nTo: b\r\nCall-ID: c\r\nCSeq: 1 X\r\n\r\n"))
                .isInstanceOf(SipParseException.class);
        assertThatThrownBy(() -> parse(INVITE.replace("CSeq: 1 INVITE", "CSeq: one INVITE")).cseq())
                .isInstanceOf(SipParseException.class);
    }

    @Test
    void addsATagOnlyWhenThereIsNone() {
        assertThat(SipMessage.withTag("<sip:a@b>", "x")).isEqualTo("<sip:a@b>;tag=x");
        assertThat(SipMessage.withTag("<sip:a@b>;tag=y", "x")).isEqualTo("<sip:a@b>;tag=y");
        assertThat(SipMessage.uri("\"Agent\" <sip:agent@127.0.0.1:7000>;expires=60")).isEqualTo("sip:agent@127.0.0.1:7000");
        assertThat(SipMessage.param("<sip:a@b;tag=inside>;tag=outside", "tag")).contains("outside");
    }
}
