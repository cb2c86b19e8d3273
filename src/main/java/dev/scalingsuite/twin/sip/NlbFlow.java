package dev.scalingsuite.twin.sip;

import java.time.Instant;

/**
 * One TCP flow through the twin's NLB listener, for tests.
 *
 * @param taskId the target the flow was routed to; null when no target was registered
 * @param outcome {@code proxied}; {@code reset} when nothing listened on the target (its agent still
 *     initializing, or gone); {@code no_target} when no target was registered
 */
public record NlbFlow(long id, Instant at, String taskId, String outcome) { }
