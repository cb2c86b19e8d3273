package dev.scalingsuite.twin.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CloudWatch Logs filter pattern, as FilterLogEvents applies it to each message. Two forms:
 * <ul>
 *   <li>terms: space-separated, all must appear (case-sensitive); {@code "a phrase"} is matched
 *       exactly; {@code ?term}s form one OR group; {@code -term} excludes; empty matches all;</li>
 *   <li>a JSON equality {@code { $.a.b = "value" }} (also {@code !=}, unquoted numbers, {@code true},
 *       {@code false}, {@code null}, and several joined by {@code &&}), because the deployed agent
 *       logs structured JSON and operators filter on {@code $.event}.</li>
 * </ul>
 * Anything else that starts with {@code {} or {@code [} (space-delimited patterns, JSON ranges and
 * wildcards) is refused rather than guessed at, so a suite never passes on the twin with a pattern
 * whose AWS meaning differs.
 */
final class LogFilterPattern implements Predicate<String> {

    private static final Pattern JSON_TERM = Pattern.compile(
            "\\s*\\$((?:\\.[A-Za-z0-9_]+)+)\\s*(=|!=)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s&|}\"]+)\\s*");

    private final Predicate<String> test;

    private LogFilterPattern(Predicate<String> test) {
        this.test = test;
    }

    /**
     * Parses a pattern; null or blank matches every event.
     *
     * @throws ApiException InvalidParameterException "Invalid filter pattern" for what the twin cannot read
     */
    static LogFilterPattern parse(String pattern) {
        String text = pattern == null ? "" : pattern.trim();
        if (text.startsWith("{")) {
            return new LogFilterPattern(json(text));
        }
        if (text.startsWith("[")) {
            throw invalid();
        }
        return new LogFilterPattern(terms(text));
    }

    @Override
    public boolean test(String message) {
        return test.test(message);
    }

    private static ApiException invalid() {
        return ApiException.client("InvalidParameterException", "Invalid filter pattern");
    }

    private static Predicate<String> terms(String text) {
        List<String> all = new ArrayList<>();
        List<String> any = new ArrayList<>();
        List<String> none = new ArrayList<>();
        for (String token : tokens(text)) {
            char prefix = token.charAt(0);
            if (prefix == '?' || prefix == '-') {
                String term = unquote(token.substring(1));
                (prefix == '?' ? any : none).add(term);
            } else {
                all.add(unquote(token));
            }
        }
        return message -> all.stream().allMatch(message::contains)
                && (any.isEmpty() || any.stream().anyMatch(message::contains))
                && none.stream().noneMatch(message::contains);
    }

    /** Splits on spaces outside double quotes; quotes stay on the token so prefixes can be read. */
    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\' && i + 1 < text.length()) {
                token.append(c).append(text.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                token.append(c);
            } else if (!quoted && Character.isWhitespace(c)) {
                flush(tokens, token);
            } else {
                token.append(c);
            }
        }
        if (quoted) {
            throw invalid();
        }
        flush(tokens, token);
        return tokens;
    }

    private static void flush(List<String> tokens, StringBuilder token) {
        if (token.length() > 0) {
            tokens.add(token.toString());
            token.setLength(0);
        }
    }

    /** A term as matched: quotes removed and backslash escapes resolved; a bare prefix is invalid. */
    private static String unquote(String term) {
        if (term.isEmpty() || term.equals("\"\"")) {
            throw invalid();
        }
        if (!term.startsWith("\"")) {
            return term;
        }
        if (term.length() < 2 || !term.endsWith("\"")) {
            throw invalid();
        }
        return term.substring(1, term.length() - 1).replaceAll("\\\\(.)", "$1");
    }

    private static Predicate<String> json(String text) {
        if (!text.endsWith("}")) {
            throw invalid();
        }
        String body = text.substring(1, text.length() - 1);
        if (body.contains("||")) {
            throw invalid();
        }
        Predicate<String> all = message -> true;
        for (String clause : body.split("&&", -1)) {
            all = all.and(jsonTerm(clause));
        }
        return all;
    }

    private static Predicate<String> jsonTerm(String clause) {
        Matcher m = JSON_TERM.matcher(clause);
        if (!m.matches()) {
            throw invalid();
        }
        String[] path = m.group(1).substring(1).split("\\.");
        boolean equal = m.group(2).equals("=");
        String expected = m.group(3);
        if (expected.contains("*")) {
            throw invalid();
        }
        return message -> {
            JsonNode value = field(message, path);
            return value != null && matches(value, expected) == equal;
        };
    }

    /** The field at the path in a JSON message; null when the message is not JSON or has no such field. */
    private static JsonNode field(String message, String[] path) {
        JsonNode node;
        try {
            node = Wire.JSON.readTree(message);
        } catch (IOException e) {
            return null;
        }
        for (String name : path) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(name);
        }
        return node;
    }

    private static boolean matches(JsonNode value, String expected) {
        if (expected.startsWith("\"")) {
            return value.isTextual() && value.asText().equals(unquote(expected));
        }
        if (expected.equals("true") || expected.equals("false")) {
            return value.isBoolean() && value.asText().equals(expected);
        }
        if (expected.equals("null")) {
            return value.isNull();
        }
        if (expected.matches("-?\\d+(\\.\\d+)?")) {
            return value.isNumber() && value.decimalValue().compareTo(new java.math.BigDecimal(expected)) == 0;
        }
        return value.isTextual() && value.asText().equals(expected);
    }
}
