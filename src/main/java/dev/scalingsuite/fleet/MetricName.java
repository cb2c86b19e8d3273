package dev.scalingsuite.fleet;

/**
 * One CloudWatch metric as the harness reads it: namespace, name and dimensions, e.g. {@code
 * VoiceAgent/Pipeline}, {@code AgentResponseLatency}, {@code Environment=poc}.
 *
 * @param dimensions {@code name=value} pairs, comma-separated
 */
public record MetricName(String namespace, String metric, String dimensions) {

    /** {@code VoiceAgent/Pipeline AgentResponseLatency (Environment=poc)}: what is read, for messages. */
    public String describe() {
        return namespace + " " + metric + " (" + dimensions + ")";
    }

    /**
     * {@code VoiceAgent/Pipeline {Environment=poc}}: where its datapoints are looked for; {@code the metrics}
     * when the namespace is not known.
     */
    public String where() {
        return namespace.isEmpty() ? "the metrics" : namespace + " {" + dimensions + "}";
    }
}
