package dev.scalingsuite.twin.sip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The webhook Lambda's call to the agents ({@code infrastructure/src/functions/bot-runner/}): one
 * {@code POST /call} through the NLB with {@code session_id}, {@code room_url} and
 * {@code room_token}, each on a <b>new TCP connection</b> that it closes afterwards, as
 * {@code urllib.request.urlopen} does (no pool; it sends {@code Connection: close}). So every attempt
 * is a new NLB flow, routed on its own. Any answer but {@code {"status": "started"}} is a refusal:
 * the agent's 503 (at capacity, draining), a 400, a 500, a timeout, a connection error.
 *
 * <p>Blocking and thread-safe: call {@link #post} from a thread that may wait up to the timeout.
 */
final class Webhook {

    /** The front door never waits less than this for the agent, whatever the time scale. */
    static final Duration WALL_TIMEOUT_FLOOR = Duration.ofSeconds(2);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;

    /** How one attempt ended. */
    enum Outcome { STARTED, REFUSED, TIMEOUT, CONNECTION_ERROR }

    /**
     * One attempt's result.
     *
     * @param httpStatus the agent's HTTP status, 0 when none came
     * @param status the {@code status} field of the agent's JSON answer, empty when none
     * @param detail the {@code error} field, or what went wrong on the wire
     */
    record Result(Outcome outcome, int httpStatus, String status, String detail) {

        boolean started() {
            return outcome == Outcome.STARTED;
        }

        /** For logs and end reasons: {@code started}, the HTTP status ({@code 503}), {@code timeout}, ... */
        String cause() {
            return switch (outcome) {
                case STARTED -> "started";
                case REFUSED -> String.valueOf(httpStatus);
                case TIMEOUT -> "timeout";
                case CONNECTION_ERROR -> "connection_error";
            };
        }
    }

    private final InetSocketAddress nlb;
    private final Duration timeout;

    /**
     * @param nlb the NLB listener's address
     * @param timeout how long one attempt may take, connecting included (wall time; see {@link #wallTimeout})
     */
    Webhook(InetSocketAddress nlb, Duration timeout) {
        this.nlb = nlb;
        this.timeout = timeout;
    }

    /** The model timeout divided by the time scale, but never below {@link #WALL_TIMEOUT_FLOOR}. */
    static Duration wallTimeout(Duration model, int timeScale) {
        return WallTime.atLeast(model, timeScale, WALL_TIMEOUT_FLOOR);
    }

    Duration timeout() {
        return timeout;
    }

    /** A session id as the Lambda makes one for a SIP call: {@code sip-} and 8 hex digits. */
    static String newSessionId() {
        return String.format(Locale.ROOT, "sip-%08x", ThreadLocalRandom.current().nextInt());
    }

    /** Asks an agent, through the NLB, to start {@code sessionId}; blocks up to the timeout. */
    Result post(String sessionId) {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] body = requestBody(sessionId);
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(nlb, (int) Math.max(1, remainingMillis(deadline)));
            OutputStream out = socket.getOutputStream();
            out.write(("POST /call HTTP/1.1\r\n"
                    + "Accept-Encoding: identity\r\n"
                    + "Host: " + nlb.getHostString() + ":" + nlb.getPort() + "\r\n"
                    + "User-Agent: Python-urllib/3.12\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return read(socket, deadline);
        } catch (SocketTimeoutException e) {
            return new Result(Outcome.TIMEOUT, 0, "", "no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Result(Outcome.CONNECTION_ERROR, 0, "", String.valueOf(e.getMessage()));
        }
    }

    private static byte[] requestBody(String sessionId) {
        return JSON.createObjectNode()
                .put("room_url", "https://twin.daily.co/sip-" + sessionId)
                .put("room_token", "twin-meeting-token-" + sessionId)
                .put("session_id", sessionId)
                .toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads one HTTP/1.1 response: status line, headers, then Content-Length bytes, chunks, or up to EOF. */
    private static Result read(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int headerEnd = -1;
        while (headerEnd < 0) {
            int n = readSome(socket, in, buffer, deadline);
            if (n < 0) {
                throw new IOException("the connection closed before a complete response");
            }
            head.write(buffer, 0, n);
            headerEnd = indexOf(head.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            if (head.size() > MAX_RESPONSE_BYTES) {
                throw new IOException("response headers too long");
            }
        }
        byte[] all = head.toByteArray();
        String[] lines = new String(all, 0, headerEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + lines[0]);
        }
        int status;
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + lines[0], e);
        }
        long contentLength = -1;
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            if (name.equals("content-length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(all, headerEnd + 4, all.length - headerEnd - 4);
        if (chunked) {
            while (!complete(body.toByteArray())) {
                int n = readSome(socket, in, buffer, deadline);
                if (n < 0) {
                    throw new IOException("the connection closed inside a chunked body");
                }
                body.write(buffer, 0, n);
                tooLong(body);
            }
            return result(status, dechunk(body.toByteArray()));
        }
        while (contentLength < 0 || body.size() < contentLength) {
            int n = readSome(socket, in, buffer, deadline);
            if (n < 0) {
                if (contentLength >= 0) {
                    throw new IOException("the connection closed after " + body.size() + " of " + contentLength
                            + " body bytes");
                }
                break;
            }
            body.write(buffer, 0, n);
            tooLong(body);
        }
        return result(status, body.toByteArray());
    }

    private static Result result(int httpStatus, byte[] body) {
        String status = "";
        String error = "";
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null) {
                status = json.path("status").asText("");
                error = json.path("error").asText("");
            }
        } catch (IOException e) {
            error = "not JSON: " + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
        }
        // the Lambda reads the JSON of a 2xx answer and takes only status "started" as a yes
        boolean started = httpStatus >= 200 && httpStatus < 300 && status.equals("started");
        return new Result(started ? Outcome.STARTED : Outcome.REFUSED, httpStatus, status, error);
    }

    private static int readSome(Socket socket, InputStream in, byte[] buffer, long deadline) throws IOException {
        long remaining = remainingMillis(deadline);
        if (remaining <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remaining));
        return in.read(buffer);
    }

    private static long remainingMillis(long deadline) {
        return (long) Math.ceil((deadline - System.nanoTime()) / 1e6);
    }

    private static void tooLong(ByteArrayOutputStream body) throws IOException {
        if (body.size() > MAX_RESPONSE_BYTES) {
            throw new IOException("response body too long");
        }
    }

    /** Whether a chunked body has its last (zero-size) chunk and the blank line after it. */
    private static boolean complete(byte[] chunked) {
        return dechunkOrNull(chunked) != null;
    }

    private static byte[] dechunk(byte[] chunked) throws IOException {
        byte[] out = dechunkOrNull(chunked);
        if (out == null) {
            throw new IOException("incomplete chunked body");
        }
        return out;
    }

    private static byte[] dechunkOrNull(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (true) {
            int lineEnd = indexOf(data, i, "\r\n".getBytes(StandardCharsets.US_ASCII));
            if (lineEnd < 0) {
                return null;
            }
            String sizeText = new String(data, i, lineEnd - i, StandardCharsets.US_ASCII);
            int semicolon = sizeText.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? sizeText : sizeText.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                return null;
            }
            i = lineEnd + 2;
            if (size == 0) {
                return indexOf(data, i, "\r\n".getBytes(StandardCharsets.US_ASCII)) >= 0 ? out.toByteArray() : null;
            }
            if (data.length < i + size + 2) {
                return null;
            }
            out.write(data, i, size);
            i += size + 2;
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        return indexOf(data, 0, pattern);
    }

    private static int indexOf(byte[] data, int from, byte[] pattern) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
