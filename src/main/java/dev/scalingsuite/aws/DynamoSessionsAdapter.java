package dev.scalingsuite.aws;

import dev.scalingsuite.fleet.SessionsPort;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * {@link SessionsPort} over the agents' session table: heartbeat items ({@code TASK#<id>} /
 * {@code HEARTBEAT}) for per-task sessions, GSI1 {@code STATUS#active} for the active count.
 */
public final class DynamoSessionsAdapter implements SessionsPort {

    private final DynamoDbClient dynamo;
    private final Supplier<String> table;

    public DynamoSessionsAdapter(DynamoDbClient dynamo, String table) {
        this(dynamo, () -> table);
    }

    /** @param table the table's name, asked for at each read (resolved when first needed) */
    public DynamoSessionsAdapter(DynamoDbClient dynamo, Supplier<String> table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public String where() {
        return "session table " + Names.resolved(table) + " (TASK#<id> HEARTBEAT items)";
    }

    @Override
    public Map<String, Integer> sessionsByTask(Instant freshAfter) {
        // the live tasks are those with a fresh heartbeat; their calls are the active session items, counted
        // per call rather than from the heartbeat's count, which lags a call by up to a heartbeat interval
        Map<String, Integer> out = new HashMap<>();
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(b -> b.tableName(table.get())
                .filterExpression("begins_with(PK, :task) AND SK = :hb")
                .expressionAttributeValues(Map.of(":task", s("TASK#"), ":hb", s("HEARTBEAT")))).items()) {
            Instant updated = updatedAt(item.get("updated_at"));
            if (updated != null && updated.isAfter(freshAfter)) {
                out.put(item.get("PK").s().substring("TASK#".length()), 0);
            }
        }
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(b -> b.tableName(table.get()).indexName("GSI1")
                .keyConditionExpression("GSI1PK = :active")
                .expressionAttributeValues(Map.of(":active", s("STATUS#active")))).items()) {
            AttributeValue task = item.get("task_id");
            if (task != null && out.containsKey(task.s())) {
                out.merge(task.s(), 1, Integer::sum);
            }
        }
        return out;
    }

    @Override
    public int activeSessions() {
        int count = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(b -> b.tableName(table.get()).indexName("GSI1")
                    .keyConditionExpression("GSI1PK = :active")
                    .expressionAttributeValues(Map.of(":active", s("STATUS#active")))
                    .select(Select.COUNT).exclusiveStartKey(from));
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    /**
     * When a heartbeat was written: a number of epoch seconds, as the deployed agent writes it
     * (backend/voice-agent/app/session_tracker.py {@code heartbeat()}: {@code int(time.time())}), with or
     * without a fraction (the twin keeps milliseconds); ISO-8601 text is read too.
     */
    static Instant updatedAt(AttributeValue value) {
        if (value == null) {
            return null;
        }
        try {
            if (value.n() != null) {
                return Instant.ofEpochMilli(new BigDecimal(value.n()).movePointRight(3).longValue());
            }
            return value.s() == null ? null : Instant.parse(value.s());
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            return null;
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }
}
