package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.FleetPorts;
import dev.scalingsuite.load.SippHost;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A dry run's read of everything a run touches, each once and read-only: every fleet port and every
 * load host over SSH. Each failure is named with its source and error, so the user knows what a real
 * run would trip over before it changes anything; the names the reads used follow, each with where it
 * came from or why it could not be resolved.
 */
final class Reachability {

    private final List<String> seen = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    private Reachability() {
    }

    /**
     * @return one line per source read, with what it answered
     * @throws AssertionError naming every source that could not be read, and its error
     */
    static List<String> check(Suite suite) {
        Reachability reach = new Reachability();
        FleetPorts ports = suite.ports();
        Instant now = Instant.now();
        Instant fiveMinutesAgo = now.minus(suite.timeScale().wall(Duration.ofMinutes(5)));
        reach.read("ECS service (DescribeServices)", () -> ports.ecs().service().toString());
        reach.read("scaling configuration (Application Auto Scaling, CloudWatch DescribeAlarms, ECS "
                + "DescribeTaskDefinition)", () -> {
                    var c = ports.scaling().configuration();
                    return "min " + c.minCapacity() + ", max " + c.maxCapacity() + ", " + c.targetTracking().size()
                            + " target tracking, " + c.stepPolicies().size() + " step policies";
                });
        reach.read("target group (Elastic Load Balancing)", () -> {
            var t = ports.targets().settings();
            return "health checks every " + t.healthCheckIntervalSeconds() + "s, " + ports.targets().healthByIp().size()
                    + " targets";
        });
        reach.read("session table (DynamoDB)", () -> ports.sessions().activeSessions() + " active sessions");
        reach.read("metrics (CloudWatch GetMetricData)",
                () -> ports.metrics().history(fiveMinutesAgo, now).size() + " datapoints in the last 5 minutes");
        reach.read("logs (CloudWatch Logs FilterLogEvents)", () -> ports.logs().count(suite.telemetry().events().counted(),
                fiveMinutesAgo, now).values().stream().mapToLong(Long::longValue).sum() + " events in the last 5 minutes");
        for (SippHost host : suite.loadHosts()) {
            reach.read("load host " + host.access().host() + ":" + host.access().port() + " (SSH)",
                    () -> sipp(host, new Baseline(suite)));
        }
        if (!reach.failures.isEmpty()) {
            throw new AssertionError("Dry run: " + reach.failures.size() + " of " + (reach.failures.size()
                    + reach.seen.size()) + " sources could not be read, so a run would fail:"
                    + lines(reach.failures) + "\nnames used:" + lines(suite.namesUsed()));
        }
        return List.copyOf(reach.seen);
    }

    private void read(String source, Supplier<String> answer) {
        try {
            seen.add(source + ": " + answer.get());
        } catch (RuntimeException e) {
            failures.add(source + ": " + firstLine(e));
        }
    }

    /** SIPp's version and the SIPp processes the baseline would judge, both read-only. */
    private static String sipp(SippHost host, Baseline baseline) {
        var version = host.exec("sipp -v", Duration.ofSeconds(20));
        String line = (version.stdout() + "\n" + version.stderr()).lines().map(String::strip)
                .filter(l -> l.startsWith("SIPp")).findFirst()
                .orElseThrow(() -> new IllegalStateException("sipp -v printed no version (status "
                        + version.exitStatus() + "): is sipp installed on the load host?"));
        int running = baseline.processes(host).size();
        return line + ", " + running + " SIPp process(es) running";
    }

    private static String firstLine(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    private static String lines(List<String> items) {
        StringBuilder text = new StringBuilder();
        items.forEach(i -> text.append("\n  - ").append(i));
        return text.toString();
    }
}
