package dev.scalingsuite.twin.sip;

import java.net.InetSocketAddress;
import java.util.Optional;

/** The little SDP the twin speaks: one PCMU audio stream on one address, offered or answered. */
final class Sdp {

    private Sdp() {
    }

    /** An SDP body for one PCMU stream (20 ms packets) on {@code port} of 127.0.0.1. */
    static String pcmu(String origin, int port) {
        return pcmu(origin, "127.0.0.1", port);
    }

    /** An SDP body for one PCMU stream (20 ms packets) on {@code address:port}. */
    static String pcmu(String origin, String address, int port) {
        return "v=0\r\n"
                + "o=" + origin + " 1 1 IN IP4 " + address + "\r\n"
                + "s=" + origin + "\r\n"
                + "c=IN IP4 " + address + "\r\n"
                + "t=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=ptime:20\r\n"
                + "a=sendrecv\r\n";
    }

    /**
     * Where the body's audio stream wants its RTP: the connection address ({@code c=}, session or
     * media level) and the port of the first {@code m=audio} line; empty when either is missing or
     * the port is 0 (a stream declined).
     */
    static Optional<InetSocketAddress> audioTarget(String body) {
        if (body == null || body.isEmpty()) {
            return Optional.empty();
        }
        String host = null;
        int port = -1;
        boolean sessionLevel = true;
        boolean inAudio = false;
        for (String raw : body.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("m=")) {
                sessionLevel = false;
                inAudio = line.startsWith("m=audio ") && port < 0;
                if (inAudio) {
                    String[] f = line.substring(2).trim().split("\\s+");
                    try {
                        port = Integer.parseInt(f[1].contains("/") ? f[1].substring(0, f[1].indexOf('/')) : f[1]);
                    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                        return Optional.empty();
                    }
                }
            } else if (line.startsWith("c=") && (sessionLevel || inAudio)) {
                String[] f = line.substring(2).trim().split("\\s+");
                if (f.length >= 3) {
                    host = f[2].contains("/") ? f[2].substring(0, f[2].indexOf('/')) : f[2];
                }
            }
        }
        if (host == null || port <= 0 || port > 65_535) {
            return Optional.empty();
        }
        return Optional.of(new InetSocketAddress(host, port));
    }
}
