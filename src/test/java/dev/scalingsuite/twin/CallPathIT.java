package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.scalingsuite.fleet.ConnectTimes;
import dev.scalingsuite.fleet.SipCall;
import dev.scalingsuite.load.CallCounts;
import dev.scalingsuite.load.SippHost;
import dev.scalingsuite.load.SippRun;
import dev.scalingsuite.load.SshAccess;
import dev.scalingsuite.load.Uac;
import dev.scalingsuite.twin.control.Agent;
import dev.scalingsuite.twin.model.LogStore;
import dev.scalingsuite.twin.model.TargetGroupModel;
import dev.scalingsuite.twin.model.TaskRecord;
import dev.scalingsuite.twin.sip.CallStats;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The twin's call path end to end: real SIPp on the twin's SSH load host, placing real SIP calls with
 * RTP through the front door to the tasks, and the twin scaling on them. One test per "Done when"
 * item of the call-path issue:
 * <ul>
 * <li>plain OpenSSH (the generated key and known_hosts) runs SIPp: 20 calls at 2 per second, paced
 * so the fleet can scale out, held, then ended by INFO; every call is a session item keyed by its
 * {@code sip-<8 hex>} session id (no Call-ID reaches the agent), each webhook attempt one NLB flow,
 * calls land on at least 2 tasks, every task got its RTP through the front door, all 20 complete;</li>
 * <li>one task and 15 calls faster than the twin can scale: the 5 beyond capacity are rejected; the 10
 * answered hear their agent's greeting, and the capture beside SIPp gives each a connect time after its
 * SIP setup;</li>
 * <li>without task protection, step scale-in stops tasks with live calls: SIPp's dropped count is
 * the number of calls that were on the stopped tasks;</li>
 * <li>after every test: no sipp process under sippHome and no active session ({@link #nothingLeftBehind}).</li>
 * </ul>
 * Each test starts its own twin (its settings differ).
 */
class CallPathIT {

    /** RTP packetisation of the UAC's PCMU stream: 20 ms per packet. */
    private static final double PACKETS_PER_SECOND = 50;
    private static final Pattern BACKGROUND_PID = Pattern.compile("Background mode - PID=\\[(\\d+)]");

    private Twin twin;
    private SippHost host;

    // ---- 1. plain OpenSSH, scale-out, INFO -------------------------------------------------------

    @Test
    void plainOpenSshRunsSippThatScalesTheTwinAndEveryCallCompletes() throws Exception {
        int scale = 30;
        // batches of 10 on tasks that hold 20: no task fills up, so no call meets a full task, whichever
        // path the NLB checks (on /health a full task stays routable and refuses the calls it is sent)
        int perTask = 10;
        twin = startTwin(Map.of("timeScale", String.valueOf(scale), "maxConcurrentCalls", String.valueOf(2 * perTask)));
        TwinClock clock = new TwinClock(twin, scale);
        OpenSsh ssh = new OpenSsh(twin.endpoints().ssh());
        String firstTask = runningTaskIds().get(0);
        Instant start = Instant.now();

        // the first 10 calls on the one task make the fleet scale out
        UacRun first = ssh.startUac("callpath-a1", twin.sip().port(), perTask, 2);
        await("the first " + perTask + " calls up").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> ssh.upCallIds(first).size() == perTask);
        Instant firstUp = Instant.now();
        // the next 10 go out once the new tasks are healthy, every healthy task with room for all of them
        await("new tasks healthy with room for " + perTask + " calls").atMost(clock.wall(900))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> newTasksAllHealthy(firstTask) && healthyTargetsHaveRoomFor(perTask));
        Instant roomAt = Instant.now();
        UacRun second = ssh.startUac("callpath-a2", twin.sip().port(), perTask, 2);
        await("the next " + perTask + " calls up").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> ssh.upCallIds(second).size() == perTask);
        Thread.sleep(3_000); // hold: audio flows on every call

        for (UacRun run : List.of(first, second)) {
            ssh.endCalls(run, ssh.upCallIds(run));
        }
        for (UacRun run : List.of(first, second)) {
            await(run.runId() + " exits after its last call").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(300)).until(() -> !ssh.isRunning(run));
        }
        System.out.printf("callpath a: first 10 up after %d ms, room on new tasks after %.0f model s, "
                        + "all ended after %d ms%n", Duration.between(start, firstUp).toMillis(),
                clock.model(firstUp, roomAt), Duration.between(start, Instant.now()).toMillis());

        CallCounts total = add(ssh.counts(first), ssh.counts(second));
        System.out.println("callpath a: SIPp counts " + total);
        assertThat(total.placed()).isEqualTo(2L * perTask);
        assertThat(total.answered()).as("answered").isEqualTo(2L * perTask);
        assertThat(total.completed()).as("completed (ended by the suite's INFO)").isEqualTo(2L * perTask);
        assertThat(total.rejected()).as("rejected").isZero();
        assertThat(total.dropped()).as("dropped").isZero();
        assertThat(total.timedOut()).as("timed out").isZero();

        List<String> callIds = new ArrayList<>(ssh.upCallIds(first));
        callIds.addAll(ssh.upCallIds(second));
        assertThat(callIds).hasSize(2 * perTask).doesNotHaveDuplicates();
        List<CallStats> stats = callIds.stream().map(id -> twin.sip().call(id).orElseThrow()).toList();
        Map<String, String> sessionOfCall = stats.stream()
                .collect(Collectors.toMap(CallStats::callId, CallStats::sessionId));
        assertThat(sessionOfCall.values()).as("the webhook's session ids").doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).matches("sip-[0-9a-f]{8}"));
        Map<String, String> taskOfSession = sessionItems(List.copyOf(sessionOfCall.values()));
        assertThat(taskOfSession).as("a session item SESSION#<session id>/METADATA with task_id for every call")
                .containsOnlyKeys(sessionOfCall.values());
        assertThat(ssh.upCallIds(first)).allSatisfy(id ->
                assertThat(taskOfSession.get(sessionOfCall.get(id))).isEqualTo(firstTask));
        assertThat(Set.copyOf(taskOfSession.values())).as("tasks the calls landed on").hasSizeGreaterThanOrEqualTo(2);
        List<String> logs = logMessages();
        assertThat(logs).as("no SIP Call-ID reaches the agent's logs")
                .allSatisfy(m -> assertThat(callIds).allSatisfy(id -> assertThat(m).doesNotContain(id)));
        long attempts = stats.stream().mapToLong(c -> c.webhook().size()).sum();
        assertThat(twin.sip().nlbFlows()).as("one NLB flow (a new connection) per POST /call").hasSize((int) attempts)
                .hasSizeGreaterThanOrEqualTo(2 * perTask);

        assertThat(stats).allSatisfy(c -> {
            assertThat(c.taskId()).isEqualTo(taskOfSession.get(c.sessionId()));
            assertThat(c.finalStatus()).isEqualTo(200);
            assertThat(c.endReason()).isEqualTo("caller_bye");
            assertThat(c.webhook()).last().isEqualTo("started");
        });
        Map<String, List<CallStats>> byTask = stats.stream().collect(Collectors.groupingBy(CallStats::taskId));
        byTask.forEach((task, calls) -> {
            long received = calls.stream().mapToLong(CallStats::rtpPackets).sum();
            double expected = calls.stream().mapToDouble(c -> c.duration().toMillis() / 1000.0 * PACKETS_PER_SECOND)
                    .sum();
            System.out.printf("callpath a: task %s: %d calls, %d RTP packets of %.0f expected (%.3f)%n", task,
                    calls.size(), received, expected, received / expected);
            assertThat(received / expected).as("share of its RTP task %s received", task)
                    .isGreaterThanOrEqualTo(0.9);
        });
    }

    // ---- 2. 503 beyond capacity ----------------------------------------------------------------

    @Test
    void callsBeyondOneTasksCapacityAreRejectedWith503() {
        twin = startTwin(Map.of("timeScale", "10", "refusal", "sip-503")); // the deployed bye-after-answer: SipFrontDoorIT
        int capacity = twin.settings().maxConcurrentCalls();
        int calls = capacity + 5;
        host = connect();
        String onlyTask = runningTaskIds().get(0);

        // 15 calls in 3 s: scaling out needs 3 metric periods (18 s here) plus a cold start
        SippRun run = host.start(Uac.calls(calls).perSecond(5).atMostConcurrent(calls).to("127.0.0.1", sipPort()));
        await("every call answered or rejected").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> run.counts().answered() + run.counts().rejected() == calls);
        CallCounts placed = run.counts();
        System.out.println("callpath b: SIPp counts " + placed);
        assertThat(runningTaskIds()).as("still one task").containsExactly(onlyTask);
        assertThat(placed.answered()).as("answered").isEqualTo(capacity);
        assertThat(placed.rejected()).as("rejected with 503").isEqualTo(calls - capacity);
        assertThat(placed.dropped()).isZero();

        List<CallStats> stats = twin.sip().calls();
        assertThat(stats).hasSize(calls);
        assertThat(stats).filteredOn(c -> c.finalStatus() == 503).hasSize(calls - capacity)
                .allSatisfy(c -> assertThat(c.endReason()).isEqualTo("rejected_503"));
        assertThat(stats).filteredOn(c -> c.finalStatus() == 200).hasSize(capacity)
                .allSatisfy(c -> assertThat(c.taskId()).isEqualTo(onlyTask));

        // the agents speak first: every answered call hears its greeting before the suite hangs up
        await("every answered call greeted").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> twin.sip().calls().stream().filter(c -> c.finalStatus() == 200)
                        .allMatch(c -> c.greetingPackets() == 40));
        run.endAllCalls();
        assertThat(run.wasTerminated()).as("ended by INFO, not SIGTERM").isFalse();
        assertThat(run.counts()).isEqualTo(new CallCounts(calls, capacity, calls - capacity, 0, capacity, 0));
        connectTimesFollowTheAnswerByTheGreeting(run, capacity, calls - capacity);
    }

    /**
     * Connect time, as the suite measures it on a load host: the capture beside SIPp saw each answered
     * call's first RTP from the front door (the task's greeting, relayed), after the 200 by about the
     * greeting delay (at least 1 s of wall time, so no sub-second window decides), and never later than
     * the webhook's path allows: its delay, every attempt timing out, then the greeting, and a second
     * of slack. The 503s never got far-end media and are counted.
     */
    private void connectTimesFollowTheAnswerByTheGreeting(SippRun run, int answered, int refused) {
        TwinSettings settings = twin.settings();
        int scale = settings.timeScale();
        Duration greeting = max(settings.greetingDelay().dividedBy(scale), Duration.ofSeconds(1));
        Duration attempt = max(settings.webhookTimeout().dividedBy(scale), Duration.ofSeconds(2));
        Duration bound = settings.webhookDelay().dividedBy(scale)
                .plus(attempt.multipliedBy(1 + settings.webhookRetries())).plus(greeting).plusSeconds(1);
        ConnectTimes connect = run.connectTimes();
        Map<String, SipCall> byId = run.calls().stream().collect(Collectors.toMap(SipCall::callId, c -> c));
        System.out.printf("callpath b: connect times %s ms, SIP setup %s ms (bound %d ms)%n",
                connect.measured().stream().map(Duration::toMillis).toList(),
                run.setupTimes().stream().map(Duration::toMillis).toList(), bound.toMillis());

        assertThat(connect.notMeasured()).as("the capture runs here (root)").isEmpty();
        assertThat(connect.calls()).as("every call placed").hasSize(answered + refused);
        assertThat(connect.withoutRtp()).as("the calls refused with 503").isEqualTo(refused);
        assertThat(connect.calls()).filteredOn(c -> c.connect().isPresent()).hasSize(answered).allSatisfy(c -> {
            Duration setup = Duration.between(c.invitedAt(), byId.get(c.callId()).answeredAt());
            assertThat(c.connect()).get().as("connect of %s after its SIP setup %s", c.callId(), setup)
                    .satisfies(d -> assertThat(d).isGreaterThan(setup).isGreaterThanOrEqualTo(greeting)
                            .isLessThan(bound));
        });
        assertThat(run.isCapturing()).as("the capture stopped with the calls").isFalse();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    // ---- 3. no protection: scale-in drops calls ----------------------------------------------------

    @Test
    void withoutTaskProtectionScaleInDropsTheCallsOfTheStoppedTasks() {
        int scale = 60;
        // the NLB checks /ready, so the full first task gets no new calls, and a health-check grace period
        // longer than the run keeps ECS from replacing it for that (the starting task ran an hour of wall
        // time before the twin started: 60 model hours at time scale 60)
        twin = startTwin(Map.of("timeScale", String.valueOf(scale), "taskProtection", "false",
                "maxCapacity", "4", "deregistrationDelay", "60", "drainTimeout", "30",
                "healthCheckPath", "/ready", "healthCheckGracePeriod", "1000000"));
        int perTask = twin.settings().maxConcurrentCalls();
        TwinClock clock = new TwinClock(twin, scale);
        host = connect();
        String firstTask = runningTaskIds().get(0);

        // load: 10 calls on the one task; target tracking scales out (to 4, the maximum here)
        SippRun first = host.start(Uac.calls(perTask).perSecond(10).atMostConcurrent(perTask)
                .to("127.0.0.1", sipPort()));
        await("the first calls up").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> first.liveCallIds().size() == perTask);
        await("every new task healthy").atMost(clock.wall(900)).pollInterval(Duration.ofMillis(50))
                .until(() -> newTasksAllHealthy(firstTask));
        int fleet = runningTaskIds().size();
        assertThat(fleet).isGreaterThanOrEqualTo(2);

        // calls on the new tasks (the full first task is unhealthy), then fewer calls kept up than tasks,
        // so SessionsPerTask < 1; the step scale-in (-3, at least 1 left) then stops every new task
        int onNew = Math.min(2, fleet - 1);
        int keepOnFirst = fleet - onNew > 1 ? 1 : 0;
        SippRun second = host.start(Uac.calls(onNew).perSecond(10).atMostConcurrent(onNew)
                .to("127.0.0.1", sipPort()));
        await("the calls on new tasks up").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> second.liveCallIds().size() == onNew);
        assertThat(second.liveCallIds()).allSatisfy(id ->
                assertThat(twin.sip().call(id).orElseThrow().taskId()).isNotEqualTo(firstTask));
        assertThat(protectedTasks()).as("tasks with protection set while calls are up").isEmpty();

        first.endCalls(perTask - keepOnFirst);
        Instant endedMost = Instant.now();
        await("calls dropped by the stopped tasks").atMost(clock.wall(900)).pollInterval(Duration.ofMillis(200))
                .until(() -> first.counts().dropped() + second.counts().dropped() >= onNew);
        Instant dropped = Instant.now();
        await("the stopped tasks are gone").atMost(clock.wall(300)).pollInterval(Duration.ofMillis(100))
                .until(() -> runningTaskIds().size() < fleet);
        System.out.printf("callpath c: %d tasks; calls dropped %.0f model s after most calls ended%n", fleet,
                clock.model(endedMost, dropped));

        first.endAllCalls();
        second.endAllCalls();
        CallCounts total = add(first.counts(), second.counts());
        System.out.println("callpath c: SIPp counts " + total);

        Set<String> stopped = stoppedTaskIds();
        Map<String, Instant> stoppingAt = stoppingTimes(stopped);
        Set<String> ours = new LinkedHashSet<>(first.endedCallIds());
        ours.addAll(second.endedCallIds());
        List<CallStats> stats = ours.stream().map(id -> twin.sip().call(id).orElseThrow()).toList();
        List<CallStats> upOnStoppedTasks = stats.stream().filter(c -> stopped.contains(c.taskId())
                && c.answeredAt() != null && (c.endedAt() == null || !c.endedAt().isBefore(stoppingAt.get(c.taskId()))))
                .toList();
        upOnStoppedTasks.forEach(c -> System.out.printf("callpath c: call %s on stopped task %s ended: %s%n",
                c.callId(), c.taskId(), c.endReason()));
        assertThat(stopped).as("tasks stopped by scale-in").isNotEmpty().doesNotContain(firstTask);
        assertThat(upOnStoppedTasks).as("calls up on the stopped tasks when they stopped").hasSize(onNew)
                .allSatisfy(c -> assertThat(c.endReason()).isIn("drain_timeout", "sigkill"));
        assertThat(total.dropped()).as("dropped on the SIPp side").isEqualTo(upOnStoppedTasks.size());
        List<String> logs = logMessages();
        assertThat(upOnStoppedTasks).as("each drop in the twin's logs").allSatisfy(c -> assertThat(logs)
                .anySatisfy(m -> assertThat(m).contains("\"event\":\"session_ended\"")
                        .contains("\"session_id\":\"" + c.sessionId() + "\"")
                        .contains("\"reason\":\"" + c.endReason() + "\"")));
        assertThat(stats).filteredOn(c -> !c.endReason().equals("caller_bye")).hasSameSizeAs(upOnStoppedTasks);
        assertThat(total.answered()).isEqualTo(perTask + onNew);
        assertThat(total.completed()).isEqualTo(perTask + onNew - total.dropped());
        assertThat(total.rejected()).isZero();
    }

    // ---- 4. nothing left behind --------------------------------------------------------------------

    @AfterEach
    void nothingLeftBehind() {
        if (twin == null) {
            return;
        }
        Path sippHome = twin.loadHost().sippHome();
        List<String> leftProcesses = new ArrayList<>();
        int[] leftSessions = {0, 0};
        try {
            try {
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                        .until(() -> sippUnder(sippHome).isEmpty() && activeSessions() == 0
                                && twin.sessions().activeSessions() == 0);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // recorded below
            }
            sippUnder(sippHome).forEach(p -> leftProcesses.add(p.pid() + " " + p.info().commandLine().orElse("")));
            leftSessions[0] = activeSessions();
            leftSessions[1] = twin.sessions().activeSessions();
        } finally {
            // the safety net, so a failed test leaves nothing running either
            if (host != null) {
                try {
                    host.stopAll();
                } catch (RuntimeException e) {
                    System.err.println("callpath: stopping sipp by INFO failed: " + e.getMessage());
                }
                host.close();
            }
            sippUnder(sippHome).forEach(p -> {
                System.err.println("callpath: killing sipp " + p.pid());
                p.destroyForcibly();
            });
            twin.close();
        }
        assertThat(leftProcesses).as("sipp processes left under " + sippHome).isEmpty();
        assertThat(leftSessions[0]).as("sessions the agents still hold").isZero();
        assertThat(leftSessions[1]).as("active session items in DynamoDB").isZero();
    }

    private static List<ProcessHandle> sippUnder(Path sippHome) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/sipp")).orElse(false))
                .filter(p -> cwd(p.pid()).startsWith(sippHome.toString()))
                .toList();
    }

    private static String cwd(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/" + pid + "/cwd")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    // ---- the twin, read the way tests may ---------------------------------------------------------

    private static Twin startTwin(Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>();
        settings.forEach((k, v) -> properties.put("twin." + k, v));
        return Twin.start(TwinSettings.of(properties, "twin."));
    }

    private SippHost connect() {
        TwinEndpoints.Ssh ssh = twin.endpoints().ssh();
        return SippHost.connect(new SshAccess(ssh.host(), ssh.port(), ssh.user(), ssh.privateKey(), ssh.knownHosts(),
                ssh.sippHome()));
    }

    private int sipPort() {
        return twin.sip().port();
    }

    private int activeSessions() {
        synchronized (twin.stack()) {
            return twin.controlPlane().agents().all().stream().mapToInt(Agent::activeSessions).sum();
        }
    }

    private List<String> runningTaskIds() {
        synchronized (twin.stack()) {
            return twin.stack().ecs().tasksWithStatus("RUNNING").stream().map(TaskRecord::id).toList();
        }
    }

    private List<String> logMessages() {
        synchronized (twin.stack()) {
            return twin.stack().logs().events(twin.stack().arns().logGroup()).stream()
                    .map(LogStore.LogEvent::message).toList();
        }
    }

    private Set<String> protectedTasks() {
        synchronized (twin.stack()) {
            Instant now = twin.stack().now();
            return twin.stack().ecs().tasks().stream().filter(t -> t.protectedAt(now)).map(TaskRecord::id)
                    .collect(Collectors.toSet());
        }
    }

    private Set<String> stoppedTaskIds() {
        synchronized (twin.stack()) {
            return twin.stack().ecs().tasks().stream().filter(t -> t.desiredStatus().equals("STOPPED")
                    && t.startedAt() != null).map(TaskRecord::id).collect(Collectors.toSet());
        }
    }

    private Map<String, Instant> stoppingTimes(Set<String> taskIds) {
        synchronized (twin.stack()) {
            Map<String, Instant> out = new HashMap<>();
            for (String id : taskIds) {
                twin.stack().ecs().task(id).map(TaskRecord::stoppingAt).ifPresent(at -> out.put(id, at));
            }
            return out;
        }
    }

    /**
     * Whether every healthy target can take {@code calls} more calls: then none of a batch of that many
     * can meet a full task, wherever the NLB sends it (at least one target must be healthy, or it fails open).
     */
    private boolean healthyTargetsHaveRoomFor(int calls) {
        synchronized (twin.stack()) {
            Instant now = twin.stack().now();
            int max = twin.settings().maxConcurrentCalls();
            int healthy = 0;
            for (TargetGroupModel.Target target : twin.stack().targetGroup().targets()) {
                if (!target.state().equals("healthy")) {
                    continue;
                }
                healthy++;
                Optional<Agent> agent = twin.controlPlane().agents().agent(target.taskId());
                if (agent.isEmpty() || !agent.get().ready(now) || max - agent.get().activeSessions() < calls) {
                    return false;
                }
            }
            return healthy > 0;
        }
    }

    /** Whether the service scaled out and every task but the first is running with a healthy target. */
    private boolean newTasksAllHealthy(String firstTask) {
        synchronized (twin.stack()) {
            List<TaskRecord> wanted = twin.stack().ecs().tasks().stream()
                    .filter(t -> t.desiredStatus().equals("RUNNING") && !t.id().equals(firstTask)).toList();
            return !wanted.isEmpty() && wanted.size() == twin.stack().ecs().desiredCount() - 1
                    && wanted.stream().allMatch(t -> t.lastStatus().equals("RUNNING")
                    && twin.stack().targetGroup().target(t.id()).map(g -> g.state().equals("healthy")).orElse(false));
        }
    }

    /** task_id of each session's item ({@code SESSION#<session id>} / {@code METADATA}) in DynamoDB Local. */
    private Map<String, String> sessionItems(List<String> sessionIds) {
        try (DynamoDbClient dynamo = new TwinFixture().clientFor(twin, DynamoDbClient.builder())) {
            Map<String, String> out = new HashMap<>();
            for (String id : sessionIds) {
                Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(twin.settings().sessionTable())
                        .key(Map.of("PK", AttributeValue.fromS("SESSION#" + id),
                                "SK", AttributeValue.fromS("METADATA")))).item();
                if (item != null && item.containsKey("task_id")) {
                    out.put(id, item.get("task_id").s());
                }
            }
            return out;
        }
    }

    private static CallCounts add(CallCounts a, CallCounts b) {
        return new CallCounts(a.placed() + b.placed(), a.answered() + b.answered(), a.rejected() + b.rejected(),
                a.dropped() + b.dropped(), a.completed() + b.completed(), a.timedOut() + b.timedOut());
    }

    // ---- plain OpenSSH ---------------------------------------------------------------------------

    /** One SIPp caller started over plain OpenSSH, in {@code runs/<runId>} under sippHome. */
    record UacRun(String runId, long pid, int sipPort) {
        String dir() {
            return "runs/" + runId;
        }
    }

    /**
     * The OpenSSH client with the twin's generated key and known_hosts, strict host key checking and
     * no prompts, running the same command shapes as the load API ({@code SippHost}, {@code SippRun}).
     */
    record OpenSsh(TwinEndpoints.Ssh access) {

        /** {@code command} in the sipp home: a login starts in its own home, as on a real load host. */
        String run(String command) throws IOException, InterruptedException {
            String inSippHome = "cd '" + access.sippHome() + "' || exit 1\n" + command;
            List<String> argv = List.of("ssh", "-F", "/dev/null",
                    "-i", access.privateKey().toString(),
                    "-o", "IdentitiesOnly=yes",
                    "-o", "UserKnownHostsFile=" + access.knownHosts(),
                    "-o", "StrictHostKeyChecking=yes",
                    "-o", "BatchMode=yes",
                    "-o", "ConnectTimeout=10",
                    "-p", String.valueOf(access.port()),
                    access.user() + "@" + access.host(),
                    inSippHome);
            Process process = new ProcessBuilder(argv).start();
            process.getOutputStream().close();
            CompletableFuture<String> out = read(process.getInputStream());
            CompletableFuture<String> err = read(process.getErrorStream());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("ssh did not finish within 60 s: " + command);
            }
            String stdout = out.join();
            if (process.exitValue() == 255) {
                throw new IllegalStateException("ssh failed (255): " + err.join() + " for " + command);
            }
            return stdout;
        }

        private static CompletableFuture<String> read(InputStream in) {
            return CompletableFuture.supplyAsync(() -> {
                try (in) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "";
                }
            });
        }

        /** Starts {@code calls} calls at {@code perSecond}, all held, with the project's UAC scenario. */
        UacRun startUac(String runId, int frontDoorPort, int calls, int perSecond) throws Exception {
            String last = "";
            for (int attempt = 0; attempt < 5; attempt++) {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                int sip = 20000 + random.nextInt(4000);
                int media = 24000 + 4 * random.nextInt(1000);
                int control = 28000 + random.nextInt(4000);
                String script = "set -e\n"
                        + "mkdir -p runs/" + runId + "\n"
                        + "cd runs/" + runId + "\n"
                        + "rm -f ./*.log ./*.csv ./start.out\n"
                        + "[ -e audio ] || ln -s ../../audio audio\n"
                        + "cp ../../scenarios/uac.xml caller.xml\n"
                        + "set +e\n"
                        + "sipp 127.0.0.1:" + frontDoorPort + " -sf caller.xml -m " + calls
                        + " -r " + perSecond + " -rp 1000 -l " + calls
                        + " -i 127.0.0.1 -p " + sip + " -mp " + media + " -cp " + control + " -ci 127.0.0.1"
                        + " -trace_stat -fd 1 -trace_counts -trace_rtt -rtt_freq 1 -trace_logs -trace_err -bg"
                        + " > start.out 2>&1 < /dev/null\n"
                        + "echo \"exit=$?\"\n"
                        + "cat start.out\n";
                String out = run(script);
                Matcher pid = BACKGROUND_PID.matcher(out);
                if (!pid.find()) {
                    throw new IllegalStateException("sipp did not start: " + out);
                }
                UacRun run = new UacRun(runId, Long.parseLong(pid.group(1)), sip);
                Thread.sleep(700);
                if (isRunning(run) || !run("cat runs/" + runId + "/*_errors.log 2>/dev/null; true")
                        .contains("Unable to bind")) {
                    return run;
                }
                last = out;
            }
            throw new IllegalStateException("sipp found no free ports: " + last);
        }

        boolean isRunning(UacRun run) throws Exception {
            return run("[ -d /proc/" + run.pid() + " ] && ! grep -q '^State:[[:space:]]*Z' /proc/" + run.pid()
                    + "/status && echo running; true").contains("running");
        }

        /** Call-IDs of the answered calls, from the scenario's {@code UP <Call-ID> <epoch ms>} log lines. */
        List<String> upCallIds(UacRun run) throws Exception {
            Set<String> ids = new LinkedHashSet<>();
            for (String line : run("cat " + run.dir() + "/caller_*_logs.log 2>/dev/null; true").split("\n")) {
                if (line.startsWith("UP ")) {
                    ids.add(line.substring(3).strip().split("\\s+")[0]);
                }
            }
            return List.copyOf(ids);
        }

        /** One in-dialog INFO per Call-ID from a short-lived second sipp fed an injection file. */
        void endCalls(UacRun run, List<String> callIds) throws Exception {
            StringBuilder file = new StringBuilder("printf '%s\\n' SEQUENTIAL");
            callIds.forEach(id -> file.append(" '").append(id).append(";'"));
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String script = "cd " + run.dir() + " || exit 1\n"
                    + file + " > end.csv\n"
                    + "sipp 127.0.0.1:" + run.sipPort() + " -sf " + access.sippHome() + "/scenarios/info.xml"
                    + " -inf end.csv -i 127.0.0.1 -p " + (20000 + random.nextInt(4000))
                    + " -mp " + (24000 + 4 * random.nextInt(1000)) + " -cp " + (28000 + random.nextInt(4000))
                    + " -ci 127.0.0.1 -m " + callIds.size() + " -r 50 -rp 1000 -l " + callIds.size()
                    + " -nr -nostdin -timeout 30s > end.out 2>&1 < /dev/null\n"
                    + "echo \"exit=$?\"\n";
            String out = run(script);
            assertThat(out).as("the INFO sender").containsAnyOf("exit=0", "exit=1");
        }

        /** The last row of the run's {@code -trace_counts} file. */
        CallCounts counts(UacRun run) throws Exception {
            String[] lines = run("f=$(ls " + run.dir() + "/caller_*_counts.csv | head -n 1); head -n 1 \"$f\"; "
                    + "tail -n 1 \"$f\"").split("\n");
            return lines.length < 2 ? CallCounts.NONE : CallCounts.parse(lines[0], lines[lines.length - 1]);
        }
    }
}
