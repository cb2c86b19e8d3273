package dev.scalingsuite.twin.sip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.twin.stack.WallTimeout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook's {@code POST /call}: a new TCP connection per call even against a server that would
 * keep it alive, {@code Connection: close} as urllib sends it, the Lambda's body, only
 * {@code status: started} taken as a yes, and a timeout that never drops below 2 s of wall time.
 */
class WebhookTest {

    private FakeAgent agent;

    @AfterEach
    void stop() throws IOException {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void everyCallOpensANewConnectionAndAsksToCloseIt() throws Exception {
        // the fake answers with Content-Length and keeps each connection open, as a keep-alive server would
        agent = new FakeAgent(request -> json(200, "{\"status\":\"started\",\"session_id\":\"x\",\"call_id\":\"y\"}"),
                false);
        Webhook webhook = new Webhook(agent.address(), Duration.ofSeconds(2));
        int calls = 5;
        for (int i = 0; i < calls; i++) {
            assertThat(webhook.post(Webhook.newSessionId()).started()).isTrue();
        }

        assertThat(agent.connections()).as("connections the agent accepted for " + calls + " calls").isEqualTo(calls);
        assertThat(agent.requests()).hasSize(calls).allSatisfy(r -> {
            assertThat(r).startsWith("POST /call HTTP/1.1\r\n");
            assertThat(r.toLowerCase(Locale.ROOT)).contains("\r\nconnection: close\r\n")
                    .contains("\r\ncontent-type: application/json\r\n");
            assertThat(r).containsPattern("\"session_id\":\"sip-[0-9a-f]{8}\"").contains("\"room_url\":")
                    .contains("\"room_token\":");
        });
    }

    @Test
    void sessionIdsAreSipAndEightHexDigits() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add(Webhook.newSessionId());
        }
        assertThat(ids).allSatisfy(id -> assertThat(id).matches("sip-[0-9a-f]{8}"));
    }

    @Test
    void anythingButStartedIsARefusal() throws Exception {
        agent = new FakeAgent(request -> json(503,
                "{\"status\":\"rejected\",\"error\":\"At capacity, try another instance\"}"), true);
        Webhook.Result atCapacity = new Webhook(agent.address(), Duration.ofSeconds(2)).post("sip-0000abcd");
        assertThat(atCapacity.started()).isFalse();
        assertThat(atCapacity.outcome()).isEqualTo(Webhook.Outcome.REFUSED);
        assertThat(atCapacity.cause()).isEqualTo("503");
        assertThat(atCapacity.status()).isEqualTo("rejected");
        assertThat(atCapacity.detail()).isEqualTo("At capacity, try another instance");
        agent.close();

        agent = new FakeAgent(request -> json(400, "{\"status\":\"error\",\"error\":\"Service temporarily unavailable\","
                + "\"details\":\"Failed to initialize session tracking\"}"), true);
        assertThat(new Webhook(agent.address(), Duration.ofSeconds(2)).post("sip-0000abcd").cause()).isEqualTo("400");
        agent.close();

        agent = new FakeAgent(request -> json(200, "{\"status\":\"error\",\"error\":\"Session sip-0000abcd already active\"}"),
                true);
        Webhook.Result notStarted = new Webhook(agent.address(), Duration.ofSeconds(2)).post("sip-0000abcd");
        assertThat(notStarted.outcome()).as("a 200 without status started").isEqualTo(Webhook.Outcome.REFUSED);
        agent.close();

        agent = new FakeAgent(request -> "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok",
                true);
        assertThat(new Webhook(agent.address(), Duration.ofSeconds(2)).post("sip-0000abcd").started())
                .as("an answer that is not JSON").isFalse();
    }

    @Test
    void aChunkedAnswerIsReadToItsLastChunk() throws Exception {
        String body = "{\"status\":\"started\"}";
        agent = new FakeAgent(request -> "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(5) + "\r\n" + body.substring(0, 5) + "\r\n"
                + Integer.toHexString(body.length() - 5) + "\r\n" + body.substring(5) + "\r\n0\r\n\r\n", false);
        assertThat(new Webhook(agent.address(), Duration.ofSeconds(2)).post("sip-0000abcd").started()).isTrue();
    }

    @Test
    void anAgentThatNeverAnswersTimesOutAtTheFloor() throws Exception {
        agent = new FakeAgent(request -> null, false); // reads the request, never answers
        Webhook webhook = new Webhook(agent.address(), WallTimeout.of(Duration.ofSeconds(10), 60));
        long start = System.nanoTime();
        Webhook.Result result = webhook.post("sip-0000abcd");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.outcome()).isEqualTo(Webhook.Outcome.TIMEOUT);
        assertThat(result.cause()).isEqualTo("timeout");
        assertThat(took).isBetween(Duration.ofMillis(1_990), Duration.ofMillis(3_500));
    }

    @Test
    void nothingListeningIsAConnectionError() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Webhook.Result result = new Webhook(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                Duration.ofSeconds(2)).post("sip-0000abcd");
        assertThat(result.outcome()).isEqualTo(Webhook.Outcome.CONNECTION_ERROR);
        assertThat(result.cause()).isEqualTo("connection_error");
    }

    @Test
    void aConnectionClosedBeforeTheAnswerIsAConnectionError() throws Exception {
        agent = new FakeAgent(request -> "", true); // reads the request, closes without a word
        Webhook.Result result = new Webhook(agent.address(), Duration.ofSeconds(2)).post("sip-0000abcd");
        assertThat(result.outcome()).isEqualTo(Webhook.Outcome.CONNECTION_ERROR);
    }

    static String json(int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "HTTP/1.1 " + status + " X\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: "
                + bytes.length + "\r\n\r\n" + body;
    }

    /**
     * A fake agent on a loopback port: reads each request (headers and Content-Length body), answers with
     * what the function returns (null: nothing), then closes the connection or keeps it open.
     */
    static final class FakeAgent implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private final Thread thread;

        FakeAgent(Function<String, String> answer, boolean closeAfter) throws IOException {
            thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        open.add(s);
                        String request = readRequest(s.getInputStream());
                        requests.add(request);
                        String response = answer.apply(request);
                        if (response != null) {
                            OutputStream out = s.getOutputStream();
                            out.write(response.getBytes(StandardCharsets.UTF_8));
                            out.flush();
                        }
                        if (closeAfter) {
                            s.close();
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "fake-agent");
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
        }

        int connections() {
            return open.size();
        }

        List<String> requests() {
            return requests;
        }

        private static String readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                buffer.write(b);
                String head = buffer.toString(StandardCharsets.ISO_8859_1);
                if (head.endsWith("\r\n\r\n")) {
                    int length = 0;
                    for (String line : head.split("\r\n")) {
                        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
                }
            }
            return buffer.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
