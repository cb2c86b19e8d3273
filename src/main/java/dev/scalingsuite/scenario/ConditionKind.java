package dev.scalingsuite.scenario;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** What an {@code expect} or {@code hold} condition checks; each is a YAML key with a whole number >= 0. */
public enum ConditionKind {
    RUNNING_AT_LEAST("running-at-least", "running tasks >= %d"),
    RUNNING_AT_MOST("running-at-most", "running tasks <= %d"),
    RUNNING("running", "running tasks = %d"),
    DESIRED("desired", "desired count = %d"),
    DESIRED_AT_LEAST("desired-at-least", "desired count >= %d"),
    PENDING("pending", "pending tasks = %d"),
    ACTIVE_SESSIONS("active-sessions", "active sessions = %d"),
    ACTIVE_SESSIONS_AT_LEAST("active-sessions-at-least", "active sessions >= %d"),
    /** Running tasks that hold at least one session. */
    SPREAD_OVER("spread-over", "running tasks with sessions >= %d"),
    /** Running tasks the load balancer reports healthy: the ones new calls can reach. */
    ROUTABLE_AT_LEAST("routable-at-least", "routable tasks >= %d"),
    /** The most dropped calls allowed so far. */
    DROPPED("dropped", "dropped calls <= %d"),
    /** The most rejected calls allowed so far. */
    REJECTED("rejected", "rejected calls <= %d");

    private final String key;
    private final String template;

    ConditionKind(String key, String template) {
        this.key = key;
        this.template = template;
    }

    /** The YAML key. */
    public String key() {
        return key;
    }

    /** How a condition of this kind reads in reports, e.g. {@code running tasks >= 2}. */
    public String describe(int value) {
        return String.format(template, value);
    }

    public static Optional<ConditionKind> ofKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    /** Every key, comma-separated, in declaration order. */
    public static String allowedKeys() {
        return Arrays.stream(values()).map(ConditionKind::key).collect(Collectors.joining(", "));
    }
}
