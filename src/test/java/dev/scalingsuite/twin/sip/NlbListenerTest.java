package dev.scalingsuite.twin.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The NLB listener routes every connection on its own and pipes it to the chosen agent: N webhook
 * calls are N connections at the listener, each routed afresh (so a retry can land elsewhere); a
 * target where nothing listens resets the flow; no target at all does too.
 */
class NlbListenerTest {

    private final Deque<String> routes = new ArrayDeque<>();
    private WebhookTest.FakeAgent a;
    private WebhookTest.FakeAgent b;
    private NlbListener nlb;

    @AfterEach
    void stop() throws IOException {
        if (nlb != null) {
            nlb.close();
        }
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private NlbListener listener(Map<String, InetSocketAddress> agents) throws IOException {
        return new NlbListener(0, new NlbListener.Targets() {
            @Override
            public synchronized Optional<String> route() {
                return Optional.ofNullable(routes.poll());
            }

            @Override
            public Optional<InetSocketAddress> agentAddress(String taskId) {
                return Optional.ofNullable(agents.get(taskId));
            }
        });
    }

    @Test
    void eachCallIsANewFlowRoutedOnItsOwn() throws Exception {
        String started = WebhookTest.json(200, "{\"status\":\"started\"}");
        a = new WebhookTest.FakeAgent(request -> started, true);
        b = new WebhookTest.FakeAgent(request -> started, true);
        nlb = listener(Map.of("task-a", a.address(), "task-b", b.address()));
        routes.addAll(List.of("task-a", "task-b", "task-a", "task-b", "task-b", "task-a"));
        Webhook webhook = new Webhook(nlb.address(), Duration.ofSeconds(2));

        for (int i = 0; i < 6; i++) {
            assertThat(webhook.post(Webhook.newSessionId()).started()).as("call " + i).isTrue();
        }

        assertThat(nlb.flows()).as("6 calls, 6 connections at the listener").hasSize(6)
                .extracting(NlbFlow::taskId)
                .containsExactly("task-a", "task-b", "task-a", "task-b", "task-b", "task-a");
        assertThat(nlb.flows()).allSatisfy(f -> assertThat(f.outcome()).isEqualTo("proxied"));
        assertThat(a.connections()).isEqualTo(3);
        assertThat(b.connections()).isEqualTo(3);
        assertThat(a.requests()).allSatisfy(r -> assertThat(r).startsWith("POST /call HTTP/1.1"));
    }

    @Test
    void aRetryAfterARefusalIsANewFlowThatCanLandElsewhere() throws Exception {
        a = new WebhookTest.FakeAgent(request -> WebhookTest.json(503,
                "{\"status\":\"rejected\",\"error\":\"At capacity, try another instance\"}"), true);
        b = new WebhookTest.FakeAgent(request -> WebhookTest.json(200, "{\"status\":\"started\"}"), true);
        nlb = listener(Map.of("full", a.address(), "free", b.address()));
        routes.addAll(List.of("full", "free"));
        Webhook webhook = new Webhook(nlb.address(), Duration.ofSeconds(2));
        String session = Webhook.newSessionId();

        assertThat(webhook.post(session).cause()).isEqualTo("503");
        assertThat(webhook.post(session).cause()).isEqualTo("started");
        assertThat(nlb.flows()).extracting(NlbFlow::taskId).containsExactly("full", "free");
    }

    @Test
    void aTargetWhereNothingListensResetsTheFlow() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        nlb = listener(Map.of("gone", new InetSocketAddress(InetAddress.getLoopbackAddress(), closed)));
        routes.addAll(List.of("gone", "initializing"));
        Webhook webhook = new Webhook(nlb.address(), Duration.ofSeconds(2));

        assertThat(webhook.post(Webhook.newSessionId()).outcome()).isEqualTo(Webhook.Outcome.CONNECTION_ERROR);
        assertThat(webhook.post(Webhook.newSessionId()).outcome()).as("no agent port yet")
                .isEqualTo(Webhook.Outcome.CONNECTION_ERROR);
        assertThat(webhook.post(Webhook.newSessionId()).outcome()).as("no target registered")
                .isEqualTo(Webhook.Outcome.CONNECTION_ERROR);
        assertThat(nlb.flows()).extracting(NlbFlow::outcome).containsExactly("reset", "reset", "no_target");
    }
}
