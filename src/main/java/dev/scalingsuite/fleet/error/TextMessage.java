package dev.scalingsuite.fleet.error;

import java.util.Arrays;
import java.util.Locale;
import org.assertj.core.error.BasicErrorMessageFactory;

/**
 * A message whose arguments are all shown as text, as they are: numbers without a type suffix,
 * strings without quotes. Its format therefore takes every argument as {@code %s}.
 */
abstract class TextMessage extends BasicErrorMessageFactory {

    TextMessage(String format, Object... arguments) {
        super(format, Arrays.stream(arguments).map(a -> unquotedString(String.valueOf(a))).toArray());
    }

    /** A task id as the console shows it: its first eight characters. */
    static String shortId(String task) {
        return task.length() > 8 ? task.substring(0, 8) : task;
    }

    /** {@code 3} for 3.0, {@code 2.5} for 2.5. */
    static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** Two significant digits, e.g. {@code 0.00015}. */
    static String chance(double p) {
        return String.format(Locale.ROOT, "%.2g", p);
    }
}
