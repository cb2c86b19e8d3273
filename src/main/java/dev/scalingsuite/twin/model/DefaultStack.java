package dev.scalingsuite.twin.model;

import dev.scalingsuite.twin.stack.TwinSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Lays out the deployed stack's resources in a new model: the service at its minimum with running,
 * healthy tasks, the target tracking and step scaling policies with their alarms, the log group and
 * the SSM parameters.
 */
final class DefaultStack {

    /**
     * The CDK stack the scaling lives in: {@code new EcsStack(app, 'VoiceAgentEcs', ...)} in upstream's
     * {@code infrastructure/src/main.ts}, the scalable target {@code 'VoiceAgentScaling'} in
     * {@code infrastructure/src/stacks/ecs-stack.ts}.
     */
    private static final String STACK = "VoiceAgentEcs";
    private static final String SCALING = STACK + "VoiceAgentScaling";
    // CDK names a policy by its construct path and a hash (Names.uniqueId):
    // scaleToTrackMetric('SessionsPerTaskTracking'), and scaleOnMetric('ScaleIn')'s LowerPolicy
    static final String TRACKING_POLICY = SCALING + "SessionsPerTaskTrackingD5A0E6F1";
    static final String STEP_POLICY = SCALING + "ScaleInLowerPolicy3C9B1F27";
    // CloudFormation names an alarm CDK leaves unnamed <stack>-<logical id>-<random suffix>
    static final String STEP_ALARM = STACK + "-VoiceAgentScalingScaleInLowerAlarm8E41C2A9-1QX7ZK3M5T0B";

    private DefaultStack() {
    }

    static void build(StackModel stack, Instant now) {
        TwinSettings s = stack.settings();
        Arns arns = stack.arns();
        stack.logs().createGroup(arns.logGroup());
        stack.logs().createGroup(s.sessionCounterLogGroup());
        stack.ecs().desiredCount(s.minCapacity());
        for (int i = 0; i < s.minCapacity(); i++) {
            startedTask(stack, now.minus(Duration.ofHours(1)));
        }
        policies(stack, now.minus(Duration.ofDays(1)));
        parameters(stack);
    }

    private static void startedTask(StackModel stack, Instant createdAt) {
        TaskRecord task = stack.ecs().addTask("RUNNING", createdAt);
        task.pullStartedAt(createdAt.plusSeconds(14));
        task.pullStoppedAt(createdAt.plusSeconds(51));
        task.connectivityAt(createdAt.plusSeconds(12));
        task.startedAt(createdAt.plusSeconds(68));
        TargetGroupModel.Target target = stack.targetGroup().register(task.id(), task.privateIp());
        target.state("healthy", null, null);
        // the agent's first and last start-up lines (backend/voice-agent/app/service_main.py), init ~17 s apart
        stack.logs().append(stack.arns().logGroup(), stack.logStream(task.id()), createdAt.plusSeconds(68),
                "{\"event\":\"service_starting\",\"port\":8080,\"region\":\"" + stack.settings().region()
                        + "\",\"level\":\"info\"}");
        stack.logs().append(stack.arns().logGroup(), stack.logStream(task.id()), createdAt.plusSeconds(85),
                "{\"event\":\"service_ready\",\"port\":8080,\"endpoint\":\"http://0.0.0.0:8080\",\"level\":\"info\"}");
    }

