package dev.scalingsuite.twin;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Benchmark, not a test: DescribeServices latency through the SDK and the twin's CPU with 12 tasks
 * x 10 sessions at time scale 10. Run it with
 * <pre>
 * ./mvnw -q -B test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.scalingsuite.twin.TwinBenchmark -Dexec.cleanupDaemonThreads=false
 * </pre>
 * The CPU figure is the process's CPU time less this benchmark thread's own (the SDK client), over a
 * window in which the benchmark polls DescribeServices every 200 ms, like the suite's ECS monitor.
 */
public final class TwinBenchmark {

    private static final int TASKS = 12;
    private static final int SESSIONS = 10;

    private TwinBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("twin.timeScale", "10", "twin.maxCapacity", "12"));
        try (Twin twin = Twin.start(TwinSettings.of(settings, "twin."));
                EcsClient ecs = client(twin, EcsClient.builder());
                CloudWatchClient cloudwatch = client(twin, CloudWatchClient.builder())) {
            String cluster = twin.settings().cluster();
            String service = twin.settings().service();
            fill(twin, 1);
            awaitAlarm(cloudwatch, "voice-agent-sessions-low", "OK", Duration.ofSeconds(30));
            ecs.updateService(b -> b.cluster(cluster).service(service).desiredCount(TASKS));
            Instant deadline = Instant.now().plusSeconds(90);
            while (fill(twin, TASKS) < TASKS * SESSIONS) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the twin did not reach " + TASKS + " x " + SESSIONS);
                }
                Thread.sleep(100);
            }
            System.out.printf("fleet: %d tasks running, %d sessions%n",
                    ecs.describeServices(b -> b.cluster(cluster).services(service)).services().get(0).runningCount(),
                    TASKS * SESSIONS);

            double cpu = cpuShareWhilePolling(ecs, cluster, service, Duration.ofSeconds(60));
            System.out.printf("twin CPU while polling every 200 ms for 60 s: %.1f %% of one core%n", cpu * 100);

            long[] nanos = new long[2000];
            for (int i = 0; i < 200; i++) {
                ecs.describeServices(b -> b.cluster(cluster).services(service));
            }
            for (int i = 0; i < nanos.length; i++) {
                long start = System.nanoTime();
                ecs.describeServices(b -> b.cluster(cluster).services(service));
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            System.out.printf("DescribeServices over %d calls: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    nanos.length, nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6,
                    nanos[nanos.length - 1] / 1e6);
        }
    }

    /** Tops every initialized task up to SESSIONS sessions; returns the sessions now held. */
    private static int fill(Twin twin, int tasks) {
        int held = 0;
        int counted = 0;
        for (String taskId : runningTasks(twin)) {
            if (counted++ == tasks) {
                break;
            }
            for (int i = 0; i < SESSIONS; i++) {
                Optional<String> refused = twin.controlPlane().startSession(taskId, taskId + "-" + i);
                if (refused.isEmpty() || refused.get().startsWith("at capacity")) {
                    held++;
                }
            }
        }
        return Math.min(held, tasks * SESSIONS);
    }

    private static java.util.List<String> runningTasks(Twin twin) {
        synchronized (twin.stack()) {
            return twin.stack().ecs().tasksWithStatus("RUNNING").stream().map(t -> t.id()).toList();
        }
    }

    private static void awaitAlarm(CloudWatchClient cloudwatch, String name, String state, Duration atMost)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(atMost);
        while (!cloudwatch.describeAlarms(b -> b.alarmNames(name)).metricAlarms().get(0).stateValueAsString()
                .equals(state)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + " did not reach " + state);
            }
            Thread.sleep(100);
        }
    }

    private static double cpuShareWhilePolling(EcsClient ecs, String cluster, String service, Duration window)
            throws InterruptedException {
        OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long process0 = os.getProcessCpuTime();
        long self0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        Instant end = Instant.now().plus(window);
        while (Instant.now().isBefore(end)) {
            ecs.describeServices(b -> b.cluster(cluster).services(service));
            Thread.sleep(200);
        }
        long twinCpu = (os.getProcessCpuTime() - process0) - (threads.getCurrentThreadCpuTime() - self0);
        return (double) twinCpu / (System.nanoTime() - wall0);
    }

    private static <C, B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>> C client(
            Twin twin, B builder) {
        TwinFixture fixture = new TwinFixture();
        return fixture.clientFor(twin, builder);
    }
}
