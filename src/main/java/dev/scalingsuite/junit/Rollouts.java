package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.EcsPort;
import dev.scalingsuite.fleet.FleetSnapshot;
import dev.scalingsuite.fleet.RevisionChange;
import dev.scalingsuite.fleet.ServiceDeployment;
import dev.scalingsuite.fleet.ServiceState;
import dev.scalingsuite.fleet.Timeline;
import dev.scalingsuite.scenario.Step;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The deployments a run makes, and their undoing. A {@code deploy} step registers a revision of the
 * live task definition with one environment value or tag set to the run's id (nothing functional) and
 * the tag {@value #RESTORE_TAG} naming the task definition the service ran before the run, then
 * deploys it. While a rollout the run started is listed as FAILED (the circuit breaker fired), every
 * check fails. When the run ends, {@link #restore} sets the desired count back to the minimum, as
 * recovery does, and deploys the original task definition back; the next run's baseline waits for that
 * rollout, and its tag lets that baseline deploy the original back itself after a run that could not
 * ({@code kill -9}).
 */
final class Rollouts {

    /** The tag on every revision the suite registers: the task definition to deploy back. */
    static final String RESTORE_TAG = "scaling-suite:restore-to";

    private final EcsPort ecs;
    private final Timeline timeline;
    private final String runId;
    private final Clock clock = Clock.systemUTC();
    private final List<Started> started = new ArrayList<>();
    private String original;

    /** A rollout the run started: by which step, its deployment, the revision it deploys and the one before. */
    record Started(int step, String deployment, String taskDefinition, String from) {
    }

    Rollouts(EcsPort ecs, Timeline timeline, String runId) {
        this.ecs = ecs;
        this.timeline = timeline;
        this.runId = runId;
    }

    /** Registers the step's revision and deploys it; what it did, for the step's "actual". */
    synchronized String deploy(Step.Deploy step) {
        String live = ecs.service().taskDefinition();
        if (original == null) {
            original = live;
        }
        Map<String, String> environment = new LinkedHashMap<>();
        Map<String, String> tags = new LinkedHashMap<>();
        (step.change() == Step.Deploy.Change.ENVIRONMENT ? environment : tags).put(step.name(), runId);
        tags.put(RESTORE_TAG, original);
        String revision = ecs.registerRevision(live, new RevisionChange(environment, tags));
        String deployment = ecs.deploy(revision);
        started.add(new Started(step.index(), deployment, revision, live));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("step", step.index());
        fields.put("deployment", deployment);
        fields.put("taskDefinition", revision);
        fields.put("from", live);
        fields.put("change", step.change().key() + " " + step.name() + "=" + runId);
        timeline.append(clock.instant(), "deploy", fields);
        return "deployment " + deployment + " of " + revisionName(revision) + " started (from " + revisionName(live)
                + ")";
    }

    /** The rollouts the run started, oldest first. */
    synchronized List<Started> started() {
        return List.copyOf(started);
    }

    /**
     * Fails when the deployment of the run's latest rollout is listed as FAILED in {@code fleet}: the
     * circuit breaker fired, and with rollback the service is going back to the earlier revision.
     */
    void check(FleetSnapshot fleet) {
        Optional<Started> last;
        synchronized (this) {
            last = started.isEmpty() ? Optional.empty() : Optional.of(started.get(started.size() - 1));
        }
        if (last.isEmpty()) {
            return;
        }
        ServiceState service = fleet.service();
        Optional<ServiceDeployment> failed = service.deployments().stream()
                .filter(d -> d.id().equals(last.get().deployment()) && d.failed()).findFirst();
        if (failed.isPresent()) {
            String back = service.primary().filter(p -> !p.id().equals(last.get().deployment()))
                    .map(p -> "; it rolls back to " + revisionName(p.taskDefinition()) + " (deployment " + p.id() + ")")
                    .orElse("; no rollback");
            throw new AssertionError("The rollout of " + revisionName(last.get().taskDefinition()) + " (deployment "
                    + last.get().deployment() + ", step " + last.get().step() + ") failed: "
                    + failed.get().rolloutStateReason() + " " + failed.get().failedTasks() + " of its tasks failed to "
                    + "start or failed their health checks, and the deployment circuit breaker fired" + back);
        }
    }

    /**
     * Sets the desired count to {@code minimum} and deploys the task definition the service ran before
     * the run's first deploy, unless the service runs it already (a circuit breaker rolled back). It does
     * not wait for that rollout (a cold start and the deregistration delay): the next run's baseline
     * waits for any deployment in progress. Setting the minimum first is what that baseline would do, and
     * it leaves the restore one task to start instead of a fleet.
     *
     * @return what it did, for the console and the report; empty when the run deployed nothing
     */
    Optional<String> restore(int minimum) {
        String to;
        synchronized (this) {
            if (original == null) {
                return Optional.empty();
            }
            to = original;
        }
        if (ecs.service().desired() != minimum) {
            ecs.setDesiredCount(minimum);
        }
        if (ecs.service().taskDefinition().equals(to)) {
            timeline.append(clock.instant(), "restore", Map.of("taskDefinition", to, "deployment", "none"));
            return Optional.of("the service runs " + revisionName(to) + " again already");
        }
        String deployment = ecs.deploy(to);
        timeline.append(clock.instant(), "restore", Map.of("taskDefinition", to, "deployment", deployment));
        return Optional.of("deploying " + revisionName(to) + " back (deployment " + deployment + "); the next run's "
                + "baseline waits for it to complete");
    }

    /** {@code family:revision}, the part of a task definition ARN people read. */
    static String revisionName(String taskDefinition) {
        return taskDefinition.substring(taskDefinition.lastIndexOf('/') + 1);
    }
}
