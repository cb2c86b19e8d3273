package dev.scalingsuite.junit;

import dev.scalingsuite.config.SuiteConfig;
import dev.scalingsuite.fleet.FleetPorts;
import dev.scalingsuite.fleet.Telemetry;
import dev.scalingsuite.load.SippHost;
import dev.scalingsuite.report.AllureFiles;
import dev.scalingsuite.report.RunRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything a run shares across scenario classes, built once from the configuration and kept in
 * the root store: the twin (when local), the AWS clients, the fleet ports, the load hosts and where
 * calls go. Closing stops it all, newest first.
 */
final class Suite implements AutoCloseable {

    /** The shutdown hook's thread, so a run ending in it knows the JVM is stopping. */
    static final String SHUTDOWN_THREAD = "scaling-suite-shutdown";

    private final SuiteConfig config;
    private final RunRecord.Target target;
    private final FleetPorts ports;
    private final List<SippHost> loadHosts;
    private final String sipHost;
    private final int sipPort;
    private final TimeScale timeScale;
    private final List<AutoCloseable> resources;
    private final boolean sandboxedLoadHosts;
    private final List<String> writeChecks;
    private final Supplier<List<String>> namesUsed;
    private final Map<String, String> twin;
    /** Scenario runs in progress, ended first when the suite closes (on Ctrl-C, before their SSH goes). */
    private final java.util.Set<AutoCloseable> activeRuns = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param sandboxedLoadHosts the load hosts are sandboxes in their sipp home on a shared machine (an
     *     endpoints file's load host): only SIPp processes under the sipp home are theirs to judge
     * @param writeChecks in a dry run, what the write guard would find (recovery allowed, the run lock's
     *     state); empty in a run, which has passed the guard already
     * @param namesUsed every name of the stack the ports use, one line each with where it came from,
     *     resolving those not resolved yet
     * @param twin what the suite knows of the twin it started ({@code stack-profile}, {@code twin-seed}); empty
     *     when it started none
     */
    Suite(SuiteConfig config, RunRecord.Target target, FleetPorts ports, List<SippHost> loadHosts, String sip,
            TimeScale timeScale, List<AutoCloseable> resources, boolean sandboxedLoadHosts, List<String> writeChecks,
            Supplier<List<String>> namesUsed, Map<String, String> twin) {
        this.twin = new LinkedHashMap<>(twin);
        this.sandboxedLoadHosts = sandboxedLoadHosts;
        this.writeChecks = List.copyOf(writeChecks);
        this.namesUsed = namesUsed;
        this.config = config;
        this.target = target;
        this.ports = ports;
        this.loadHosts = List.copyOf(loadHosts);
        int colon = sip.lastIndexOf(':');
        this.sipHost = colon < 0 ? sip : sip.substring(0, colon);
        this.sipPort = colon < 0 ? 5060 : Integer.parseInt(sip.substring(colon + 1));
        this.timeScale = timeScale;
        this.resources = new ArrayList<>(resources);
    }

    /**
     * Builds the suite from a validated configuration; a shutdown hook closes it on Ctrl-C. Allure's
     * results directory gets the suite's environment and categories.
     */
    static Suite start(SuiteConfig config) {
        Suite suite = SuiteWiring.build(config);
        Runtime.getRuntime().addShutdownHook(new Thread(suite::close, SHUTDOWN_THREAD));
        Path allure = AllureFiles.resultsDir();
        try {
            AllureFiles.write(allure, suite.environment());
        } catch (IOException | RuntimeException e) {
            System.err.println("scaling suite: cannot write Allure's environment and categories into " + allure + ": "
                    + e.getMessage());
        }
        return suite;
    }

    /**
     * What the runs run against, as Allure's Environment widget shows it: the target, the twin's stack profile
     * and seed (when the suite started it), the time scale, region, account, cluster, service and the suite's
     * commit.
     */
    Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("target", target.description());
        environment.putAll(twin);
        environment.put("time-scale", String.valueOf(timeScale.factor()));
        target.region().ifPresent(region -> environment.put("region", region));
        target.account().ifPresent(account -> environment.put("account", account));
        environment.put("cluster", target.service().clusterName());
        environment.put("service", target.service().serviceName());
        environment.put("suite-commit", SuiteCommit.of(Path.of("").toAbsolutePath()));
        return environment;
    }

    SuiteConfig config() { return config; }
    /**
     * {@code local twin (in-process), service voice-agent-poc-cluster/voice-agent-poc-service}, or {@code twin
     * at <file>, service ...} or {@code aws <region>, service ...}: for messages.
     */
    String target() { return target.description() + ", service " + target.service(); }
    /** Where the suite runs, for reports. */
    RunRecord.Target targetInfo() { return target; }
    FleetPorts ports() { return ports; }
    /** The names the stack's metrics and log events go by, from the configuration's {@code telemetry}. */
    Telemetry telemetry() { return config.telemetry().telemetry(); }
    List<SippHost> loadHosts() { return loadHosts; }
    String sipHost() { return sipHost; }
    int sipPort() { return sipPort; }
    TimeScale timeScale() { return timeScale; }
    boolean sandboxedLoadHosts() { return sandboxedLoadHosts; }
    List<String> writeChecks() { return writeChecks; }
    /** {@code cluster: voice-agent-poc-cluster (configuration)}, ...: every name used and where it came from. */
    List<String> namesUsed() { return namesUsed.get(); }

    void started(AutoCloseable run) {
        activeRuns.add(run);
    }

    void ended(AutoCloseable run) {
        activeRuns.remove(run);
    }

    @Override
    public void close() {
        for (AutoCloseable run : List.copyOf(activeRuns)) {
            try {
                run.close(); // ends its calls and writes its reports as ABORTED while SSH and the APIs still work
            } catch (Exception e) {
                System.err.println("scaling suite: ending a scenario run failed: " + e.getMessage());
            }
        }
        activeRuns.clear();
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("scaling suite: closing " + resources.get(i).getClass().getSimpleName()
                        + " failed: " + e.getMessage());
            }
        }
        resources.clear();
    }
}