    private static void policies(StackModel stack, Instant createdAt) {
        TwinSettings s = stack.settings();
        Arns arns = stack.arns();
        Map<String, String> dims = Map.of("Environment", s.environment());
        String resource = arns.scalableResourceId();

        String trackingName = TRACKING_POLICY;
        String trackingArn = arns.scalingPolicy(trackingName);
        // as Application Auto Scaling names a target tracking policy's alarms
        String high = "TargetTracking-" + resource + "-AlarmHigh-3f2a9c1e-5b7d-4e8a-9c0f-1a2b3c4d5e6f";
        String low = "TargetTracking-" + resource + "-AlarmLow-8e7d6c5b-4a39-4281-b0c9-d8e7f6a5b4c3";
        List<String> trackingAlarms = new ArrayList<>(List.of(high));
        // configured, not a fault: the alarms and the policy report the metric they follow
        String metric = s.targetTrackingMetric();
        String statistic = s.targetTrackingStatistic();
        stack.alarms().add(new Alarm(high, arns.alarm(high), StackModel.SESSIONS_NAMESPACE, metric, dims,
                statistic, 60, 3, OptionalInt.of(3), s.targetSessionsPerTask(), "GreaterThanThreshold",
                Optional.of(Alarm.MISSING), List.of(trackingArn), createdAt));
        if (!s.disableScaleIn()) {
            trackingAlarms.add(low);
            stack.alarms().add(new Alarm(low, arns.alarm(low), StackModel.SESSIONS_NAMESPACE, metric,
                    dims, statistic, 60, 15, OptionalInt.of(15), s.targetSessionsPerTask() * 0.9, "LessThanThreshold",
                    Optional.of(Alarm.MISSING), List.of(trackingArn), createdAt));
        }
        stack.scaling().addPolicy(new ScalingPolicy(trackingName, trackingArn, "TargetTrackingScaling", createdAt,
                trackingAlarms,
                new ScalingPolicy.TargetTracking(s.targetSessionsPerTask(), StackModel.SESSIONS_NAMESPACE,
                        metric, "Environment", s.environment(), statistic, s.scaleOutCooldown(),
                        s.scaleInCooldownTargetTracking(), s.disableScaleIn()),
                null));

        String stepName = STEP_POLICY;
        String stepArn = arns.scalingPolicy(stepName);
        String stepAlarm = STEP_ALARM;
        // as CDK creates it (scaleOnMetric): EvaluationPeriods only, neither DatapointsToAlarm nor TreatMissingData
        stack.alarms().add(new Alarm(stepAlarm, arns.alarm(stepAlarm), StackModel.SESSIONS_NAMESPACE,
                "SessionsPerTask", dims, "Average", s.metricPeriod(), s.scaleInEvaluationPeriods(),
                OptionalInt.empty(), s.scaleInThreshold(), s.scaleInComparison(), Optional.empty(),
                List.of(stepArn), createdAt));
        stack.scaling().addPolicy(new ScalingPolicy(stepName, stepArn, "StepScaling", createdAt, List.of(stepAlarm),
                null,
                new ScalingPolicy.StepScaling("ChangeInCapacity",
                        List.of(new ScalingPolicy.Step(null, 0.0, s.scaleInAdjustment())),
                        s.scaleInCooldown(), "Average", null)));
    }

    private static void parameters(StackModel stack) {
        TwinSettings s = stack.settings();
        Map<String, String> p = stack.parameters();
        // as deployed: infrastructure/src/ssm-parameters.ts (SESSION_TABLE_NAME, ECS_CLUSTER_ARN,
        // ECS_TASK_DEFINITION_ARN, ECS_SERVICE_ENDPOINT); none names the target group, the service or the
        // environment
        p.put("/voice-agent/sessions/table-name", s.sessionTable());
        p.put("/voice-agent/ecs/cluster-arn", stack.arns().cluster());
        p.put("/voice-agent/ecs/task-definition-arn",
                stack.arns().taskDefinition(stack.ecs().taskDefinitionRevision()));
        p.put("/voice-agent/ecs/service-endpoint", "http://" + stack.arns().loadBalancerDnsName());
        // published by the SIP stack (not public): docs/features/ecs-scaling-validation-suite/asterisk-sipp-redesign.md
        p.put("/voice-agent/sip-server/ip", s.sipAddress());
        p.put("/voice-agent/sip-server/port", StackModel.SIP_PORT);
    }
}
