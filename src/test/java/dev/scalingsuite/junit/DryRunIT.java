package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.faults.StandaloneTwin;
import dev.scalingsuite.testing.ScenarioResults;
import dev.scalingsuite.testing.ScenarioTestKit;
import dev.scalingsuite.testing.StepResult;
import dev.scalingsuite.twin.Twin;
import dev.scalingsuite.twin.TwinEndpoints;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dry-run: true} against a twin reached through its endpoints file, as against AWS: it reads
 * every source once, runs the preflight on what the live APIs report, prints and publishes the plan,
 * reports every step as aborted, and changes nothing.
 */
class DryRunIT {

    @TempDir
    Path dir;

    private static final String CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/voice-agent-poc-cluster";
    private static final String LOCK = "/scaling-suite/locks/voice-agent-poc-cluster/voice-agent-poc-service";
    private static final String TARGET_GROUP =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/voice-agent-poc-service-sip/"
                    + "4f1e2d3c4b5a6978";

    private Twin twin;

    @AfterEach
    void stopTwin() {
        if (twin != null) {
            twin.close();
        }
    }

    private ScenarioResults dryRun(Map<String, String> twinSettings) throws Exception {
        return dryRun(twinSettings, t -> { });
    }

    /** @param before what to do to the twin before the dry run */
    private ScenarioResults dryRun(Map<String, String> twinSettings, Consumer<Twin> before) throws Exception {
        return dryRun(twinSettings, before, "");
    }

    /** @param config the suite's configuration besides {@code dry-run: true} */
    private ScenarioResults dryRun(Map<String, String> twinSettings, Consumer<Twin> before, String config)
            throws Exception {
        Map<String, String> settings = new HashMap<>(twinSettings);
        settings.put("twin.timeScale", "30");
        twin = Twin.start(TwinSettings.of(settings, "twin."));
        before.accept(twin);
        Path endpoints = dir.resolve("endpoints.json");
        twin.endpoints().write(endpoints);
        return ScenarioTestKit.run(OneScaleOutTestCases.class).withEndpoints(endpoints)
                .withConfig("dry-run: true\n" + config)
                .reportsIn(dir.resolve("reports")).execute();
    }

