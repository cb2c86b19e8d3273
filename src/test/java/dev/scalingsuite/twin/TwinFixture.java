package dev.scalingsuite.twin;

import dev.scalingsuite.twin.stack.TwinSettings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Starts one twin per test class and builds SDK clients against it, the way the suite reaches AWS:
 * endpoint override, static credentials, the region. Register as a static field with
 * {@code @RegisterExtension}.
 */
public final class TwinFixture implements BeforeAllCallback, AfterAllCallback {

    private final Map<String, String> settings = new HashMap<>();
    private Twin twin;

    public TwinFixture with(String key, String value) {
        settings.put("twin." + key, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        twin = Twin.start(TwinSettings.of(settings, "twin."));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (twin != null) {
            twin.close();
        }
    }

    public Twin twin() {
        return twin;
    }

    /** An SDK client of any service, pointed at the twin's AWS endpoint (DynamoDB: at DynamoDB Local). */
    public <C, B extends AwsClientBuilder<B, C>> C client(B builder) {
        return clientFor(twin, builder);
    }

    /** An SDK client of any service, pointed at the given twin. */
    public <C, B extends AwsClientBuilder<B, C>> C clientFor(Twin twin, B builder) {
        return clientFor(twin, builder, ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build());
    }

    /** An SDK client of any service, pointed at the given twin, with its own retry or timeout configuration. */
    public <C, B extends AwsClientBuilder<B, C>> C clientFor(Twin twin, B builder,
            ClientOverrideConfiguration configuration) {
        TwinEndpoints endpoints = twin.endpoints();
        boolean dynamo = builder.getClass().getName().contains(".dynamodb.");
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClient(UrlConnectionHttpClient.create());
        }
        return builder
                .endpointOverride(dynamo ? endpoints.dynamodb() : endpoints.aws())
                .region(Region.of(endpoints.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(endpoints.accessKeyId(), endpoints.secretAccessKey())))
                .overrideConfiguration(configuration)
                .build();
    }
}
