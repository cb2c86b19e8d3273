package dev.scalingsuite.twin;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import java.net.URI;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;

/**
 * DynamoDB Local, in memory with one shared database, on one address only (127.0.0.1 unless set). Its own runner binds every
 * interface and may send telemetry, so the twin assembles the server itself and never configures
 * telemetry.
 */
final class DynamoDbLocal implements AutoCloseable {

    private final Server jetty;
    private final LocalDynamoDBServerHandler handler;
    private final ServerConnector connector;

    private final String host;

    DynamoDbLocal(int port) throws Exception {
        this("127.0.0.1", port);
    }

    DynamoDbLocal(String host, int port) throws Exception {
        this.host = host;
        // (unused, inMemory, dbPath, sharedDb, delayTransientStatuses), as ServerRunner builds it
        LocalDynamoDBRequestHandler requests = new LocalDynamoDBRequestHandler(0, true, null, true, false);
        handler = new LocalDynamoDBServerHandler(requests, "*");
        jetty = new Server();
        connector = new ServerConnector(jetty);
        connector.setHost(host);
        connector.setPort(port);
        jetty.addConnector(connector);
        ContextHandler context = new ContextHandler();
        context.setHandler(handler);
        jetty.setHandler(context);
        jetty.start();
    }

    URI uri() {
        return URI.create("http://" + host + ":" + connector.getLocalPort());
    }

    @Override
    public void close() throws Exception {
        try {
            jetty.stop();
        } finally {
            handler.close();
        }
    }
}
