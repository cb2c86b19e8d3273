package dev.scalingsuite.twin.model;

import dev.scalingsuite.twin.stack.TwinSettings;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One revision of the service's task definition family, as RegisterTaskDefinition left it. The twin
 * keeps what a deployment of it can change: the agent container's image and environment, the task's
 * {@code cpu} and {@code memory}, and the revision's tags; every other field is the deployed one
 * (ecs-stack.ts), for every revision.
 *
 * @param cpu the task-level {@code cpu} as ECS answers it, CPU units in a string ({@code "4096"})
 * @param memory the task-level {@code memory} as ECS answers it, MiB in a string ({@code "8192"})
 * @param status {@code ACTIVE}, or {@code INACTIVE} once deregistered
 */
public record TaskDefinitionRevision(int revision, String image, String cpu, String memory,
        Map<String, String> environment, Map<String, String> tags, Instant registeredAt, String status) {

    /**
     * The image the deployed task definition runs; the twin's registry holds no other, so a revision
     * naming another image cannot be pulled (its tasks stop with {@code CannotPullContainerError}).
     */
    public static final String DEPLOYED_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/voice-agent:latest";
    /** The revision the stack deployed; a twin assumption, any number would do. */
    public static final int DEPLOYED_REVISION = 7;
    /**
     * The deployed task's size: {@code new ecs.FargateTaskDefinition(..., {cpu: 4096, memoryLimitMiB: 8192,
     * runtimePlatform: LINUX / X86_64})} in upstream's infrastructure/src/stacks/ecs-stack.ts (4 vCPU, 8 GB).
     */
    public static final String DEPLOYED_CPU = "4096";
    public static final String DEPLOYED_MEMORY = "8192";

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
        return new TaskDefinitionRevision(DEPLOYED_REVISION, DEPLOYED_IMAGE, DEPLOYED_CPU, DEPLOYED_MEMORY, env, Map.of(),
                registeredAt, "ACTIVE");
    }

    /** Whether the twin's registry holds the image, so its tasks can start. */
    public boolean pullable() {
        return DEPLOYED_IMAGE.equals(image);
    }

    /**
     * The digest ECS reports for a task of this revision once its image is pulled ({@code containers[].imageDigest}):
     * the twin's registry has one manifest per image name, so its digest is the SHA-256 of that name.
     */
    public String imageDigest() {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(image.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sha256:" + java.util.HexFormat.of().formatHex(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
