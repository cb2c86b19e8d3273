package dev.scalingsuite.junit;

import dev.scalingsuite.config.SuiteConfig;
import dev.scalingsuite.fleet.Timeline;
import dev.scalingsuite.monitor.FleetMonitor;
import dev.scalingsuite.monitor.PollIntervals;
import dev.scalingsuite.scenario.Scenario;
import dev.scalingsuite.scenario.Scenarios;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Loads the class's scenario, starts its monitors and its load driver, and hands the
 * {@link ScenarioRun} to the steps. After the class it ends the scenario's calls, stops the monitors
 * and prints the verdict; the run lives in the class store, so it is closed even after a failure.
 * In a dry run it starts nothing: the steps are reported as aborted and other test methods disabled.
 */
public final class ScenarioExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver,
        ExecutionCondition {

    private static final Namespace NAMESPACE = Namespace.create(ScenarioExtension.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss")
            .withZone(ZoneOffset.UTC);

    @Override
    public void beforeAll(ExtensionContext context) {
        Suite suite = SuiteExtension.suite(context);
        Scenario scenario = scenario(context);
        if (suite.config().dryRun()) {
            context.getStore(NAMESPACE).put(StepTests.class, new DryRunSteps(scenario));
            return;
        }
        Path runDir = suite.config().reportsDir().resolve(scenario.name() + "-" + STAMP.format(Clock.systemUTC().instant()));
        Timeline timeline = Timeline.writingTo(runDir.resolve("timeline.ndjson"));
        TimeScale scale = suite.timeScale();
        var poll = suite.config().poll();
        FleetMonitor monitor = new FleetMonitor(suite.ports(), new PollIntervals(scale.wall(poll.ecs()),
                scale.wall(poll.metrics()), scale.wall(poll.sessions()), scale.wall(poll.targets()),
                scale.wall(poll.logs()), scale.wall(poll.activities())), timeline, Clock.systemUTC(),
                scale.wall(Duration.ofSeconds(90)));
        LoadDriver load = new LoadDriver(suite.loadHosts(), suite.sipHost(), suite.sipPort());
        ScenarioRun run = new ScenarioRun(scenario, suite, timeline, monitor, load, runDir,
                PreflightExtension.warnings(context));
        context.getStore(NAMESPACE).put(ScenarioRun.class, run);
        context.getStore(NAMESPACE).put(StepTests.class, run);
        System.out.println("scaling suite: " + scenario.name() + " against " + suite.target() + " at time scale "
                + scale.factor() + "; timeline in " + runDir.resolve("timeline.ndjson"));
    }

    /** Loads and validates the class's scenario before anything is started; kept in the class store. */
    static Scenario load(ExtensionContext context, SuiteConfig config) {
        Scenario scenario = scenario(context, config);
        context.getStore(NAMESPACE).put(Scenario.class, scenario);
        return scenario;
    }

    /** The class's scenario, loaded and validated by {@link #load}. */
    static Scenario scenario(ExtensionContext context) {
        return context.getStore(NAMESPACE).get(Scenario.class, Scenario.class);
    }

    private static Scenario scenario(ExtensionContext context, SuiteConfig config) {
        String name = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), ScalingScenario.class)
                .map(ScalingScenario::value).filter(v -> !v.isBlank())
                .or(() -> config.scenario())
                .orElseThrow(() -> new IllegalStateException(context.getRequiredTestClass().getSimpleName()
                        + " names no scenario: write @ScalingScenario(\"steady-state\") or pass -Dscaling.scenario=NAME"));
        return Scenarios.in(Path.of("").toAbsolutePath()).load(name);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ScenarioRun run = context.getStore(NAMESPACE).get(ScenarioRun.class, ScenarioRun.class);
        if (run == null) {
            return;
        }
        try {
            run.close();
        } finally {
            context.getStore(NAMESPACE).remove(ScenarioRun.class);
            context.getStore(NAMESPACE).remove(StepTests.class);
            System.out.println(Verdict.of(run));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ScenarioRun.class || type == StepTests.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return context.getStore(NAMESPACE).get(type, type);
    }

    /** In a dry run only the steps' factory runs (to report each step as aborted); other tests would need a run. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean dryRun = context.getTestMethod().isPresent() && Optional.ofNullable(context.getRoot()
                .getStore(SuiteExtension.NAMESPACE).get(SuiteConfig.class, SuiteConfig.class))
                .map(SuiteConfig::dryRun).orElse(false);
        boolean steps = context.getTestMethod().map(m -> m.getName().equals("scenarioSteps")).orElse(false);
        return dryRun && !steps ? ConditionEvaluationResult.disabled(DryRunSteps.REASON)
                : ConditionEvaluationResult.enabled("not a dry run, or the scenario's steps");
    }
}
