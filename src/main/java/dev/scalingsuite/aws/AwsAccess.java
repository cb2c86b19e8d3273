package dev.scalingsuite.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach AWS: the region, and for a twin (or any AWS-compatible endpoint) the endpoint
 * overrides and static credentials. Without credentials the SDK's default chain is used. The
 * secret never appears in {@link #toString()}.
 */
public record AwsAccess(String region, Optional<URI> endpoint, Optional<URI> dynamodbEndpoint,
        Optional<String> accessKeyId, Optional<String> secretAccessKey, Duration apiCallTimeout) {

    @Override
    public String toString() {
        return "AwsAccess[region=" + region + ", endpoint=" + endpoint.map(URI::toString).orElse("AWS")
                + ", credentials=" + (accessKeyId.isPresent() ? "static ****" : "default chain") + "]";
    }
}
