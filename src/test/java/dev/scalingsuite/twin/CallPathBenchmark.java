package dev.scalingsuite.twin;

import com.sun.management.OperatingSystemMXBean;
import dev.scalingsuite.fleet.ConnectTimes;
import dev.scalingsuite.load.CallCounts;
import dev.scalingsuite.load.SippHost;
import dev.scalingsuite.load.SippRun;
import dev.scalingsuite.load.SshAccess;
import dev.scalingsuite.load.Uac;
import dev.scalingsuite.twin.control.Agent;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark, not a test: 120 concurrent calls with RTP over 12 tasks (10 each, the deployed
 * MAX_CONCURRENT_CALLS) at time scale 10, placed by real SIPp over the twin's SSH load host, so the
 * callers are other processes and this JVM's CPU is the twin's. Measures
 * <ul>
 * <li>the CPU of the call path: the front door, its webhook client and media relay, the NLB listener,
 * the agents' HTTP handlers and the tasks (threads {@code twin-sip-*}, {@code twin-nlb-*},
 * {@code twin-agent-*} and {@code twin-rtp-*}), and of the whole JVM (plus the control plane, DynamoDB
 * Local, the SSH server, the JDK HTTP servers' dispatcher threads), while the calls are held;</li>
 * <li>INVITE -> 200 setup time p50/p95/max from SIPp's rtt file ({@code -trace_rtt -rtt_freq 1}), and the
 * same less the webhook delay the twin models (its own overhead);</li>
 * <li>connect time (INVITE -> the far end's first RTP packet, the agent's greeting) p50/p95/max, from the
 * capture beside each SIPp instance (tcpdump: run it as root).</li>
 * </ul>
 * Targets: the call path at most 50 % of one core, setup p95 less the webhook delay at most 50 ms. Run it
 * with (any {@code -Dtwin.<setting>=value} is passed to the twin, e.g. {@code -Dtwin.webhookDelay=0})
 * <pre>
 * ./mvnw -q -B test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.scalingsuite.twin.CallPathBenchmark -Dexec.cleanupDaemonThreads=false
 * </pre>
 * The NLB routes at random among healthy targets and a full task turns unhealthy only after two
 * failed health checks, so some webhook attempts meet a full task (503) and, past the retries, some
 * calls are refused; the benchmark tops up with more callers until 120 are up.
 */
public final class CallPathBenchmark {

    private static final int TASKS = 12;
    private static final int CALLS = 120;
    private static final Duration WINDOW = Duration.ofSeconds(30);
    static final String COMMAND = "./mvnw -q -B test-compile exec:java -Dexec.classpathScope=test "
            + "-Dexec.mainClass=dev.scalingsuite.twin.CallPathBenchmark -Dexec.cleanupDaemonThreads=false";

    private CallPathBenchmark() {
    }

    public static void main(String[] args) {
        int status = 1;
        try {
            run();
            status = 0;
        } catch (Exception e) {
            System.err.println("benchmark failed: " + e.getMessage());
            e.printStackTrace();
        } finally {
            // DynamoDB Local's TTL and shard-rollover jobs are non-daemon threads that sleep for minutes after
            // the server stopped, and exec:java joins them: end the JVM here, after a failure too
            System.exit(status);
        }
    }

    private static void run() throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("twin.timeScale", "10",
                "twin.minCapacity", String.valueOf(TASKS), "twin.maxCapacity", String.valueOf(TASKS)));
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("twin."))
                .forEach(k -> settings.put(k, System.getProperty(k)));
        List<SippRun> runs = new ArrayList<>();
        try (Twin twin = Twin.start(TwinSettings.of(settings, "twin."));
                SippHost host = connect(twin)) {
            try {
                System.out.printf("fleet: %d tasks running, %d calls each at most; refusal %s, webhook delay %s "
                                + "(model), %d retries%n", running(twin), twin.settings().maxConcurrentCalls(),
                        twin.settings().refusal(), twin.settings().webhookDelay(), twin.settings().webhookRetries());
                int up = 0;
                for (int round = 1; round <= 6 && up < CALLS; round++) {
                    int calls = CALLS - up;
                    SippRun run = host.start(Uac.calls(calls).perSecond(20).atMostConcurrent(calls)
                            .to("127.0.0.1", twin.sip().port()), "bench-" + round);
                    runs.add(run);
                    Instant deadline = Instant.now().plusSeconds(60);
                    CallCounts counts = run.counts();
                    while (counts.answered() + counts.rejected() < calls) {
                        if (Instant.now().isAfter(deadline)) {
                            throw new IllegalStateException("calls of round " + round + " not answered: " + counts);
                        }
                        Thread.sleep(500);
                        counts = run.counts();
                    }
                    up += (int) counts.answered();
                    System.out.printf("round %d: %d calls placed, %d answered, %d rejected (full task)%n", round,
                            calls, counts.answered(), counts.rejected());
                    if (up < CALLS) {
                        Thread.sleep(3_000); // two health checks: full tasks turn unhealthy
                    }
                }
                if (up < CALLS || sessions(twin) != CALLS) {
                    throw new IllegalStateException("only " + up + " calls up, " + sessions(twin) + " sessions");
                }
                System.out.printf("%d calls up over %d tasks (sessions per task: %s)%n", CALLS, TASKS, perTask(twin));
                Thread.sleep(2_000); // RTP in full flow

                Cpu cpu = Cpu.measure(WINDOW);
                long packets = twin.sip().calls().stream().mapToLong(c -> c.rtpPackets()).sum();
                System.out.printf("CPU over %d s with %d calls up: call path %.1f %% of one core "
                                + "(target <= 50 %%), whole twin JVM %.1f %%%n", WINDOW.toSeconds(), CALLS,
                        cpu.callPath * 100, cpu.process * 100);
                StringBuilder parts = new StringBuilder("call path CPU by part (% of one core):");
                cpu.byPart().forEach((part, share) -> parts.append(String.format(" %s* %.1f", part, share * 100)));
                System.out.println(parts);
                System.out.printf("RTP received by the tasks so far: %d packets%n", packets);

                List<Double> setup = new ArrayList<>();
                for (SippRun run : runs) {
                    run.setupTimes().forEach(d -> setup.add(d.toNanos() / 1e6));
                }
                setup.sort(Double::compare);
                double delay = twin.settings().webhookDelay().dividedBy(twin.settings().timeScale()).toNanos() / 1e6;
                System.out.printf("INVITE -> 200 setup time over %d calls (SIPp rtt file): p50 %.1f ms, p95 %.1f ms, "
                                + "max %.1f ms; less the webhook delay (%.0f ms wall): p50 %.1f ms, p95 %.1f ms "
                                + "(target p95 <= 50 ms)%n", setup.size(), percentile(setup, 0.50),
                        percentile(setup, 0.95), setup.get(setup.size() - 1), delay,
                        percentile(setup, 0.50) - delay, percentile(setup, 0.95) - delay);
                long attempts = twin.sip().calls().stream().mapToLong(c -> c.webhook().size()).sum();
                System.out.printf("webhook: %d POST /call attempts, %d NLB flows, %d refused (503)%n", attempts,
                        twin.sip().nlbFlows().size(), twin.sip().calls().stream()
                                .flatMap(c -> c.webhook().stream()).filter("503"::equals).count());
            } finally {
                Instant stopping = Instant.now();
                host.stopAll();
                System.out.printf("every call ended by INFO, sipp stopped in %d ms%n",
                        Duration.between(stopping, Instant.now()).toMillis());
            }
            ConnectTimes connect = ConnectTimes.NONE;
            for (SippRun run : runs) {
                connect = connect.plus(run.connectTimes());
            }
            List<Double> connects = new ArrayList<>(connect.measured().stream().map(d -> d.toNanos() / 1e6).toList());
            connects.sort(Double::compare);
            if (connects.isEmpty()) {
                System.out.println("connect time (INVITE -> first RTP from the far end): none; " + connect.notMeasured());
            } else {
                System.out.printf("connect time (INVITE -> first RTP from the far end, capture beside SIPp) over %d of %d "
                                + "calls: p50 %.1f ms, p95 %.1f ms, max %.1f ms; greeting delay %s (model)%s%n",
                        connects.size(), connect.calls().size(), percentile(connects, 0.50),
                        percentile(connects, 0.95), connects.get(connects.size() - 1), twin.settings().greetingDelay(),
                        connect.measuredEverywhere() ? "" : "; not measured: " + connect.notMeasured());
            }
            CallCounts total = CallCounts.NONE;
            for (SippRun run : runs) {
                CallCounts c = run.counts();
                total = new CallCounts(total.placed() + c.placed(), total.answered() + c.answered(),
                        total.rejected() + c.rejected(), total.dropped() + c.dropped(),
                        total.completed() + c.completed(), total.timedOut() + c.timedOut());
            }
            System.out.println("SIPp counts, all rounds: " + total + "; sipp left running: " + host.status().ours());
        }
        System.out.println("reproduce: " + COMMAND);
    }

    private static SippHost connect(Twin twin) {
        TwinEndpoints.Ssh ssh = twin.endpoints().ssh();
        return SippHost.connect(new SshAccess(ssh.host(), ssh.port(), ssh.user(), ssh.privateKey(), ssh.knownHosts(),
                ssh.sippHome()));
    }

    private static int running(Twin twin) {
        synchronized (twin.stack()) {
            return twin.stack().ecs().runningCount();
        }
    }

    private static int sessions(Twin twin) {
        synchronized (twin.stack()) {
            return twin.controlPlane().agents().all().stream().mapToInt(Agent::activeSessions).sum();
        }
    }

    private static List<Integer> perTask(Twin twin) {
        synchronized (twin.stack()) {
            return twin.controlPlane().agents().all().stream().map(Agent::activeSessions).sorted().toList();
        }
    }

    private static double percentile(List<Double> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** CPU shares of one core over a window in which this thread only sleeps; the call path's also by part. */
    private record Cpu(double process, double callPath, Map<String, Double> byPart) {

        /** Thread name prefixes of the call path's parts, most specific first. */
        private static final List<String> PARTS = List.of("twin-sip-media", "twin-sip-webhook", "twin-sip-",
                "twin-nlb-", "twin-agent-", "twin-rtp-");

        static Cpu measure(Duration window) throws InterruptedException {
            OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Map<Long, Long> before = callPathThreads(threads);
            long process0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            Thread.sleep(window.toMillis());
            long process = os.getProcessCpuTime() - process0;
            long wall = System.nanoTime() - wall0;
            Map<Long, String> names = new HashMap<>();
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null) {
                    names.put(info.getThreadId(), info.getThreadName());
                }
            }
            long callPath = 0;
            Map<String, Double> byPart = new java.util.LinkedHashMap<>();
            PARTS.forEach(p -> byPart.put(p, 0.0));
            for (Map.Entry<Long, Long> after : callPathThreads(threads).entrySet()) {
                long used = after.getValue() - before.getOrDefault(after.getKey(), 0L);
                callPath += used;
                String name = names.getOrDefault(after.getKey(), "");
                PARTS.stream().filter(name::startsWith).findFirst()
                        .ifPresent(p -> byPart.merge(p, (double) used / wall, Double::sum));
            }
            return new Cpu((double) process / wall, (double) callPath / wall, byPart);
        }

        /**
         * CPU time of the call path's threads: front door, webhook client, media relay and SIP timers
         * ({@code twin-sip-}), NLB listener and flows ({@code twin-nlb-}), the agents' HTTP handlers
         * ({@code twin-agent-}), the tasks' RTP receivers ({@code twin-rtp-}).
         */
        private static Map<Long, Long> callPathThreads(ThreadMXBean threads) {
            Map<Long, Long> out = new HashMap<>();
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null && PARTS.stream().anyMatch(info.getThreadName()::startsWith)) {
                    long cpu = threads.getThreadCpuTime(info.getThreadId());
                    if (cpu >= 0) {
                        out.put(info.getThreadId(), cpu);
                    }
                }
            }
            return out;
        }
    }
}
