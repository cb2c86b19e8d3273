package dev.scalingsuite.twin.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.scalingsuite.twin.Twin;
import dev.scalingsuite.twin.TwinFixture;
import dev.scalingsuite.twin.control.Agent;
import dev.scalingsuite.twin.model.LogStore;
import dev.scalingsuite.twin.model.MetricStore;
import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real SIPp callers against the twin's front door, through the webhook's {@code POST /call}, the NLB
 * listener and the agents' HTTP: answered calls carry RTP (relayed by the front door) to their task and
 * hang up cleanly; a full fleet answers 503 with refusal {@code sip-503}; CANCEL before
 * the webhook and while the room rings; a retransmitted INVITE is answered once; a task that gets no RTP
 * hangs up at the inactivity timeout; a crashed task's callers receive BYE. Then, each on a twin of its
 * own: as deployed ({@code bye-after-answer}, no retry) a refused call is answered, then hung up by the
 * far end; with the recommended retries a call refused by a full task lands on the other one. Outcomes
 * are counted from SIPp's per-message {@code -trace_counts} columns.
 *
 * <p>The shared fleet is fixed at two tasks of four calls each, so routing and 503s are deterministic
 * enough to count. The CANCEL tests run on a twin whose webhook waits 1 s and whose rooms ring 2 s, so
 * a CANCEL lands before the webhook or while the room rings with a second to spare either way.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SipFrontDoorIT {

    private static final int SCALE = 30;
    private static final int MAX_CALLS_PER_TASK = 4;
    /** The default webhook delay, 2 s of model time, in wall milliseconds at this time scale. */
    private static final long WEBHOOK_DELAY_MS = 2_000 / SCALE;
    /** The webhook delay of the twin that times CANCELs, in wall milliseconds (30 s of model time). */
    private static final long SLOW_WEBHOOK_MS = 1_000;

    @RegisterExtension
    static final TwinFixture TWIN = new TwinFixture()
            .with("timeScale", String.valueOf(SCALE))
            .with("refusal", "sip-503")
            .with("minCapacity", "2")
            .with("maxCapacity", "2")
            .with("maxConcurrentCalls", String.valueOf(MAX_CALLS_PER_TASK))
            .with("rtpInactivityTimeout", "60")
            .with("sipAnswerDelayMillis", "200");

    private static Path audio;

    @TempDir
    Path run;

    private SippRun sipp;
    private Set<String> callsBefore;

    @BeforeAll
    static void audioFile(@TempDir Path dir) throws IOException {
        audio = dir.resolve("tone.pcmu");
        Files.write(audio, Pcmu.tone(440, 1.0));
    }

    @BeforeEach
    void noCallsUp() {
        await().atMost(Duration.ofSeconds(10)).until(() -> activeSessions() == 0);
        callsBefore = twin().sip().calls().stream().map(CallStats::callId).collect(Collectors.toSet());
    }

    @AfterEach
    void stopSipp() {
        if (sipp != null) {
            sipp.close();
            assertThat(sipp.alive()).isFalse();
        }
    }

    @Test
    @Order(1)
    void answeredCallsCarryRtpToTheirTaskAndHangUp() throws Exception {
        int calls = 4;
        int holdMs = 4_000;
        sipp = sipp("uac-hold.xml", holdMs).start(frontDoor(), calls, 10, calls, Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(10)).until(() -> activeSessions() == calls);
        await().atMost(Duration.ofSeconds(10)).until(() -> logEvents("conversation_turn") > 0);
        sipp.await(Duration.ofSeconds(40));

        assertThat(sipp.exitCode()).as(sipp.diagnostics()).isZero();
        assertThat(sipp.column("4_200_Recv")).as("answered").isEqualTo(calls);
        assertThat(sipp.count("503_Recv")).as("rejected").isZero();
        assertThat(sipp.count("BYE_Recv")).as("dropped").isZero();
        assertThat(sipp.count("BYE_Sent")).as("hung up by the caller").isEqualTo(calls);
        await().atMost(Duration.ofSeconds(5)).until(() -> activeSessions() == 0);

        List<CallStats> stats = newCalls();
        assertThat(stats).hasSize(calls).allSatisfy(c -> {
            assertThat(c.finalStatus()).isEqualTo(200);
            assertThat(c.endReason()).isEqualTo("caller_bye");
            assertThat(c.taskInvites()).isEqualTo(1);
            assertThat(c.duration()).isGreaterThan(Duration.ofMillis(holdMs - 500));
            assertThat(c.e2eLatencyMillis()).isNotEmpty();
        });
        Map<String, List<CallStats>> byTask = stats.stream().collect(Collectors.groupingBy(CallStats::taskId));
        for (Map.Entry<String, List<CallStats>> task : byTask.entrySet()) {
            long received = task.getValue().stream().mapToLong(CallStats::rtpPackets).sum();
            double sent = task.getValue().stream().mapToDouble(c -> c.duration().toMillis() / 20.0).sum();
            System.out.printf("task %s: %d calls, %d RTP packets received of ~%.0f sent (%.3f)%n", task.getKey(),
                    task.getValue().size(), received, sent, received / sent);
            assertThat(received / sent).as("RTP received by task " + task.getKey()).isGreaterThanOrEqualTo(0.9);
        }
        stats.forEach(c -> System.out.printf("call %s: task %s setup %d ms, %d pkts in %d ms, e2e %s%n", c.callId(),
                c.taskId(), c.setupTime().toMillis(), c.rtpPackets(), c.duration().toMillis(), c.e2eLatencyMillis()));
        assertThat(stats).allSatisfy(c -> assertThat(c.rtpBytes()).isEqualTo(c.rtpPackets() * (12 + 160)));
        synchronized (twin().stack()) {
            MetricStore.MetricId e2e = new MetricStore.MetricId(StackModel.PIPELINE_NAMESPACE, "AgentResponseLatency",
                    Map.of("Environment", twin().settings().environment()));
            assertThat(twin().stack().metrics().samples(e2e, Instant.EPOCH, Instant.now().plusSeconds(1)))
                    .isNotEmpty().allSatisfy(s -> assertThat(s.unit()).isEqualTo("Milliseconds"));
        }
    }

    @Test
    @Order(1)
    void theEndpointsFileNamesTheFrontDoor(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("endpoints.json");
        twin().endpoints().write(file);
        assertThat(Files.readString(file)).contains("\"sip\" : \"127.0.0.1:" + twin().sip().port() + "\"");
    }

    @Test
    @Order(2)
    void aFullFleetAnswers503() throws Exception {
        int calls = 12;
        int capacity = 2 * MAX_CALLS_PER_TASK;
        sipp = sipp("uac-hold.xml", 3_000).start(frontDoor(), calls, 50, calls, Duration.ofSeconds(30));
        sipp.await(Duration.ofSeconds(40));

        assertThat(sipp.exitCode()).as(sipp.diagnostics()).isZero();
        long answered = sipp.column("4_200_Recv");
        long rejected = sipp.column("3_503_Recv");
        assertThat(answered + rejected).as("every call answered or rejected").isEqualTo(calls);
        assertThat(answered).isBetween((long) MAX_CALLS_PER_TASK, (long) capacity);
        assertThat(rejected).isGreaterThanOrEqualTo(calls - capacity);
        assertThat(sipp.count("BYE_Recv")).as("dropped").isZero();
        List<CallStats> stats = newCalls();
        assertThat(stats.stream().filter(c -> c.finalStatus() == 503).count()).isEqualTo(rejected);
        assertThat(stats.stream().filter(c -> c.finalStatus() == 200).count()).isEqualTo(answered);
        int retries = twin().settings().webhookRetries();
        assertThat(stats).filteredOn(c -> c.finalStatus() == 503).allSatisfy(c -> assertThat(c.webhook())
                .as("a refused call: every attempt refused by a full task").hasSize(1 + retries).containsOnly("503"));
        assertThat(stats).filteredOn(c -> c.finalStatus() == 200).allSatisfy(c -> assertThat(c.webhook())
                .endsWith("started").hasSizeLessThanOrEqualTo(1 + retries));
        await().atMost(Duration.ofSeconds(5)).until(() -> activeSessions() == 0);
    }

    @Test
    @Order(3)
    void aCancelBeforeTheWebhookEndsTheCallWithoutASession() throws Exception {
        int calls = 3;
        try (Twin slow = slowCallSetup()) {
            sipp = sipp("uac-cancel.xml", 0, Map.of("CANCEL_AFTER_MS", "0"))
                    .start(slow.endpoints().sip(), calls, 10, calls, Duration.ofSeconds(20));
            sipp.await(Duration.ofSeconds(30));

            assertThat(sipp.exitCode()).as(sipp.diagnostics()).isZero();
            assertThat(sipp.count("487_Recv")).isEqualTo(calls);
            assertThat(sipp.count("200_Recv")).as("200 for the CANCEL").isEqualTo(calls);
            Thread.sleep(SLOW_WEBHOOK_MS + 500); // past when the webhook would have run
            List<CallStats> stats = slow.sip().calls();
            assertThat(stats).hasSize(calls).allSatisfy(c -> {
                assertThat(c.finalStatus()).isEqualTo(487);
                assertThat(c.webhook()).as("POST /call attempts").isEmpty();
                assertThat(c.taskInvites()).isZero();
            });
            assertThat(slow.sip().nlbFlows()).as("no connection to the NLB").isEmpty();
            assertThat(activeSessions(slow)).as("no session for a call cancelled before the webhook").isZero();
        }
    }

    @Test
    @Order(3)
    void aCancelWhileTheRoomRingsEndsBothLegsAndTheSession() throws Exception {
        int calls = 3;
        try (Twin slow = slowCallSetup()) {
            // the webhook runs 1 s after the INVITE, the room answers 2 s after its INVITE: cancel in between
            sipp = sipp("uac-cancel.xml", 0, Map.of("CANCEL_AFTER_MS", String.valueOf(SLOW_WEBHOOK_MS + 1_000)))
                    .start(slow.endpoints().sip(), calls, 10, calls, Duration.ofSeconds(20));
            sipp.await(Duration.ofSeconds(30));

            assertThat(sipp.exitCode()).as(sipp.diagnostics()).isZero();
            assertThat(sipp.count("487_Recv")).isEqualTo(calls);
            assertThat(sipp.count("200_Recv")).as("200 for the CANCEL").isEqualTo(calls);
            List<CallStats> stats = slow.sip().calls();
            assertThat(stats).hasSize(calls).allSatisfy(c -> {
                assertThat(c.finalStatus()).isEqualTo(487);
                assertThat(c.webhook()).containsExactly("started");
                assertThat(c.taskInvites()).as("the room leg, cancelled while it rang").isEqualTo(1);
            });
            await("the sessions ended with the cancelled room legs").atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(sessionsEnded(slow, stats, "caller_cancel")).hasSize(calls));
            assertThat(activeSessions(slow)).isZero();
        }
    }

    /** A twin whose webhook waits 1 s of wall time and whose rooms ring 2 s, so a CANCEL can be timed. */
    private static Twin slowCallSetup() {
        return startTwin(Map.of("timeScale", String.valueOf(SCALE), "minCapacity", "1", "maxCapacity", "1",
                "webhookDelay", (SLOW_WEBHOOK_MS * SCALE / 1000) + "s", "sipAnswerDelayMillis", "2000",
                "refusal", "sip-503"));
    }

    @Test
    @Order(4)
    void aRetransmittedInviteIsAnsweredOnceAndSilenceTimesOut() throws Exception {
        int calls = 3;
        Duration timeout = Duration.ofSeconds(60 / SCALE);
        sipp = sipp("uac-retransmit.xml", 15_000).start(frontDoor(), calls, 10, calls, Duration.ofSeconds(30));
        sipp.await(Duration.ofSeconds(40));

        assertThat(sipp.exitCode()).as(sipp.diagnostics()).isZero();
        assertThat(sipp.count("200_Recv")).as("answered").isEqualTo(calls);
        assertThat(sipp.count("BYE_Recv")).as("hung up by the task").isEqualTo(calls);
        System.out.println("retransmission counts: " + sipp.counts());
        assertThat(sipp.count("100_Retrans"))
                .as("the duplicate INVITE got the last response (100 Trying) again, with no retransmission storm")
                .isBetween((long) calls, 4L * calls);
        List<CallStats> stats = newCalls();
        assertThat(stats).hasSize(calls).allSatisfy(c -> {
            assertThat(c.taskInvites()).as("INVITEs the task got").isEqualTo(1);
            assertThat(c.endReason()).isEqualTo("rtp_timeout");
            assertThat(c.rtpPackets()).isZero();
            assertThat(c.duration()).isBetween(timeout.minusMillis(100), timeout.plusSeconds(2));
        });
        Map<String, Long> started = sessionsStarted(stats);
        assertThat(started).hasSize(calls).allSatisfy((call, n) -> assertThat(n).isEqualTo(1));
        assertThat(activeSessions()).isZero();
    }

    @Test
    @Order(5)
    void aCrashedTaskDropsItsCalls() throws Exception {
        int calls = 4;
        sipp = sipp("uac-hold.xml", 20_000).start(frontDoor(), calls, 10, calls, Duration.ofSeconds(30));
        // a session starts at POST /call, before its room answers: wait for the callers' 200s
        await().atMost(Duration.ofSeconds(10)).until(() -> newCalls().size() == calls
                && newCalls().stream().allMatch(c -> c.answeredAt() != null));
        Set<String> crashed = new HashSet<>();
        for (CallStats call : newCalls()) {
            if (crashed.add(call.taskId())) {
                twin().controlPlane().crash(call.taskId());
            }
        }
        sipp.await(Duration.ofSeconds(15));

        assertThat(sipp.exitCode()).as(sipp.diagnostics()).isZero();
        assertThat(sipp.column("4_200_Recv")).as("answered").isEqualTo(calls);
        assertThat(sipp.count("BYE_Recv")).as("dropped").isEqualTo(calls);
        assertThat(sipp.count("BYE_Sent")).as("hung up by the caller").isZero();
        assertThat(newCalls()).hasSize(calls).allSatisfy(c -> assertThat(c.endReason()).isEqualTo("task_crashed"));
        assertThat(activeSessions()).isZero();
        await("the crashed tasks' SIP ports are freed").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(crashed).allSatisfy(task -> assertThat(twin().sip().taskPort(task)).isEmpty()));
    }

    @Test
    @Order(6)
    void asDeployedARefusedCallIsAnsweredThenHungUpByTheFarEnd() throws Exception {
        int capacity = 2;
        int calls = 4;
        try (Twin deployed = startTwin(Map.of("stack", "as-deployed", "refusal", "bye-after-answer",
                "timeScale", String.valueOf(SCALE), "minCapacity", "1", "maxCapacity", "1",
                "maxConcurrentCalls", String.valueOf(capacity)))) {
            assertThat(deployed.settings().webhookRetries()).as("as deployed, the webhook never retries").isZero();
            sipp = sipp("uac-hold.xml", 3_000).start(deployed.endpoints().sip(), calls, 10, calls,
                    Duration.ofSeconds(30));
            sipp.await(Duration.ofSeconds(40));

            assertThat(sipp.exitCode()).as(sipp.diagnostics()).isZero();
            assertThat(sipp.column("4_200_Recv")).as("every call answered at once (Answer() first)").isEqualTo(calls);
            assertThat(sipp.count("503_Recv")).as("no SIP refusal").isZero();
            assertThat(sipp.count("BYE_Recv")).as("refused calls ended by the far end").isEqualTo(calls - capacity);
            assertThat(sipp.count("BYE_Sent")).as("taken calls ended by the caller").isEqualTo(capacity);

            List<CallStats> stats = deployed.sip().calls();
            assertThat(stats).hasSize(calls).allSatisfy(c -> {
                assertThat(c.finalStatus()).isEqualTo(200);
                assertThat(c.setupTime()).as("answered before the webhook ran").isLessThan(Duration.ofMillis(WEBHOOK_DELAY_MS));
                assertThat(c.sessionId()).matches("sip-[0-9a-f]{8}");
            });
            List<CallStats> refused = stats.stream().filter(c -> !c.endReason().equals("caller_bye")).toList();
            assertThat(refused).hasSize(calls - capacity).allSatisfy(c -> {
                assertThat(c.endReason()).isEqualTo("refused_503");
                assertThat(c.webhook()).containsExactly("503");
                assertThat(c.taskId()).isNull();
                assertThat(c.duration()).as("hung up after the webhook's delay")
                        .isGreaterThanOrEqualTo(Duration.ofMillis(WEBHOOK_DELAY_MS));
            });
            List<String> logs = logMessages(deployed);
            List<String> rejections = logs.stream().filter(m -> m.contains("\"event\":\"call_rejected_at_capacity\""))
                    .toList();
            assertThat(rejections).as("the agent's own account of the refusals").hasSize(calls - capacity)
                    .allSatisfy(m -> assertThat(m).doesNotContain("session_id").doesNotContain("call_id")
                            .contains("\"max_concurrent\":" + capacity).contains("\"level\":\"warning\""));
            assertThat(logs).as("no SIP Call-ID reaches the agent").allSatisfy(m ->
                    assertThat(stats).allSatisfy(c -> assertThat(m).doesNotContain(c.callId())));
            await().atMost(Duration.ofSeconds(5)).until(() -> activeSessions(deployed) == 0);
        }
    }

    @Test
    @Order(7)
    void withRetriesACallRefusedByAFullTaskLandsOnAnotherOne() throws Exception {
        int capacity = 20;
        int calls = 16;
        // health checks 300 model s apart, so the full task stays healthy (and routable) for the whole test:
        // the NLB then sends about half the first attempts to it, and only the retries can save those calls
        try (Twin twin = startTwin(Map.of("timeScale", String.valueOf(SCALE), "minCapacity", "2", "maxCapacity", "2",
                "maxConcurrentCalls", String.valueOf(capacity), "healthCheckInterval", "300", "seed", "20261202",
                "refusal", "sip-503"))) {
            assertThat(twin.settings().webhookRetries()).as("recommended: two retries").isEqualTo(2);
            String full;
            String other;
            synchronized (twin.stack()) {
                List<String> tasks = twin.stack().ecs().tasksWithStatus("RUNNING").stream()
                        .map(dev.scalingsuite.twin.model.TaskRecord::id).toList();
                assertThat(tasks).hasSize(2);
                full = tasks.get(0);
                other = tasks.get(1);
            }
            for (int i = 0; i < capacity; i++) {
                assertThat(twin.controlPlane().startSession(full, "fill-" + i)).isEmpty();
            }
            int flowsBefore = twin.sip().nlbFlows().size();
            sipp = sipp("uac-hold.xml", 2_000).start(twin.endpoints().sip(), calls, 20, calls, Duration.ofSeconds(30));
            sipp.await(Duration.ofSeconds(40));

            assertThat(sipp.exitCode()).as(sipp.diagnostics()).isZero();
            List<CallStats> stats = twin.sip().calls();
            stats.forEach(c -> System.out.printf("retries: call %s session %s attempts %s -> %d on %s%n", c.callId(),
                    c.sessionId(), c.webhook(), c.finalStatus(), c.taskId()));
            List<CallStats> answered = stats.stream().filter(c -> c.finalStatus() == 200).toList();
            assertThat(sipp.column("4_200_Recv")).isEqualTo(answered.size());
            assertThat(sipp.count("503_Recv")).as("refused three times").isEqualTo(calls - answered.size());
            assertThat(answered).allSatisfy(c -> assertThat(c.taskId()).isEqualTo(other));
            assertThat(answered).as("calls refused by the full task, then taken by the other on a retry")
                    .filteredOn(c -> c.webhook().get(0).equals("503")).isNotEmpty()
                    .allSatisfy(c -> assertThat(c.webhook()).last().isEqualTo("started"));
            long attempts = stats.stream().mapToLong(c -> c.webhook().size()).sum();
            long refusals = stats.stream().flatMap(c -> c.webhook().stream()).filter("503"::equals).count();
            List<NlbFlow> flows = twin.sip().nlbFlows().subList(flowsBefore, twin.sip().nlbFlows().size());
            assertThat(flows).as("each attempt a new connection, so a new NLB flow").hasSize((int) attempts)
                    .allSatisfy(f -> assertThat(f.outcome()).isEqualTo("proxied"));
            assertThat(flows.stream().filter(f -> f.taskId().equals(full)).count())
                    .as("flows routed to the full task").isEqualTo(refusals);
            long rejectedByFull = logMessages(twin).stream()
                    .filter(m -> m.contains("\"event\":\"call_rejected_at_capacity\"")).count();
            assertThat(rejectedByFull).isEqualTo(refusals);
            for (int i = 0; i < capacity; i++) {
                twin.controlPlane().endSession("fill-" + i);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> activeSessions(twin) == 0);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static Twin twin() {
        return TWIN.twin();
    }

    private static String frontDoor() {
        return twin().endpoints().sip();
    }

    private SippRun sipp(String scenario, int holdMs) throws IOException {
        return sipp(scenario, holdMs, Map.of());
    }

    private SippRun sipp(String scenario, int holdMs, Map<String, String> more) throws IOException {
        Map<String, String> values = new HashMap<>(more);
        values.put("HOLD_MS", String.valueOf(holdMs));
        values.put("AUDIO", audio.toString());
        return new SippRun(run, scenario, values);
    }

    private List<CallStats> newCalls() {
        return twin().sip().calls().stream().filter(c -> !callsBefore.contains(c.callId())).toList();
    }

    private static int activeSessions() {
        return activeSessions(twin());
    }

    private static int activeSessions(Twin twin) {
        synchronized (twin.stack()) {
            return twin.controlPlane().agents().all().stream().mapToInt(Agent::activeSessions).sum();
        }
    }

    private static Twin startTwin(Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>();
        settings.forEach((k, v) -> properties.put("twin." + k, v));
        return Twin.start(TwinSettings.of(properties, "twin."));
    }

    private static long logEvents(String event) {
        return logMessages().stream().filter(m -> m.contains("\"event\":\"" + event + "\"")).count();
    }

    private static List<String> logMessages() {
        return logMessages(twin());
    }

    private static List<String> logMessages(Twin twin) {
        synchronized (twin.stack()) {
            return twin.stack().logs().events(twin.stack().arns().logGroup()).stream()
                    .map(LogStore.LogEvent::message).toList();
        }
    }

    /** The session ids of these calls whose session_ended log line gives this reason. */
    private static Set<String> sessionsEnded(Twin twin, List<CallStats> calls, String reason) {
        Set<String> ids = calls.stream().map(CallStats::sessionId).filter(Objects::nonNull).collect(Collectors.toSet());
        return logMessages(twin).stream().filter(m -> m.contains("\"event\":\"session_ended\"")
                        && m.contains("\"reason\":\"" + reason + "\""))
                .map(m -> m.replaceAll(".*\"session_id\":\"([^\"]*)\".*", "$1")).filter(ids::contains)
                .collect(Collectors.toSet());
    }

    /** session_started log lines per session id of these calls. */
    private static Map<String, Long> sessionsStarted(List<CallStats> calls) {
        Set<String> ids = calls.stream().map(CallStats::sessionId).filter(Objects::nonNull).collect(Collectors.toSet());
        return logMessages().stream().filter(m -> m.contains("\"event\":\"session_started\""))
                .map(m -> m.replaceAll(".*\"session_id\":\"([^\"]*)\".*", "$1")).filter(ids::contains)
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }
}
