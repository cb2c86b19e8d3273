package dev.scalingsuite.fleet;

/** Every port the harness reads the world through; the wiring builds them from configuration. */
public record FleetPorts(EcsPort ecs, MetricsPort metrics, SessionsPort sessions, TargetHealthPort targets,
        LogEventsPort logs, ScalingPort scaling) {
}
