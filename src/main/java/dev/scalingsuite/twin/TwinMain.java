package dev.scalingsuite.twin;

import dev.scalingsuite.twin.stack.TwinConfigException;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the twin standalone, in the foreground, until Ctrl-C:
 * <pre>
 * ./mvnw -q -Ptwin compile exec:java -Dtwin.endpoints=target/twin/endpoints.json -Dtwin.timeScale=30
 * </pre>
 * It writes the endpoints file once everything listens, and deletes it when it stops, so a file
 * that exists names a twin that runs. Point the suite at it with {@code -Dscaling.endpoints=FILE}.
 * While it runs it takes commands on standard input ({@link TwinConsole}): {@code restart-ssh},
 * {@code api-down SERVICE}, {@code api-up}. With {@code -Dtwin.stopWhenInputEnds=true} it stops when its
 * standard input ends: a parent that pipes it and dies takes the twin with it.
 */
public final class TwinMain {

    static final String ENDPOINTS = "twin.endpoints";
    static final String DEFAULT_ENDPOINTS = "target/twin/endpoints.json";
    /** {@code true}: the twin stops when its standard input ends, as it does when the process that started it dies. */
    static final String STOP_WHEN_INPUT_ENDS = "twin.stopWhenInputEnds";
    /** The line that counts the API faults injected, on standard output when the twin stops. */
    public static final String FAULTS_INJECTED = "twin: API faults injected: ";

    private TwinMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().forEach((k, v) -> properties.put(String.valueOf(k), String.valueOf(v)));
        TwinSettings settings;
        try {
            settings = TwinSettings.of(properties, "twin.");
        } catch (TwinConfigException e) {
            System.err.println("twin: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path file = Path.of(properties.getOrDefault(ENDPOINTS, DEFAULT_ENDPOINTS));
        Twin twin = Twin.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (settings.hasApiFaults()) {
                // on stdout: java.util.logging resets itself in its own shutdown hook, so the endpoint's log line may be lost
                System.out.println(FAULTS_INJECTED + twin.apiFaultCounts().summary());
            }
            twin.close();
            try {
                Files.deleteIfExists(file);
            } catch (Exception ignored) {
                // the file only advertises a twin that is gone now; nothing else to do
            }
            System.out.println("twin: stopped");
            stopped.countDown();
        }, "twin-shutdown"));
        TwinEndpoints endpoints = twin.endpoints();
        endpoints.write(file);
        System.out.println("twin: AWS endpoint " + endpoints.aws() + ", DynamoDB Local " + endpoints.dynamodb()
                + ", SIP udp:" + endpoints.sip() + ", NLB tcp:" + settings.sipAddress() + ":" + twin.sip().nlbPort()
                + ", region " + endpoints.region() + ", time scale " + endpoints.timeScale());
        System.out.println("twin: endpoints written to " + file.toAbsolutePath() + "; Ctrl-C stops the twin");
        System.out.println("twin: commands on standard input: " + TwinConsole.ALLOWED);
        boolean stopWhenInputEnds = Boolean.parseBoolean(properties.get(STOP_WHEN_INPUT_ENDS));
        new TwinConsole(twin).startReading(System.in, stopWhenInputEnds ? () -> {
            System.out.println("twin: standard input ended; stopping");
            System.exit(0);
        } : () -> { });
        stopped.await();
    }
}
