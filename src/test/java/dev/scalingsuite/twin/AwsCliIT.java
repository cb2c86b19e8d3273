package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operators' own commands, from the Debian AWS CLI v2, against the standalone twin started
 * exactly as the README says ({@code ./mvnw -q -Ptwin exec:java -Dtwin.endpoints=FILE}).
 */
class AwsCliIT {

    private static final Path AWS = Path.of("/usr/bin/aws");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static Standalone twin;

    /** A standalone twin in a process of its own, with its log and the endpoints file it wrote. */
    private record Standalone(Process process, Path log, JsonNode endpoints) {

        /** Starts {@code ./mvnw -q -B -Ptwin exec:java} with the given {@code -Dtwin.*} settings; waits for its endpoints. */
        static Standalone start(Path dir, String... settings) throws Exception {
            Path file = dir.resolve("endpoints.json");
            Path log = dir.resolve("twin.log");
            List<String> command = new ArrayList<>(List.of("./mvnw", "-q", "-B", "-Ptwin", "exec:java",
                    "-Dtwin.endpoints=" + file));
            command.addAll(List.of(settings));
            Process process = new ProcessBuilder(command)
                    .directory(Path.of(System.getProperty("basedir", ".")).toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Standalone twin = new Standalone(process, log, null);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (!Files.exists(file)) {
                assertThat(process.isAlive()).as("the standalone twin stopped early:%n%s", twin.output()).isTrue();
                assertThat(Instant.now()).as("the standalone twin wrote no endpoints file:%n%s", twin.output())
                        .isBefore(deadline);
                Thread.sleep(200);
            }
            return new Standalone(process, log, JSON.readTree(file.toFile()));
        }

        void stop() throws Exception {
            List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            assertThat(output()).contains("twin: stopped");
        }

        String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }
    }

    @BeforeAll
    static void startStandaloneTwin() throws Exception {
        assertThat(AWS).as("the AWS CLI v2 at /usr/bin/aws (apt-get install -y awscli)").isExecutable();
        twin = Standalone.start(work);
    }

    @AfterAll
    static void stopStandaloneTwin() throws Exception {
        if (twin != null) {
            twin.stop();
        }
    }

    /** The cluster as an operator finds it: by the ARN the stack publishes in SSM (the endpoints file names none). */
    private static String cluster() throws Exception {
        return aws("ssm", "get-parameter", "--name", "/voice-agent/ecs/cluster-arn", "--query", "Parameter.Value")
                .asText();
    }

    /** The deployed stack's service; no SSM parameter names it. */
    private static String service() {
        return "voice-agent-poc-service";
    }

    /** Runs the AWS CLI against the twin's AWS endpoint (or DynamoDB Local) and parses its JSON output. */
    private static JsonNode awsAt(String endpointKey, String... args) throws Exception {
        return awsAt(twin, endpointKey, args);
    }

    /** Runs the AWS CLI against one standalone twin's AWS endpoint (or DynamoDB Local). */
    private static JsonNode awsAt(Standalone target, String endpointKey, String... args) throws Exception {
        JsonNode endpoints = target.endpoints();
        List<String> command = new ArrayList<>(List.of(AWS.toString(), "--endpoint-url",
                endpoints.get(endpointKey).asText(), "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", endpoints.at("/credentials/accessKeyId").asText());
        env.put("AWS_SECRET_ACCESS_KEY", endpoints.at("/credentials/secretAccessKey").asText());
        env.put("AWS_DEFAULT_REGION", endpoints.get("region").asText());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("aws %s failed: %s", String.join(" ", args), err).isZero();
        String text = new String(out, StandardCharsets.UTF_8).trim();
        return text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
    }

    private static JsonNode aws(String... args) throws Exception {
        return awsAt("aws", args);
    }

    @Test
    void describeServicesAnswersTheSeedsBaselineQuery() throws Exception {
        JsonNode answer = aws("ecs", "describe-services", "--cluster", cluster(), "--services", service(),
                "--query", "services[0].{running:runningCount,desired:desiredCount,pending:pendingCount}");

        assertThat(answer).isEqualTo(JSON.readTree("{\"running\":1,\"desired\":1,\"pending\":0}"));
    }

    @Test
    void updateServiceSetsTheDesiredCount() throws Exception {
        try {
            JsonNode answer = aws("ecs", "update-service", "--cluster", cluster(), "--service", service(),
                    "--desired-count", "2");
            assertThat(answer.at("/service/desiredCount").asInt()).isEqualTo(2);
        } finally {
            aws("ecs", "update-service", "--cluster", cluster(), "--service", service(), "--desired-count", "1");
        }
    }

    @Test
    void listAndDescribeTasks() throws Exception {
        JsonNode arns = aws("ecs", "list-tasks", "--cluster", cluster(), "--service-name", service()).get("taskArns");
        assertThat(arns).hasSize(1);

        JsonNode tasks = aws("ecs", "describe-tasks", "--cluster", cluster(), "--tasks", arns.get(0).asText())
                .get("tasks");
        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).get("lastStatus").asText()).isEqualTo("RUNNING");
        assertThat(tasks.get(0).get("startedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");

        JsonNode stopped = aws("ecs", "list-tasks", "--cluster", cluster(), "--service-name", service(),
                "--desired-status", "STOPPED");
        for (JsonNode arn : stopped.get("taskArns")) {
            assertThat(arns).doesNotContain(arn);
        }
    }

