package dev.scalingsuite.twin;

import dev.scalingsuite.twin.stack.SessionTable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The agents' session tables in a DynamoDB Local of their own, without the rest of the twin: for tests of
 * the control plane's parts that read and write them (the agents' heartbeats, the session counter). One
 * DynamoDB Local, a new table for each {@link #newTable}.
 */
public final class LocalSessionTable implements AutoCloseable {

    private final DynamoDbLocal local;
    private final DynamoDbClient dynamo;
    private int tables;

    private LocalSessionTable(DynamoDbLocal local, DynamoDbClient dynamo) {
        this.local = local;
        this.dynamo = dynamo;
    }

    /** Starts DynamoDB Local on a free port. */
    public static LocalSessionTable start() {
        DynamoDbLocal local = null;
        try {
            local = new DynamoDbLocal(0);
            DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(local.uri())
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            TwinEndpoints.ACCESS_KEY_ID, TwinEndpoints.SECRET_ACCESS_KEY)))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
            return new LocalSessionTable(local, dynamo);
        } catch (Exception e) {
            if (local != null) {
                try {
                    local.close();
                } catch (Exception ignored) {
                    // the start failed already
                }
            }
            throw new IllegalStateException("DynamoDB Local did not start: " + e, e);
        }
    }

    /** A new, empty table created as the twin creates it, {@code TTL} its time to live. */
    public synchronized SessionTable newTable() {
        SessionTable table = new SessionTable(dynamo, "voice-agent-poc-sessions-" + ++tables, "TTL");
        table.create();
        return table;
    }

    /** A client of the same DynamoDB Local, to read items as an operator would. */
    public DynamoDbClient dynamo() {
        return dynamo;
    }

    @Override
    public void close() throws Exception {
        try {
            dynamo.close();
        } finally {
            local.close();
        }
    }
}
