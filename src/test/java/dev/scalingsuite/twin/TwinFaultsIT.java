package dev.scalingsuite.twin;

import static dev.scalingsuite.twin.FaultTrial.HEALTHY;
import static dev.scalingsuite.twin.TwinFaultsTest.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.scalingsuite.load.CallCounts;
import dev.scalingsuite.load.SippHost;
import dev.scalingsuite.load.SippRun;
import dev.scalingsuite.load.SshAccess;
import dev.scalingsuite.load.Uac;
import dev.scalingsuite.twin.FaultTrial.Outcome;
import dev.scalingsuite.twin.control.HealthCheckResult;
import dev.scalingsuite.twin.sip.NlbHealthCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The fault profiles that take model minutes to show. Each test plays one scenario on the healthy
 * twin and on the faulty one side by side, shows the behaviour differs, and that every
 * configuration API reports the same for both. One test plays the stack as deployed against the
 * recommended one instead: ECS replacing a task that fails its health checks is no fault but AWS's
 * behaviour, and the two stacks' configurations differ where their profiles say. Printed lines give
 * the measured numbers.
 */
class TwinFaultsIT {

    private static final String ALWAYS_FIRING = "scale-in-alarm-always-firing";
    private static final String ON_MAX = "target-tracking-on-max";
    private static final String SLOW_HEALTH_CHECKS = "slow-health-checks";
    private static final String SLOW_COLD_START = "slow-cold-start";
    private static final String AS_DEPLOYED = "as-deployed";
    private static final String RECOMMENDED = "recommended";
    private static final String TASK_CRASH = "task-crash";
    private static final String METRIC_GAPS = "metric-gaps";

    // ---- scale-in-alarm-always-firing -------------------------------------------------------

    /** What six sessions on the one task did in 390 model seconds. */
    record ScaleStory(List<String> activities, List<Task> stopped, int desired, String scaleInAlarmState) {
    }

    @Test
    void scaleInAlarmAlwaysFiringRemovesWhatTargetTrackingAdds() {
        Map<String, Outcome<ScaleStory>> outcomes = FaultTrial.run(Map.of("timeScale", "30"),
                List.of(HEALTHY, ALWAYS_FIRING), twin -> sixSessionsOnOneTask(twin, 390));
        ScaleStory healthy = outcomes.get(HEALTHY).result();
        ScaleStory faulty = outcomes.get(ALWAYS_FIRING).result();
        report(ALWAYS_FIRING, healthy.activities(), faulty.activities());
        System.out.println(ALWAYS_FIRING + ": tasks stopped by scale-in, healthy " + healthy.stopped().size()
                + ", faulty " + faulty.stopped().size());

        assertThat(healthy.activities()).containsExactly("Setting desired count to 2.");
        assertThat(healthy.stopped()).isEmpty();
        assertThat(healthy.desired()).isEqualTo(2);
        assertThat(healthy.scaleInAlarmState()).isEqualTo("OK");

        assertThat(faulty.activities()).as("desired rises, falls, rises, falls")
                .startsWith("Setting desired count to 2.", "Setting desired count to 1.",
                        "Setting desired count to 2.", "Setting desired count to 1.");
        assertThat(faulty.scaleInAlarmState()).as("in ALARM although SessionsPerTask is 6, not below 1")
                .isEqualTo("ALARM");
        assertThat(faulty.stopped()).as("the tasks target tracking had just added, stopped before they ran")
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(task -> {
                    assertThat(task.startedAt()).isNull();
                    assertThat(task.stopCodeAsString()).isEqualTo("ServiceSchedulerInitiated");
                    assertThat(task.stoppedReason())
                            .matches("Scaling activity initiated by \\(deployment ecs-svc/\\d+\\)");
                });
        assertSameConfiguration(outcomes);
    }

    private static ScaleStory sixSessionsOnOneTask(TwinWithClients twin, double modelSeconds) {
        String first = twin.startingTaskIds().get(0);
        TwinClock clock = twin.clock();
        clock.syncToPeriod();
        for (int i = 0; i < 6; i++) {
            assertThat(twin.twin().controlPlane().startSession(first, "call-" + i)).isEmpty();
        }
        sleep(clock.wall(modelSeconds));
        List<Task> stopped = twin.tasks().stream().filter(t -> t.desiredStatus().equals("STOPPED")).toList();
        String alarm = twin.cloudwatch().describeAlarms(b -> b.alarmNames(StepAlarm.name(twin.autoscaling()))).metricAlarms()
                .get(0).stateValueAsString();
        return new ScaleStory(twin.activities(), stopped, twin.desired(), alarm);
    }

