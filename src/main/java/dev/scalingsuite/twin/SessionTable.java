package dev.scalingsuite.twin;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The deployed agent's session table in DynamoDB Local: {@code PK}/{@code SK}; GSI1 over
 * {@code STATUS#<status>} (active sessions), GSI2 over {@code TASK#<id>} (a task's items); heartbeat
 * items {@code TASK#<id>}/{@code HEARTBEAT} with {@code active_session_count}, {@code updated_at}
 * (ISO-8601 UTC) and a {@code ttl}.
 */
public final class SessionTable {

    public static final String GSI1 = "GSI1";
    public static final String GSI2 = "GSI2";

    private final DynamoDbClient dynamo;
    private final String table;

    public SessionTable(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public String name() {
        return table;
    }

    void create() {
        dynamo.createTable(b -> b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("PK"), attribute("SK"), attribute("GSI1PK"), attribute("GSI1SK"),
                        attribute("GSI2PK"), attribute("GSI2SK"))
                .keySchema(key("PK", KeyType.HASH), key("SK", KeyType.RANGE))
                .globalSecondaryIndexes(index(GSI1, "GSI1PK", "GSI1SK"), index(GSI2, "GSI2PK", "GSI2SK")));
        dynamo.updateTimeToLive(b -> b.tableName(table)
                .timeToLiveSpecification(t -> t.attributeName("ttl").enabled(true)));
    }

    /** Writes a task's heartbeat, as the agent does every heartbeat interval. */
    public void heartbeat(String taskId, int activeSessions, Instant at) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of(
                "PK", s("TASK#" + taskId),
                "SK", s("HEARTBEAT"),
                "GSI2PK", s("TASK#" + taskId),
                "GSI2SK", s("HEARTBEAT"),
                "task_id", s(taskId),
                "active_session_count", n(activeSessions),
                "updated_at", s(at.toString()),
                "ttl", n(at.getEpochSecond() + 3600))));
    }

    static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static GlobalSecondaryIndex index(String name, String hash, String range) {
        return GlobalSecondaryIndex.builder().indexName(name)
                .keySchema(key(hash, KeyType.HASH), key(range, KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build();
    }
}
