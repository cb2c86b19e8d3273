package dev.scalingsuite.twin.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * One AWS service of the twin. Operations take the request as a tree in the service's own member
 * names and answer a tree; timestamps in answers are {@link java.time.Instant} POJO nodes, which each
 * wire protocol renders its own way (epoch seconds, CBOR tag 1, ISO-8601).
 */
public interface ApiService {

    /**
     * The service's endpoint prefix, as in {@code ecs.us-east-1.amazonaws.com} (CloudWatch: {@code cloudwatch},
     * the name people use, not the {@code monitoring} host); the {@code apiDown} setting and the fault counts
     * name services by it.
     */
    String name();

    /** The {@code X-Amz-Target} prefix of the awsJson protocol, e.g. {@code AmazonSSM}. */
    default Optional<String> jsonTargetPrefix() {
        return Optional.empty();
    }

    /** The {@code Version} form parameter of the awsQuery protocol, e.g. {@code 2015-12-01}. */
    default Optional<String> queryVersion() {
        return Optional.empty();
    }

    /** The XML namespace of awsQuery answers. */
    default String queryNamespace() {
        return "";
    }

    /** The service id in the Smithy RPC v2 CBOR path {@code /service/<id>/operation/<op>}. */
    default Optional<String> cborServiceId() {
        return Optional.empty();
    }

    /**
     * Handles one operation.
     *
     * @throws ApiException for any error the caller should see in the AWS shape
     */
    JsonNode handle(String operation, JsonNode request);
}
