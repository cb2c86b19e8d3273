package dev.scalingsuite.twin.control;

import java.util.concurrent.CompletableFuture;

/**
 * How the NLB's health checks reach the targets: the call path's network, which knows each task's
 * agent port. The control plane ticks under the stack's monitor, so a check must never block it.
 */
@FunctionalInterface
public interface HealthCheckSender {

    /**
     * Starts one check, {@code GET path} on a new connection to the task's agent port, and returns at
     * once; the result comes later. Called under the stack's monitor: the check itself must not need it
     * on this thread.
     *
     * @return the result once the target answered, the timeout passed or the connection failed; it never
     *     completes exceptionally
     */
    CompletableFuture<HealthCheckResult> send(String taskId, String path);
}
