package dev.scalingsuite.twin.stack;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The deployed agent's session table in DynamoDB Local: {@code PK}/{@code SK}; GSI1 over
 * {@code STATUS#<status>} (active sessions), GSI2 over {@code TASK#<id>} (a task's items); heartbeat
 * items {@code TASK#<id>}/{@code HEARTBEAT} with {@code active_session_count}, {@code updated_at}
 * (ISO-8601 UTC) and a time to live in the attribute the stack names ({@code TTL} as deployed,
 * {@code infrastructure/src/constructs/session-table-construct.ts}).
 */
public final class SessionTable {

    public static final String GSI1 = "GSI1";
    public static final String GSI2 = "GSI2";

    private final DynamoDbClient dynamo;
    private final String table;
    private final String ttl;

    /** @param ttl the time-to-live attribute ({@code TTL} as deployed) */
    public SessionTable(DynamoDbClient dynamo, String table, String ttl) {
        this.dynamo = dynamo;
        this.table = table;
        this.ttl = ttl;
    }

    public String name() {
        return table;
    }

    /** Creates the table with its keys, both indexes and the time-to-live attribute, once when the twin starts. */
    public void create() {
        dynamo.createTable(b -> b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("PK"), attribute("SK"), attribute("GSI1PK"), attribute("GSI1SK"),
                        attribute("GSI2PK"), attribute("GSI2SK"))
                .keySchema(key("PK", KeyType.HASH), key("SK", KeyType.RANGE))
                .globalSecondaryIndexes(index(GSI1, "GSI1PK", "GSI1SK"), index(GSI2, "GSI2PK", "GSI2SK")));
        dynamo.updateTimeToLive(b -> b.tableName(table)
                .timeToLiveSpecification(t -> t.attributeName(ttl).enabled(true)));
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
                ttl, n(at.getEpochSecond() + 3600))));
    }

    /** Removes a task's heartbeat, as the agent does when it exits after draining. */
    public void heartbeatGone(String taskId) {
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of("PK", s("TASK#" + taskId), "SK", s("HEARTBEAT"))));
    }

    /**
     * Writes a started session's item, keyed by the session id the webhook gave it (no SIP Call-ID
     * reaches the agent); GSI1 finds it among the active ones.
     */
    public void sessionStarted(String sessionId, String taskId, Instant at) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of(
                "PK", s("SESSION#" + sessionId),
                "SK", s("METADATA"),
                "GSI1PK", s("STATUS#active"),
                "GSI1SK", s(at.toString()),
                "GSI2PK", s("TASK#" + taskId),
                "GSI2SK", s("SESSION#" + sessionId),
                "session_id", s(sessionId),
                "task_id", s(taskId),
                "status", s("active"),
                "started_at", s(at.toString()))));
    }

    /** Marks a session ended; it leaves GSI1's active partition and expires a day later. */
    public void sessionEnded(String sessionId, String reason, Instant at) {
        dynamo.updateItem(b -> b.tableName(table)
                .key(Map.of("PK", s("SESSION#" + sessionId), "SK", s("METADATA")))
                .updateExpression("SET #st = :ended, GSI1PK = :gsi, ended_at = :at, end_reason = :why, #ttl = :ttl")
                .expressionAttributeNames(Map.of("#st", "status", "#ttl", ttl))
                .expressionAttributeValues(Map.of(
                        ":ended", s("ended"),
                        ":gsi", s("STATUS#ended"),
                        ":at", s(at.toString()),
                        ":why", s(reason),
                        ":ttl", n(at.getEpochSecond() + 86_400))));
    }

    /** Counts active sessions through GSI1, as the session counter does. */
    public int activeSessions() {
        int count = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(b -> b.tableName(table).indexName(GSI1)
                    .keyConditionExpression("GSI1PK = :active")
                    .expressionAttributeValues(Map.of(":active", s("STATUS#active")))
                    .select(Select.COUNT)
                    .exclusiveStartKey(from));
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    /**
     * The active sessions through GSI1, counted per task ({@code task_id}), as the session counter counts
     * them for its per-task metric.
     */
    public Map<String, Integer> activeSessionsByTask() {
        Map<String, Integer> byTask = new java.util.LinkedHashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(b -> b.tableName(table).indexName(GSI1)
                    .keyConditionExpression("GSI1PK = :active")
                    .expressionAttributeValues(Map.of(":active", s("STATUS#active")))
                    .projectionExpression("task_id")
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                AttributeValue task = item.get("task_id");
                byTask.merge(task == null ? "" : task.s(), 1, Integer::sum);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return byTask;
    }

    /** Every heartbeat item: task id, its active session count, when it was written. */
    public List<Heartbeat> heartbeats() {
        List<Heartbeat> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(b -> b.tableName(table)
                .filterExpression("begins_with(PK, :task) AND SK = :hb")
                .expressionAttributeValues(Map.of(":task", s("TASK#"), ":hb", s("HEARTBEAT")))).items()) {
            out.add(new Heartbeat(item.get("task_id").s(), Integer.parseInt(item.get("active_session_count").n()),
                    Instant.parse(item.get("updated_at").s())));
        }
        return out;
    }

    public record Heartbeat(String taskId, int activeSessions, Instant updatedAt) {
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
