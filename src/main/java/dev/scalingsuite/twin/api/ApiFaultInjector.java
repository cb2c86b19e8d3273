package dev.scalingsuite.twin.api;

import dev.scalingsuite.twin.stack.TwinSettings;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * Injects the faults of AWS's APIs into the suite's calls: throttling, 5xx, latency and services that
 * are down, in each protocol's own error shape, so the SDK classifies and retries them as it would
 * against AWS. Only the suite-facing endpoint uses it; the twin's control plane works on the model
 * directly and never sees a fault.
 *
 * <p>Draws come from one {@link Random} seeded from the twin's seed: the same seed and the same sequence of
 * requests inject the same faults, so a run can be replayed with the twin's {@code seed}.
 */
public final class ApiFaultInjector {

    private final double throttleRate;
    private final double serverErrorRate;
    private final Duration modelLatency;
    private final Duration latency;
    /** Changed at run time by the standalone twin's {@code api-down} command, so a source can die mid-run. */
    private volatile Set<String> down;
    private final Random random;
    private final ApiFaultCounts counts = new ApiFaultCounts();

    ApiFaultInjector(double throttleRate, double serverErrorRate, Duration modelLatency, int timeScale,
            Set<String> down, long seed) {
        this.throttleRate = throttleRate;
        this.serverErrorRate = serverErrorRate;
        this.modelLatency = modelLatency;
        this.latency = modelLatency.dividedBy(timeScale);
        this.down = Set.copyOf(down);
        this.random = new Random(seed);
    }

    /** The faults the settings ask for, drawn from {@code seed} (the twin's seed, mixed for this purpose). */
    public static ApiFaultInjector of(TwinSettings settings, long seed) {
        return new ApiFaultInjector(settings.apiThrottleRate(), settings.api5xxRate(), settings.apiLatency(),
                settings.timeScale(), settings.apiDown(), seed);
    }

    /** No faults: every request is answered at once and by its service. */
    public static ApiFaultInjector none() {
        return new ApiFaultInjector(0, 0, Duration.ZERO, 1, Set.of(), 0);
    }

    /** From now on, every request to these services is answered with 503 (empty: none). */
    public void down(Set<String> services) {
        down = Set.copyOf(services);
    }

    public Set<String> down() {
        return down;
    }

    public boolean active() {
        return throttleRate > 0 || serverErrorRate > 0 || !latency.isZero() || !down.isEmpty();
    }


    /** The wall-clock delay of every answer: the model latency divided by the time scale. */
    public Duration latency() {
        return latency;
    }

    public ApiFaultCounts counts() {
        return counts;
    }

    /**
     * Runs before a request reaches its service: waits the latency, then picks the fault, if any, the
     * request is answered with instead. Call it without holding the model's lock.
     */
    Optional<ApiException> before(ApiService service) {
        String name = service.name();
        counts.countRequest(name);
        if (!latency.isZero()) {
            counts.countInjected(name, ApiFault.LATENCY);
            sleep();
        }
        if (down.contains(name)) {
            counts.countInjected(name, ApiFault.SERVICE_UNAVAILABLE);
            return Optional.of(unavailable(name));
        }
        if (throttleRate + serverErrorRate > 0) {
            // one draw per request, so the two shares are exact and never overlap
            double draw = random.nextDouble();
            if (draw < throttleRate) {
                counts.countInjected(name, ApiFault.THROTTLING);
                return Optional.of(throttling(service));
            }
            if (draw < throttleRate + serverErrorRate) {
                counts.countInjected(name, ApiFault.INTERNAL_FAILURE);
                return Optional.of(internalFailure());
            }
        }
        return Optional.empty();
    }

    /**
     * The throttling error of the service's protocols. awsJson services answer {@code ThrottlingException};
     * awsQuery services {@code Throttling}. CloudWatch speaks both and is query-compatible: its JSON and
     * CBOR answers carry {@code ThrottlingException} in {@code __type} and {@code Throttling} in the
     * {@code x-amzn-query-error} header, which the SDK reports as the error code. The SDK counts all of
     * these as throttling (its {@code AwsErrorCode}), so it retries with the throttling backoff.
     */
    static ApiException throttling(ApiService service) {
        String queryCode = service.queryVersion().isPresent() ? "Throttling" : "ThrottlingException";
        return new ApiException(400, "ThrottlingException", queryCode, "Rate exceeded");
    }

    /** HTTP 500, which the SDK retries whatever the code. */
    static ApiException internalFailure() {
        return new ApiException(500, "InternalFailure",
                "The request processing has failed because of an unknown error, exception or failure.");
    }

    /** HTTP 503; the message names the setting, so whoever reads it knows the twin did it. */
    static ApiException unavailable(String service) {
        return new ApiException(503, "ServiceUnavailable",
                "Service Unavailable: " + service + " is down (twin setting apiDown)");
    }

    /** What is injected, for the log line at start. */
    public String describe() {
        StringJoiner out = new StringJoiner(", ");
        if (throttleRate > 0) {
            out.add("throttling " + percent(throttleRate));
        }
        if (serverErrorRate > 0) {
            out.add("5xx " + percent(serverErrorRate));
        }
        if (!latency.isZero()) {
            out.add("latency " + modelLatency.toMillis() + " ms model time (" + latency.toMillis() + " ms wall)");
        }
        if (!down.isEmpty()) {
            out.add("down: " + String.join(" ", down.stream().sorted().toList()));
        }
        return out.toString();
    }

    private static String percent(double share) {
        return BigDecimal.valueOf(share).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    private void sleep() {
        try {
            TimeUnit.NANOSECONDS.sleep(latency.toNanos());
        } catch (InterruptedException e) {
            // the endpoint is closing; answer at once and let the server finish
            Thread.currentThread().interrupt();
        }
    }
}