    // ---- target-tracking-on-max -------------------------------------------------------------

    @Test
    void targetTrackingOnMaxKeepsAddingTasksForStickyCallsUpToMaxCapacity() {
        Map<String, Outcome<ScaleStory>> outcomes = FaultTrial.run(Map.of("timeScale", "60", "maxCapacity", "6"),
                List.of(HEALTHY, ON_MAX), twin -> sixSessionsOnOneTask(twin, 660));
        ScaleStory healthy = outcomes.get(HEALTHY).result();
        ScaleStory faulty = outcomes.get(ON_MAX).result();
        report(ON_MAX, healthy.activities(), faulty.activities());

        assertThat(healthy.activities()).as("6 sessions / 2 tasks = 3, the target").containsExactly(
                "Setting desired count to 2.");
        assertThat(healthy.desired()).isEqualTo(2);
        assertThat(faulty.activities()).as("the calls stay on the first task, so the maximum stays 6")
                .containsExactly("Setting desired count to 2.", "Setting desired count to 4.",
                        "Setting desired count to 6.");
        assertThat(faulty.desired()).isEqualTo(6);
        assertThat(faulty.stopped()).isEmpty();
        assertSameConfiguration(outcomes);
    }

    // ---- slow-health-checks, slow-cold-start --------------------------------------------------

    /** A new task's phases in model seconds. */
    record NewTask(double scheduling, double imagePull, double startToHealthy) {
    }

    private static Map<String, Outcome<NewTask>> newTaskOutcomes;

    /** One trial for both profiles: they differ in which phase of the same scale-out they slow down. */
    private static synchronized Map<String, Outcome<NewTask>> newTaskOutcomes() {
        if (newTaskOutcomes == null) {
            newTaskOutcomes = FaultTrial.run(Map.of("timeScale", "30"),
                    List.of(HEALTHY, SLOW_HEALTH_CHECKS, SLOW_COLD_START), TwinFaultsIT::scaleToTwoAndTimeTheNewTask);
            newTaskOutcomes.forEach((variant, outcome) ->
                    System.out.println("new task" + (variant.isEmpty() ? "" : " with " + variant) + ": "
                            + outcome.result()));
        }
        return newTaskOutcomes;
    }

    private static NewTask scaleToTwoAndTimeTheNewTask(TwinWithClients twin) {
        String first = twin.startingTaskIds().get(0);
        TwinClock clock = twin.clock();
        // two calls hold SessionsPerTask at 1 or more, so the step scale-in leaves desired at 2
        for (int i = 0; i < 2; i++) {
            assertThat(twin.twin().controlPlane().startSession(first, "keep-" + i)).isEmpty();
        }
        twin.ecs().updateService(b -> b.cluster(twin.cluster()).service(twin.serviceName()).desiredCount(2));
        List<Task> found = new ArrayList<>();
        await("the new task is healthy").atMost(clock.wall(400)).pollInterval(Duration.ofMillis(20)).until(() -> {
            for (Task task : twin.tasks()) {
                if (!TwinWithClients.id(task).equals(first) && task.startedAt() != null
                        && twin.targetState(task).orElse("").equals("healthy")) {
                    found.add(task);
                    return true;
                }
            }
            return false;
        });
        Task task = found.get(0);
        // the twin's own time of the passing check, not when this poll saw it: three twins share two cores
        Instant healthy = healthySince(twin.twin(), TwinWithClients.id(task));
        return new NewTask(clock.model(task.createdAt(), task.pullStartedAt()),
                clock.model(task.pullStartedAt(), task.pullStoppedAt()), clock.model(task.startedAt(), healthy));
    }

    /** When the check that found the task's target healthy was due, as the twin's NLB model recorded it. */
    static Instant healthySince(Twin twin, String taskId) {
        synchronized (twin.stack()) {
            return twin.stack().targetGroup().target(taskId).flatMap(t -> t.healthySince()).orElseThrow();
        }
    }

