package dev.scalingsuite.junit;

import static org.awaitility.Awaitility.await;

import dev.scalingsuite.config.Recovery;
import dev.scalingsuite.fleet.FleetPorts;
import dev.scalingsuite.fleet.RolloutState;
import dev.scalingsuite.fleet.ServiceState;
import dev.scalingsuite.load.Shell;
import dev.scalingsuite.load.SippHost;
import dev.scalingsuite.load.SippProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The state every scenario starts from: running = desired = minimum, nothing pending, no deployment in
 * progress, the service not on a revision the suite registered, no active session, no SIPp on any
 * load host, audio present. When it is not so, the suite recovers what it may (its own stale SIPp, the
 * task definition a run of it deployed, the desired count) and checks again; a SIPp it did not start is
 * reported, not killed, unless {@code recovery.stop-foreign-sipp} allows it.
 */
final class Baseline {

    private final Suite suite;
    private final FleetPorts ports;

    Baseline(Suite suite) {
        this.suite = suite;
        this.ports = suite.ports();
    }

    void enforce() {
        int min = minCapacity();
        List<String> problems = problems(min);
        if (problems.isEmpty()) {
            return;
        }
        Recovery recovery = suite.config().recovery();
        if (!recovery.allow()) {
            throw new AssertionError("The baseline is not clean and recovery is off (recovery.allow: false):"
                    + lines(problems) + "\nBring the service back to its minimum, or allow recovery.");
        }
        System.out.println("scaling suite: baseline not clean, recovering:" + lines(problems));
        recover(min);
        List<String> left = problems(min);
        if (!left.isEmpty()) {
            throw new AssertionError("The baseline is still not clean after recovery:" + lines(left));
        }
    }

    /** What stands between the fleet now and a clean baseline, read-only; empty when it is clean. */
    List<String> problems() {
        return problems(minCapacity());
    }

    /**
     * What {@link #enforce()} would do about {@code problems}, read-only, for a dry run's plan: which
     * SIPp it would stop or leave, the desired count it would set, and how long it would wait.
     */
    List<String> wouldRecover(List<String> problems) {
        if (problems.isEmpty()) {
            return List.of("nothing: the baseline is clean");
        }
        Recovery recovery = suite.config().recovery();
        if (!recovery.allow()) {
            return List.of("nothing, and the run would stop here: recovery.allow is false");
        }
        int min = minCapacity();
        List<String> actions = new ArrayList<>();
        for (SippHost host : suite.loadHosts()) {
            for (SippProcess p : processes(host)) {
                actions.add(isSuites(host, p) || recovery.stopForeignSipp()
                        ? "stop sipp pid " + p.pid() + " on " + host.access().host()
                        : "leave sipp pid " + p.pid() + " on " + host.access().host() + " (not this suite's; "
                                + "recovery.stop-foreign-sipp is false), so the baseline would stay unclean");
            }
        }
        ServiceState service = ports.ecs().service();
        suiteRevision(service).ifPresent(original -> actions.add("deploy " + Rollouts.revisionName(original)
                + " back (UpdateService), the task definition before the suite's revision "
                + Rollouts.revisionName(service.taskDefinition())));
        int desired = service.desired();
        if (desired != min) {
            actions.add("set desiredCount from " + desired + " to the minimum " + min);
        }
        actions.add("wait up to " + recovery.timeout().toMinutes() + "m (model time) for running = desired = " + min
                + ", nothing pending, the deployment completed, no active session");
        return actions;
    }

    /**
     * After a run a bound ended: the desired count back to the minimum, when recovery is allowed, without
     * waiting for the tasks to stop (the run is over; the next run's baseline waits for them).
     *
     * @return what it did, for the console and the timeline
     */
    String restoreDesiredCount() {
        if (!suite.config().recovery().allow()) {
            return "desired count left as it is (recovery.allow is false)";
        }
        int min = minCapacity();
        int desired = ports.ecs().service().desired();
        if (desired == min) {
            return "desired count already the minimum " + min;
        }
        ports.ecs().setDesiredCount(min);
        return "desired count set from " + desired + " to the minimum " + min;
    }

    /** The live minimum; an API that cannot answer is named, so the user knows which source is down. */
    private int minCapacity() {
        try {
            return ports.scaling().configuration().minCapacity();
        } catch (RuntimeException e) {
            throw new AssertionError("Cannot read the live scaling configuration (Application Auto Scaling, its "
                    + "CloudWatch alarms, the task definition), so the baseline cannot be checked: " + e.getMessage(), e);
        }
    }

