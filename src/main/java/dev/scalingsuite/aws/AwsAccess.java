package dev.scalingsuite.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach AWS: the region, and for a twin (or any AWS-compatible endpoint) the endpoint
 * overrides and static credentials. Without credentials the SDK's default chain is used. The
 * secret never appears in {@link #toString()}. {@code timeScale} is how much faster than AWS the
 * target runs: the retry backoffs are waits in model time like every other, so they are divided by it.
 */
public record AwsAccess(String region, Optional<URI> endpoint, Optional<URI> dynamodbEndpoint,
        Optional<String> accessKeyId, Optional<String> secretAccessKey, Duration apiCallTimeout, int timeScale) {

    public AwsAccess(String region, Optional<URI> endpoint, Optional<URI> dynamodbEndpoint,
            Optional<String> accessKeyId, Optional<String> secretAccessKey, Duration apiCallTimeout) {
        this(region, endpoint, dynamodbEndpoint, accessKeyId, secretAccessKey, apiCallTimeout, 1);
    }

    @Override
    public String toString() {
        return "AwsAccess[region=" + region + ", endpoint=" + endpoint.map(URI::toString).orElse("AWS")
                + ", credentials=" + (accessKeyId.isPresent() ? "static ****" : "default chain") + "]";
    }
}
