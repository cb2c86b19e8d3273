package dev.scalingsuite.fleet.finding;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Something a check needed and did not find, and where it looked: {@code no <what> in <where> <when>},
 * e.g. {@code no AgentResponseLatency datapoint in VoiceAgent/Pipeline {Environment=poc} between 12:01:00
 * and 12:09:00 UTC}. The times are UTC wall-clock times, as the source's own console shows them, so the
 * window can be looked up there.
 *
 * @param when empty, or a window such as {@code between 12:01:00 and 12:09:00 UTC}
 */
public record Missing(Source source, String what, String where, String when) {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    public Missing {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(when, "when");
    }

    /** {@code source}'s usual thing, looked for where nobody has named yet, at no particular time. */
    public static Missing of(Source source) {
        return new Missing(source, source.what(), source.where(), "");
    }

    /** Nothing of {@code what} in {@code source}. */
    public static Missing of(Source source, String what) {
        return new Missing(source, what, source.where(), "");
    }

    /** The same, looked for in {@code named}, e.g. {@code session table voice-agent-poc-sessions}. */
    public Missing in(String named) {
        return new Missing(source, what, named, when);
    }

    /** The same, over the window from {@code from} to {@code to}. */
    public Missing between(Instant from, Instant to) {
        return new Missing(source, what, where, "between " + CLOCK.format(from) + " and " + CLOCK.format(to) + " UTC");
    }

    /** The same, as read at {@code at}. */
    public Missing at(Instant at) {
        return new Missing(source, what, where, "at " + CLOCK.format(at) + " UTC");
    }

    /** {@code no fresh heartbeat in session table t at 12:03:10 UTC}. */
    public String text() {
        return "no " + what + " in " + where + (when.isEmpty() ? "" : " " + when);
    }
}
