package dev.scalingsuite.twin.model;

import dev.scalingsuite.twin.stack.TwinSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole deployed stack as the twin holds it: ECS, Application Auto Scaling, CloudWatch metrics
 * and alarms, Logs, the NLB target group and SSM parameters. Guarded by its own monitor: the API
 * endpoint and the control plane both synchronize on this object.
 */
public final class StackModel {

    public static final String SESSIONS_NAMESPACE = "VoiceAgent/Sessions";
    /** The agent's EMF metrics (backend/voice-agent/app/observability.py, EMFLogger). */
    public static final String PIPELINE_NAMESPACE = "VoiceAgent/Pipeline";
    public static final String SIP_PORT = "5060";

    private final TwinSettings settings;
    private final Clock clock;
    private final Arns arns;
    private final EcsModel ecs;
    private final ScalingModel scaling;
    private final MetricStore metrics = new MetricStore();
    private final List<Alarm> alarms = new ArrayList<>();
    private final LogStore logs = new LogStore(metrics);
    private final TargetGroupModel targetGroup = new TargetGroupModel(5060, 8080);
    private final Map<String, String> parameters = new LinkedHashMap<>();
    /** Parameters written after deployment (PutParameter): their version and when they were written. */
    private final Map<String, ParameterWrite> parameterWrites = new LinkedHashMap<>();

    /** The latest write of a parameter written through the API. */
    public record ParameterWrite(long version, Instant at) {
    }

    public StackModel(TwinSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.arns = new Arns(settings);
        Instant now = clock.instant();
        this.ecs = new EcsModel(arns, now.minus(Duration.ofDays(1)),
                TaskDefinitionRevision.deployed(settings, now.minus(Duration.ofDays(1))));
        this.scaling = new ScalingModel(arns.scalableResourceId(),
                arns.role("aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService"),
                settings.minCapacity(), settings.maxCapacity(), now.minus(Duration.ofDays(1)));
        DefaultStack.build(this, now);
    }

    public TwinSettings settings() { return settings; }
    public Clock clock() { return clock; }
    public Instant now() { return clock.instant(); }
    public Arns arns() { return arns; }
    public EcsModel ecs() { return ecs; }
    public ScalingModel scaling() { return scaling; }
    public MetricStore metrics() { return metrics; }
    public LogStore logs() { return logs; }
    public TargetGroupModel targetGroup() { return targetGroup; }
    public Map<String, String> parameters() { return parameters; }
    public Map<String, ParameterWrite> parameterWrites() { return parameterWrites; }

    public List<Alarm> alarms() {
        return alarms;
    }

    public Optional<Alarm> alarm(String name) {
        return alarms.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** A model duration as wall-clock time: model seconds divided by the time scale. */
    public Duration wall(double modelSeconds) {
        return Duration.ofNanos(Math.round(modelSeconds * 1_000_000_000L / settings.timeScale()));
    }

    /**
     * The agent's log stream for a task as the awslogs driver names it, {@code <stream prefix>/<container>/<task
     * id>}: {@code voice-agent/voice-agent/<task id>} as deployed.
     */
    public String logStream(String taskId) {
        return settings.logStreamPrefix() + "/" + settings.containerName() + "/" + taskId;
    }
}
