package dev.scalingsuite.fleet;

import dev.scalingsuite.fleet.finding.Source;

/**
 * Where each source is read, as a message about data that never arrived names it: {@code session table
 * voice-agent-poc-sessions}, {@code target group arn:...}, a metric's namespace and dimensions. The fleet's
 * ports say it for what they read ({@link FleetPorts}); {@link #GENERIC} when nothing is known.
 */
public interface SourceNames {

    /** Each source by its generic name, e.g. {@code the session table}; a metric by its key alone. */
    SourceNames GENERIC = new SourceNames() {
        @Override
        public String where(Source source) {
            return source.where();
        }

        @Override
        public MetricName metric(String key) {
            return new MetricName("", key, "");
        }
    };

    /** Where {@code source} is read, e.g. {@code session table voice-agent-poc-sessions}. */
    String where(Source source);

    /** The metric a {@link SessionMetrics} key is read from, as the stack publishes it. */
    MetricName metric(String key);
}
