package dev.scalingsuite.twin.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One SIP request or response (RFC 3261 section 7) as the twin's UDP endpoints exchange them:
 * parsed from a datagram, built by the endpoints, serialized back. Headers keep their order; compact
 * names are expanded; multi-line (folded) values are joined. The body is kept as ISO-8859-1 text so
 * it round-trips byte for byte; Content-Length is always written from the body.
 */
public final class SipMessage {

    private static final Map<String, String> COMPACT = Map.of(
            "v", "Via", "f", "From", "t", "To", "i", "Call-ID", "m", "Contact",
            "l", "Content-Length", "c", "Content-Type", "k", "Supported", "s", "Subject", "e", "Content-Encoding");

    private final String method;
    private final String requestUri;
    private final int status;
    private final String reason;
    private final List<String[]> headers = new ArrayList<>();
    private String body = "";

    private SipMessage(String method, String requestUri, int status, String reason) {
        this.method = method;
        this.requestUri = requestUri;
        this.status = status;
        this.reason = reason;
    }

    public static SipMessage request(String method, String requestUri) {
        return new SipMessage(method, requestUri, 0, null);
    }

    public static SipMessage response(int status, String reason) {
        return new SipMessage(null, null, status, reason);
    }

    /**
     * Parses one datagram.
     *
     * @throws SipParseException when it is not a SIP message this endpoint can read
     */
    public static SipMessage parse(byte[] data, int length) {
        String text = new String(data, 0, length, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        int sep = 4;
        if (end < 0) {
            end = text.indexOf("\n\n");
            sep = 2;
        }
        if (end < 0) {
            throw new SipParseException("no blank line after the headers");
        }
        String[] lines = text.substring(0, end).split("\r?\n");
        SipMessage message = startLine(lines[0].trim());
        String name = null;
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(' ').append(line.trim());
                continue;
            }
            if (name != null) {
                message.add(name, value.toString());
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new SipParseException("header line without a name: " + line);
            }
            name = canonical(line.substring(0, colon).trim());
            value.setLength(0);
            value.append(line.substring(colon + 1).trim());
        }
        if (name != null) {
            message.add(name, value.toString());
        }
        String body = text.substring(end + sep);
        Optional<String> declared = message.header("Content-Length");
        if (declared.isPresent()) {
            int n;
            try {
                n = Integer.parseInt(declared.get().trim());
            } catch (NumberFormatException e) {
                throw new SipParseException("bad Content-Length: " + declared.get());
            }
            if (n < 0 || n > body.length()) {
                throw new SipParseException("Content-Length " + n + " but the body has " + body.length() + " bytes");
            }
            body = body.substring(0, n);
        }
        message.body = body;
        for (String required : List.of("Via", "From", "To", "Call-ID", "CSeq")) {
            if (message.header(required).isEmpty()) {
                throw new SipParseException("missing " + required);
            }
        }
        return message;
    }

    private static SipMessage startLine(String line) {
        String[] parts = line.split(" ", 3);
        if (parts.length < 2) {
            throw new SipParseException("bad start line: " + line);
        }
        if (parts[0].equals("SIP/2.0")) {
            try {
                int code = Integer.parseInt(parts[1]);
                if (code < 100 || code > 699) {
                    throw new SipParseException("bad status code: " + line);
                }
                return response(code, parts.length > 2 ? parts[2] : "");
            } catch (NumberFormatException e) {
                throw new SipParseException("bad status line: " + line);
            }
        }
        if (parts.length != 3 || !parts[2].equals("SIP/2.0") || !parts[0].matches("[A-Za-z]+")) {
            throw new SipParseException("bad request line: " + line);
        }
        return request(parts[0].toUpperCase(Locale.ROOT), parts[1]);
    }

    private static String canonical(String name) {
        String expanded = COMPACT.get(name.toLowerCase(Locale.ROOT));
        if (expanded != null) {
            return expanded;
        }
        for (String known : List.of("Via", "From", "To", "Call-ID", "CSeq", "Contact", "Content-Length",
                "Content-Type", "Max-Forwards", "Reason")) {
            if (known.equalsIgnoreCase(name)) {
                return known;
            }
        }
        return name;
    }

    public boolean isRequest() { return method != null; }
    public String method() { return method; }
    public String requestUri() { return requestUri; }
    public int status() { return status; }
    public String reason() { return reason; }
    public String body() { return body; }

    public SipMessage body(String contentType, String text) {
        set("Content-Type", contentType);
        this.body = text;
        return this;
    }

    /** Appends a header line. */
    public SipMessage add(String name, String value) {
        headers.add(new String[] {canonical(name), value});
        return this;
    }

    /** Replaces every line of a header with one value (appended when absent). */
    public SipMessage set(String name, String value) {
        String canonical = canonical(name);
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(canonical)) {
                h[1] = value;
                headers.removeIf(o -> o != h && o[0].equalsIgnoreCase(canonical));
                return this;
            }
        }
        return add(canonical, value);
    }

    /** The first line of a header, e.g. the top Via. */
    public Optional<String> header(String name) {
        String canonical = canonical(name);
        return headers.stream().filter(h -> h[0].equalsIgnoreCase(canonical)).map(h -> h[1]).findFirst();
    }

    /** Every value of a header, comma-separated values split out (outside quotes and angle brackets). */
    public List<String> headers(String name) {
        String canonical = canonical(name);
        List<String> out = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(canonical)) {
                out.addAll(splitValues(h[1]));
            }
        }
        return out;
    }

    /** The top Via value: the first one of the first Via line. */
    public String topVia() {
        return headers("Via").get(0);
    }

    /** The branch parameter of the top Via, the transaction key (RFC 3261 17.2.3). */
    public String branch() {
        return param(topVia(), "branch").orElse("");
    }

    public String callId() {
        return header("Call-ID").orElseThrow().trim();
    }

    public int cseq() {
        String[] parts = header("CSeq").orElseThrow().trim().split("\\s+");
        try {
            return Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new SipParseException("bad CSeq: " + header("CSeq").orElseThrow());
        }
    }

    public String cseqMethod() {
        String[] parts = header("CSeq").orElseThrow().trim().split("\\s+");
        return parts.length > 1 ? parts[1].toUpperCase(Locale.ROOT) : "";
    }

    public Optional<String> fromTag() {
        return param(header("From").orElseThrow(), "tag");
    }

    public Optional<String> toTag() {
        return param(header("To").orElseThrow(), "tag");
    }

    /** The URI in a name-addr or addr-spec header value such as Contact: {@code "A" <sip:a@h:p>;x=y}. */
    public static String uri(String value) {
        int lt = value.indexOf('<');
        if (lt >= 0) {
            int gt = value.indexOf('>', lt);
            return value.substring(lt + 1, gt < 0 ? value.length() : gt).trim();
        }
        int semi = value.indexOf(';');
        return (semi < 0 ? value : value.substring(0, semi)).trim();
    }

    /**
     * A parameter of a header value, after the URI when the URI is in angle brackets; a parameter
     * without a value reads as the empty string.
     */
    public static Optional<String> param(String value, String name) {
        int gt = value.indexOf('>');
        String params = gt >= 0 ? value.substring(gt + 1) : value;
        for (String part : params.split(";")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq).trim();
            if (key.equalsIgnoreCase(name)) {
                return Optional.of(eq < 0 ? "" : p.substring(eq + 1).trim());
            }
        }
        return Optional.empty();
    }

    /** Adds ;tag=... to a From or To value that has none. */
    public static String withTag(String value, String tag) {
        return param(value, "tag").isPresent() ? value : value + ";tag=" + tag;
    }

    /** Copies every line of the named headers, in order, from another message. */
    public SipMessage copy(SipMessage from, String... names) {
        for (String name : names) {
            String canonical = canonical(name);
            for (String[] h : from.headers) {
                if (h[0].equalsIgnoreCase(canonical)) {
                    add(canonical, h[1]);
                }
            }
        }
        return this;
    }

    /** The response to this request that RFC 3261 8.2.6 prescribes: Via, From, To, Call-ID, CSeq copied. */
    public SipMessage respond(int code, String phrase, String toTag) {
        SipMessage response = response(code, phrase).copy(this, "Via", "From");
        String to = header("To").orElseThrow();
        response.add("To", toTag == null || code == 100 ? to : withTag(to, toTag));
        response.copy(this, "Call-ID", "CSeq");
        return response;
    }

    public byte[] toBytes() {
        StringBuilder out = new StringBuilder(256 + body.length());
        if (isRequest()) {
            out.append(method).append(' ').append(requestUri).append(" SIP/2.0\r\n");
        } else {
            out.append("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
        }
        for (String[] h : headers) {
            if (!h[0].equals("Content-Length")) {
                out.append(h[0]).append(": ").append(h[1]).append("\r\n");
            }
        }
        out.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body);
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.ISO_8859_1);
    }

    static List<String> splitValues(String value) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                depth++;
            } else if (!quoted && c == '>') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                out.add(value.substring(start, i).trim());
                start = i + 1;
            }
        }
        out.add(value.substring(start).trim());
        return out;
    }
}
