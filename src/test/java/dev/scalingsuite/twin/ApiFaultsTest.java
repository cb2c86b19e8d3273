package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scalingsuite.twin.api.ApiFault;
import dev.scalingsuite.twin.api.ApiFaultCounts;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryUtils;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The twin's API faults as the suite meets them: through the SDK v2 clients and their STANDARD retry
 * strategy. Injected throttling and 5xx are classified and retried as AWS's own, latency delays every
 * answer, and a service that is down fails after the retries. Each test starts its own twin, since the
 * fault settings hold for a twin's lifetime. The wire shapes themselves are in {@code ApiFaultWireTest}.
 */
class ApiFaultsTest {

    /**
     * Calls run one after another, so every attempt is one draw in a fixed order and a seed fixes the
     * outcome: at 20 % / 5 % this one injects close to the nominal shares.
     */
    private static final String SEED = "1";

    private static final Map<String, String> THROTTLING_AND_5XX =
            Map.of("apiThrottleRate", "0.2", "api5xxRate", "0.05", "seed", SEED);

    @Test
    void standardRetriesCarry200DescribeServicesAnd100GetMetricDataThroughThrottlingAnd5xx() {
        try (Twin twin = start(THROTTLING_AND_5XX);
                EcsClient ecs = client(twin, EcsClient.builder(), quickStandard(8));
                CloudWatchClient cloudWatch = client(twin, CloudWatchClient.builder(), quickStandard(8))) {
            for (int i = 0; i < 200; i++) {
                assertThat(describeService(twin, ecs)).isEqualTo(1);
            }
            for (int i = 0; i < 100; i++) {
                assertThat(getMetricData(cloudWatch)).isEqualTo(1);
            }

            ApiFaultCounts counts = twin.apiFaultCounts();
            long requests = counts.requests("ecs") + counts.requests("cloudwatch");
            System.out.println("ApiFaultsTest, 8 attempts: " + counts.summary());
            // 300 calls that all succeeded, plus one more attempt per injected fault
            assertThat(requests).isEqualTo(300 + counts.injected(ApiFault.THROTTLING)
                    + counts.injected(ApiFault.INTERNAL_FAILURE));
            assertThat(share(counts.injected(ApiFault.THROTTLING), requests)).isBetween(0.15, 0.25);
            assertThat(share(counts.injected(ApiFault.INTERNAL_FAILURE), requests)).isBetween(0.03, 0.08);
            for (String service : List.of("ecs", "cloudwatch")) {
                assertThat(counts.injected(service, ApiFault.THROTTLING)).as(service).isPositive();
                assertThat(counts.injected(service, ApiFault.INTERNAL_FAILURE)).as(service).isPositive();
            }
        }
    }

