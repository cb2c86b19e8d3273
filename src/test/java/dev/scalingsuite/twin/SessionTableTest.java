package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;

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
                assertThat(item.get("active_session_count").n()).isEqualTo("0");
                assertThat(item.get("updated_at").s()).endsWith("Z");
                assertThat(item.get("PK").s()).isEqualTo("TASK#" + item.get("task_id").s());
            });
        }
    }
}
