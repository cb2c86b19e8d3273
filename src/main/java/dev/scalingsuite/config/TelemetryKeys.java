package dev.scalingsuite.config;

import dev.scalingsuite.fleet.Telemetry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The {@code telemetry} section: three groups ({@code sessions}, {@code latency}, {@code events}) of
 * single values, each a name the stack's telemetry goes by, defaulting to the deployed stack's
 * ({@link Telemetry#DEPLOYED}).
 */
final class TelemetryKeys {

    static final String TOP = "telemetry";

    /** What a value may be. */
    enum Rule {
        NAMESPACE("a CloudWatch namespace (letters, digits, space and . - _ / # :, 1 to 255, not starting with AWS/)",
                "[A-Za-z0-9._/#: -]{1,255}"),
        METRIC("a CloudWatch metric name (letters, digits and . - _ / # :, 1 to 255)", "[A-Za-z0-9._/#:-]{1,255}"),
        DIMENSION("a CloudWatch dimension name (letters, digits and . - _ / # :, 1 to 255, not starting with :)",
                "[A-Za-z0-9._/#-][A-Za-z0-9._/#:-]{0,254}"),
        EVENT("a log event name (letters, digits and _ . -, 1 to 128)", "[A-Za-z0-9_.-]{1,128}");

        final String allowed;
        private final Pattern pattern;

        Rule(String allowed, String regex) {
            this.allowed = allowed;
            this.pattern = Pattern.compile(regex);
        }

        boolean valid(String value) {
            return pattern.matcher(value).matches() && !value.isBlank() && !value.startsWith("AWS/");
        }
    }

    /** One key: its group, its name in the group, its rule and the deployed stack's value. */
    record Key(String group, String name, Rule rule, Function<Telemetry, String> deployed) {
        String full() {
            return TOP + "." + group + "." + name;
        }
    }

    static final List<Key> KEYS = List.of(
            new Key("sessions", "namespace", Rule.NAMESPACE, t -> t.sessions().namespace()),
            new Key("sessions", "dimension", Rule.DIMENSION, t -> t.sessions().dimension()),
            new Key("sessions", "sessions-per-task", Rule.METRIC, t -> t.sessions().sessionsPerTask()),
            new Key("sessions", "max-sessions-per-task", Rule.METRIC, t -> t.sessions().maxSessionsPerTask()),
            new Key("sessions", "active-count", Rule.METRIC, t -> t.sessions().activeCount()),
            new Key("sessions", "healthy-task-count", Rule.METRIC, t -> t.sessions().healthyTaskCount()),
            new Key("latency", "namespace", Rule.NAMESPACE, t -> t.latency().namespace()),
            new Key("latency", "metric", Rule.METRIC, t -> t.latency().metric()),
            new Key("latency", "dimension", Rule.DIMENSION, t -> t.latency().dimension()),
            new Key("events", "ready", Rule.EVENT, t -> t.events().ready()),
            new Key("events", "session-started", Rule.EVENT, t -> t.events().sessionStarted()),
            new Key("events", "session-ended", Rule.EVENT, t -> t.events().sessionEnded()),
            new Key("events", "protection", Rule.EVENT, t -> t.events().protection()),
            new Key("events", "drain-started", Rule.EVENT, t -> t.events().drainStarted()),
            new Key("events", "drain-complete", Rule.EVENT, t -> t.events().drainComplete()),
            new Key("events", "pipeline-error", Rule.EVENT, t -> t.events().pipelineError()),
            new Key("events", "conversation-turn", Rule.EVENT, t -> t.events().conversationTurn()),
            new Key("events", "rejected-at-capacity", Rule.EVENT, t -> t.events().rejectedAtCapacity()),
            new Key("events", "rejected-draining", Rule.EVENT, t -> t.events().rejectedDraining()),
            new Key("events", "session-start-failed", Rule.EVENT, t -> t.events().sessionStartFailed()));

    static final List<String> GROUPS = List.of("sessions", "latency", "events");

    private TelemetryKeys() {
    }

    /** Every key's full name ({@code telemetry.latency.metric}), in order. */
    static List<String> names() {
        return KEYS.stream().map(Key::full).toList();
    }

    /** The keys of one group, as messages list them ({@code telemetry.latency.namespace, ...}). */
    static String allowedIn(String group) {
        return String.join(", ", KEYS.stream().filter(k -> k.group().equals(group)).map(Key::full).toList());
    }

    /** The groups, as messages list them. */
    static String allowedGroups() {
        return String.join(", ", GROUPS.stream().map(g -> TOP + "." + g).toList());
    }

    static Optional<Key> key(String group, String name) {
        return KEYS.stream().filter(k -> k.group().equals(group) && k.name().equals(name)).findFirst();
    }

    /**
     * The section as configured, each value checked (a problem for each bad one, which keeps its
     * default), and every event name distinct, since the harness counts events by name.
     */
    static TelemetryConfig build(ConfigEntries entries) {
        Map<Key, String> values = new LinkedHashMap<>();
        List<TelemetryConfig.Name> names = new ArrayList<>();
        for (Key key : KEYS) {
            String value = key.deployed().apply(Telemetry.DEPLOYED);
            String origin = "default";
            Optional<ConfigEntry> entry = entries.value(key.full());
            if (entry.isPresent()) {
                if (key.rule().valid(entry.get().value())) {
                    value = entry.get().value();
                    origin = "configuration";
                } else {
                    entries.problem(entry.get(), "'" + key.full() + "' must be " + key.rule().allowed + ", was '"
                            + entry.get().value() + "'");
                }
            }
            values.put(key, value);
            names.add(new TelemetryConfig.Name(key.full(), value, origin));
        }
        distinctEvents(entries, values);
        Function<String, String> v = name -> values.entrySet().stream()
                .filter(e -> e.getKey().full().equals(TOP + "." + name)).findFirst().orElseThrow().getValue();
        Telemetry telemetry = new Telemetry(
                new Telemetry.Sessions(v.apply("sessions.namespace"), v.apply("sessions.dimension"),
                        v.apply("sessions.sessions-per-task"), v.apply("sessions.max-sessions-per-task"),
                        v.apply("sessions.active-count"), v.apply("sessions.healthy-task-count")),
                new Telemetry.Latency(v.apply("latency.namespace"), v.apply("latency.metric"),
                        v.apply("latency.dimension")),
                new Telemetry.Events(v.apply("events.ready"), v.apply("events.session-started"),
                        v.apply("events.session-ended"), v.apply("events.protection"), v.apply("events.drain-started"),
                        v.apply("events.drain-complete"), v.apply("events.pipeline-error"),
                        v.apply("events.conversation-turn"), v.apply("events.rejected-at-capacity"),
                        v.apply("events.rejected-draining"), v.apply("events.session-start-failed")));
        return new TelemetryConfig(telemetry, names);
    }

    private static void distinctEvents(ConfigEntries entries, Map<Key, String> values) {
        Map<String, Key> seen = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (key.rule() != Rule.EVENT) {
                return;
            }
            Key first = seen.putIfAbsent(value, key);
            if (first != null) {
                String problem = "'" + key.full() + "' names the same event as '" + first.full() + "' ('" + value
                        + "'); allowed: a different event name for each of " + allowedIn("events");
                entries.value(key.full()).or(() -> entries.value(first.full()))
                        .ifPresentOrElse(e -> entries.problem(e, problem), () -> entries.problem(problem));
            }
        });
    }
}
