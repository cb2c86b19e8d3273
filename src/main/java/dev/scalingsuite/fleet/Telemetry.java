package dev.scalingsuite.fleet;

import java.util.List;
import java.util.Locale;

/**
 * The names the stack's telemetry goes by: the session counter's metrics, the agent's response-latency
 * metric and the agent's log events. The harness reads every metric and every event by these names,
 * handed to whatever reads them; {@link #DEPLOYED} is what the deployed voice-agent stack emits
 * (STACK-AS-DEPLOYED.md, "Telemetry the stack really emits"), the configuration's {@code telemetry}
 * section may name others.
 *
 * @param sessions the session counter's metrics ({@code VoiceAgent/Sessions})
 * @param latency the agent's response latency, published in EMF ({@code VoiceAgent/Pipeline AgentResponseLatency})
 * @param events the {@code event} field of the agent's structured log lines
 */
public record Telemetry(Sessions sessions, Latency latency, Events events) {

    /** The names the deployed stack uses (upstream session-counter/handler.py, app/observability.py, service_main.py). */
    public static final Telemetry DEPLOYED = new Telemetry(
            new Sessions("VoiceAgent/Sessions", "Environment", "SessionsPerTask", "MaxSessionsPerTask",
                    "ActiveCount", "HealthyTaskCount"),
            new Latency("VoiceAgent/Pipeline", "AgentResponseLatency", "Environment"),
            new Events("service_ready", "session_started", "session_ended", "task_protection_updated",
                    "drain_started", "drain_complete", "pipeline_error", "conversation_turn",
                    "call_rejected_at_capacity", "call_rejected_draining", "session_start_failed"));

    /**
     * The session counter's metrics, all in one namespace with one dimension whose value is the
     * stack's environment.
     */
    public record Sessions(String namespace, String dimension, String sessionsPerTask, String maxSessionsPerTask,
            String activeCount, String healthyTaskCount) {
    }

    /** The agent's response latency in milliseconds; its dimension's value is the stack's environment. */
    public record Latency(String namespace, String metric, String dimension) {
    }

    /**
     * The agent's log events the harness reads.
     *
     * @param ready the agent serves (cold-start reports time a task's init by it)
     * @param rejectedAtCapacity a call refused because the agent is full
     * @param rejectedDraining a call refused because the agent drains
     * @param sessionStartFailed a call the agent accepted but could not start
     */
    public record Events(String ready, String sessionStarted, String sessionEnded, String protection,
            String drainStarted, String drainComplete, String pipelineError, String conversationTurn,
            String rejectedAtCapacity, String rejectedDraining, String sessionStartFailed) {

        /** The events that say what became of a call the front door answered. */
        public AgentEvents calls() {
            return new AgentEvents(rejectedAtCapacity, rejectedDraining, sessionStartFailed, sessionStarted);
        }

        /** The events the monitors count and the reports list, in that order. */
        public List<String> counted() {
            return List.of(protection, drainStarted, drainComplete, pipelineError, conversationTurn);
        }
    }

    /**
     * The name a {@link SessionMetrics} key stands for, as the stack publishes it: {@code SessionsPerTask}
     * for {@link SessionMetrics#SESSIONS_PER_TASK}, {@code AgentResponseLatency p95} for
     * {@link SessionMetrics#LATENCY_P95}; Container Insights' names as they are; other keys unchanged.
     */
    public String metricName(String key) {
        return switch (key) {
            case SessionMetrics.SESSIONS_PER_TASK -> sessions.sessionsPerTask();
            case SessionMetrics.MAX_SESSIONS_PER_TASK -> sessions.maxSessionsPerTask();
            case SessionMetrics.ACTIVE_COUNT -> sessions.activeCount();
            case SessionMetrics.HEALTHY_TASK_COUNT -> sessions.healthyTaskCount();
            case SessionMetrics.LATENCY_P50, SessionMetrics.LATENCY_P95, SessionMetrics.LATENCY_P99 ->
                    latency.metric() + " " + key.substring(key.length() - 3).toLowerCase(Locale.ROOT);
            default -> key;
        };
    }
}
