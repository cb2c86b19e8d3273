package dev.scalingsuite.twin.model;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The NLB target group of the service: one target per task IP, each with its health state. */
public final class TargetGroupModel {

    private final int port;
    private final int healthCheckPort;
    private final Map<String, Target> targets = new LinkedHashMap<>();

    public TargetGroupModel(int port, int healthCheckPort) {
        this.port = port;
        this.healthCheckPort = healthCheckPort;
    }

    public int port() { return port; }
    public int healthCheckPort() { return healthCheckPort; }

    public Target register(String taskId, String ip) {
        Target target = new Target(taskId, ip);
        targets.put(taskId, target);
        return target;
    }

    public Optional<Target> target(String taskId) {
        return Optional.ofNullable(targets.get(taskId));
    }

    public void remove(String taskId) {
        targets.remove(taskId);
    }

    public Collection<Target> targets() {
        return targets.values();
    }

    /** One registered target. States as ELBv2 names them: initial, healthy, unhealthy, draining. */
    public static final class Target {
        private final String taskId;
        private final String ip;
        private String state = "initial";
        private String reason = "Elb.RegistrationInProgress";
        private String description = "Target registration is in progress";
        private int consecutiveOk;
        private int consecutiveFail;
        private Instant healthySince;

        Target(String taskId, String ip) {
            this.taskId = taskId;
            this.ip = ip;
        }

        public String taskId() { return taskId; }
        public String ip() { return ip; }
        public String state() { return state; }
        public String reason() { return reason; }
        public String description() { return description; }
        public int consecutiveOk() { return consecutiveOk; }
        public int consecutiveFail() { return consecutiveFail; }

        /**
         * When the check that made the target healthy was due: the model's own time of the change, not
         * when a busy ticker got to it (ELBv2 reports no such time; the twin's tests read it).
         */
        public Optional<Instant> healthySince() { return Optional.ofNullable(healthySince); }

        public void healthyAt(Instant due) {
            state("healthy", null, null);
            healthySince = due;
        }

        public void state(String state, String reason, String description) {
            this.state = state;
            this.reason = reason;
            this.description = description;
        }

        public void checked(boolean ok) {
            if (ok) {
                consecutiveOk++;
                consecutiveFail = 0;
            } else {
                consecutiveFail++;
                consecutiveOk = 0;
            }
        }
    }
}
