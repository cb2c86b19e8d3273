package dev.scalingsuite.twin.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.scalingsuite.twin.control.HealthCheckResult;
import dev.scalingsuite.twin.control.HealthCheckResult.Outcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The NLB's health checks on the wire: {@code GET <path>} on a new connection per check even against a
 * server that would keep it alive, {@code Connection: close}, the listener in {@code Host}; the status
 * code as the result; no answer within the timeout, or nothing listening, as no answer; never blocking the
 * caller; and the deployed agent's {@code /ready} and {@code /health} answers reaching the NLB.
 */
class NlbHealthChecksTest {

    private static final InetSocketAddress LISTENER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080);
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private WebhookTest.FakeAgent fake;
    private AgentServers agents;
    private NlbHealthChecks checks;

    @AfterEach
    void stop() throws IOException {
        if (checks != null) {
            checks.close();
        }
        if (agents != null) {
            agents.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    private NlbHealthChecks checksOf(Map<String, InetSocketAddress> ports) {
        checks = new NlbHealthChecks(task -> Optional.ofNullable(ports.get(task)), LISTENER, TIMEOUT);
        return checks;
    }

    @Test
    void everyCheckIsAGetOnANewConnectionThatAsksToCloseIt() throws Exception {
        // the fake answers with Content-Length and keeps each connection open, as a keep-alive server would
        fake = new WebhookTest.FakeAgent(request -> WebhookTest.json(200, "{\"status\":\"ready\"}"), false);
        NlbHealthChecks nlb = checksOf(Map.of("task-1", fake.address()));
        int n = 5;
        for (int i = 0; i < n; i++) {
            assertThat(nlb.send("task-1", "/ready").get()).isEqualTo(HealthCheckResult.answered(200));
        }

        assertThat(fake.connections()).as("connections the agent accepted for " + n + " checks").isEqualTo(n);
        assertThat(fake.requests()).hasSize(n).allSatisfy(r -> {
            assertThat(r).startsWith("GET /ready HTTP/1.1\r\n");
            assertThat(r.toLowerCase(Locale.ROOT)).contains("\r\nconnection: close\r\n")
                    .contains("\r\nhost: 127.0.0.1:8080\r\n");
        });
        assertThat(nlb.checks()).hasSize(n).allSatisfy(c -> {
            assertThat(c.taskId()).isEqualTo("task-1");
            assertThat(c.path()).isEqualTo("/ready");
            assertThat(c.result().passed()).isTrue();
        });
    }

    @Test
    void theStatusCodeIsTheResultARedirectIncluded() throws Exception {
        fake = new WebhookTest.FakeAgent(request -> request.startsWith("GET /moved ")
                ? "HTTP/1.1 302 Found\r\nLocation: /ready\r\nContent-Length: 0\r\n\r\n"
                : WebhookTest.json(503, "{\"status\":\"at_capacity\",\"active_sessions\":10}"), true);
        NlbHealthChecks nlb = checksOf(Map.of("task-1", fake.address()));

        HealthCheckResult moved = nlb.send("task-1", "/moved").get();
        HealthCheckResult full = nlb.send("task-1", "/ready").get();

        assertThat(moved).isEqualTo(HealthCheckResult.answered(302));
        assertThat(moved.passed()).as("not followed: 302 is in the matcher's 200-399").isTrue();
        assertThat(full).isEqualTo(HealthCheckResult.answered(503));
        assertThat(full.passed()).isFalse();
    }

    @Test
    void anAgentThatDoesNotAnswerWithinTheTimeoutFailsTheCheckWithoutBlockingTheSender() throws Exception {
        fake = new WebhookTest.FakeAgent(request -> null, false); // reads the request, never answers
        NlbHealthChecks nlb = checksOf(Map.of("task-1", fake.address()));

        long start = System.nanoTime();
        CompletableFuture<HealthCheckResult> pending = nlb.send("task-1", "/ready");
        Duration toSend = Duration.ofNanos(System.nanoTime() - start);
        boolean doneAtOnce = pending.isDone();
        HealthCheckResult result = pending.get();
        Duration toResult = Duration.ofNanos(System.nanoTime() - start);

        assertThat(toSend).as("send returns at once").isLessThan(Duration.ofMillis(100));
        assertThat(doneAtOnce).isFalse();
        assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(result.passed()).isFalse();
        assertThat(toResult).isBetween(TIMEOUT.minusMillis(10), TIMEOUT.plusSeconds(2));
    }

    @Test
    void aTaskWhereNothingListensFailsTheCheck() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        NlbHealthChecks nlb = checksOf(Map.of("refusing", new InetSocketAddress(InetAddress.getLoopbackAddress(), closed)));

        assertThat(nlb.send("refusing", "/health").get().outcome()).isEqualTo(Outcome.CONNECTION_ERROR);
        assertThat(nlb.send("no-port-yet", "/health").get())
                .isEqualTo(HealthCheckResult.connectionError("nothing listens on the target"));
    }

    @Test
    void theDeployedAgentsAnswersReachTheNlb() throws Exception {
        AgentHttpTest.FakeAgent agent = new AgentHttpTest.FakeAgent();
        agents = new AgentServers(agent, (task, session) -> { });
        NlbHealthChecks nlb = new NlbHealthChecks(agents::address, LISTENER, TIMEOUT);
        checks = nlb;

        agent.serving = false;
        assertThat(statuses(nlb)).as("initializing: nothing listens yet").containsExactly(-1, -1);
        agent.serving = true;
        assertThat(statuses(nlb)).as("room for calls").containsExactly(200, 200);
        agent.sessions.addAll(List.of("sip-00000001", "sip-00000002"));
        assertThat(statuses(nlb)).as("at capacity: /ready 503, /health 200").containsExactly(503, 200);
        agent.sessions.remove("sip-00000002");
        agent.draining = true;
        assertThat(statuses(nlb)).as("draining").containsExactly(503, 200);
    }

    /** The status {@code /ready} and {@code /health} answered, -1 for no answer. */
    private static List<Integer> statuses(NlbHealthChecks nlb) throws Exception {
        HealthCheckResult ready = nlb.send("task-1", "/ready").get();
        HealthCheckResult health = nlb.send("task-1", "/health").get();
        return List.of(ready, health).stream()
                .map(r -> r.outcome() == Outcome.ANSWERED ? r.httpStatus() : -1).toList();
    }

    @Test
    void closingStopsItsThreadsAndLaterChecksFailWithoutAThread() throws Exception {
        fake = new WebhookTest.FakeAgent(request -> WebhookTest.json(200, "{}"), true);
        NlbHealthChecks nlb = checksOf(Map.of("task-1", fake.address()));
        assertThat(nlb.send("task-1", "/health").get().passed()).isTrue();
        assertThat(threads()).isNotEmpty();

        nlb.close();

        await("the health-check threads end").atMost(Duration.ofSeconds(5)).until(() -> threads().isEmpty());
        assertThat(nlb.send("task-1", "/health").get())
                .isEqualTo(HealthCheckResult.connectionError("the NLB has stopped"));
    }

    private static List<String> threads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("twin-nlb-health-check-")).toList();
    }
}
