package dev.scalingsuite.twin.sip;

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

/**
 * One HTTP/1.1 request on a TCP connection of its own, closed once the answer is read: how the
 * webhook's {@code urllib} sends {@code POST /call} and how the NLB sends a health check. One deadline
 * covers connecting, sending and reading. Blocking and thread-safe.
 */
final class HttpOnce {

    private static final int MAX_RESPONSE_BYTES = 64 * 1024;

    /** An answer: its status code and its body (de-chunked). */
    record Response(int status, byte[] body) { }

    private HttpOnce() {
    }

    /**
     * Connects to {@code to}, sends {@code head} (request line and headers, ending in an empty line)
     * and {@code body}, and reads the answer; the connection is closed whatever happens.
     *
     * @throws SocketTimeoutException when {@code timeout} passed before the whole answer came
     * @throws IOException when nothing listens, the connection was reset or closed before a complete
     *     answer, or the answer is not HTTP
     */
    static Response exchange(InetSocketAddress to, String head, byte[] body, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(to, (int) Math.max(1, remainingMillis(deadline)));
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return read(socket, deadline);
        }
    }

    /** Reads one HTTP/1.1 response: status line, headers, then Content-Length bytes, chunks, or up to EOF. */
    private static Response read(Socket socket, long deadline) throws IOException {
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
            return new Response(status, dechunk(body.toByteArray()));
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
        return new Response(status, body.toByteArray());
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
