package dev.scalingsuite.twin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPInputStream;

/**
 * The twin's AWS endpoint: one loopback HTTP port that answers awsJson 1.0/1.1 ({@code X-Amz-Target}),
 * awsQuery (form body with {@code Action} and {@code Version}) and Smithy RPC v2 CBOR
 * ({@code /service/<id>/operation/<op>}), as the AWS SDK v2 and the AWS CLI send them.
 */
public final class AwsEndpoint implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AwsEndpoint.class.getName());

    static {
        // without TCP_NODELAY a small answer waits for the client's delayed ACK: 40 ms per call
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Map<String, ApiService> byJsonTarget = new HashMap<>();
    private final Map<String, ApiService> byQueryVersion = new HashMap<>();
    private final Map<String, ApiService> byCborService = new HashMap<>();
    private final Object lock;
    private final ApiFaultInjector faults;
    private final HttpServer server;
    private final ExecutorService executor;

    /**
     * Starts the endpoint on 127.0.0.1.
     *
     * @param port the port, 0 for a free one
     * @param lock every operation runs while holding it, so the control plane sees consistent state
     */
    public AwsEndpoint(int port, List<ApiService> services, Object lock) throws IOException {
        this(port, services, lock, ApiFaultInjector.none());
    }

    /**
     * Starts the endpoint on 127.0.0.1 with API faults injected into every request it routes to a service.
     *
     * @param port the port, 0 for a free one
     * @param lock every operation runs while holding it, so the control plane sees consistent state
     */
    public AwsEndpoint(int port, List<ApiService> services, Object lock, ApiFaultInjector faults) throws IOException {
        this(InetAddress.getLoopbackAddress(), port, services, lock, faults);
    }

    /**
     * Starts the endpoint on {@code address} with API faults injected into every request it routes to a service.
     *
     * @param port the port, 0 for a free one
     * @param lock every operation runs while holding it, so the control plane sees consistent state
     */
    public AwsEndpoint(InetAddress address, int port, List<ApiService> services, Object lock, ApiFaultInjector faults)
            throws IOException {
        this.lock = lock;
        this.faults = faults;
        for (ApiService service : services) {
            service.jsonTargetPrefix().ifPresent(p -> byJsonTarget.put(p, service));
            service.queryVersion().ifPresent(v -> byQueryVersion.put(v, service));
            service.cborServiceId().ifPresent(id -> byCborService.put(id, service));
        }
        AtomicInteger threads = new AtomicInteger();
        // injected latency parks a thread per request: more threads, so a slow answer delays only its caller
        executor = Executors.newFixedThreadPool(faults.latency().isZero() ? 4 : 32, r -> {
            Thread t = new Thread(r, "twin-aws-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress(address, port), 64);
        server.createContext("/", this::exchange);
        server.setExecutor(executor);
        server.start();
        if (faults.active()) {
            // injected faults look like AWS's own, so the person running the twin hears of them here
            LOG.warning("twin API faults active: " + faults.describe());
        }
    }

    public URI uri() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The faults this endpoint injects; {@link ApiFaultInjector#down} changes them while it runs. */
    public ApiFaultInjector faults() {
        return faults;
    }

    /** What this endpoint injected so far, per service and kind. */
    public ApiFaultCounts faultCounts() {
        return faults.counts();
    }

    @Override
    public void close() {
        if (faults.active()) {
            LOG.info("twin API faults injected: " + faults.counts().summary());
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readBody(exchange);
            String path = exchange.getRequestURI().getPath();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (path.startsWith("/service/") && path.contains("/operation/")) {
                serveCbor(exchange, path, body);
            } else if (target != null) {
                serveJson(exchange, target, body);
            } else if ("POST".equals(exchange.getRequestMethod())) {
                serveQuery(exchange, new String(body, StandardCharsets.UTF_8));
            } else {
                send(exchange, 404, "application/json", Wire.JSON.writeValueAsBytes(Map.of(
                        "__type", "UnknownOperationException", "message", "No operation at " + path)));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "twin endpoint failed on " + exchange.getRequestURI(), e);
            send(exchange, 500, "application/json", Wire.JSON.writeValueAsBytes(Map.of(
                    "__type", "InternalFailure", "message", String.valueOf(e.getMessage()))));
        }
    }

    /**
     * Injects the API faults into a request as soon as it is routed to a service, before the service
     * reads it, as AWS throttles at its front door; outside the lock, so a delayed answer never holds up
     * the control plane.
     */
    private void injectFaults(ApiService service) {
        Optional<ApiException> fault = faults.before(service);
        if (fault.isPresent()) {
            throw fault.get();
        }
    }

    private JsonNode invoke(ApiService service, String operation, JsonNode request) {
        synchronized (lock) {
            return service.handle(operation, request);
        }
    }

    private void serveJson(HttpExchange exchange, String target, byte[] body) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        String answerType = contentType != null && contentType.startsWith("application/x-amz-json")
                ? contentType : "application/x-amz-json-1.1";
        int dot = target.lastIndexOf('.');
        ApiService service = dot < 0 ? null : byJsonTarget.get(target.substring(0, dot));
        try {
            if (service == null) {
                throw new ApiException(400, "UnknownOperationException", "Unknown target " + target);
            }
            injectFaults(service);
            JsonNode request = body.length == 0 ? Wire.object() : parse(() -> Wire.JSON.readTree(body));
            JsonNode answer = invoke(service, target.substring(dot + 1), request);
            send(exchange, 200, answerType, Wire.JSON.writeValueAsBytes(answer));
        } catch (ApiException e) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", e.code());
            queryErrorHeader(exchange, e);
            ObjectNode error = Wire.object().put("__type", e.code()).put("message", e.getMessage());
            send(exchange, e.status(), answerType, Wire.JSON.writeValueAsBytes(error));
        }
    }

    private void serveCbor(HttpExchange exchange, String path, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("smithy-protocol", "rpc-v2-cbor");
        String[] parts = path.split("/");
        // ["", "service", "<id>", "operation", "<op>"]
        ApiService service = parts.length == 5 ? byCborService.get(parts[2]) : null;
        try {
            if (service == null) {
                throw new ApiException(404, "UnknownOperationException", "Unknown operation " + path);
            }
            injectFaults(service);
            JsonNode request = body.length == 0 ? Wire.object() : parse(() -> Wire.CBOR.readTree(body));
            JsonNode answer = invoke(service, parts[4], request == null ? Wire.object() : request);
            send(exchange, 200, "application/cbor", Wire.CBOR.writeValueAsBytes(answer));
        } catch (ApiException e) {
            queryErrorHeader(exchange, e);
            ObjectNode error = Wire.object().put("__type", e.code()).put("message", e.getMessage());
            send(exchange, e.status(), "application/cbor", Wire.CBOR.writeValueAsBytes(error));
        }
    }

    private void serveQuery(HttpExchange exchange, String body) throws IOException {
        String requestId = UUID.randomUUID().toString();
        Map<String, String> form = QueryCodec.parseForm(body);
        String action = form.getOrDefault("Action", "");
        ApiService service = byQueryVersion.get(form.getOrDefault("Version", ""));
        try {
            if (service == null || action.isEmpty()) {
                throw new ApiException(400, "InvalidAction",
                        "Unknown Action '" + action + "' for Version '" + form.get("Version") + "'");
            }
            injectFaults(service);
            JsonNode answer = invoke(service, action, QueryCodec.toTree(form));
            byte[] xml = QueryCodec.response(action, service.queryNamespace(), answer, requestId)
                    .getBytes(StandardCharsets.UTF_8);
            send(exchange, 200, "text/xml", xml);
        } catch (ApiException e) {
            send(exchange, e.status(), "text/xml", QueryCodec.error(e, requestId).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Query-compatible services repeat the awsQuery code as {@code x-amzn-query-error: Code;Sender}:
     * the SDK v2 and botocore report that code, while {@code __type} picks the exception class.
     */
    private static void queryErrorHeader(HttpExchange exchange, ApiException e) {
        if (e.queryCompatible()) {
            exchange.getResponseHeaders().set("x-amzn-query-error",
                    e.queryCode() + ";" + (e.senderFault() ? "Sender" : "Receiver"));
        }
    }

    private static JsonNode parse(IoSupplier<JsonNode> reader) {
        try {
            return reader.get();
        } catch (IOException e) {
            throw new ApiException(400, "SerializationException", "Cannot read the request body: " + e.getMessage());
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] raw = in.readAllBytes();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                    return gz.readAllBytes();
                }
            }
            return raw;
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @FunctionalInterface
    private interface IoSupplier<T> {
        T get() throws IOException;
    }
}