    @Test
    void slowHealthChecksTakeFourTimesTheReportedIntervalToFindANewTaskHealthy() {
        NewTask healthy = newTaskOutcomes().get(HEALTHY).result();
        NewTask slow = newTaskOutcomes().get(SLOW_HEALTH_CHECKS).result();

        // init 17 s; checks every 10 s: fail, ok, ok -> healthy ~29 s after start; every 40 s: ok, ok -> ~79 s
        assertThat(healthy.startToHealthy()).isBetween(15.0, 40.0);
        assertThat(slow.startToHealthy()).isBetween(70.0, 100.0);
        assertThat(slow.scheduling()).isCloseTo(healthy.scheduling(), within(3.0));
        assertThat(slow.imagePull()).isCloseTo(healthy.imagePull(), within(3.0));
        assertThat(newTaskOutcomes().get(SLOW_HEALTH_CHECKS).configuration().targetGroups().get(0)
                .healthCheckIntervalSeconds()).isEqualTo(10);
        assertSameConfiguration(newTaskOutcomes(), SLOW_HEALTH_CHECKS);
    }

    @Test
    void slowColdStartTriplesSchedulingImagePullAndInit() {
        NewTask healthy = newTaskOutcomes().get(HEALTHY).result();
        NewTask slow = newTaskOutcomes().get(SLOW_COLD_START).result();

        assertThat(healthy.scheduling()).isCloseTo(14, within(3.0));
        assertThat(healthy.imagePull()).isCloseTo(37, within(3.0));
        assertThat(slow.scheduling()).isCloseTo(42, within(3.0));
        assertThat(slow.imagePull()).isCloseTo(111, within(3.0));
        // init 51 s instead of 17 s; the checks every 10 s then need two passes: ~69 s after start
        assertThat(slow.startToHealthy()).isBetween(55.0, 90.0);
        assertSameConfiguration(newTaskOutcomes(), SLOW_COLD_START);
    }

    // ---- ECS replacing an unhealthy task (as-deployed against recommended), task-crash --------------

    /** A call the task ended itself, which the front door turns into a BYE to the caller. */
    record Dropped(String taskId, String callId, String reason) {
    }

    /**
     * The tasks after a scenario with the calls the tasks dropped; {@code started} is its model zero,
     * {@code busy} the tasks that took the calls.
     */
    record TaskStory(TwinClock clock, Instant started, List<String> busy, List<Task> tasks, List<Dropped> dropped,
            List<Boolean> protectedAtStart, int desired, List<String> events) {

        Task task(String id) {
            return tasks.stream().filter(t -> TwinWithClients.id(t).equals(id)).findFirst().orElseThrow();
        }

        List<Task> others() {
            return tasks.stream().filter(t -> !busy.contains(TwinWithClients.id(t))).toList();
        }
    }

    /**
     * What ECS did to the one task once real SIPp calls filled it past MAX_CONCURRENT_CALLS, as the
     * suite reads it through the SDK: SIPp's counts once the calls were placed and at the end, every
     * task (DescribeTasks), the (running, desired) pairs DescribeServices reported before the full task
     * was stopped, its protection when ECS had stopped it, the service events oldest first, the calls the
     * tasks ended themselves, and the HTTP health checks the NLB sent to the full task.
     */
    record ReplacementStory(String full, CallCounts placed, CallCounts atEnd, int callsUpAtEnd, List<Task> tasks,
            List<List<Integer>> runningAndDesiredBeforeTheStop, Boolean protectedWhenStopped,
            List<software.amazon.awssdk.services.ecs.model.ServiceEvent> events, List<Dropped> dropped,
            List<NlbHealthCheck> checksOfTheFull) {

        Task task(String id) {
            return tasks.stream().filter(t -> TwinWithClients.id(t).equals(id)).findFirst().orElseThrow();
        }

        List<Task> others() {
            return tasks.stream().filter(t -> !TwinWithClients.id(t).equals(full)).toList();
        }

        Optional<Instant> event(String containing) {
            return events.stream().filter(e -> e.message().contains(containing)).map(e -> e.createdAt()).findFirst();
        }
    }

