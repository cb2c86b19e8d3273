package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.FargatePrices;
import dev.scalingsuite.fleet.RunCost;
import dev.scalingsuite.fleet.TaskSize;
import dev.scalingsuite.fleet.EarliestScaling;
import dev.scalingsuite.config.HistoryConfig;
import dev.scalingsuite.fleet.LongestCall;
import dev.scalingsuite.fleet.PreflightWarning;
import dev.scalingsuite.fleet.RegressionAssert;
import dev.scalingsuite.fleet.ScaleInBound;
import dev.scalingsuite.fleet.ScalingConfiguration;
import dev.scalingsuite.fleet.TargetGroupSettings;
import dev.scalingsuite.history.HistoryStore;
import dev.scalingsuite.load.CallSplit;
import dev.scalingsuite.load.SippHost;
import dev.scalingsuite.scenario.NotBefore;
import dev.scalingsuite.scenario.Scenario;
import dev.scalingsuite.scenario.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run would do, written by a dry run from what it read: the target, every name of the stack it
 * used and where that came from, the run lock it would take, the baseline and what recovery would do
 * about it, each step with its bound in model and wall time, and the load each host would carry.
 */
final class DryRunPlan {

    private final Suite suite;
    private final Scenario scenario;
    private final StringBuilder out = new StringBuilder();

    private DryRunPlan(Suite suite, Scenario scenario) {
        this.suite = suite;
        this.scenario = scenario;
    }

    /** @param reads what {@link Reachability} read, one line per source */
    static String of(Suite suite, Scenario scenario, List<String> reads, List<PreflightWarning> warnings) {
        DryRunPlan plan = new DryRunPlan(suite, scenario);
        ScalingConfiguration config = suite.ports().scaling().configuration();
        TargetGroupSettings targets = suite.ports().targets().settings();
        plan.header(reads, warnings);
        plan.baseline();
        plan.steps(config, targets);
        plan.bounds(config);
        plan.cost();
        plan.history();
        plan.slos();
        plan.load();
        LongestCall longest = LivePreflight.longestCall(scenario, config, targets);
        plan.line("  longest call: " + longest.upTo().map(d -> "up to " + TimeScale.show(d.toSeconds()) + " ("
                + longest.explanation() + ")").orElse("no bound: " + longest.explanation()));
        return plan.out.toString().stripTrailing();
    }

    private void line(String text) {
        out.append(text).append('\n');
    }

    private void header(List<String> reads, List<PreflightWarning> warnings) {
        var target = suite.targetInfo();
        line("scaling suite: DRY RUN of " + scenario.name() + ": nothing was changed; a run would do this");
        line("  target: " + target.description() + target.account().map(a -> ", account " + a)
                .orElse(", account checked against allowed-accounts") + target.region().map(r -> ", region " + r)
                .orElse(""));
        line("  service: " + target.service() + " (cluster/service by name, as every API and the run lock use them)");
        line("  names used:");
        suite.namesUsed().forEach(name -> line("    " + name));
        line("  before changing anything (nothing taken now):");
        suite.writeChecks().forEach(check -> line("    " + check));
        if (!scenario.deploySteps().isEmpty()) {
            line("    allow-deployments: true: step(s) " + String.join(", ", scenario.deploySteps().stream()
                    .map(d -> String.valueOf(d.index())).toList()) + " roll out a new revision of the service's task "
                    + "definition; the run's end deploys the original back");
        }
        line("  read, once each:");
        reads.forEach(r -> line("    " + r));
        line("  preflight: " + (warnings.isEmpty() ? "no known trap" : warnings.size() + " warning(s), above"));
    }

    private void baseline() {
        Baseline baseline = new Baseline(suite);
        List<String> problems = baseline.problems();
        line("  baseline: " + (problems.isEmpty() ? "clean" : "not clean"));
        problems.forEach(p -> line("    - " + p));
        line("    recovery would: " + String.join("; ", baseline.wouldRecover(problems)));
    }