    /**
     * A call fails when all its attempts fault: at 25 % faulty attempts and the SDK's default 3 attempts,
     * one call in 64. A suite that polls under these faults must expect that.
     */
    @Test
    void withTheDefaultThreeAttemptsAboutOneCallIn64StillFails() {
        try (Twin twin = start(THROTTLING_AND_5XX);
                EcsClient ecs = client(twin, EcsClient.builder(), quickStandard(3));
                CloudWatchClient cloudWatch = client(twin, CloudWatchClient.builder(), quickStandard(3))) {
            List<AwsServiceException> failures = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                try {
                    if (i < 200) {
                        describeService(twin, ecs);
                    } else {
                        getMetricData(cloudWatch);
                    }
                } catch (AwsServiceException e) {
                    failures.add(e);
                }
            }

            System.out.println("ApiFaultsTest, 3 attempts: " + failures.size() + " of 300 calls failed; "
                    + twin.apiFaultCounts().summary());
            assertThat(failures).hasSizeBetween(1, 15).allSatisfy(e -> {
                assertThat(e.numAttempts()).isEqualTo(3);
                assertThat(e.isThrottlingException() || e.statusCode() == 500).isTrue();
            });
        }
    }

    @Test
    void aThrottledCallIsThrottlingToTheSdkInEveryProtocol() {
        ClientOverrideConfiguration retries = quickStandard(3);
        try (Twin twin = start(Map.of("apiThrottleRate", "1.0"));
                EcsClient ecs = client(twin, EcsClient.builder(), retries);
                ApplicationAutoScalingClient autoScaling = client(twin, ApplicationAutoScalingClient.builder(), retries);
                CloudWatchClient cloudWatch = client(twin, CloudWatchClient.builder(), retries);
                CloudWatchLogsClient logs = client(twin, CloudWatchLogsClient.builder(), retries);
                SsmClient ssm = client(twin, SsmClient.builder(), retries);
                ElasticLoadBalancingV2Client elb = client(twin, ElasticLoadBalancingV2Client.builder(), retries);
                StsClient sts = client(twin, StsClient.builder(), retries)) {
            Map<String, Runnable> calls = new LinkedHashMap<>();
            calls.put("ecs", () -> describeService(twin, ecs));
            calls.put("application-autoscaling",
                    () -> autoScaling.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.ECS)));
            calls.put("cloudwatch", () -> getMetricData(cloudWatch));
            calls.put("logs", () -> logs.describeLogGroups(b -> { }));
            calls.put("ssm", () -> ssm.getParameter(b -> b.name("/voice-agent/config")));
            calls.put("elasticloadbalancing", () -> elb.describeTargetGroups(b -> { }));
            calls.put("sts", () -> sts.getCallerIdentity(b -> { }));

            Map<String, String> codes = new LinkedHashMap<>();
            calls.forEach((service, call) -> {
                AwsServiceException e = catchThrowableOfType(call::run, AwsServiceException.class);

                assertThat(e).as(service).isNotNull();
                assertThat(e.isThrottlingException()).as(service).isTrue();
                assertThat(RetryUtils.isThrottlingException(e)).as(service).isTrue();
                assertThat(e.statusCode()).as(service).isEqualTo(400);
                // retried as throttling until the attempts ran out
                assertThat(e.numAttempts()).as(service).isEqualTo(3);
                assertThat(twin.apiFaultCounts().injected(service, ApiFault.THROTTLING)).as(service).isEqualTo(3);
                codes.put(service, e.awsErrorDetails().errorCode());
            });
            // awsJson answers ThrottlingException; awsQuery and query-compatible CloudWatch report Throttling
            assertThat(codes).containsExactly(
                    Map.entry("ecs", "ThrottlingException"),
                    Map.entry("application-autoscaling", "ThrottlingException"),
                    Map.entry("cloudwatch", "Throttling"),
                    Map.entry("logs", "ThrottlingException"),
                    Map.entry("ssm", "ThrottlingException"),
                    Map.entry("elasticloadbalancing", "Throttling"),
                    Map.entry("sts", "Throttling"));
        }
    }

    @Test
    void latencyOf2sAtTimeScale10DelaysEveryAnswerBy200Ms() {
        try (Twin twin = start(Map.of("apiLatency", "2s", "timeScale", "10"));
                EcsClient ecs = new TwinFixture().clientFor(twin, EcsClient.builder())) {
            describeService(twin, ecs); // the SDK's first call also loads its classes; time the ones after
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                describeService(twin, ecs);
                long millis = (System.nanoTime() - start) / 1_000_000;

                System.out.println("ApiFaultsTest, DescribeServices at 2s model latency: " + millis + " ms");
                assertThat(millis).isGreaterThanOrEqualTo(180);
            }
            assertThat(twin.apiFaultCounts().injected("ecs", ApiFault.LATENCY))
                    .isEqualTo(twin.apiFaultCounts().requests("ecs")).isEqualTo(4);
        }
    }

    @Test
    void cloudWatchDownFailsGetMetricDataWith503AfterTheRetriesWhileEcsWorks() {
        TwinFixture clients = new TwinFixture();
        try (Twin twin = start(Map.of("apiDown", "cloudwatch"));
                EcsClient ecs = clients.clientFor(twin, EcsClient.builder());
                CloudWatchClient cloudWatch = clients.clientFor(twin, CloudWatchClient.builder())) {
            CloudWatchException e = catchThrowableOfType(() -> getMetricData(cloudWatch), CloudWatchException.class);

            assertThat(e).isNotNull();
            assertThat(e.statusCode()).isEqualTo(503);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
            assertThat(e.isThrottlingException()).isFalse();
            assertThat(e.numAttempts()).isEqualTo(3);
            assertThat(describeService(twin, ecs)).isEqualTo(1);

            ApiFaultCounts counts = twin.apiFaultCounts();
            assertThat(counts.injected("cloudwatch", ApiFault.SERVICE_UNAVAILABLE)).isEqualTo(3);
            assertThat(counts.requests("ecs")).isEqualTo(1);
            assertThat(counts.injected("ecs", ApiFault.SERVICE_UNAVAILABLE)).isZero();
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static Twin start(Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>();
        settings.forEach((key, value) -> properties.put("twin." + key, value));
        return Twin.start(TwinSettings.of(properties, "twin."));
    }

    private static <C, B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>> C client(
            Twin twin, B builder, ClientOverrideConfiguration configuration) {
        return new TwinFixture().clientFor(twin, builder, configuration);
    }

    /**
     * The SDK's STANDARD strategy (its retryable and throttling conditions and its token bucket) with
     * millisecond backoffs instead of its 100 ms and 1 s bases: 300 calls meet about 80 throttled attempts,
     * which would sleep for most of a minute otherwise.
     */
    private static ClientOverrideConfiguration quickStandard(int maxAttempts) {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(maxAttempts)
                        .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(2), Duration.ofMillis(50)))
                        .throttlingBackoffStrategy(
                                BackoffStrategy.exponentialDelayHalfJitter(Duration.ofMillis(5), Duration.ofMillis(100)))
                        .build())
                .build();
    }

    private static int describeService(Twin twin, EcsClient ecs) {
        return ecs.describeServices(b -> b.cluster(twin.settings().cluster()).services(twin.settings().service()))
                .services().size();
    }

    private static int getMetricData(CloudWatchClient cloudWatch) {
        Instant end = Instant.now();
        return cloudWatch.getMetricData(b -> b.startTime(end.minus(Duration.ofMinutes(10))).endTime(end)
                .metricDataQueries(q -> q.id("sessions").metricStat(s -> s.period(60).stat("Average")
                        .metric(m -> m.namespace("VoiceAgent/Sessions").metricName("SessionsPerTask")
                                .dimensions(d -> d.name("Environment").value("poc"))))))
                .metricDataResults().size();
    }

    private static double share(long part, long whole) {
        return (double) part / whole;
    }
}