    private List<String> problems(int min) {
        List<String> problems = new ArrayList<>();
        ServiceState s = ports.ecs().service();
        if (s.running() != min || s.desired() != min || s.pending() != 0) {
            problems.add("ECS service: " + s + "; the baseline is running = desired = " + min + ", pending 0");
        }
        if (!settled(s)) {
            problems.add("ECS service: " + (s.rollout() == RolloutState.FAILED ? "a deployment failed"
                    : "a deployment is in progress") + " (" + deployments(s) + "); the baseline is one completed "
                    + "deployment");
        }
        suiteRevision(s).ifPresent(original -> problems.add("ECS service: it runs "
                + Rollouts.revisionName(s.taskDefinition()) + ", a revision a run of this suite registered (tag "
                + Rollouts.RESTORE_TAG + "); the baseline is the task definition before it, "
                + Rollouts.revisionName(original)));
        int active = ports.sessions().activeSessions();
        if (active != 0) {
            problems.add(active + " active sessions in the session table; the baseline is 0");
        }
        int heartbeats = freshHeartbeats();
        if (heartbeats > min) {
            problems.add(heartbeats + " tasks with fresh heartbeats (stopped tasks still count in HealthyTaskCount "
                    + "until their heartbeat is stale); the baseline is " + min);
        }
        for (SippHost host : suite.loadHosts()) {
            for (SippProcess p : processes(host)) {
                problems.add("sipp pid " + p.pid() + " runs on " + host.access().host() + " in " + p.workingDirectory()
                        + (isSuites(host, p) ? " (a run of this suite)" : " (not started by this suite)"));
            }
            // from the sipp home, not the SSH user's home: a real load host's login directory is its own
            String audio = host.execIdempotent("ls " + Shell.quote(host.access().sippHome() + "/audio/calls_pcmu/")
                    + " 2>/dev/null | grep -c '\\.pcmu$' || true",
                    Duration.ofSeconds(20)).stdout().strip();
            if (audio.isEmpty() || audio.equals("0")) {
                problems.add("no audio in " + host.access().sippHome() + "/audio/calls_pcmu on "
                        + host.access().host() + ": the UAC streams those files");
            }
        }
        return problems;
    }

    private void recover(int min) {
        Recovery recovery = suite.config().recovery();
        for (SippHost host : suite.loadHosts()) {
            for (SippProcess p : processes(host)) {
                if (isSuites(host, p) || recovery.stopForeignSipp()) {
                    host.execIdempotent("kill " + p.pid() + " 2>/dev/null; true", Duration.ofSeconds(10));
                }
            }
        }
        ServiceState service = ports.ecs().service();
        Optional<String> original = suiteRevision(service);
        if (original.isPresent()) {
            String deployment = ports.ecs().deploy(original.get());
            System.out.println("scaling suite: recovering the task definition: deploying "
                    + Rollouts.revisionName(original.get()) + " back (deployment " + deployment + ")");
        }
        if (service.desired() != min) {
            ports.ecs().setDesiredCount(min);
        }
        Duration atMost = suite.timeScale().wall(recovery.timeout());
        try {
            await("baseline recovery").atMost(atMost).pollInterval(Duration.ofMillis(Math.max(100,
                    suite.timeScale().wall(Duration.ofSeconds(5)).toMillis()))).until(() -> {
                        ServiceState s = ports.ecs().service();
                        return s.running() == min && s.desired() == min && s.pending() == 0 && settled(s)
                                && ports.sessions().activeSessions() == 0 && freshHeartbeats() <= min;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Recovery did not converge within " + recovery.timeout() + " (model time): "
                    + ports.ecs().service() + ", " + ports.sessions().activeSessions() + " active sessions");
        }
    }

    /** No deployment rolling out or failed (a service that reports no deployments counts as settled). */
    private static boolean settled(ServiceState service) {
        RolloutState rollout = service.rollout();
        return rollout == RolloutState.COMPLETED || rollout == RolloutState.UNKNOWN;
    }

    private static String deployments(ServiceState service) {
        return service.deployments().stream().map(d -> d.status() + " " + Rollouts.revisionName(d.taskDefinition())
                + " " + d.rolloutState() + ", " + d.running() + " running").collect(Collectors.joining("; "));
    }

    /** The task definition to deploy back when the service runs a revision the suite registered. */
    private Optional<String> suiteRevision(ServiceState service) {
        if (service.taskDefinition().isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(ports.ecs().taskDefinitionTags(service.taskDefinition()).get(Rollouts.RESTORE_TAG))
                .filter(original -> !original.equals(service.taskDefinition()));
    }

    /**
     * The host's SIPp processes; on a sandboxed load host (a twin's, on a machine other runs share)
     * only those under its sipp home.
     */
    List<SippProcess> processes(SippHost host) {
        List<SippProcess> all = host.status().processes();
        if (!suite.sandboxedLoadHosts()) {
            return all;
        }
        String home = host.access().sippHome();
        return all.stream().filter(p -> p.workingDirectory().equals(home)
                || p.workingDirectory().startsWith(home + "/")).toList();
    }

    /** Heartbeats within the session counter's 90 s (model time) freshness window. */
    private int freshHeartbeats() {
        Duration stale = suite.timeScale().wall(Duration.ofSeconds(90));
        return ports.sessions().sessionsByTask(java.time.Instant.now().minus(stale)).size();
    }

    private static boolean isSuites(SippHost host, SippProcess process) {
        return process.ours() || process.workingDirectory().startsWith(host.access().sippHome() + "/runs/");
    }

    private static String lines(List<String> problems) {
        StringBuilder text = new StringBuilder();
        problems.forEach(p -> text.append("\n  - ").append(p));
        return text.toString();
    }
}