    @Test
    void asDeployedEcsReplacesATaskFilledPastMaxConcurrentCallsByRealSippAndOnHealthItStays() {
        Map<String, Outcome<ReplacementStory>> outcomes = FaultTrial.run(
                Map.of("timeScale", "30", "maxConcurrentCalls", "2"), "stack", List.of(AS_DEPLOYED, RECOMMENDED),
                twin -> fillWithSippAndWatch(twin, 700));
        ReplacementStory deployed = outcomes.get(AS_DEPLOYED).result();
        ReplacementStory recommended = outcomes.get(RECOMMENDED).result();
        System.out.println("replacement on " + AS_DEPLOYED + ": SIPp " + deployed.placed() + " then " + deployed.atEnd()
                + "; " + stops(deployed.tasks()) + "; (running, desired) before the stop, in turn "
                + deployed.runningAndDesiredBeforeTheStop().stream().distinct().toList() + "; dropped "
                + deployed.dropped());
        System.out.println("replacement on " + RECOMMENDED + ": SIPp " + recommended.placed() + " then "
                + recommended.atEnd() + "; " + stops(recommended.tasks()));

        for (ReplacementStory story : List.of(deployed, recommended)) {
            assertThat(story.placed()).as("one call past the task's 2: all 3 answered, the refused one then ended by "
                    + "the far end (the deployed front door answers before it asks an agent)")
                    .isEqualTo(new CallCounts(3, 3, 0, 1, 0, 0));
        }

        // as deployed: /ready fails at capacity, ECS marks the task, starts a replacement, stops the full task
        Task full = deployed.task(deployed.full());
        assertThat(full.stopCodeAsString()).isEqualTo("ServiceSchedulerInitiated");
        assertThat(full.stoppedReason()).isEqualTo("Task failed ELB health checks in (target-group "
                + "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/voice-agent-poc-service-sip/"
                + "4f1e2d3c4b5a6978)");
        assertThat(full.lastStatus()).isEqualTo("STOPPED");
        assertThat(deployed.protectedWhenStopped()).as("scale-in protection did not prevent it").isTrue();
        Task replacement = deployed.others().stream().filter(t -> t.desiredStatus().equals("RUNNING"))
                .findFirst().orElseThrow();
        assertThat(deployed.others()).as("one replacement").containsExactly(replacement);
        Instant stopDecided = deployed.event("has stopped 1 running tasks: (task " + deployed.full() + ")")
                .orElseThrow();
        assertThat(replacement.createdAt()).as("the replacement started first").isBefore(stopDecided);
        assertThat(replacement.startedAt()).as("and ran before the full task was stopped").isBefore(stopDecided);
        assertThat(deployed.event("(task " + deployed.full() + ") (port 5060) is unhealthy in (target-group"))
                .hasValueSatisfying(marked -> assertThat(marked).isBefore(replacement.createdAt().plusSeconds(1)));
        assertThat(deployed.event("has started 1 tasks: (task " + TwinWithClients.id(replacement) + ")")).isPresent();
        // marked because the full task's agent port answered the NLB's GET /ready with HTTP 503, twice in a row
        Instant marked = deployed.event("(task " + deployed.full() + ") (port 5060) is unhealthy").orElseThrow();
        List<NlbHealthCheck> beforeMarked = deployed.checksOfTheFull().stream().filter(c -> c.at().isBefore(marked))
                .toList();
        assertThat(beforeMarked).as("checks of the full task before ECS marked it").hasSizeGreaterThanOrEqualTo(2);
        assertThat(beforeMarked.subList(beforeMarked.size() - 2, beforeMarked.size())).allSatisfy(c -> {
            assertThat(c.path()).isEqualTo("/ready");
            assertThat(c.result()).isEqualTo(HealthCheckResult.answered(503));
        });
        assertThat(deployed.runningAndDesiredBeforeTheStop()).as("running = desired + 1 in between")
                .contains(List.of(2, 1)).allSatisfy(pair -> assertThat(pair.get(1)).isEqualTo(1));
        // the regular way out: the calls outlived the decision by the deregistration delay and the drain
        assertThat(deployed.dropped()).hasSize(2)
                .allSatisfy(d -> assertThat(d.reason()).isEqualTo("drain_timeout"));
        assertThat(deployed.atEnd().dropped()).as("BYE from the far end to the refused caller, then to both others")
                .isEqualTo(3);

        // recommended: /health passes at capacity, nothing replaces the full task
        assertThat(recommended.tasks()).singleElement().satisfies(task -> {
            assertThat(task.lastStatus()).isEqualTo("RUNNING");
            assertThat(task.stoppedReason()).isNull();
        });
        assertThat(recommended.runningAndDesiredBeforeTheStop()).allSatisfy(pair ->
                assertThat(pair).isEqualTo(List.of(1, 1)));
        assertThat(recommended.callsUpAtEnd()).isEqualTo(2);
        assertThat(recommended.atEnd().dropped()).as("only the refused call").isEqualTo(1);
        assertThat(recommended.dropped()).isEmpty();
        assertThat(recommended.events()).noneMatch(e -> e.message().contains("is unhealthy"));
        // every answer was 200; a check the machine stalled past its timeout is no answer, and one alone
        // never reaches the unhealthy threshold of two (asserted above: no "is unhealthy" event)
        assertThat(recommended.checksOfTheFull()).as("GET /health of the full task").isNotEmpty()
                .allSatisfy(c -> assertThat(c.path()).isEqualTo("/health"))
                .filteredOn(c -> c.result().outcome() == HealthCheckResult.Outcome.ANSWERED)
                .as("answers to GET /health of the full task, 200 every time").isNotEmpty()
                .allSatisfy(c -> assertThat(c.result()).isEqualTo(HealthCheckResult.answered(200)));

        // the two stacks differ in configuration only where the profiles say
        ReportedConfiguration asDeployed = outcomes.get(AS_DEPLOYED).configuration();
        ReportedConfiguration fixed = outcomes.get(RECOMMENDED).configuration();
        assertThat(asDeployed.targetGroups().get(0).healthCheckPath()).isEqualTo("/ready");
        assertThat(fixed.targetGroups().get(0).healthCheckPath()).isEqualTo("/health");
        for (ReportedConfiguration c : List.of(asDeployed, fixed)) {
            assertThat(c.service().healthCheckGracePeriodSeconds()).isEqualTo(60);
            assertThat(c.service().deploymentConfiguration().maximumPercent()).isEqualTo(200);
        }
        assertThat(asDeployed.service()).isEqualTo(fixed.service());
    }

