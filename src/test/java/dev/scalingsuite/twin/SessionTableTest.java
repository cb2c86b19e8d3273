package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** The session table lives in DynamoDB Local and has the deployed agent's shape. */
class SessionTableTest {

    @RegisterExtension
    static final TwinFixture TWIN = new TwinFixture();

    @Test
    void theTableHasTheKeysAndBothIndexes() {
        try (DynamoDbClient dynamo = TWIN.client(DynamoDbClient.builder())) {
            TableDescription table = dynamo.describeTable(b -> b.tableName("voice-agent-poc-sessions")).table();

            assertThat(table.keySchema()).extracting(k -> k.attributeName()).containsExactly("PK", "SK");
            assertThat(table.globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactlyInAnyOrder("GSI1", "GSI2");
            assertThat(table.globalSecondaryIndexes()).allSatisfy(i -> assertThat(i.indexStatus()).isEqualTo(IndexStatus.ACTIVE));
            assertThat(dynamo.describeTimeToLive(b -> b.tableName("voice-agent-poc-sessions"))
                    .timeToLiveDescription().attributeName()).isEqualTo("TTL");
        }
    }

    @Test
    void eachRunningTaskHasAHeartbeatThatTheOperatorsScanFinds() {
        try (DynamoDbClient dynamo = TWIN.client(DynamoDbClient.builder())) {
            List<Map<String, AttributeValue>> items = dynamo.scan(b -> b.tableName("voice-agent-poc-sessions")
                    .filterExpression("begins_with(PK, :prefix) AND SK = :sk")
                    .expressionAttributeValues(Map.of(
                            ":prefix", AttributeValue.builder().s("TASK#").build(),
                            ":sk", AttributeValue.builder().s("HEARTBEAT").build()))).items();

            assertThat(items).singleElement().satisfies(item -> {
                // exactly the attributes the agent writes (session_tracker.py heartbeat(), lines 304-311)
                assertThat(item.keySet()).containsExactlyInAnyOrder("PK", "SK", "task_id", "active_session_count",
                        "updated_at", "TTL");
                assertThat(item.get("active_session_count").n()).isEqualTo("0");
                assertThat(item.get("PK").s()).isEqualTo("TASK#" + item.get("task_id").s());
                // updated_at a number of epoch seconds, the TTL 300 model seconds later (30 s at time scale 10)
                double updated = Double.parseDouble(item.get("updated_at").n());
                assertThat(updated).isCloseTo(Instant.now().toEpochMilli() / 1000.0, within(600.0));
                assertThat(Long.parseLong(item.get("TTL").n()) - updated).isBetween(29.0, 30.0);
            });
        }
    }
}
