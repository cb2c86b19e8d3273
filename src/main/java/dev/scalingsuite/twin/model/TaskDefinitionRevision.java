package dev.scalingsuite.twin.model;

import dev.scalingsuite.twin.stack.TwinSettings;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One revision of the service's task definition family, as RegisterTaskDefinition left it. The twin
 * keeps what a deployment of it can change: the agent container's image and environment, and the
 * revision's tags; every other field is the deployed one (ecs-stack.ts), for every revision.
 *
 * @param status {@code ACTIVE}, or {@code INACTIVE} once deregistered
 */
public record TaskDefinitionRevision(int revision, String image, Map<String, String> environment,
        Map<String, String> tags, Instant registeredAt, String status) {

    /**
     * The image the deployed task definition runs; the twin's registry holds no other, so a revision
     * naming another image cannot be pulled (its tasks stop with {@code CannotPullContainerError}).
     */
    public static final String DEPLOYED_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/voice-agent:latest";
    /** The revision the stack deployed; a twin assumption, any number would do. */
    public static final int DEPLOYED_REVISION = 7;

    public TaskDefinitionRevision {
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** The revision the stack deployed: the container's environment as ecs-stack.ts sets the variables the twin models. */
    static TaskDefinitionRevision deployed(TwinSettings s, Instant registeredAt) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MAX_CONCURRENT_CALLS", String.valueOf(s.maxConcurrentCalls()));
        env.put("SESSION_TABLE_NAME", s.sessionTable());
        env.put("ENVIRONMENT", s.environment());
        env.put("DRAIN_TIMEOUT_SECONDS", String.valueOf(s.drainTimeout()));
        env.put("HEARTBEAT_INTERVAL_SECONDS", String.valueOf(s.heartbeatInterval()));
        return new TaskDefinitionRevision(DEPLOYED_REVISION, DEPLOYED_IMAGE, env, Map.of(), registeredAt, "ACTIVE");
    }

    /** Whether the twin's registry holds the image, so its tasks can start. */
    public boolean pullable() {
        return DEPLOYED_IMAGE.equals(image);
    }
}
