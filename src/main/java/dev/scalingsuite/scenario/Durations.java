package dev.scalingsuite.scenario;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as scenario files write them: {@code 90s}, {@code 8m}, {@code 1m30s}, {@code 500ms},
 * {@code 1h}; parts in the order h, m, s, ms, each at most once. They are model time: the harness
 * divides them by the time scale ({@link #scaled}).
 */
public final class Durations {

    /** What the error messages offer as allowed. */
    public static final String ALLOWED = "a duration like 90s, 8m, 1m30s, 500ms";

    private static final Pattern SHAPE = Pattern.compile("(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?(?:(\\d{1,9})s)?(?:(\\d{1,9})ms)?");

    private Durations() {
    }

    /** The duration {@code text} names, or empty when it is not one. */
    public static Optional<Duration> tryParse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = SHAPE.matcher(text.trim());
        if (text.trim().isEmpty() || !m.matches()) {
            return Optional.empty();
        }
        Duration d = Duration.ofHours(part(m, 1)).plusMinutes(part(m, 2)).plusSeconds(part(m, 3))
                .plusMillis(part(m, 4));
        return Optional.of(d);
    }

    /** The duration {@code text} names; an {@link IllegalArgumentException} saying what is allowed if not. */
    public static Duration parse(String text) {
        return tryParse(text).orElseThrow(
                () -> new IllegalArgumentException("not a duration: '" + text + "'; allowed: " + ALLOWED));
    }

    /** Writes {@code d} the way scenario files do: {@code 1m30s}, {@code 500ms}, {@code 0s}. */
    public static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        append(text, d.toHours(), "h");
        append(text, d.toMinutesPart(), "m");
        append(text, d.toSecondsPart(), "s");
        append(text, d.toMillisPart(), "ms");
        return text.length() == 0 ? d.toNanos() + "ns" : text.toString();
    }

    /** The wall-clock length of a model-time duration at {@code timeScale} (model seconds per wall second). */
    public static Duration scaled(Duration modelTime, int timeScale) {
        if (timeScale < 1) {
            throw new IllegalArgumentException("time scale must be >= 1, was " + timeScale);
        }
        return modelTime.dividedBy(timeScale);
    }

    private static long part(Matcher m, int group) {
        String digits = m.group(group);
        return digits == null ? 0 : Long.parseLong(digits);
    }

    private static void append(StringBuilder text, long amount, String unit) {
        if (amount > 0) {
            text.append(amount).append(unit);
        }
    }
}
