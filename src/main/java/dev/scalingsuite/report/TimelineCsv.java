package dev.scalingsuite.report;

import dev.scalingsuite.fleet.Timeline;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code timeline.csv}: every timeline event as one row, for spreadsheets: wall time, model seconds
 * since the start, kind, and the event's fields as {@code key=value} pairs separated by {@code ;}.
 */
public final class TimelineCsv {

    static final String HEADER = "at,modelSeconds,kind,details";

    private TimelineCsv() {
    }

    public static String render(RunRecord run) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (Timeline.Event e : run.events()) {
            out.append(e.at()).append(',').append(Fmt.number(Fmt.round2(run.modelSeconds(e.at())))).append(',')
                    .append(quote(e.kind())).append(',').append(quote(details(e.fields()))).append('\n');
        }
        return out.toString();
    }

    static String details(Map<String, Object> fields) {
        return fields.entrySet().stream().map(f -> f.getKey() + "=" + f.getValue()).collect(Collectors.joining("; "));
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
    static String quote(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
            return '"' + field.replace("\"", "\"\"") + '"';
        }
        return field;
    }
}
