package dev.scalingsuite.scenario;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generators of broken YAML for the property tests of the loaders: edits of a valid file (a value
 * replaced, a line deleted, duplicated, re-indented, a key added, the file truncated, stray
 * characters inserted) and the values to put in, all drawn from a {@link Random}, plus the plain
 * generators (numbers, text, lists, choices) the property tests build theirs from. Each edit prints
 * what it did, so a failing try reads as the list of edits that broke the loader ({@link Tries} prints
 * it with the seed).
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
    public static List<Mutation> mutationLists(Random r) {
        return listOf(r, 1, 4, YamlMutations::mutations);
    }

    /** Applies {@code mutations} in order. */
    public static String apply(String text, List<Mutation> mutations) {
        String out = text;
        for (Mutation m : mutations) {
            out = m.apply(out);
        }
        return out;
    }

    private static final List<Mutation> WHOLE_TEXT = List.of(
            new Mutation("CRLF line ends", t -> t.replace("\n", "\r\n")),
            new Mutation("CR line ends", t -> t.replace("\n", "\r")),
            new Mutation("byte order mark", t -> "\uFEFF" + t),
            new Mutation("document start", t -> "---\n" + t),
            new Mutation("two documents", t -> t + "\n---\n" + t),
            new Mutation("tabs for indentation", t -> t.replace("  ", "\t")),
            new Mutation("all flow mappings emptied", t -> t.replaceAll("\\{[^{}]*}", "{}")));

    /** One edit, of every kind. */
    public static Mutation mutations(Random r) {
        return switch (weighted(r, 6, 2, 2, 2, 1, 2, 2, 3, 1, 1, 1, 1)) {
            case 0 -> replaceValue(at(r), at(r), values(r));
            case 1 -> deleteLine(at(r));
            case 2 -> deleteFlowEntry(at(r), at(r));
            case 3 -> addKey(at(r), keys(r), values(r));
            case 4 -> addFlowKey(at(r), keys(r), values(r));
            case 5 -> duplicateLine(at(r));
            case 6 -> indent(at(r), r.nextInt(-4, 5));
            case 7 -> insert(at(r), strays(r));
            case 8 -> truncate(at(r));
            case 9 -> swapLines(at(r), at(r));
            case 10 -> replaceLine(at(r), values(r));
            default -> pick(r, WHOLE_TEXT);
        };
    }

    /** Where an edit goes: taken modulo the lines, values or characters there are. */
    private static int at(Random r) {
        return r.nextInt(1_000_001);
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

    private static final List<String> VALUES = List.of("[]", "[1, 2]", "[a, [b]]", "{}", "{a: 1}",
            "{count: {count: 1}}", "[{place-calls: {count: 1}}]", "~", "null", "''", "\"\"", "true",
            "false", "yes", "on", "TRUE", "&a 1", "*a", "!!str 5", "!!int 5", "!!int x", "!!binary AAAA",
            "!!map {}", "!!seq []", "!custom x", "!!float 1", "? a", "- 1", "|", ">", "@x", "`x`", "%x",
            "'it''s'", "\"\\x00\"", "\"\\u0000\"", "\"\\uD800\"", "\"\\U0001F600\"", "\"a\\nb\"",
            "\"\\t\"", "'a: b'", "scale-in-policy", "steady-state", "Steady State", "x".repeat(300));

    /** Values of every kind: numbers, durations, strings, lists, mappings, nothing, tags, aliases, garbage. */
    public static String values(Random r) {
        return switch (weighted(r, 3, 3, 2, 2, 1, 2)) {
            case 0 -> numbers(r);
            case 1 -> durations(r);
            case 2 -> pick(r, VALUES);
            case 3 -> stringIn(r, ' ', '~', 0, 16);
            case 4 -> anyString(r, 0, 6);
            default -> doubleQuoted(anyString(r, 0, 12));
        };
    }

    private static final List<String> NUMBERS = List.of("0", "-0", "+5", " 5", "05", "0x1F", "0o17", "017",
            "1_000", "1e3", "1E9", ".inf", "-.inf", ".nan", "NaN", "2147483647", "2147483648", "-2147483648",
            "999999999", "1000000000", "9999999999", "1.0", "1,000", "½", "٣", "５");

    /** Whole numbers and others: negative, huge, in other notations. */
    public static String numbers(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> String.valueOf(anyInt(r));
            case 1 -> String.valueOf(r.nextInt(-3, 13));
            case 2 -> String.valueOf(anyLong(r));
            case 3 -> String.valueOf(bigInteger(r, 18, 40));
            case 4 -> String.valueOf(anyDouble(r));
            default -> pick(r, NUMBERS);
        };
    }

    private static final List<String> DURATIONS = List.of("-5s", "1e9h", "", "PT5M", "pt5m", "0s", "0ms", "0h0m0s",
            "5", "5 s", "5S", "5sec", "1h1h", "1m1h", "90s", "8m", "1m30s", "500ms", "1h", "999999h", "9999999h",
            "1000000000s", "999999999s", "999999999ms", "1000000000ms", "999999h59m999999999s999999999ms", "1m30",
            "1.5m", "+5s", "5s ", "5m 30s", "scale-in-policy", "forever", "-0s", "1d", "1w", "1y");

    /** Durations well and badly written. */
    public static String durations(Random r) {
        return r.nextBoolean() ? pick(r, DURATIONS)
                : biased(r, -5, 100_000) + pick(r, "h", "m", "s", "ms", "", "us", "ns", "d");
    }

    private static final List<String> KEYS = List.of("bogus", "Name", "steps", "name", "count", "within", "expect",
            "hold", "rate", "max-dropped", "running", "no-flapping", "target", "region", "load-hosts", "recovery",
            "poll", "twin", "sipp-home", "host", "1", "~", "''", "\"a b\"", "[a]", "{a: 1}", "? x", "<<", "&k key",
            "*k", "a.b", "-", "é", "spaces in key");

    /** Keys: unknown, near misses, other sections' keys, odd characters. */
    public static String keys(Random r) {
        return r.nextBoolean() ? pick(r, KEYS) : stringIn(r, 'a', 'z', 1, 10);
    }

    private static final List<String> STRAYS = List.of("\t", "\r", "\r\n", "\n", "\0", "\u0001", "\u0007",
            "\u001b[31m", "\u007f", "\u0085", "\u00a0", "\u2028", "\u2029", "\uFEFF", "\uFFFE", "\uFFFF", "\uD800",
            "\uDC00", "\uD83D\uDE00", "#", ":", ": ", "- ", "{", "}", "[", "]", "'", "\"", "&", "*", "!", "|", ">",
            "%", "@", "`", ",", "?", "---\n", "...\n", "\\", "é", "ü", "中", "\u202e");

    /** Stray characters: tabs, control characters, line breaks of every kind, unicode, YAML indicators. */
    public static String strays(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> pick(r, STRAYS);
            case 1 -> String.valueOf(anyChar(r));
            default -> anyString(r, 1, 8);
        };
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
    // ---- plain generators ----

    /** One of {@code values}, each as likely. */
    public static <T> T pick(Random r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    @SafeVarargs
    public static <T> T pick(Random r, T... values) {
        return values[r.nextInt(values.length)];
    }

    /** A value of one of {@code generators}, each as likely. */
    @SafeVarargs
    public static <T> T oneOf(Random r, Function<Random, ? extends T>... generators) {
        return generators[r.nextInt(generators.length)].apply(r);
    }

    /** An index into {@code weights}, each as likely as its weight says. */
    public static int weighted(Random r, int... weights) {
        int n = r.nextInt(java.util.Arrays.stream(weights).sum());
        int i = 0;
        while (n >= weights[i]) {
            n -= weights[i++];
        }
        return i;
    }

    /** {@code min} to {@code max} values of {@code generator}, short lists more often than long ones. */
    public static <T> List<T> listOf(Random r, int min, int max, Function<Random, ? extends T> generator) {
        double u = r.nextDouble();
        int size = min + (int) ((max - min + 1) * (r.nextBoolean() ? u : u * u));
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(generator.apply(r));
        }
        return list;
    }

    /** A value of {@code generator} with probability {@code present}, else none. */
    public static <T> Optional<T> maybe(Random r, double present, Function<Random, ? extends T> generator) {
        return r.nextDouble() < present ? Optional.of(generator.apply(r)) : Optional.empty();
    }

    /** A value of {@code generator} that {@code accepted} takes. */
    public static <T> T where(Random r, Function<Random, ? extends T> generator, Predicate<? super T> accepted) {
        for (int i = 0; i < 10_000; i++) {
            T value = generator.apply(r);
            if (accepted.test(value)) {
                return value;
            }
        }
        throw new IllegalStateException("no accepted value in 10000 draws");
    }

    /** From {@code min} to {@code max}, the ends and small values more often than a uniform draw gives them. */
    public static long biased(Random r, long min, long max) {
        return switch (r.nextInt(4)) {
            case 0 -> pick(r, min, max, Math.min(min + 1, max), Math.max(max - 1, min));
            case 1 -> r.nextLong(min, Math.min(max, min + 100) + 1);
            default -> r.nextLong(min, max + 1);
        };
    }

    /** Any int: the extremes, small ones and every magnitude. */
    public static int anyInt(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> pick(r, 0, 1, -1, 2, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1,
                    Integer.MIN_VALUE + 1);
            case 1 -> r.nextInt(-1000, 1001);
            default -> r.nextInt() >> r.nextInt(32);
        };
    }

    /** Any long: the extremes, small ones and every magnitude. */
    public static long anyLong(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> pick(r, 0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, (long) Integer.MAX_VALUE + 1);
            case 1 -> r.nextLong(-1000, 1001);
            default -> r.nextLong() >> r.nextInt(64);
        };
    }

    /** Any finite double: zeros, extremes, tiny and huge ones. */
    public static double anyDouble(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> pick(r, 0.0, -0.0, 1.0, -1.0, 0.5, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE);
            case 1 -> r.nextInt(-1000, 1001) / 8.0;
            default -> (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-12, 20));
        };
    }

    /** A whole number of {@code minDigits + 1} to {@code maxDigits} digits, or 10^maxDigits. */
    public static BigInteger bigInteger(Random r, int minDigits, int maxDigits) {
        if (r.nextInt(8) == 0) {
            return pick(r, BigInteger.TEN.pow(minDigits), BigInteger.TEN.pow(maxDigits));
        }
        int digits = r.nextInt(minDigits + 1, maxDigits + 1);
        StringBuilder s = new StringBuilder().append(r.nextInt(1, 10));
        for (int i = 1; i < digits; i++) {
            s.append(r.nextInt(10));
        }
        return new BigInteger(s.toString());
    }

    private static final List<Character> ODD_CHARS = List.of('\u007f', '\u0085', '\u00a0', '\u2028', '\u2029',
            '\u202e', '\uFEFF', '\uFFFE', '\uFFFF', '\uD800', '\uDBFF', '\uDC00', '\uDFFF');

    /** Any char: control characters, printable ASCII, odd ones (lone surrogates too), anything at all. */
    public static char anyChar(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> (char) r.nextInt(0x20);
            case 1 -> pick(r, ODD_CHARS);
            case 2, 3 -> (char) r.nextInt(0x20, 0x7f);
            default -> (char) r.nextInt(0x10000);
        };
    }

    /** {@code min} to {@code max} chars of {@code chars}. */
    public static String string(Random r, int min, int max, Function<Random, Character> chars) {
        int length = r.nextInt(min, max + 1);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append((char) chars.apply(r));
        }
        return s.toString();
    }

    /** {@code min} to {@code max} of any chars. */
    public static String anyString(Random r, int min, int max) {
        return string(r, min, max, YamlMutations::anyChar);
    }

    /** {@code min} to {@code max} chars from {@code from} to {@code to}. */
    public static String stringIn(Random r, char from, char to, int min, int max) {
        return string(r, min, max, x -> (char) x.nextInt(from, to + 1));
    }

    /** {@code min} to {@code max} chars of those in {@code chars}. */
    public static String stringOf(Random r, String chars, int min, int max) {
        return string(r, min, max, x -> chars.charAt(x.nextInt(chars.length())));
    }
}
