package dev.scalingsuite.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Every AWS client the suite uses, built once by one configurer: region, credentials, the standard
 * retry strategy, an API call timeout, and (for a twin) the endpoint override. Closing closes them.
 */
public final class AwsClients implements AutoCloseable {

    private final AwsAccess access;
    private final AwsCredentialsProvider credentials;
    private final List<AutoCloseable> built = new ArrayList<>();
    private final EcsClient ecs;
    private final CloudWatchClient cloudWatch;
    private final CloudWatchLogsClient logs;
    private final DynamoDbClient dynamo;
    private final ElasticLoadBalancingV2Client elb;
    private final ApplicationAutoScalingClient autoScaling;
    private final SsmClient ssm;
    private final StsClient sts;

    public AwsClients(AwsAccess access) {
        this.access = access;
        this.credentials = access.accessKeyId().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(access.accessKeyId().get(),
                        access.secretAccessKey().orElse("")))
                : DefaultCredentialsProvider.builder().build();
        ecs = configure(EcsClient.builder(), false);
        cloudWatch = configure(CloudWatchClient.builder(), false);
        logs = configure(CloudWatchLogsClient.builder(), false);
        dynamo = configure(DynamoDbClient.builder(), true);
        elb = configure(ElasticLoadBalancingV2Client.builder(), false);
        autoScaling = configure(ApplicationAutoScalingClient.builder(), false);
        ssm = configure(SsmClient.builder(), false);
        sts = configure(StsClient.builder(), false);
    }

    private <C extends AutoCloseable, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C configure(
            B builder, boolean dynamodb) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(access.apiCallTimeout()));
        builder.region(Region.of(access.region()))
                .credentialsProvider(credentials)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(retryStrategy(access.timeScale()))
                        .apiCallTimeout(access.apiCallTimeout())
                        .build());
        (dynamodb ? access.dynamodbEndpoint() : access.endpoint()).ifPresent(builder::endpointOverride);
        C client = builder.build();
        built.add(client);
        return client;
    }

    /**
     * The SDK's standard strategy (exponential backoff with jitter; throttling backs off longer) with
     * more attempts than its default 3: a scaling test reads the same APIs for a long time, and with a
     * quarter of calls throttled or failing, 3 attempts still lose about one call in 64. No circuit
     * breaker: a run must not stop retrying because earlier calls were throttled.
     */
    static software.amazon.awssdk.retries.api.RetryStrategy retryStrategy(int timeScale) {
        // the SDK's standard backoffs (base 100 ms up to 20 s; 1 s up to 20 s when throttled), in model time
        return software.amazon.awssdk.awscore.retry.AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(MAX_ATTEMPTS).circuitBreakerEnabled(false)
                .backoffStrategy(software.amazon.awssdk.retries.api.BackoffStrategy.exponentialDelay(
                        Duration.ofMillis(100).dividedBy(timeScale), Duration.ofSeconds(20).dividedBy(timeScale)))
                .throttlingBackoffStrategy(software.amazon.awssdk.retries.api.BackoffStrategy.exponentialDelay(
                        Duration.ofSeconds(1).dividedBy(timeScale), Duration.ofSeconds(20).dividedBy(timeScale)))
                .build();
    }

    static final int MAX_ATTEMPTS = 8;

    public AwsAccess access() { return access; }
    public EcsClient ecs() { return ecs; }
    public CloudWatchClient cloudWatch() { return cloudWatch; }
    public CloudWatchLogsClient logs() { return logs; }
    public DynamoDbClient dynamo() { return dynamo; }
    public ElasticLoadBalancingV2Client elb() { return elb; }
    public ApplicationAutoScalingClient autoScaling() { return autoScaling; }
    public SsmClient ssm() { return ssm; }
    public StsClient sts() { return sts; }

    @Override
    public void close() {
        for (AutoCloseable client : built) {
            try {
                client.close();
            } catch (Exception ignored) {
                // closing an SDK client only releases its connections
            }
        }
    }
}
