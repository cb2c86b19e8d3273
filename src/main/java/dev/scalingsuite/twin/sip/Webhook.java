package dev.scalingsuite.twin.sip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The webhook Lambda's call to the agents ({@code infrastructure/src/functions/bot-runner/}): one
 * {@code POST /call} through the NLB with {@code session_id}, {@code room_url} and
 * {@code room_token}, each on a <b>new TCP connection</b> that it closes afterwards, as
 * {@code urllib.request.urlopen} does (no pool; it sends {@code Connection: close}). So every attempt
 * is a new NLB flow, routed on its own. Any answer but {@code {"status": "started"}} is a refusal:
 * the agent's 503 (at capacity, draining), a 400, a 500, a timeout, a connection error.
 *
 * <p>Blocking and thread-safe: call {@link #post} from a thread that may wait up to the timeout.
 */
final class Webhook {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How one attempt ended. */
    enum Outcome { STARTED, REFUSED, TIMEOUT, CONNECTION_ERROR }

    /**
     * One attempt's result.
     *
     * @param httpStatus the agent's HTTP status, 0 when none came
     * @param status the {@code status} field of the agent's JSON answer, empty when none
     * @param detail the {@code error} field, or what went wrong on the wire
     */
    record Result(Outcome outcome, int httpStatus, String status, String detail) {

        boolean started() {
            return outcome == Outcome.STARTED;
        }

        /** For logs and end reasons: {@code started}, the HTTP status ({@code 503}), {@code timeout}, ... */
        String cause() {
            return switch (outcome) {
                case STARTED -> "started";
                case REFUSED -> String.valueOf(httpStatus);
                case TIMEOUT -> "timeout";
                case CONNECTION_ERROR -> "connection_error";
            };
        }
    }

    private final InetSocketAddress nlb;
    private final Duration timeout;

    /**
     * @param nlb the NLB listener's address
     * @param timeout how long one attempt may take, connecting included (wall time: the model's
     *     {@code webhookTimeout} through {@code WallTimeout})
     */
    Webhook(InetSocketAddress nlb, Duration timeout) {
        this.nlb = nlb;
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    /** A session id as the Lambda makes one for a SIP call: {@code sip-} and 8 hex digits. */
    static String newSessionId() {
        return String.format(Locale.ROOT, "sip-%08x", ThreadLocalRandom.current().nextInt());
    }

    /** Asks an agent, through the NLB, to start {@code sessionId}; blocks up to the timeout. */
    Result post(String sessionId) {
        byte[] body = requestBody(sessionId);
        String head = "POST /call HTTP/1.1\r\n"
                + "Accept-Encoding: identity\r\n"
                + "Host: " + nlb.getHostString() + ":" + nlb.getPort() + "\r\n"
                + "User-Agent: Python-urllib/3.12\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        try {
            HttpOnce.Response response = HttpOnce.exchange(nlb, head, body, timeout);
            return result(response.status(), response.body());
        } catch (SocketTimeoutException e) {
            return new Result(Outcome.TIMEOUT, 0, "", "no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Result(Outcome.CONNECTION_ERROR, 0, "", String.valueOf(e.getMessage()));
        }
    }

    private static byte[] requestBody(String sessionId) {
        return JSON.createObjectNode()
                .put("room_url", "https://twin.daily.co/sip-" + sessionId)
                .put("room_token", "twin-meeting-token-" + sessionId)
                .put("session_id", sessionId)
                .toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Result result(int httpStatus, byte[] body) {
        String status = "";
        String error = "";
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null) {
                status = json.path("status").asText("");
                error = json.path("error").asText("");
            }
        } catch (IOException e) {
            error = "not JSON: " + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
        }
        // the Lambda reads the JSON of a 2xx answer and takes only status "started" as a yes
        boolean started = httpStatus >= 200 && httpStatus < 300 && status.equals("started");
        return new Result(started ? Outcome.STARTED : Outcome.REFUSED, httpStatus, status, error);
    }
}