    @Test
    void ssmGivesTheSessionTableName() throws Exception {
        JsonNode answer = aws("ssm", "get-parameter", "--name", "/voice-agent/sessions/table-name",
                "--query", "Parameter.Value");

        assertThat(answer.asText()).isEqualTo("voice-agent-poc-sessions");
    }

    @Test
    void dynamodbScanOfHeartbeatsFindsEachTask() throws Exception {
        JsonNode answer = awsAt("dynamodb", "dynamodb", "scan", "--table-name", "voice-agent-poc-sessions",
                "--filter-expression", "begins_with(PK, :prefix) AND SK = :sk",
                "--expression-attribute-values", "{\":prefix\":{\"S\":\"TASK#\"},\":sk\":{\"S\":\"HEARTBEAT\"}}",
                "--projection-expression", "PK, active_session_count");

        assertThat(answer.get("Count").asInt()).isEqualTo(1);
        assertThat(answer.at("/Items/0/PK/S").asText()).startsWith("TASK#");
        assertThat(answer.at("/Items/0/active_session_count/N").asText()).isEqualTo("0");
    }

    @Test
    void cloudwatchPutThenGetMetricData() throws Exception {
        Instant now = Instant.now();
        aws("cloudwatch", "put-metric-data", "--namespace", "CliCheck", "--metric-name", "SessionsPerTask",
                "--dimensions", "Environment=poc", "--value", "2.5", "--timestamp", now.toString());

        JsonNode answer = aws("cloudwatch", "get-metric-data",
                "--start-time", now.minusSeconds(600).toString(), "--end-time", now.plusSeconds(60).toString(),
                "--metric-data-queries", "[{\"Id\":\"spt\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"CliCheck\","
                        + "\"MetricName\":\"SessionsPerTask\",\"Dimensions\":[{\"Name\":\"Environment\","
                        + "\"Value\":\"poc\"}]},\"Period\":60,\"Stat\":\"Average\"}}]");

        JsonNode result = answer.at("/MetricDataResults/0");
        assertThat(result.get("Id").asText()).isEqualTo("spt");
        assertThat(result.get("Values")).hasSize(1);
        assertThat(result.at("/Values/0").asDouble()).isEqualTo(2.5);
        assertThat(result.get("StatusCode").asText()).isEqualTo("Complete");
    }

    @Test
    void applicationAutoScalingDescribesBothPolicies() throws Exception {
        JsonNode answer = aws("application-autoscaling", "describe-scaling-policies", "--service-namespace", "ecs");

        JsonNode policies = answer.get("ScalingPolicies");
        assertThat(policies).hasSize(2);
        assertThat(policies.findValuesAsText("PolicyType"))
                .containsExactlyInAnyOrder("TargetTrackingScaling", "StepScaling");
        assertThat(answer.findValue("TargetValue").asDouble()).isEqualTo(3.0);
    }

