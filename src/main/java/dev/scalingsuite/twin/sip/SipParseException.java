package dev.scalingsuite.twin.sip;

/** A datagram that is not a SIP message the twin can read; the endpoints drop it. */
public final class SipParseException extends RuntimeException {
    public SipParseException(String message) {
        super(message);
    }
}
