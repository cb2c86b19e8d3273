package dev.scalingsuite.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The heartbeat's {@code updated_at} as the deployed agent writes it, and as the twin does. */
class DynamoSessionsAdapterTest {

    @Test
    void wholeEpochSecondsAsTheAgentWritesThem() {
        // session_tracker.py heartbeat(): "updated_at": int(time.time()), a DynamoDB number
        assertThat(DynamoSessionsAdapter.updatedAt(AttributeValue.builder().n("1786701600").build()))
                .isEqualTo(Instant.parse("2026-08-14T10:00:00Z"));
    }

    @Test
    void epochSecondsWithMillisecondsAsTheTwinWritesThem() {
        assertThat(DynamoSessionsAdapter.updatedAt(AttributeValue.builder().n("1786701600.25").build()))
                .isEqualTo(Instant.parse("2026-08-14T10:00:00.250Z"));
    }

    @Test
    void isoTextIsStillRead() {
        assertThat(DynamoSessionsAdapter.updatedAt(AttributeValue.builder().s("2026-08-14T10:00:00Z").build()))
                .isEqualTo(Instant.parse("2026-08-14T10:00:00Z"));
    }

    @Test
    void anythingElseIsNoTime() {
        assertThat(DynamoSessionsAdapter.updatedAt(null)).isNull();
        assertThat(DynamoSessionsAdapter.updatedAt(AttributeValue.builder().s("yesterday").build())).isNull();
        assertThat(DynamoSessionsAdapter.updatedAt(AttributeValue.builder().bool(true).build())).isNull();
    }
}