    @Test
    void logsFilterFindsTheAgentsJsonLines() throws Exception {
        JsonNode answer = aws("logs", "filter-log-events", "--log-group-name", "/ecs/voice-agent-poc",
                "--filter-pattern", "service_ready");

        assertThat(answer.get("events")).hasSize(1);
        JsonNode line = JSON.readTree(answer.at("/events/0/message").asText());
        assertThat(line.get("event").asText()).isEqualTo("service_ready");
    }

    @Test
    void anEmfLinePutIntoTheLogsIsAMetricGetMetricDataReturns() throws Exception {
        long now = Instant.now().toEpochMilli();
        String emf = "{\"_aws\":{\"Timestamp\":" + now + ",\"CloudWatchMetrics\":[{\"Namespace\":\"VoiceAgent/Pipeline\","
                + "\"Dimensions\":[[\"Environment\"],[\"Environment\",\"CallId\"]],\"Metrics\":[{\"Name\":"
                + "\"AgentResponseLatency\",\"Unit\":\"Milliseconds\"}]}]},\"Environment\":\"cli\",\"CallId\":\"c1\","
                + "\"event\":\"turn_metrics\",\"AgentResponseLatency\":731}";
        aws("logs", "create-log-stream", "--log-group-name", "/ecs/voice-agent-poc", "--log-stream-name", "cli/emf");
        aws("logs", "put-log-events", "--log-group-name", "/ecs/voice-agent-poc", "--log-stream-name", "cli/emf",
                "--log-events", JSON.writeValueAsString(List.of(Map.of("timestamp", now, "message", emf))));

        Instant at = Instant.ofEpochMilli(now);
        JsonNode answer = aws("cloudwatch", "get-metric-data",
                "--start-time", at.minusSeconds(600).toString(), "--end-time", at.plusSeconds(60).toString(),
                "--metric-data-queries", "[{\"Id\":\"lat\",\"MetricStat\":{\"Metric\":{\"Namespace\":"
                        + "\"VoiceAgent/Pipeline\",\"MetricName\":\"AgentResponseLatency\",\"Dimensions\":[{\"Name\":"
                        + "\"Environment\",\"Value\":\"cli\"}]},\"Period\":60,\"Stat\":\"p95\"}}]");

        assertThat(answer.at("/MetricDataResults/0/Values")).hasSize(1);
        assertThat(answer.at("/MetricDataResults/0/Values/0").asDouble()).isEqualTo(731.0);
    }

    @Test
    void elbv2DescribesTheHealthOfEachTarget() throws Exception {
        String targetGroup = aws("elbv2", "describe-target-groups", "--query", "TargetGroups[0].TargetGroupArn")
                .asText();

        JsonNode answer = aws("elbv2", "describe-target-health", "--target-group-arn", targetGroup);

        assertThat(answer.get("TargetHealthDescriptions")).hasSize(1);
        assertThat(answer.at("/TargetHealthDescriptions/0/TargetHealth/State").asText()).isEqualTo("healthy");
    }

    @Test
    void stsGetCallerIdentityNamesTheTwinsAccount() throws Exception {
        assertThat(aws("sts", "get-caller-identity").get("Account").asText())
                .isEqualTo(twin.endpoints().get("account").asText());
    }

