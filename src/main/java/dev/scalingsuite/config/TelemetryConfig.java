package dev.scalingsuite.config;

import dev.scalingsuite.fleet.Telemetry;
import java.util.List;

/**
 * The configuration's {@code telemetry} section: the names the harness reads the stack's metrics and
 * log events by, and where each came from.
 *
 * @param telemetry the names, the deployed stack's unless configured
 * @param names every key of the section with its value and origin ({@code configuration} or {@code default}), in
 *     the order the documentation lists them
 */
public record TelemetryConfig(Telemetry telemetry, List<Name> names) {

    /** One key of the section: {@code telemetry.latency.metric}, its value and where it came from. */
    public record Name(String key, String value, String origin) {
        @Override
        public String toString() {
            return key + ": " + value + " (" + origin + ")";
        }
    }

    public TelemetryConfig {
        names = List.copyOf(names);
    }

    /** One line per key, {@code telemetry.latency.metric: AgentResponseLatency (default)}. */
    public List<String> lines() {
        return names.stream().map(Name::toString).toList();
    }
}