    /**
     * Real SIPp on the twin's load host places one call more than the one task holds, then the test
     * reads the service every 50 ms until the full task is STOPPED or {@code modelSeconds} passed.
     */
    private static ReplacementStory fillWithSippAndWatch(TwinWithClients twin, double modelSeconds) {
        List<Dropped> dropped = new CopyOnWriteArrayList<>();
        twin.twin().controlPlane().agents().addListener((task, call, reason) ->
                dropped.add(new Dropped(task, call, reason)));
        int calls = twin.twin().settings().maxConcurrentCalls() + 1;
        String full = twin.startingTaskIds().get(0);
        TwinEndpoints.Ssh ssh = twin.twin().endpoints().ssh();
        try (SippHost host = SippHost.connect(new SshAccess(ssh.host(), ssh.port(), ssh.user(), ssh.privateKey(),
                ssh.knownHosts(), ssh.sippHome()))) {
            SippRun run = host.start(Uac.calls(calls).perSecond(10).atMostConcurrent(calls)
                    .to("127.0.0.1", twin.twin().sip().port()));
            // as deployed, the front door answers every call, and hangs up the one no agent took
            await("every call answered, the refused one then ended by the far end").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> run.counts().answered() + run.counts().rejected() == calls
                            && run.counts().rejected() + run.counts().dropped() >= 1);
            CallCounts placed = run.counts();
            long deadline = System.nanoTime() + twin.clock().wall(modelSeconds).toNanos();
            List<List<Integer>> beforeTheStop = new ArrayList<>();
            Boolean protectedWhenStopped = null;
            while (System.nanoTime() < deadline) {
                software.amazon.awssdk.services.ecs.model.Service service = twin.service();
                Task task = twin.task(full);
                if (task.desiredStatus().equals("RUNNING")) {
                    beforeTheStop.add(List.of(service.runningCount(), service.desiredCount()));
                } else if (protectedWhenStopped == null) {
                    protectedWhenStopped = twin.ecs().getTaskProtection(b -> b.cluster(twin.cluster()).tasks(full))
                            .protectedTasks().get(0).protectionEnabled();
                }
                if (task.lastStatus().equals("STOPPED")) {
                    break;
                }
                sleep(Duration.ofMillis(50));
            }
            CallCounts atEnd = run.counts();
            int up = run.liveCallIds().size();
            List<Task> tasks = twin.tasks();
            List<software.amazon.awssdk.services.ecs.model.ServiceEvent> events =
                    new ArrayList<>(twin.service().events());
            java.util.Collections.reverse(events);
            List<NlbHealthCheck> checks = twin.twin().sip().healthChecks().stream()
                    .filter(c -> c.taskId().equals(full)).toList();
            run.endAllCalls();
            return new ReplacementStory(full, placed, atEnd, up, tasks, beforeTheStop, protectedWhenStopped, events,
                    List.copyOf(dropped), checks);
        }
    }

    @Test
    void taskCrashKillsTheFirstTaskBusyFor30SecondsOnceAndEcsReplacesIt() {
        Map<String, Outcome<TaskStory>> outcomes = FaultTrial.run(Map.of("timeScale", "30", "minCapacity", "2"),
                List.of(HEALTHY, TASK_CRASH), twin -> callsOnTasks(twin, 1, 2, 90));
        TaskStory healthy = outcomes.get(HEALTHY).result();
        TaskStory faulty = outcomes.get(TASK_CRASH).result();

        assertThat(healthy.tasks()).hasSize(2).allSatisfy(t -> assertThat(t.lastStatus()).isEqualTo("RUNNING"));
        assertThat(healthy.dropped()).isEmpty();

        Task crashed = faulty.task(faulty.busy().get(0));
        double crashedAfter = faulty.clock().model(faulty.started(), crashed.stoppingAt());
        System.out.println(TASK_CRASH + ": crashed " + crashedAfter + " model s after its call started; "
                + stops(faulty));
        assertThat(crashed.stopCodeAsString()).isEqualTo("EssentialContainerExited");
        assertThat(crashed.stoppedReason()).isEqualTo("Essential container in task exited");
        assertThat(crashedAfter).isBetween(30.0, 60.0);
        assertThat(faulty.dropped()).containsExactly(
                new Dropped(TwinWithClients.id(crashed), "call-0-on-0", "task_crashed"));
        assertThat(faulty.task(faulty.busy().get(1)).lastStatus()).as("busy as long, but one crash per twin")
                .isEqualTo("RUNNING");
        assertThat(faulty.others()).as("ECS starts a replacement: desired is unchanged").hasSize(1);
        assertThat(faulty.desired()).isEqualTo(2);
        assertSameConfiguration(outcomes);
    }

    /** {@code perTask} calls on each of the first {@code tasks} tasks, then {@code modelSeconds} of waiting. */
    private static TaskStory callsOnTasks(TwinWithClients twin, int perTask, int tasks, double modelSeconds) {
        List<Dropped> dropped = new CopyOnWriteArrayList<>();
        twin.twin().controlPlane().agents().addListener((task, call, reason) ->
                dropped.add(new Dropped(task, call, reason)));
        List<String> ids = twin.startingTaskIds().subList(0, tasks);
        Instant started = Instant.now();
        for (int t = 0; t < tasks; t++) {
            for (int i = 0; i < perTask; i++) {
                assertThat(twin.twin().controlPlane().startSession(ids.get(t), "call-" + i + "-on-" + t)).isEmpty();
            }
        }
        List<Boolean> protectedAtStart = twin.ecs().getTaskProtection(b -> b.cluster(twin.cluster()).tasks(ids))
                .protectedTasks().stream().map(p -> p.protectionEnabled()).toList();
        sleep(twin.clock().wall(modelSeconds));
        List<String> events = twin.service().events().stream().map(e -> e.message()).toList();
        return new TaskStory(twin.clock(), started, ids, twin.tasks(), List.copyOf(dropped), protectedAtStart,
                twin.desired(), events);
    }

    // ---- metric-gaps ---------------------------------------------------------------------------

    @Test
    void metricGapsLeaveEveryOtherPeriodOfTheSessionMetricsEmpty() {
        Map<String, Outcome<Map<String, List<Long>>>> outcomes = FaultTrial.run(Map.of("timeScale", "30"),
                List.of(HEALTHY, METRIC_GAPS), TwinFaultsIT::sixPeriodsOfMetrics);
        Map<String, List<Long>> healthy = outcomes.get(HEALTHY).result();
        Map<String, List<Long>> gaps = outcomes.get(METRIC_GAPS).result();
        System.out.println(METRIC_GAPS + ": periods with data, healthy " + healthy + "; faulty " + gaps);

        assertThat(healthy).allSatisfy((metric, periods) ->
                assertThat(periods).as(metric).containsExactly(0L, 1L, 2L, 3L, 4L, 5L));
        List<Long> published = gaps.get("SessionsPerTask");
        assertThat(published).hasSize(3);
        assertThat(List.of(0L, 2L, 4L).equals(published) || List.of(1L, 3L, 5L).equals(published))
                .as("every other period: %s", published).isTrue();
        for (String metric : List.of("MaxSessionsPerTask", "ActiveCount", "HealthyTaskCount")) {
            assertThat(gaps.get(metric)).as(metric).isEqualTo(published);
        }
        assertThat(gaps.get("RunningTaskCount")).as("Container Insights is not the session counter")
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertSameConfiguration(outcomes);
    }

    /** Which of six whole periods have a datapoint, per metric, as GetMetricData reports them. */
    private static Map<String, List<Long>> sixPeriodsOfMetrics(TwinWithClients twin) {
        String first = twin.startingTaskIds().get(0);
        for (int i = 0; i < 3; i++) {
            assertThat(twin.twin().controlPlane().startSession(first, "call-" + i)).isEmpty();
        }
        TwinClock clock = twin.clock();
        long period = clock.wall(60).toMillis();
        Instant synced = clock.syncToPeriod();
        Instant from = Instant.ofEpochMilli((synced.toEpochMilli() / period + 1) * period);
        Instant to = from.plusMillis(6 * period);
        // the counter publishes each period's datapoint on its I/O thread just after the boundary; read
        // nine tenths of a period later (1.8 s of wall time at time scale 30, with two twins running)
        sleep(Duration.between(Instant.now(), to.plusMillis(period * 9 / 10)));
        Map<String, List<Long>> periods = new LinkedHashMap<>();
        Map<String, String> sessions = Map.of("Environment", twin.twin().settings().environment());
        for (String metric : List.of("SessionsPerTask", "MaxSessionsPerTask", "ActiveCount", "HealthyTaskCount")) {
            periods.put(metric, periodsWithData(twin, "VoiceAgent/Sessions", metric, sessions, from, to, period));
        }
        periods.put("RunningTaskCount", periodsWithData(twin, "ECS/ContainerInsights", "RunningTaskCount",
                Map.of("ClusterName", twin.cluster(), "ServiceName", twin.serviceName()), from, to, period));
        return periods;
    }

    private static List<Long> periodsWithData(TwinWithClients twin, String namespace, String metric,
            Map<String, String> dimensions, Instant from, Instant to, long periodMillis) {
        MetricDataResult result = twin.cloudwatch().getMetricData(b -> b.startTime(from).endTime(to)
                .scanBy("TimestampAscending")
                .metricDataQueries(q -> q.id("m").metricStat(s -> s.period(60).stat("Average")
                        .metric(m -> m.namespace(namespace).metricName(metric).dimensions(dimensions.entrySet()
                                .stream().map(d -> software.amazon.awssdk.services.cloudwatch.model.Dimension
                                        .builder().name(d.getKey()).value(d.getValue()).build()).toList())))))
                .metricDataResults().get(0);
        return result.timestamps().stream()
                .map(t -> (t.toEpochMilli() - from.toEpochMilli()) / periodMillis).toList();
    }

    // ---- shared --------------------------------------------------------------------------------

    private static <T> void assertSameConfiguration(Map<String, Outcome<T>> outcomes) {
        ReportedConfiguration healthy = outcomes.get(HEALTHY).configuration();
        outcomes.forEach((variant, outcome) -> assertThat(outcome.configuration())
                .as("the configuration the APIs report with %s", variant).isEqualTo(healthy));
    }

    private static <T> void assertSameConfiguration(Map<String, Outcome<T>> outcomes, String variant) {
        assertThat(outcomes.get(variant).configuration()).as("the configuration the APIs report with %s", variant)
                .isEqualTo(outcomes.get(HEALTHY).configuration());
    }

    private static void report(String fault, List<String> healthy, List<String> faulty) {
        System.out.println(fault + ": healthy activities " + healthy + "; faulty activities " + faulty);
    }

    private static String stops(TaskStory story) {
        return stops(story.tasks());
    }

    private static String stops(List<Task> tasks) {
        return tasks.stream().map(t -> TwinWithClients.id(t).substring(0, 6) + " " + t.lastStatus() + "/"
                + t.desiredStatus() + (t.stopCode() == null ? "" : " " + t.stopCodeAsString())).toList()
                .toString();
    }
}
