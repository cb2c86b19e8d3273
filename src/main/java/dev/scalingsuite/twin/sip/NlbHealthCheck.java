package dev.scalingsuite.twin.sip;

import dev.scalingsuite.twin.control.HealthCheckResult;
import java.time.Instant;

/**
 * One HTTP health check the NLB sent to a task's agent port, for tests.
 *
 * @param at when it was sent (wall clock)
 * @param path the path it asked ({@code healthCheckPath})
 */
public record NlbHealthCheck(Instant at, String taskId, String path, HealthCheckResult result) { }