    private static List<String> warningKeys(String preflight) {
        Matcher m = Pattern.compile("WARNING \\[([a-z-]+)]").matcher(preflight);
        List<String> keys = new java.util.ArrayList<>();
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    private int desired() {
        synchronized (twin.stack()) {
            return twin.stack().ecs().desiredCount();
        }
    }

    private void setDesired(int count) {
        synchronized (twin.stack()) {
            twin.stack().ecs().desiredCount(count);
        }
    }

    @Test
    void aDryRunPrintsThePlanReportsEveryStepAbortedAndChangesNothing() throws Exception {
        // a service left scaled out, which a real run's baseline would set back to the minimum
        ScenarioResults results = dryRun(Map.of(), t -> setDesired(2));

        assertThat(results.failedContainers()).isEmpty();
        results.testEvents().assertStatistics(stats -> stats.started(9).aborted(9).succeeded(0).failed(0));
        assertThat(results.abortedSteps()).extracting(StepResult::message).containsOnly("dry run: nothing was changed");
        String plan = results.published("plan");
        TwinEndpoints e = twin.endpoints();
        assertThat(plan).startsWith("scaling suite: DRY RUN of one-scale-out: nothing was changed; a run would do this")
                .contains("\n  names used:\n"
                        + "    cluster: " + CLUSTER_ARN + " (SSM /voice-agent/ecs/cluster-arn, the default)\n"
                        + "    service: voice-agent-poc-service (the default)\n"
                        + "    environment: poc (task definition voice-agent-poc-voice-agent:7 of the service, container "
                        + "voice-agent: environment variable ENVIRONMENT)\n"
                        + "    target group: " + TARGET_GROUP + " (DescribeServices of voice-agent-poc-service: "
                        + "loadBalancers[0].targetGroupArn)\n"
                        + "    log group: /ecs/voice-agent-poc (task definition voice-agent-poc-voice-agent:7 of the "
                        + "service, container "
                        + "voice-agent: awslogs-group)\n"
                        + "    session table: voice-agent-poc-sessions (SSM /voice-agent/sessions/table-name, the default)\n"
                        + "    telemetry.sessions.namespace: VoiceAgent/Sessions (default)\n")
                .contains("\n    telemetry.latency.namespace: VoiceAgent/Pipeline (default)\n"
                        + "    telemetry.latency.metric: AgentResponseLatency (default)\n"
                        + "    telemetry.latency.dimension: Environment (default)\n"
                        + "    telemetry.events.ready: service_ready (default)\n")
                .contains("    telemetry.events.session-start-failed: session_start_failed (default)\n"
                        + "  before changing anything (nothing taken now):\n    recovery.allow: true\n"
                        + "    run lock " + LOCK + ": free; a run takes it for a lease of 30m, renewed while it lasts")
                .contains("    ECS service (DescribeServices): running ", ", desired 2")
                .contains("(SSH): SIPp v", ", 0 SIPp process(es) running")
                .contains("  baseline: not clean")
                .contains("set desiredCount from 2 to the minimum 1")
                .contains("     1. place-calls 5 at 5 per 5s")
                .contains("5 calls from 127.0.0.1:" + e.ssh().port() + ", placed over 5s (0.2s wall)")
                .contains("at most 12m (24.0s wall)")
                .contains("  load per host:\n    127.0.0.1:" + e.ssh().port() + ": 5 calls in 1 SIPp instance(s) (steps 1)")
                .contains("  longest call: up to 22m (placed by step 1, ended by step 6")
                .contains("\n  bounds (model time; reaching either ends the run, ABORTED, the orderly way):\n"
                        + "    max-run-time: 90m (default); the steps' bounds add up to 25m\n"
                        + "    max-task-minutes: 600 (default)\n"
                        + "  cost: at $0.04048/vCPU-h, $0.004445/GB-h, us-east-1, prices of 2026-06-17; the service's "
                        + "task definition voice-agent-poc-voice-agent:7: 4 vCPU, 8 GB, $0.1975 per task-hour\n");
        assertThat(results.published("preflight"))
                .isEqualTo("scaling suite: preflight of one-scale-out: no known trap in the live configuration");

        assertThat(desired()).as("desired count left as it was").isEqualTo(2);
        synchronized (twin.stack()) {
            assertThat(twin.stack().parameters().get(LOCK))
                    .as("no run lock").isNull();
        }
        Path runs = twin.loadHost().sippHome().resolve("runs");
        assertThat(Files.exists(runs) ? Files.list(runs).toList() : List.of()).as("no SIPp run").isEmpty();
        assertThat(twin.sessions().activeSessions()).as("no session").isZero();
        assertThat(dir.resolve("reports")).as("no report pretends a run happened").doesNotExist();
    }

    @Test
    void aLockHeldByAnotherRunIsShownAndLeftAlone() throws Exception {
        String claim = "owner=ci@runner pid 9\nrun=run-9\nexpires=2099-01-01T00:00:00Z\n";
        ScenarioResults results = dryRun(Map.of(), t -> {
            synchronized (t.stack()) {
                t.stack().parameters().put(LOCK, claim);
            }
        });

        assertThat(results.published("plan")).contains("    run lock " + LOCK + ": held by ci@runner pid 9 "
                + "(run run-9) until 2099-01-01T00:00:00Z: a run would stop; a run takes it for a lease of 30m");
        synchronized (twin.stack()) {
            assertThat(twin.stack().parameters().get(LOCK)).isEqualTo(claim);
        }
    }

    /** A twin in a JVM of its own, as AWS: the suite knows only its endpoints file, and is given ARNs. */
    @Test
    void clusterServiceAndEnvironmentConfiguredWinAndArnsAreReadAndLockedByName() throws Exception {
        String service = "arn:aws:ecs:us-east-1:123456789012:service/voice-agent-poc-cluster/voice-agent-poc-service";
        ScenarioResults results;
        try (StandaloneTwin standalone = StandaloneTwin.start(dir.resolve("twin"), Map.of("timeScale", "30"))) {
            results = ScenarioTestKit.run(OneScaleOutTestCases.class).withEndpoints(standalone.endpoints())
                    .withConfig("dry-run: true\ncluster: " + CLUSTER_ARN + "\nservice: " + service
                            + "\nenvironment: poc\n")
                    .reportsIn(dir.resolve("reports")).execute();
        }

        assertThat(results.failedContainers()).isEmpty();
        results.testEvents().assertStatistics(stats -> stats.started(9).aborted(9).failed(0));
        assertThat(results.published("plan"))
                .contains("\n  service: voice-agent-poc-cluster/voice-agent-poc-service (cluster/service by name, as "
                        + "every API and the run lock use them)\n")
                .contains("\n    cluster: " + CLUSTER_ARN + " (configuration)\n    service: " + service
                        + " (configuration)\n    environment: poc (configuration)\n")
                .contains("    target group: " + TARGET_GROUP + " (DescribeServices of voice-agent-poc-service: "
                        + "loadBalancers[0].targetGroupArn)\n")
                .contains("    run lock /scaling-suite/locks/voice-agent-poc-cluster/voice-agent-poc-service: free")
                .contains("    ECS service (DescribeServices): running ")
                .contains("    scaling configuration (Application Auto Scaling, CloudWatch DescribeAlarms, ECS "
                        + "DescribeTaskDefinition): min 1, max 12, 1 target tracking, 1 step policies\n");
    }

    @Test
    void aDeadApiFailsTheDryRunNamingIt() throws Exception {
        ScenarioResults results = dryRun(Map.of("twin.apiDown", "ecs"));

        // the target group and the log group are read from ECS, as on AWS, so their reads fail with it
        assertThat(results.startedSteps()).isEmpty();
        assertThat(results.classFailure().getMessage())
                .startsWith("Dry run: 5 of 7 sources could not be read, so a run would fail:\n"
                        + "  - ECS service (DescribeServices): ")
                .contains("\n  - scaling configuration (Application Auto Scaling, CloudWatch DescribeAlarms, ECS "
                        + "DescribeTaskDefinition): ")
                .contains("\n  - target group (Elastic Load Balancing): no 'target-group' configured, and "
                        + "DescribeServices of voice-agent-poc-service, where the service names its target group, "
                        + "failed: ")
                .contains("\n  - logs (CloudWatch Logs FilterLogEvents): no 'log-group' configured, and "
                        + "DescribeServices of voice-agent-poc-service, where the service names its task definition, "
                        + "failed: ")
                .contains("\n  - metrics (CloudWatch GetMetricData): no 'environment' configured, and DescribeServices of "
                        + "voice-agent-poc-service, where the service names its task definition, failed: ")
                .contains("\nnames used:\n  - cluster: " + CLUSTER_ARN + " (SSM /voice-agent/ecs/cluster-arn, the "
                        + "default)\n  - service: voice-agent-poc-service (the default)\n  - environment: not resolved: "
                        + "no 'environment' configured")
                .contains("\n  - target group: not resolved: no 'target-group' configured")
                .contains("\n  - session table: voice-agent-poc-sessions (SSM /voice-agent/sessions/table-name, the default)")
                .contains("503");
    }

    @Test
    void theTrapsConfiguredOnTheTwinAreReadFromItsApisAndShown() throws Exception {
        // how long protection lasts is hard-coded in the deployed agent, not in its task definition: the suite
        // is told (protection-expiry), as an operator whose agent differs would tell it
        ScenarioResults results = dryRun(Map.of("twin.healthCheckInterval", "5",
                "twin.targetTrackingMetric", "MaxSessionsPerTask", "twin.scaleInThreshold", "11"), t -> { },
                "protection-expiry: 20m\n");

        assertThat(results.failedContainers()).isEmpty();
        String preflight = results.published("preflight");
        assertThat(preflight).startsWith("scaling suite: preflight of one-scale-out: 4 warning(s); they do not fail "
                + "the run");
        assertThat(warningKeys(preflight)).containsExactly("step-alarm-always-in-alarm", "target-tracking-on-max",
                "health-check-interval-below-nlb-minimum", "protection-expiry-shorter-than-longest-call");
        // the policy and alarm names are CDK's and CloudFormation's, as on AWS
        assertThat(preflight).contains("read: alarm `VoiceAgentEcs-VoiceAgentScalingScaleInLowerAlarm8E41C2A9-"
                        + "1QX7ZK3M5T0B` of step policy `VoiceAgentEcsVoiceAgentScalingScaleInLowerPolicy3C9B1F27`: "
                        + "SessionsPerTask LessThanThreshold 11;")
                .contains("read: target tracking `VoiceAgentEcsVoiceAgentScalingSessionsPerTaskTrackingD5A0E6F1`: "
                        + "MaxSessionsPerTask Maximum, target 3;")
                .contains("read: target group health-check interval 5s;")
                .contains("read: no TASK_PROTECTION_EXPIRES_MINUTES in the task definition's environment, so 20 "
                        + "minutes (protection-expiry as configured); a call of this scenario can be up for 22m 00s");
        assertThat(results.published("plan")).contains("  preflight: 4 warning(s), above");
    }

    @ScalingScenario("scenarios/probes/one-scale-out.yaml")
    static class OneScaleOutTestCases implements ScenarioSteps {
    }
}
