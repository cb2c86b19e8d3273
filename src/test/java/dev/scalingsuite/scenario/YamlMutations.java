package dev.scalingsuite.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of broken YAML for the property tests of the loaders: edits of a valid file (a value
 * replaced, a line deleted, duplicated, re-indented, a key added, the file truncated, stray
 * characters inserted) and the values to put in. Each edit prints what it did, so a failing try reads
 * as the list of edits that broke the loader (jqwik prints it with the seed).
 */
public final class YamlMutations {

    /** One edit of a YAML text; {@code toString} says what it does. */
    public record Mutation(String description, UnaryOperator<String> edit) {
        public String apply(String text) {
            return edit.apply(text);
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** A scalar value after {@code key: } in block or flow style, up to a flow delimiter or a comment. */
    static final Pattern VALUE = Pattern.compile(":( +)([^,{}\\[\\]#\\s](?:[^,{}\\[\\]#]*[^,{}\\[\\]#\\s])?)");

    private YamlMutations() {
    }

    /** Line breaks as YAML counts them ({@code \r\n} is one). */
    private static final Pattern BREAK = Pattern.compile("\r\n|[\r\n\u0085\u2028\u2029]");

    /** How many lines {@code text} has, counting line breaks the way YAML (and so SnakeYAML's marks) does. */
    public static int lineCount(String text) {
        Matcher m = BREAK.matcher(text);
        int lines = 1;
        while (m.find()) {
            lines++;
        }
        return lines;
    }

    /** One to four edits, of every kind. */
    public static Arbitrary<List<Mutation>> mutationLists() {
        return mutations().list().ofMinSize(1).ofMaxSize(4);
    }

    /** Applies {@code mutations} in order. */
    public static String apply(String text, List<Mutation> mutations) {
        String out = text;
        for (Mutation m : mutations) {
            out = m.apply(out);
        }
        return out;
    }

    public static Arbitrary<Mutation> mutations() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, 1_000_000);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Combinators.combine(at, at, values()).as(YamlMutations::replaceValue)),
                net.jqwik.api.Tuple.of(2, at.map(YamlMutations::deleteLine)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(at, at).as(YamlMutations::deleteFlowEntry)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(at, keys(), values()).as(YamlMutations::addKey)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(at, keys(), values()).as(YamlMutations::addFlowKey)),
                net.jqwik.api.Tuple.of(2, at.map(YamlMutations::duplicateLine)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(at, Arbitraries.integers().between(-4, 4))
                        .as(YamlMutations::indent)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(at, strays()).as(YamlMutations::insert)),
                net.jqwik.api.Tuple.of(1, at.map(YamlMutations::truncate)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(at, at).as(YamlMutations::swapLines)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(at, values()).as(YamlMutations::replaceLine)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(
                        new Mutation("CRLF line ends", t -> t.replace("\n", "\r\n")),
                        new Mutation("CR line ends", t -> t.replace("\n", "\r")),
                        new Mutation("byte order mark", t -> "\uFEFF" + t),
                        new Mutation("document start", t -> "---\n" + t),
                        new Mutation("two documents", t -> t + "\n---\n" + t),
                        new Mutation("tabs for indentation", t -> t.replace("  ", "\t")),
                        new Mutation("all flow mappings emptied", t -> t.replaceAll("\\{[^{}]*}", "{}")))));
    }

    // ---- edits ----

    static Mutation replaceValue(int line, int occurrence, String value) {
        return new Mutation("replace value #" + occurrence + " on line ~" + line + " with " + visible(value), text -> {
            List<String> lines = lines(text);
            List<int[]> found = valuesIn(lines);
            if (found.isEmpty()) {
                return text;
            }
            int[] at = found.get((line + occurrence) % found.size());
            String l = lines.get(at[0]);
            lines.set(at[0], l.substring(0, at[1]) + value + l.substring(at[2]));
            return String.join("\n", lines);
        });
    }

    static Mutation deleteLine(int line) {
        return new Mutation("delete line ~" + line, text -> {
            List<String> lines = lines(text);
            lines.remove(line % lines.size());
            return String.join("\n", lines);
        });
    }

    /** Removes one {@code key: value} entry from a flow mapping. */
    static Mutation deleteFlowEntry(int line, int entry) {
        return new Mutation("delete flow entry #" + entry + " near line ~" + line, text -> {
            List<String> lines = lines(text);
            List<int[]> found = valuesIn(lines).stream()
                    .filter(v -> lines.get(v[0]).indexOf('{') >= 0 && lines.get(v[0]).indexOf('{') < v[1]).toList();
            if (found.isEmpty()) {
                return text;
            }
            int[] at = found.get((line + entry) % found.size());
            String l = lines.get(at[0]);
            int keyStart = Math.max(l.lastIndexOf('{', at[1]), l.lastIndexOf(',', at[1])) + 1;
            int end = at[2];
            if (end < l.length() && l.charAt(end) == ',') {
                end++;
            }
            lines.set(at[0], l.substring(0, keyStart) + l.substring(end));
            return String.join("\n", lines);
        });
    }

    /** A new line {@code key: value} after line {@code line}, indented like it (or like its list item's keys). */
    static Mutation addKey(int line, String key, String value) {
        return new Mutation("add '" + visible(key) + ": " + visible(value) + "' after line ~" + line, text -> {
            List<String> lines = lines(text);
            int at = line % lines.size();
            String l = lines.get(at);
            int indent = 0;
            while (indent < l.length() && l.charAt(indent) == ' ') {
                indent++;
            }
            if (l.startsWith("- ", indent)) {
                indent += 2;
            }
            lines.add(at + 1, " ".repeat(indent) + key + ": " + value);
            return String.join("\n", lines);
        });
    }

    /** {@code key: value, } right after a flow mapping's opening brace. */
    static Mutation addFlowKey(int line, String key, String value) {
        return new Mutation("add '" + visible(key) + ": " + visible(value) + "' to a flow mapping near line ~" + line,
                text -> {
                    List<Integer> braces = new ArrayList<>();
                    for (int i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) {
                        braces.add(i);
                    }
                    if (braces.isEmpty()) {
                        return text;
                    }
                    int at = braces.get(line % braces.size()) + 1;
                    return text.substring(0, at) + key + ": " + value + ", " + text.substring(at);
                });
    }

    static Mutation duplicateLine(int line) {
        return new Mutation("duplicate line ~" + line, text -> {
            List<String> lines = lines(text);
            int at = line % lines.size();
            lines.add(at + 1, lines.get(at));
            return String.join("\n", lines);
        });
    }

    static Mutation indent(int line, int by) {
        return new Mutation("indent line ~" + line + " by " + by, text -> {
            List<String> lines = lines(text);
            int at = line % lines.size();
            String l = lines.get(at);
            if (by >= 0) {
                lines.set(at, " ".repeat(by) + l);
            } else {
                int strip = 0;
                while (strip < -by && strip < l.length() && l.charAt(strip) == ' ') {
                    strip++;
                }
                lines.set(at, l.substring(strip));
            }
            return String.join("\n", lines);
        });
    }

    static Mutation insert(int position, String stray) {
        return new Mutation("insert " + visible(stray) + " at ~" + position, text -> {
            int at = position % (text.length() + 1);
            if (at > 0 && at < text.length() && Character.isLowSurrogate(text.charAt(at))) {
                at--; // keep pairs whole; a lone surrogate is a generated value of its own
            }
            return text.substring(0, at) + stray + text.substring(at);
        });
    }

    static Mutation truncate(int position) {
        return new Mutation("truncate at ~" + position, text -> text.substring(0, position % (text.length() + 1)));
    }

    static Mutation swapLines(int a, int b) {
        return new Mutation("swap lines ~" + a + " and ~" + b, text -> {
            List<String> lines = lines(text);
            int i = a % lines.size();
            int j = b % lines.size();
            String l = lines.get(i);
            lines.set(i, lines.get(j));
            lines.set(j, l);
            return String.join("\n", lines);
        });
    }

    static Mutation replaceLine(int line, String with) {
        return new Mutation("replace line ~" + line + " with " + visible(with), text -> {
            List<String> lines = lines(text);
            lines.set(line % lines.size(), with);
            return String.join("\n", lines);
        });
    }

    // ---- what goes in ----

    /** Values of every kind: numbers, durations, strings, lists, mappings, nothing, tags, aliases, garbage. */
    public static Arbitrary<String> values() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, numbers()),
                net.jqwik.api.Tuple.of(3, durations()),
                net.jqwik.api.Tuple.of(2, Arbitraries.of("[]", "[1, 2]", "[a, [b]]", "{}", "{a: 1}",
                        "{count: {count: 1}}", "[{place-calls: {count: 1}}]", "~", "null", "''", "\"\"", "true",
                        "false", "yes", "on", "TRUE", "&a 1", "*a", "!!str 5", "!!int 5", "!!int x", "!!binary AAAA",
                        "!!map {}", "!!seq []", "!custom x", "!!float 1", "? a", "- 1", "|", ">", "@x", "`x`", "%x",
                        "'it''s'", "\"\\x00\"", "\"\\u0000\"", "\"\\uD800\"", "\"\\U0001F600\"", "\"a\\nb\"",
                        "\"\\t\"", "'a: b'", "scale-in-policy", "steady-state", "Steady State", "x".repeat(300))),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(16)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().all().ofMaxLength(6)),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().all().ofMaxLength(12).map(YamlMutations::doubleQuoted)));
    }

    /** Whole numbers and others: negative, huge, in other notations. */
    public static Arbitrary<String> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.integers().between(-3, 12).map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(18), java.math.BigInteger.TEN.pow(40))
                        .map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("0", "-0", "+5", " 5", "05", "0x1F", "0o17", "017", "1_000", "1e3", "1E9", ".inf",
                        "-.inf", ".nan", "NaN", "2147483647", "2147483648", "-2147483648", "999999999", "1000000000",
                        "9999999999", "1.0", "1,000", "½", "٣", "５"));
    }

    /** Durations well and badly written. */
    public static Arbitrary<String> durations() {
        return Arbitraries.oneOf(
                Arbitraries.of("-5s", "1e9h", "", "PT5M", "pt5m", "0s", "0ms", "0h0m0s", "5", "5 s", "5S", "5sec",
                        "1h1h", "1m1h", "90s", "8m", "1m30s", "500ms", "1h", "999999h", "9999999h", "1000000000s",
                        "999999999s", "999999999ms", "1000000000ms", "999999h59m999999999s999999999ms", "1m30",
                        "1.5m", "+5s", "5s ", "5m 30s", "scale-in-policy", "forever", "-0s", "1d", "1w", "1y"),
                Combinators.combine(Arbitraries.integers().between(-5, 100_000), Arbitraries.of("h", "m", "s", "ms",
                        "", "us", "ns", "d")).as((n, unit) -> n + unit));
    }

    /** Keys: unknown, near misses, other sections' keys, odd characters. */
    public static Arbitrary<String> keys() {
        return Arbitraries.oneOf(
                Arbitraries.of("bogus", "Name", "steps", "name", "count", "within", "expect", "hold", "rate",
                        "max-dropped", "running", "no-flapping", "target", "region", "load-hosts", "recovery",
                        "poll", "twin", "sipp-home", "host", "1", "~", "''", "\"a b\"", "[a]", "{a: 1}", "? x",
                        "<<", "&k key", "*k", "a.b", "-", "é", "spaces in key"),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10));
    }

    /** Stray characters: tabs, control characters, line breaks of every kind, unicode, YAML indicators. */
    public static Arbitrary<String> strays() {
        return Arbitraries.oneOf(
                Arbitraries.of("\t", "\r", "\r\n", "\n", "\0", "\u0001", "\u0007", "\u001b[31m", "\u007f", "\u0085",
                        "\u00a0", "\u2028", "\u2029", "\uFEFF", "\uFFFE", "\uFFFF", "\uD800", "\uDC00", "\uD83D\uDE00",
                        "#", ":", ": ", "- ", "{", "}", "[", "]", "'", "\"", "&", "*", "!", "|", ">", "%", "@", "`",
                        ",", "?", "---\n", "...\n", "\\", "é", "ü", "中", "\u202e"),
                Arbitraries.chars().map(String::valueOf),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(8));
    }

    // ---- helpers ----

    /** YAML double-quoted form of {@code s}: the loader then reads exactly {@code s}, control characters included. */
    public static String doubleQuoted(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= ' ' && c <= '~') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.append('"').toString();
    }

    /** {@code s} as the loaders put values into a problem's one line: line breaks and control characters escaped. */
    public static String oneLine(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** {@code s} with control and non-ASCII characters as escapes, for descriptions of edits. */
    public static String visible(String s) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c >= ' ' && c <= '~' ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.append('\'').toString();
    }

    /** The lines of {@code text} split at {@code \n} only (other breaks stay inside lines), as a mutable list. */
    static List<String> lines(String text) {
        return new ArrayList<>(List.of(text.split("\n", -1)));
    }

    /** Every scalar value outside comments: {line, start, end}. */
    static List<int[]> valuesIn(List<String> lines) {
        List<int[]> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            int comment = l.indexOf('#');
            String code = comment >= 0 ? l.substring(0, comment) : l;
            Matcher m = VALUE.matcher(code);
            while (m.find()) {
                found.add(new int[] {i, m.start(2), m.end(2)});
            }
        }
        return found;
    }

    /** The value positions of {@code text}, for properties that aim at one line: {line (0-based), start, end}. */
    public static List<int[]> valuePositions(String text) {
        return valuesIn(lines(text));
    }
}