    private void steps(ScalingConfiguration config, TargetGroupSettings targets) {
        line("  steps (model time; wall time at time scale " + suite.timeScale().factor() + "):");
        List<SippHost> hosts = suite.loadHosts();
        for (Step step : scenario.steps()) {
            String what;
            if (step instanceof Step.PlaceCalls p) {
                Duration pacing = p.period().multipliedBy((p.count() + p.rate() - 1) / p.rate());
                List<CallSplit.Share> shares = split(hosts, p);
                what = p.count() + " calls from " + (shares.size() == 1 ? host(hosts.get(shares.get(0).host()))
                        : String.join(", ", shares.stream().map(s -> s.count() + " from " + host(hosts.get(s.host())))
                                .toList())) + ", placed over " + times(pacing);
            } else if (step instanceof Step.Expect e && e.scaleInPolicy()) {
                what = ScaleInBound.of(config, targets, config.maxCapacity())
                        .map(b -> "at most " + times(b.model()) + " from the live policy at the fullest fleet ("
                                + b.explanation() + "); derived again from the desired count when the step starts")
                        .orElse("no bound: the live configuration has no scale-in policy, so the step would fail");
            } else if (step instanceof Step.Expect e) {
                what = "at most " + times(e.within());
            } else if (step instanceof Step.Hold h) {
                what = "exactly " + times(h.duration());
            } else if (step instanceof Step.EndCalls e) {
                what = "INFO to end the " + e.count() + " oldest calls, then BYE from their callers";
            } else if (step instanceof Step.Deploy) {
                what = "RegisterTaskDefinition of the live revision with that change, then UpdateService to it";
            } else {
                what = "INFO to every SIPp instance, then BYE from the callers";
            }
            if (step instanceof Step.Expect e && e.notBefore().isPresent()) {
                what += "; " + notBefore(e.notBefore().get(), config);
            }
            line(String.format(Locale.ROOT, "    %2d. %-60s %s", step.index(), step.describe(), what));
        }
    }

    /** How a step's not-before is bounded: from its start, or by the live policy, each path with its rule. */
    private String notBefore(NotBefore notBefore, ScalingConfiguration config) {
        return notBefore.policy().map(p -> "not before " + p.words() + ": " + EarliestScaling.describe(config,
                NotBeforeCheck.direction(p)) + "; from the alarm metric's datapoints when the step runs")
                .orElseGet(() -> "not before " + times(notBefore.duration()) + " from the step's start");
    }

    /**
     * The run's bounds with where each was set, and whether the steps could outlast the run time: the
     * longest each {@code expect} and {@code hold} can take, added up (a scale-in-policy bound at the fullest fleet).
     */
    private void bounds(ScalingConfiguration config) {
        var bounds = suite.config().bounds();
        line("  bounds (model time; reaching either ends the run, ABORTED, the orderly way):");
        Duration steps = Duration.ZERO;
        boolean unbounded = false;
        for (Step step : scenario.steps()) {
            if (step instanceof Step.Expect e && e.scaleInPolicy()) {
                var bound = ScaleInBound.of(config, suite.ports().targets().settings(), config.maxCapacity());
                unbounded |= bound.isEmpty();
                steps = steps.plus(bound.map(ScaleInBound::model).orElse(Duration.ZERO));
            } else if (step instanceof Step.Expect e) {
                steps = steps.plus(e.within());
            } else if (step instanceof Step.Hold h) {
                steps = steps.plus(h.duration());
            }
        }
        String sum = (unbounded ? "the bounded steps" : "the steps' bounds") + " add up to "
                + TimeScale.show(steps.toSeconds());
        line("    " + bounds.lines().get(0) + "; " + sum + (steps.compareTo(bounds.maxRunTime()) > 0
                ? ": a run whose steps take that long is cut by it" : ""));
        line("    " + bounds.lines().get(1));
    }

