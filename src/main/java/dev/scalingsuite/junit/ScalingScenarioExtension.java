package dev.scalingsuite.junit;

import dev.scalingsuite.config.ConfigLookup;
import dev.scalingsuite.config.SuiteConfig;
import dev.scalingsuite.fleet.PreflightWarning;
import dev.scalingsuite.scenario.Scenario;
import dev.scalingsuite.scenario.ScenarioLoader;
import dev.scalingsuite.scenario.Scenarios;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link ScalingScenario}. Before the class, in this order: the configuration
 * (parsed once per launcher run), the class's scenario (both validated completely before anything
 * starts, and a scenario that deploys refused unless deployments are allowed), the resources (twin, AWS clients, load hosts: once per launcher run), the preflight,
 * Allure's history carried from the run history (once per launcher run), the baseline, then the run
 * (monitors, load). Everything it starts is an {@link AutoCloseable} in the
 * store, which closes it: the run after its class, printing the verdict; the suite at the end of the
 * launcher run, or on Ctrl-C by a shutdown hook.
 */
public final class ScalingScenarioExtension implements BeforeAllCallback, ParameterResolver, ExecutionCondition {

    /** The report entry that names a run's directory when it starts, so a launcher (a series) finds its reports. */
    public static final String REPORTS_ENTRY = "reports";

    @Override
    public void beforeAll(ExtensionContext context) {
        SuiteConfig config = configuration(context);
        Scenario scenario = scenario(context, config);
        DeployPermission.check(config, scenario);
        Suite suite = ScenarioStore.inRoot(context, ScenarioStore.SUITE, () -> Suite.start(config));
        List<PreflightWarning> warnings = preflight(context, suite, scenario);
        if (config.dryRun()) {
            ScenarioStore.putInClass(context, ScenarioStore.STEPS, new DryRunSteps(scenario));
            return;
        }
        ScenarioStore.inRoot(context, ScenarioStore.ALLURE_HISTORY, () -> AllureHistoryCarry.carry(config));
        new Baseline(suite).enforce();
        RunContext started = RunContext.start(suite, scenario, warnings);
        context.publishReportEntry(REPORTS_ENTRY, started.runDir().toAbsolutePath().toString());
        ScenarioRun run = ScenarioRun.start(started, context.getConfigurationParameter(Matrix.CELL_PARAMETER));
        ScenarioStore.putInClass(context, ScenarioStore.RUN, run);
        ScenarioStore.putInClass(context, ScenarioStore.STEPS, run);
    }

    /**
     * Parsed once per launcher run. A JUnit configuration parameter {@code scaling.<key>} wins over
     * the system property of the same name: a parameter given to the launcher (an IDE run, the engine
     * test kit) is meant for this run, while a system property may be inherited from the shell. The twin
     * settings a matrix cell gives as parameters are listed by the cell (they cannot be asked for by a name
     * known in advance); a cell against AWS or a standalone twin keeps as many of the load hosts as its
     * {@code hosts} says.
     */
    private static SuiteConfig configuration(ExtensionContext context) {
        return ScenarioStore.inRoot(context, ScenarioStore.CONFIG,
                () -> Matrix.withCellHosts(SuiteConfig.load(Path.of("").toAbsolutePath(),
                        ConfigLookup.systemPropertiesThen(context::getConfigurationParameter).listing(
                                Matrix.listedParameters(context::getConfigurationParameter))),
                        context::getConfigurationParameter));
    }

    /** The class's scenario, loaded and validated before anything is started. */
    private static Scenario scenario(ExtensionContext context, SuiteConfig config) {
        Class<?> testClass = context.getRequiredTestClass();
        String name = AnnotationSupport.findAnnotation(testClass, ScalingScenario.class)
                .map(ScalingScenario::value).filter(v -> !v.isBlank())
                .or(config::scenario)
                .orElseThrow(() -> new ExtensionConfigurationException(testClass.getSimpleName()
                        + " names no scenario: write @ScalingScenario(\"steady-state\") or pass -Dscaling.scenario=NAME"));
        return withSharedSlos(Scenarios.in(Path.of("").toAbsolutePath()).load(name), config);
    }

    /**
     * The scenario with the shared SLO file's SLOs ({@code slos-file}), those its own {@code slos:} sets kept; as
     * it is, when no SLO file is named.
     */
    static Scenario withSharedSlos(Scenario scenario, SuiteConfig config) {
        return config.slosFile().map(file -> scenario.withSharedSlos(ScenarioLoader.loadSlos(
                Path.of("").toAbsolutePath().resolve(file), file.toString()))).orElse(scenario);
    }

    /**
     * Lints the live configuration for known traps and shows the warnings, which never fail the run.
     * A dry run first reads every source once (an unreachable one fails the class, naming it), then
     * prints and publishes the plan of what a run would do.
     */
    private static List<PreflightWarning> preflight(ExtensionContext context, Suite suite, Scenario scenario) {
        boolean dryRun = suite.config().dryRun();
        List<String> reads = dryRun ? Reachability.check(suite) : List.of();
        List<PreflightWarning> warnings = LivePreflight.of(suite, scenario);
        String shown = LivePreflight.show(scenario.name(), warnings);
        System.out.println(shown);
        context.publishReportEntry("preflight", shown);
        if (dryRun) {
            String plan = DryRunPlan.of(suite, scenario, reads, warnings);
            System.out.println(plan);
            context.publishReportEntry("plan", plan);
        }
        return warnings;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ScenarioRun.class || type == StepTests.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ScenarioStore.Key<?> key = parameter.getParameter().getType() == ScenarioRun.class
                ? ScenarioStore.RUN : ScenarioStore.STEPS;
        return ScenarioStore.inClass(context, key).orElseThrow(() -> new ExtensionConfigurationException(
                "No scenario run for " + parameter.getParameter() + ": a dry run has steps only, and a scenario "
                        + "class gets them after its setup; take StepTests in the steps' factory"));
    }

    /**
     * In a dry run only the steps' factory runs (to report each step as aborted); the class's other
     * tests would need a run. The steps are recognised by their declaring type, {@link ScenarioSteps}.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean dryRun = context.getTestMethod().isPresent()
                && ScenarioStore.inRoot(context, ScenarioStore.CONFIG).map(SuiteConfig::dryRun).orElse(false);
        boolean steps = context.getTestMethod().map(m -> m.getDeclaringClass() == ScenarioSteps.class).orElse(false);
        return dryRun && !steps ? ConditionEvaluationResult.disabled(DryRunSteps.REASON)
                : ConditionEvaluationResult.enabled("not a dry run, or the scenario's steps");
    }
}
