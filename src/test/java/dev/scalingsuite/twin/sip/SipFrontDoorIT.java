package dev.scalingsuite.twin.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.scalingsuite.twin.Twin;
import dev.scalingsuite.twin.TwinFixture;
import dev.scalingsuite.twin.control.Agent;
import dev.scalingsuite.twin.model.LogStore;
import dev.scalingsuite.twin.model.MetricStore;
import dev.scalingsuite.twin.model.StackModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * Real SIPp callers against the twin's front door: answered calls carry RTP to their task and hang
 * up cleanly; a full fleet answers 503; CANCEL while ringing; a retransmitted INVITE is answered
 * once; a task that sends no RTP gets hung up at the inactivity timeout; a crashed task's callers
 * receive BYE. Outcomes are counted from SIPp's per-message {@code -trace_counts} columns.
 *
 * <p>The fleet is fixed at two tasks of four calls each, so routing and 503s are deterministic
 * enough to count; the 200 ms answer delay is the ring time that makes CANCEL possible.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SipFrontDoorIT {

    private static final int SCALE = 30;
    private static final int MAX_CALLS_PER_TASK = 4;

    @RegisterExtension
    static final TwinFixture TWIN = new TwinFixture()
            .with("timeScale", String.valueOf(SCALE))
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
        await().atMost(Duration.ofSeconds(5)).until(() -> activeSessions() == 0);
    }

    @Test
    @Order(3)
    void aCancelWhileRingingEndsBothLegs() throws Exception {
        int calls = 3;
        sipp = sipp("uac-cancel.xml", 0).start(frontDoor(), calls, 10, calls, Duration.ofSeconds(20));
        sipp.await(Duration.ofSeconds(30));

        assertThat(sipp.exitCode()).as(sipp.diagnostics()).isZero();
        assertThat(sipp.count("487_Recv")).isEqualTo(calls);
        assertThat(sipp.count("200_Recv")).as("200 for the CANCEL").isEqualTo(calls);
        List<CallStats> stats = newCalls();
        assertThat(stats).hasSize(calls).allSatisfy(c -> {
            assertThat(c.finalStatus()).isEqualTo(487);
            assertThat(c.taskInvites()).isEqualTo(1);
        });
        assertThat(sessionsStarted(stats)).as("no session for a cancelled call").isEmpty();
        assertThat(activeSessions()).isZero();
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
        await().atMost(Duration.ofSeconds(10)).until(() -> activeSessions() == calls);
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

    // ---- helpers ---------------------------------------------------------------------------

    private static Twin twin() {
        return TWIN.twin();
    }

    private static String frontDoor() {
        return twin().endpoints().sip();
    }

    private SippRun sipp(String scenario, int holdMs) throws IOException {
        return new SippRun(run, scenario, Map.of("HOLD_MS", String.valueOf(holdMs), "AUDIO", audio.toString()));
    }

    private List<CallStats> newCalls() {
        return twin().sip().calls().stream().filter(c -> !callsBefore.contains(c.callId())).toList();
    }

    private static int activeSessions() {
        synchronized (twin().stack()) {
            return twin().controlPlane().agents().all().stream().mapToInt(Agent::activeSessions).sum();
        }
    }

    private static long logEvents(String event) {
        return logMessages().stream().filter(m -> m.contains("\"event\":\"" + event + "\"")).count();
    }

    private static List<String> logMessages() {
        synchronized (twin().stack()) {
            return twin().stack().logs().events(twin().stack().arns().logGroup()).stream()
                    .map(LogStore.LogEvent::message).toList();
        }
    }

    /** session_started log lines per call id of these calls. */
    private static Map<String, Long> sessionsStarted(List<CallStats> calls) {
        Set<String> ids = calls.stream().map(CallStats::callId).collect(Collectors.toSet());
        return logMessages().stream().filter(m -> m.contains("\"event\":\"session_started\""))
                .map(m -> m.replaceAll(".*\"call_id\":\"([^\"]*)\".*", "$1")).filter(ids::contains)
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }
}
