package dev.scalingsuite.twin.sip;

import dev.scalingsuite.twin.control.HealthCheckResult;
import dev.scalingsuite.twin.control.HealthCheckSender;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The NLB's HTTP health checks on the wire: each a {@code GET <path>} on a new TCP connection to the
 * task's agent port, sent with {@code Connection: close} and closed once answered, with a {@code Host}
 * header naming the NLB's listener by its IP address and port, not the target (ELB User Guide for Network
 * Load Balancers, "Health checks for Network Load Balancer target groups"; earlier versions of that page
 * add that the node closes the connection it opened for each check). A task where nothing listens (its
 * agent still initializing, or gone) refuses the connection. The status code is the result; the NLB
 * model decides what passes.
 *
 * <p>Each check runs on a thread of its own and waits at most the timeout, so the control plane's tick
 * never waits for an agent. Every check is recorded ({@link #checks()}, the last 10 000) for tests.
 */
final class NlbHealthChecks implements HealthCheckSender, AutoCloseable {

    private static final int KEPT_CHECKS = 10_000;

    private final Function<String, Optional<InetSocketAddress>> agentAddress;
    private final String host;
    private final Duration timeout;
    private final ExecutorService checks;
    private final Deque<NlbHealthCheck> recorded = new ArrayDeque<>();

    /**
     * @param agentAddress a task's agent port, empty while nothing listens there
     * @param listener the NLB listener's address, which the {@code Host} header names
     * @param timeout how long one check may take, connecting included (wall time: the model's
     *     {@code healthCheckTimeout} through {@code WallTimeout})
     */
    NlbHealthChecks(Function<String, Optional<InetSocketAddress>> agentAddress, InetSocketAddress listener,
            Duration timeout) {
        this.agentAddress = agentAddress;
        this.host = listener.getAddress().getHostAddress() + ":" + listener.getPort();
        this.timeout = timeout;
        AtomicInteger n = new AtomicInteger();
        // at most one check in flight per target, so the threads are as many as the targets at most
        this.checks = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "twin-nlb-health-check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public CompletableFuture<HealthCheckResult> send(String taskId, String path) {
        try {
            return CompletableFuture.supplyAsync(() -> check(taskId, path), checks);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(HealthCheckResult.connectionError("the NLB has stopped"));
        }
    }

    /** The most recent checks (up to 10 000), oldest first. */
    List<NlbHealthCheck> checks() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    private HealthCheckResult check(String taskId, String path) {
        Instant at = Instant.now();
        HealthCheckResult result = get(taskId, path);
        synchronized (recorded) {
            recorded.addLast(new NlbHealthCheck(at, taskId, path, result));
            while (recorded.size() > KEPT_CHECKS) {
                recorded.removeFirst();
            }
        }
        return result;
    }

    private HealthCheckResult get(String taskId, String path) {
        Optional<InetSocketAddress> agent = agentAddress.apply(taskId);
        if (agent.isEmpty()) {
            return HealthCheckResult.connectionError("nothing listens on the target");
        }
        String head = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + "\r\n"
                + "Connection: close\r\n\r\n";
        try {
            return HealthCheckResult.answered(HttpOnce.exchange(agent.get(), head, new byte[0], timeout).status());
        } catch (SocketTimeoutException e) {
            return HealthCheckResult.timedOut("no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return HealthCheckResult.connectionError(String.valueOf(e.getMessage()));
        }
    }

    /** Stops sending; checks in flight end within the timeout, and this waits for them. */
    @Override
    public void close() {
        checks.shutdownNow();
        try {
            checks.awaitTermination(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
