package dev.scalingsuite.fleet;

import dev.scalingsuite.fleet.finding.Source;

/**
 * Every port the harness reads the world through; the wiring builds them from configuration. Each port
 * names where it reads, so a message about data that never arrived says where it was looked for.
 */
public record FleetPorts(EcsPort ecs, MetricsPort metrics, SessionsPort sessions, TargetHealthPort targets,
        LogEventsPort logs, ScalingPort scaling) implements SourceNames {

    @Override
    public String where(Source source) {
        return switch (source) {
            case ECS_SERVICE -> ecs.where();
            case HEARTBEATS -> sessions.where();
            case TARGETS -> targets.where();
            case METRICS -> metrics.metric(SessionMetrics.SESSIONS_PER_TASK).where();
            case LOGS -> logs.where();
            case POLICY -> scaling.where();
            case SIPP_COUNTS -> source.where(); // each SIPp instance is named where its counts are missing
            case HISTORY -> source.where(); // no port reads it: the run history is named where a run looked
            case KPIS -> source.where(); // computed from the run's record, never read through a port
        };
    }

    @Override
    public MetricName metric(String key) {
        return metrics.metric(key);
    }
}
