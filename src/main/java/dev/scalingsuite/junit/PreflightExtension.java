package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.PreflightWarning;
import dev.scalingsuite.scenario.Scenario;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * Before the baseline: lints the live configuration for known traps and shows the warnings, which
 * never fail the run. In a dry run it first reads every source once (an unreachable one fails the
 * class, naming it), then prints and publishes the plan of what a run would do.
 */
public final class PreflightExtension implements BeforeAllCallback {

    private static final Namespace NAMESPACE = Namespace.create(PreflightExtension.class);
    private static final String WARNINGS = "warnings";

    @Override
    public void beforeAll(ExtensionContext context) {
        Suite suite = SuiteExtension.suite(context);
        Scenario scenario = ScenarioExtension.scenario(context);
        boolean dryRun = suite.config().dryRun();
        List<String> reads = dryRun ? Reachability.check(suite) : List.of();
        List<PreflightWarning> warnings = LivePreflight.of(suite, scenario);
        context.getStore(NAMESPACE).put(WARNINGS, warnings);
        String shown = LivePreflight.show(scenario.name(), warnings);
        System.out.println(shown);
        context.publishReportEntry("preflight", shown);
        if (dryRun) {
            String plan = DryRunPlan.of(suite, scenario, reads, warnings);
            System.out.println(plan);
            context.publishReportEntry("plan", plan);
        }
    }

    /** The warnings of the class's preflight; empty when it has not run. */
    @SuppressWarnings("unchecked")
    static List<PreflightWarning> warnings(ExtensionContext context) {
        List<PreflightWarning> warnings = context.getStore(NAMESPACE).get(WARNINGS, List.class);
        return warnings == null ? List.of() : warnings;
    }
}
