package dev.scalingsuite.load;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Everything that reaches the load host's shell goes through here: values are checked against a
 * narrow pattern first (so a bad value fails with a message, not on the host), then single-quoted,
 * so that even a value that slipped through is one literal word and never runs.
 */
public final class Shell {

    static final Pattern HOST = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?");
    static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    static final Pattern SCENARIO = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./-]{0,200}\\.xml");
    static final Pattern AUDIO = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,100}\\.pcmu");
    static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9@._:+-]{0,200}");
    static final Pattern PATH = Pattern.compile("/[A-Za-z0-9_./+-]{0,500}");

    private Shell() {
    }

    /** One shell word that stands for {@code value} literally, whatever it contains. */
    public static String quote(String value) {
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }

    /** The words, each quoted, joined by spaces. */
    public static String join(List<String> words) {
        return words.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }

    /**
     * Returns {@code value} if it matches {@code pattern} in full.
     *
     * @throws IllegalArgumentException naming the value and what is allowed
     */
    static String require(String what, String value, Pattern pattern, String allowed) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' is not allowed; use " + allowed);
        }
        if (value.contains("..")) {
            throw new IllegalArgumentException(what + " '" + value + "' must not contain '..'");
        }
        return value;
    }

    static String host(String value) {
        return require("Host", value, HOST, "a host name or IPv4 address (letters, digits, '.', '-')");
    }

    static int port(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " " + port + " is not a port; use 1 to 65535");
        }
        return port;
    }

    static String callId(String value) {
        return require("Call-ID", value, CALL_ID, "letters, digits and @ . _ : + -");
    }
}
