package dev.scalingsuite.twin.stack;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which configuration of the voice-agent stack the twin reproduces (the setting {@code stack}). A
 * profile gives some settings its own values; a setting given explicitly still wins over it. AWS's own
 * behaviour is the same in every profile: only the stack's configuration differs.
 */
public enum StackProfile {

    /**
     * The stack with this suite's two fixes, the default: the target group's health check asks the
     * liveness path {@code /health}, so a task at {@code MAX_CONCURRENT_CALLS} stays healthy and ECS does
     * not replace it, and the webhook retries a refused call twice, each time on a new connection, so a
     * new NLB flow that may land on another task; and the step scale-in alarm its code comment means,
     * {@code SessionsPerTask < 1} over 2 periods, so scale-in happens while calls remain (task protection
     * keeps the busy tasks).
     */
    RECOMMENDED("recommended", "the stack with the suite's fixes: the NLB checks /health, the webhook retries a "
            + "refused call twice, and the step scale-in alarm is SessionsPerTask < 1",
            settings("healthCheckPath", "/health", "webhookRetries", "2", "scaleInComparison", "LessThanThreshold",
                    "scaleInThreshold", "1.0")),
    /**
     * The stack exactly as CDK deploys it: the NLB checks {@code /ready}, which a full task fails, so ECS
     * replaces full tasks; the step scale-in alarm CDK makes of the steps
     * {@code {upper: 1, change: 0}, {upper: 0, change: -3}} is {@code SessionsPerTask <= 0} over 2
     * periods, so scale-in happens only when the fleet has no session at all; the webhook gives up on
     * a call at the agent's first refusal.
     */
    AS_DEPLOYED("as-deployed", "the stack as CDK deploys it: the NLB checks /ready, the webhook never retries, "
            + "and the step scale-in alarm is SessionsPerTask <= 0",
            settings("healthCheckPath", "/ready", "webhookRetries", "0", "scaleInComparison",
                    "LessThanOrEqualToThreshold", "scaleInThreshold", "0"));

    private final String profileName;
    private final String description;
    private final Map<String, String> settings;

    StackProfile(String profileName, String description, Map<String, String> settings) {
        this.profileName = profileName;
        this.description = description;
        this.settings = settings;
    }

    /** The name the {@code stack} setting uses. */
    public String profileName() {
        return profileName;
    }

    /** What the profile stands for, in one line. */
    public String description() {
        return description;
    }

    /** The settings this profile gives a value of its own, by key, in a stable order. */
    public Map<String, String> settings() {
        return settings;
    }

    public static Optional<StackProfile> byName(String name) {
        return Arrays.stream(values()).filter(p -> p.profileName.equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(StackProfile::profileName).toList();
    }

    @Override
    public String toString() {
        return profileName;
    }

    private static Map<String, String> settings(String... keysAndValues) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(out);
    }
}