    @Test
    void asDeployedTheStepScaleInAlarmIsTheOneCdkCreates(@TempDir Path dir) throws Exception {
        Standalone deployed = Standalone.start(dir, "-Dtwin.stack=as-deployed");
        try {
            JsonNode policy = stepPolicy(deployed);
            JsonNode alarm = alarmOf(deployed, policy);

            assertThat(policy.at("/StepScalingPolicyConfiguration/StepAdjustments")).isEqualTo(JSON.readTree(
                    "[{\"MetricIntervalUpperBound\":0.0,\"ScalingAdjustment\":-3}]"));
            assertThat(alarm.get("MetricName").asText()).isEqualTo("SessionsPerTask");
            assertThat(alarm.get("ComparisonOperator").asText()).isEqualTo("LessThanOrEqualToThreshold");
            assertThat(alarm.get("Threshold").asDouble()).isEqualTo(0.0);
            assertThat(alarm.get("EvaluationPeriods").asInt()).isEqualTo(2);
            assertThat(alarm.get("Period").asInt()).isEqualTo(60);
            assertThat(alarm.get("Statistic").asText()).isEqualTo("Average");
            assertThat(alarm.has("DatapointsToAlarm")).as("DatapointsToAlarm in %s", alarm).isFalse();
            assertThat(alarm.has("TreatMissingData")).as("TreatMissingData in %s", alarm).isFalse();
            // named by CloudFormation: <stack>-<logical id>-<suffix>
            assertThat(alarm.get("AlarmName").asText()).startsWith("VoiceAgentEcs-VoiceAgentScalingScaleInLowerAlarm");
            assertDeployedNames(deployed);
        } finally {
            deployed.stop();
        }
        // the default stack, recommended, differs only in the comparison and its threshold
        JsonNode recommended = alarmOf(twin, stepPolicy(twin));
        assertThat(recommended.get("ComparisonOperator").asText()).isEqualTo("LessThanThreshold");
        assertThat(recommended.get("Threshold").asDouble()).isEqualTo(1.0);
        assertThat(recommended.get("EvaluationPeriods").asInt()).isEqualTo(2);
        assertThat(recommended.has("DatapointsToAlarm")).isFalse();
    }

    /** The names the deployed stack gives its resources, as an operator's AWS CLI reads them. */
    private static void assertDeployedNames(Standalone deployed) throws Exception {
        JsonNode service = awsAt(deployed, "aws", "ecs", "describe-services", "--cluster", "voice-agent-poc-cluster",
                "--services", "voice-agent-poc-service").at("/services/0");
        assertThat(service.get("serviceName").asText()).isEqualTo("voice-agent-poc-service");
        assertThat(service.get("clusterArn").asText()).endsWith(":cluster/voice-agent-poc-cluster");
        assertThat(service.at("/loadBalancers/0/containerName").asText()).isEqualTo("voice-agent");

        JsonNode definition = awsAt(deployed, "aws", "ecs", "describe-task-definition", "--task-definition",
                service.get("taskDefinition").asText()).get("taskDefinition");
        assertThat(definition.get("family").asText()).isEqualTo("voice-agent-poc-voice-agent");
        assertThat(definition.at("/containerDefinitions/0/name").asText()).isEqualTo("voice-agent");
        assertThat(definition.at("/containerDefinitions/0/logConfiguration/options/awslogs-group").asText())
                .isEqualTo("/ecs/voice-agent-poc");
        assertThat(definition.at("/containerDefinitions/0/logConfiguration/options/awslogs-stream-prefix").asText())
                .isEqualTo("voice-agent");

        assertThat(awsAt(deployed, "aws", "ssm", "get-parameter", "--name", "/voice-agent/ecs/cluster-arn",
                "--query", "Parameter.Value").asText())
                .isEqualTo("arn:aws:ecs:us-east-1:123456789012:cluster/voice-agent-poc-cluster");
        assertThat(awsAt(deployed, "aws", "ssm", "get-parameter", "--name", "/voice-agent/sessions/table-name",
                "--query", "Parameter.Value").asText()).isEqualTo("voice-agent-poc-sessions");
        assertThat(awsAt(deployed, "aws", "ssm", "get-parameter", "--name", "/voice-agent/ecs/task-definition-arn",
                "--query", "Parameter.Value").asText()).isEqualTo(definition.get("taskDefinitionArn").asText());
    }

    /** The service's one step scaling policy, as the operators find it. */
    private static JsonNode stepPolicy(Standalone target) throws Exception {
        JsonNode policies = awsAt(target, "aws", "application-autoscaling", "describe-scaling-policies",
                "--service-namespace", "ecs", "--query", "ScalingPolicies[?PolicyType=='StepScaling']");
        assertThat(policies).hasSize(1);
        return policies.get(0);
    }

    /** The alarm a policy names in its Alarms, never found by a name of our own. */
    private static JsonNode alarmOf(Standalone target, JsonNode policy) throws Exception {
        JsonNode alarms = policy.get("Alarms");
        assertThat(alarms).hasSize(1);
        JsonNode found = awsAt(target, "aws", "cloudwatch", "describe-alarms", "--alarm-names",
                alarms.get(0).get("AlarmName").asText()).get("MetricAlarms");
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
