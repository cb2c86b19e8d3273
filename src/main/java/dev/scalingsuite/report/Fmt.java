package dev.scalingsuite.report;

import java.util.Locale;
import java.util.OptionalDouble;

/** How reports write times and numbers: model clock {@code 03:20}, durations {@code 1m 31s}, {@code 2.5}. */
final class Fmt {

    private Fmt() {
    }

    /** Model seconds since the start as a clock: {@code 03:20}, or {@code 1:03:20} past an hour. */
    static String clock(double modelSeconds) {
        long s = Math.max(0, Math.round(modelSeconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }

    /** A duration in model seconds: {@code 45s}, {@code 3m 05s}, {@code 1h 02m 00s}. */
    static String duration(double modelSeconds) {
        long s = Math.round(modelSeconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm %02ds", s / 3600, s / 60 % 60, s % 60);
    }

    /** A number with at most two decimals and no trailing zeros: {@code 3}, {@code 2.5}, {@code 0.33}. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        String text = String.format(Locale.ROOT, "%.2f", value);
        return text.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    static String number(OptionalDouble value) {
        return value.isPresent() ? number(value.getAsDouble()) : "-";
    }

    /** Rounds to two decimals, for JSON that matches what the document shows. */
    static double round2(double value) {
        return Math.round(value * 100.0) / 100.0;
    }

    /** Table cells must not break the Markdown table. */
    static String cell(String text) {
        return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
