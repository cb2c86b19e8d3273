package dev.scalingsuite.twin;

import com.sun.management.OperatingSystemMXBean;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
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
                CloudWatchClient cloudwatch = client(twin, CloudWatchClient.builder());
                ApplicationAutoScalingClient autoscaling = client(twin, ApplicationAutoScalingClient.builder())) {
            String cluster = twin.settings().cluster();
            String service = twin.settings().service();
            fill(twin, 1);
            awaitAlarm(cloudwatch, StepAlarm.name(autoscaling), "OK", Duration.ofSeconds(30));
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
            System.out.printf("twin threads' CPU while polling every 200 ms for 60 s: %.1f %% of one core%n", cpu * 100);

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
        // DynamoDB Local leaves non-daemon threads behind, which would keep exec:java waiting
        System.exit(0);
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

    /**
     * The twin's share of one core while the benchmark polls: the CPU time its threads used in the
     * window (the AWS endpoint, control plane, I/O, SIP, DynamoDB Local's Jetty and SQLite), divided
     * by the window. The JVM's own compiler and GC threads are shown separately.
     */
    private static double cpuShareWhilePolling(EcsClient ecs, String cluster, String service, Duration window)
            throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
        Map<Long, Long> before = cpuByThread(threads);
        long process0 = os.getProcessCpuTime();
        long self0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        Instant end = Instant.now().plus(window);
        while (Instant.now().isBefore(end)) {
            ecs.describeServices(b -> b.cluster(cluster).services(service));
            Thread.sleep(200);
        }
        long wall = System.nanoTime() - wall0;
        Map<String, Long> byName = new java.util.TreeMap<>();
        long twin = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long used = threads.getThreadCpuTime(info.getThreadId()) - before.getOrDefault(info.getThreadId(), 0L);
            String name = info.getThreadName().replaceAll("\\d+", "#");
            byName.merge(name, used, Long::sum);
            if (isTwinThread(name)) {
                twin += used;
            }
        }
        byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> System.out.printf("  %-40s %6.1f %% of one core%n", e.getKey(), 100.0 * e.getValue() / wall));
        long others = (os.getProcessCpuTime() - process0) - (threads.getCurrentThreadCpuTime() - self0);
        System.out.printf("whole process less the benchmark thread (incl. JIT and GC): %.1f %% of one core%n",
                100.0 * others / wall);
        return (double) twin / wall;
    }

    private static boolean isTwinThread(String name) {
        return name.startsWith("twin-") || name.startsWith("qtp") || name.startsWith("SQLite")
                || name.startsWith("HTTP-Dispatcher") || name.startsWith("sip") || name.startsWith("sshd");
    }

    private static Map<Long, Long> cpuByThread(ThreadMXBean threads) {
        Map<Long, Long> out = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            out.put(id, threads.getThreadCpuTime(id));
        }
        return out;
    }

    private static <C, B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>> C client(
            Twin twin, B builder) {
        TwinFixture fixture = new TwinFixture();
        return fixture.clientFor(twin, builder);
    }
}
