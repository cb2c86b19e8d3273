package dev.scalingsuite.twin.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The injector's draws, its error per protocol, its counts and what it logs; no HTTP. */
class ApiFaultInjectorTest {

    private static final ApiService JSON = new Fake("ecs", Optional.empty(), Optional.of("AmazonEC2ContainerServiceV20141113"));
    private static final ApiService QUERY = new Fake("sts", Optional.of("2011-06-15"), Optional.empty());
    private static final ApiService BOTH = new Fake("cloudwatch", Optional.of("2010-08-01"),
            Optional.of("GraniteServiceVersion20100801"));

    @Test
    void theSameSeedInjectsTheSameFaultsInTheSameOrder() {
        assertThat(codes(injector(0.2, 0.05, 7), 500)).isEqualTo(codes(injector(0.2, 0.05, 7), 500))
                .isNotEqualTo(codes(injector(0.2, 0.05, 8), 500));
    }

    @Test
    void theSharesFollowTheRatesAndNeverOverlap() {
        ApiFaultInjector faults = injector(0.2, 0.05, 7);

        codes(faults, 20_000);

        ApiFaultCounts counts = faults.counts();
        assertThat(counts.requests("ecs")).isEqualTo(20_000);
        assertThat(counts.injected("ecs", ApiFault.THROTTLING) / 20_000.0).isBetween(0.19, 0.21);
        assertThat(counts.injected("ecs", ApiFault.INTERNAL_FAILURE) / 20_000.0).isBetween(0.045, 0.055);
    }

    @Test
    void rateOneFaultsEveryRequestAndRateZeroNone() {
        assertThat(codes(injector(1.0, 0, 1), 1000)).containsOnly("ThrottlingException");
        assertThat(codes(injector(0, 1.0, 1), 1000)).containsOnly("InternalFailure");
        assertThat(codes(injector(0, 0, 1), 1000)).containsOnly("none");
    }

    @Test
    void aServiceDownAnswers503EveryTimeAndTheOthersAreDrawnAsBefore() {
        ApiFaultInjector faults = new ApiFaultInjector(0.5, 0, Duration.ZERO, 1, Set.of("cloudwatch"), 3);

        for (int i = 0; i < 10; i++) {
            ApiException e = faults.before(BOTH).orElseThrow();
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.code()).isEqualTo("ServiceUnavailable");
        }
        // the down service drew nothing, so ecs sees the seed's sequence from its start
        assertThat(codes(faults, 100)).isEqualTo(codes(new ApiFaultInjector(0.5, 0, Duration.ZERO, 1, Set.of(), 3), 100));
        assertThat(faults.counts().injected("cloudwatch", ApiFault.SERVICE_UNAVAILABLE)).isEqualTo(10);
        assertThat(faults.counts().injected("cloudwatch", ApiFault.THROTTLING)).isZero();
    }

    @Test
    void throttlingHasTheCodesOfTheServicesProtocols() {
        ApiException json = ApiFaultInjector.throttling(JSON);
        ApiException query = ApiFaultInjector.throttling(QUERY);
        ApiException both = ApiFaultInjector.throttling(BOTH);

        assertThat(json.status()).isEqualTo(400);
        assertThat(json.code()).isEqualTo("ThrottlingException");
        assertThat(json.queryCompatible()).isFalse();
        assertThat(query.queryCode()).isEqualTo("Throttling");
        assertThat(both.code()).isEqualTo("ThrottlingException");
        assertThat(both.queryCode()).isEqualTo("Throttling");
        assertThat(both.queryCompatible()).isTrue();
        assertThat(List.of(json, query, both)).allSatisfy(e -> {
            assertThat(e.senderFault()).isTrue();
            assertThat(e.getMessage()).isEqualTo("Rate exceeded");
        });
        assertThat(ApiFaultInjector.internalFailure().status()).isEqualTo(500);
        assertThat(ApiFaultInjector.internalFailure().senderFault()).isFalse();
    }

    @Test
    void latencyIsModelTimeDividedByTheTimeScaleAndDelaysEveryRequest() {
        ApiFaultInjector faults = new ApiFaultInjector(0, 0, Duration.ofSeconds(2), 20, Set.of(), 1);

        long start = System.nanoTime();
        faults.before(JSON);
        faults.before(QUERY);

        assertThat(faults.latency()).isEqualTo(Duration.ofMillis(100));
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(faults.counts().injected(ApiFault.LATENCY)).isEqualTo(2);
    }

    @Test
    void itDescribesWhatItInjectsAndCountsPerService() {
        ApiFaultInjector faults = new ApiFaultInjector(0.2, 0.05, Duration.ofSeconds(2), 10,
                Set.of("sts", "cloudwatch"), 42);
        faults.before(QUERY);

        assertThat(faults.describe()).isEqualTo("throttling 20%, 5xx 5%, latency 2000 ms model time (200 ms wall), "
                + "down: cloudwatch sts");
        assertThat(faults.counts().summary()).isEqualTo("sts: 1 requests, 1 down, 1 latency");
        assertThat(ApiFaultInjector.none().active()).isFalse();
        assertThat(faults.active()).isTrue();
    }

    private static ApiFaultInjector injector(double throttleRate, double serverErrorRate, long seed) {
        return new ApiFaultInjector(throttleRate, serverErrorRate, Duration.ZERO, 1, Set.of(), seed);
    }

    /** The error code of each of {@code n} requests to ECS, {@code none} for a request let through. */
    private static List<String> codes(ApiFaultInjector faults, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(faults.before(JSON).map(ApiException::code).orElse("none"));
        }
        return out;
    }

    private record Fake(String name, Optional<String> queryVersion, Optional<String> jsonTargetPrefix)
            implements ApiService {
        @Override
        public JsonNode handle(String operation, JsonNode request) {
            return Wire.object();
        }
    }
}
