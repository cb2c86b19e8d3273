package dev.scalingsuite.junit;

import dev.scalingsuite.config.SuiteConfig;
import dev.scalingsuite.scenario.Scenario;
import dev.scalingsuite.scenario.Step;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A scenario's {@code deploy} steps register a new revision of the service's task definition and roll
 * it out: a change an operator must agree to. Allowed on a twin; against {@code target: aws} only with
 * {@code allow-deployments: true}. Checked from the configuration and the scenario alone, before the
 * suite reaches anything remote.
 */
final class DeployPermission {

    private DeployPermission() {
    }

    /** @throws AssertionError naming the steps and what to set; nothing has been changed */
    static void check(SuiteConfig config, Scenario scenario) {
        List<Step.Deploy> deploys = scenario.deploySteps();
        if (deploys.isEmpty() || config.allowDeployments()) {
            return;
        }
        String steps = deploys.stream().map(d -> "step " + d.index() + " (" + d.describe() + ")")
                .collect(Collectors.joining(", "));
        throw new AssertionError("Scenario " + scenario.name() + " deploys: " + steps + " registers a new revision "
                + "of the service's task definition and rolls it out, and allow-deployments is false (the default "
                + "for target aws), so the suite changes nothing. Set allow-deployments: true (in config.yaml, or "
                + "-Dscaling.allow-deployments=true) once a rolling deployment of this service during the run is "
                + "acceptable; the run deploys the original task definition back when it ends.");
    }
}
