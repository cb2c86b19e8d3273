package dev.scalingsuite.fleet;

import java.util.List;
import java.util.Optional;

/**
 * The service as ECS reports it: its counts, the task definition it runs, its deployments (newest
 * first) and its most recent events (newest first).
 */
public record ServiceState(int desired, int running, int pending, String taskDefinition,
        List<ServiceDeployment> deployments, List<ServiceEvent> events) {

    public static final ServiceState UNKNOWN = new ServiceState(-1, -1, -1);

    public ServiceState {
        deployments = List.copyOf(deployments);
        events = List.copyOf(events);
    }

    /** Counts only, where the deployments and events do not matter. */
    public ServiceState(int desired, int running, int pending) {
        this(desired, running, pending, "", List.of(), List.of());
    }

    /** Whether the counts are the same, deployments and events aside. */
    public boolean sameCounts(ServiceState other) {
        return desired == other.desired && running == other.running && pending == other.pending;
    }

    public Optional<ServiceDeployment> primary() {
        return deployments.stream().filter(ServiceDeployment::primary).findFirst();
    }

    /** Where the rollout stands: see {@link RolloutState}. */
    public RolloutState rollout() {
        if (deployments.isEmpty()) {
            return RolloutState.UNKNOWN;
        }
        if (deployments.stream().anyMatch(ServiceDeployment::failed)) {
            return RolloutState.FAILED;
        }
        boolean steady = deployments.size() == 1 && !deployments.get(0).inProgress();
        return steady ? RolloutState.COMPLETED : RolloutState.IN_PROGRESS;
    }

    @Override
    public String toString() {
        return "running " + running + ", desired " + desired + ", pending " + pending;
    }
}
