package dev.scalingsuite.twin.stack;

import java.math.BigDecimal;
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
 * {@code STATUS#<status>} (active sessions), GSI2 over {@code TASK#<id>} (a task's sessions); heartbeat
 * items {@code TASK#<id>}/{@code HEARTBEAT} as the agent writes them (backend/voice-agent/app/session_tracker.py
 * {@code heartbeat()}, lines 301-311): {@code task_id}, {@code active_session_count}, {@code updated_at} as a
 * number of epoch seconds and a time to live in the attribute the stack names ({@code TTL} as deployed,
 * {@code infrastructure/src/constructs/session-table-construct.ts}).
 */
public final class SessionTable {

    public static final String GSI1 = "GSI1";
    public static final String GSI2 = "GSI2";
    /**
     * How long after its last write a heartbeat expires, in model seconds:
     * backend/voice-agent/app/session_tracker.py:90 ({@code TTL_HEARTBEAT = 5 * 60}), written at line 302.
     */
    public static final double HEARTBEAT_TTL_SECONDS = 300;
    /**
     * How long after the session counter reaps an orphaned session it expires, in model seconds:
     * infrastructure/src/functions/session-counter/handler.py:211 ({@code current_time + 3600}).
     */
    public static final double REAPED_SESSION_TTL_SECONDS = 3600;

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

    /**
     * Writes a task's heartbeat, as the agent does every heartbeat interval, with exactly the attributes
     * it writes (session_tracker.py:304-311): no GSI keys, {@code updated_at} a number of epoch seconds,
     * the time to live {@code expiresAt} in epoch seconds. The agent writes whole seconds
     * ({@code int(time.time())}, line 301); the twin keeps the milliseconds (see {@link #epochSeconds}).
     * Nothing deletes the item: once the agent stops writing it goes stale, and DynamoDB removes it some
     * time after it expires.
     */
    public void heartbeat(String taskId, int activeSessions, Instant at, Instant expiresAt) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of(
                "PK", s("TASK#" + taskId),
                "SK", s("HEARTBEAT"),
                "task_id", s(taskId),
                "active_session_count", n(activeSessions),
                "updated_at", n(epochSeconds(at)),
                ttl, n(expiresAt.getEpochSecond()))));
    }

    /**
     * An instant as a DynamoDB number of epoch seconds. The deployed agent and session counter write and
     * compare whole seconds ({@code int(time.time())}); the twin writes the milliseconds too, because at a
     * time scale of 10 one wall second is ten model seconds, and whole seconds would shift the 90 s freshness
     * window by up to ten. A whole second is written without a fraction, as the agent writes it.
     */
    public static String epochSeconds(Instant at) {
        return BigDecimal.valueOf(at.toEpochMilli(), 3).stripTrailingZeros().toPlainString();
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

    /**
     * Marks an orphaned session ended, as the session counter does (handler.py:195-248,
     * {@code reap_orphaned_sessions}): {@code status} ended, {@code end_status} orphaned, {@code ended_at}
     * and {@code updated_at} numbers of epoch seconds, the time to live {@code expiresAt}, out of GSI1's
     * active partition ({@code GSI1PK STATUS#ended}, {@code GSI1SK <seconds>#<session id>}). The item is
     * keyed by its {@code PK}, or {@code SESSION#<session id>} without one; no condition, as in the handler.
     */
    public void reapOrphaned(ActiveSession session, Instant at, Instant expiresAt) {
        String sessionId = session.sessionId() == null ? "unknown" : session.sessionId();
        String pk = session.pk() != null ? session.pk() : "SESSION#" + sessionId;
        String seconds = epochSeconds(at);
        dynamo.updateItem(b -> b.tableName(table)
                .key(Map.of("PK", s(pk), "SK", s("METADATA")))
                .updateExpression("SET #s = :status, end_status = :end_status, ended_at = :ended_at, "
                        + "updated_at = :updated_at, #ttl = :ttl, GSI1PK = :gsi1pk, GSI1SK = :gsi1sk")
                .expressionAttributeNames(Map.of("#s", "status", "#ttl", ttl))
                .expressionAttributeValues(Map.of(
                        ":status", s("ended"),
                        ":end_status", s("orphaned"),
                        ":ended_at", n(seconds),
                        ":updated_at", n(seconds),
                        ":ttl", n(expiresAt.getEpochSecond()),
                        ":gsi1pk", s("STATUS#ended"),
                        ":gsi1sk", s(seconds + "#" + sessionId))));
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
     * The active session items through GSI1, as the session counter reads them (handler.py:166-192,
     * {@code query_active_sessions}: {@code GSI1PK = STATUS#active}, projecting {@code PK, SK, session_id,
     * task_id}), so it can tell each one's task.
     */
    public List<ActiveSession> activeSessionItems() {
        List<ActiveSession> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(b -> b.tableName(table).indexName(GSI1)
                .keyConditionExpression("GSI1PK = :pk")
                .expressionAttributeValues(Map.of(":pk", s("STATUS#active")))
                .projectionExpression("PK, SK, session_id, task_id")).items()) {
            out.add(new ActiveSession(text(item.get("PK")), text(item.get("session_id")), text(item.get("task_id"))));
        }
        return out;
    }

    /**
     * An active session item as the counter sees it; {@code sessionId} and {@code taskId} are null when the
     * item has none.
     */
    public record ActiveSession(String pk, String sessionId, String taskId) {
    }

    private static String text(AttributeValue value) {
        return value == null ? null : value.s();
    }

    /** Every heartbeat item, fresh or stale: task id, its active session count, when it was written. */
    public List<Heartbeat> heartbeats() {
        List<Heartbeat> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(b -> b.tableName(table)
                .filterExpression("begins_with(PK, :task) AND SK = :hb")
                .expressionAttributeValues(Map.of(":task", s("TASK#"), ":hb", s("HEARTBEAT")))).items()) {
            out.add(new Heartbeat(item.get("PK").s().substring("TASK#".length()),
                    Integer.parseInt(item.get("active_session_count").n()),
                    Instant.ofEpochMilli(new BigDecimal(item.get("updated_at").n()).movePointRight(3).longValue())));
        }
        return out;
    }

    /**
     * The tasks whose heartbeat was written after {@code freshAfter}, found as the session counter finds
     * them (handler.py:269-299, {@code query_healthy_tasks}): a scan with the filter
     * {@code begins_with(PK, :prefix) AND SK = :sk AND updated_at > :threshold}, the threshold a number of
     * epoch seconds, the task id taken from {@code PK}.
     */
    public List<String> healthyTasks(Instant freshAfter) {
        List<String> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(b -> b.tableName(table)
                .filterExpression("begins_with(PK, :prefix) AND SK = :sk AND updated_at > :threshold")
                .expressionAttributeValues(Map.of(":prefix", s("TASK#"), ":sk", s("HEARTBEAT"),
                        ":threshold", n(epochSeconds(freshAfter))))
                .projectionExpression("PK, active_session_count")).items()) {
            out.add(item.get("PK").s().substring("TASK#".length()));
        }
        return out;
    }

    public record Heartbeat(String taskId, int activeSessions, Instant updatedAt) {
    }

    static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    static AttributeValue n(long value) {
        return n(Long.toString(value));
    }

    static AttributeValue n(String value) {
        return AttributeValue.builder().n(value).build();
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