    /**
     * What a task-hour of the service's task definition costs at the prices the run would use, or why the run's
     * cost would not be measured: a region without a price is found here, before a run.
     */
    private void cost() {
        FargatePrices prices;
        try {
            prices = suite.config().pricing().forRegion(suite.targetInfo().region());
        } catch (IllegalStateException e) {
            line("  cost: not measured: " + e.getMessage());
            return;
        }
        String taskDefinition = suite.ports().ecs().service().taskDefinition();
        String size;
        try {
            TaskSize task = suite.ports().ecs().taskSize(taskDefinition);
            size = Rollouts.revisionName(taskDefinition) + ": " + task.show() + ", " + RunCost.dollars(prices.perHour(task))
                    + " per task-hour";
        } catch (RuntimeException e) {
            size = "not measured: " + e.getMessage();
        }
        line("  cost: at " + prices.show() + "; the service's task definition " + size);
    }

    /** Where the run would be remembered, and the baseline run it would be compared with, if one is asked for. */
    private void history() {
        HistoryConfig config = suite.config().history();
        HistoryStore store = new HistoryStore(HistoryKeeper.dir(config));
        line("  run history: " + store.dir().toAbsolutePath().normalize() + " (" + store.runsOf(scenario.name()).size()
                + " run(s) of " + scenario.name() + ")");
        config.baseline().ifPresent(asked -> line("    baseline " + asked + ": " + store.baseline(asked, scenario.name(), "")
                .map(e -> "run " + e.id() + " (" + e.outcome() + "), compared with in a regression step after the "
                        + "thresholds")
                .orElseGet(() -> RegressionAssert.noBaseline(store.missingBaseline(asked, scenario.name())).getMessage()
                        + " (the regression step would fail unless the scenario allows it)")));
    }

    /** The SLOs the run would judge after the thresholds, each with where it was set; nothing when none. */
    private void slos() {
        if (scenario.slos().isEmpty()) {
            return;
        }
        line("  SLOs (judged in a slos step after the thresholds; critical fails the run, warning is reported):");
        scenario.slos().forEach(slo -> line("    " + slo.kpi().key() + ": warning " + slo.showWarning() + ", critical "
                + slo.showCritical() + " (" + slo.source() + ")"));
    }

    private void load() {
        List<SippHost> hosts = suite.loadHosts();
        Map<String, Integer> calls = new LinkedHashMap<>();
        Map<String, List<Integer>> steps = new LinkedHashMap<>();
        hosts.forEach(h -> {
            calls.put(host(h), 0);
            steps.put(host(h), new ArrayList<>());
        });
        for (Step step : scenario.steps()) {
            if (step instanceof Step.PlaceCalls p) {
                for (CallSplit.Share share : split(hosts, p)) {
                    String host = host(hosts.get(share.host()));
                    calls.merge(host, share.count(), Integer::sum);
                    steps.get(host).add(p.index());
                }
            }
        }
        line("  load per host:");
        calls.forEach((host, n) -> line("    " + host + ": " + n + " calls in " + steps.get(host).size()
                + " SIPp instance(s)" + (steps.get(host).isEmpty() ? "" : " (steps " + String.join(", ",
                        steps.get(host).stream().map(String::valueOf).toList()) + ")")));
    }

    /** How a place-calls step's calls are split over the hosts by weight, as the run would place them. */
    private static List<CallSplit.Share> split(List<SippHost> hosts, Step.PlaceCalls p) {
        return CallSplit.of(hosts.stream().map(SippHost::weight).toList(), p.count(), p.rate(), p.period(),
                p.limit().orElse(p.count()));
    }

    private static String host(SippHost host) {
        return host.access().host() + ":" + host.access().port();
    }

    /** A model duration and the wall time it takes at the suite's time scale. */
    private String times(Duration model) {
        double wallSeconds = suite.timeScale().wall(model).toMillis() / 1000.0;
        String wall = wallSeconds < 60 ? String.format(Locale.ROOT, "%.1fs", wallSeconds)
                : TimeScale.show(wallSeconds);
        return TimeScale.show(model.toSeconds()) + " (" + wall + " wall)";
    }
}
