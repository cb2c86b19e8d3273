package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.FleetPorts;
import dev.scalingsuite.fleet.LongestCall;
import dev.scalingsuite.fleet.Preflight;
import dev.scalingsuite.fleet.PreflightWarning;
import dev.scalingsuite.fleet.ScaleInBound;
import dev.scalingsuite.fleet.ScalingConfiguration;
import dev.scalingsuite.fleet.TargetGroupSettings;
import dev.scalingsuite.scenario.LongestCalls;
import dev.scalingsuite.scenario.ScaleInSteps;
import dev.scalingsuite.scenario.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The preflight on the live configuration, for the scenario about to run. */
final class LivePreflight {

    static final String NOT_RUN = "preflight-not-run";

    private LivePreflight() {
    }

    /**
     * The warnings; when the configuration cannot be read, one warning saying so, since the baseline
     * that follows reads the same configuration and stops the run with the error.
     */
    static List<PreflightWarning> of(Suite suite, Scenario scenario) {
        FleetPorts ports = suite.ports();
        ScalingConfiguration config;
        TargetGroupSettings targets;
        try {
            config = ports.scaling().configuration();
            targets = ports.targets().settings();
        } catch (RuntimeException e) {
            return List.of(new PreflightWarning(NOT_RUN, "reading the live configuration failed: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), "no trap could be checked",
                    "make the configuration readable (see the error that follows)"));
        }
        return Preflight.lint(config, targets, longestCall(scenario, config, targets),
                Optional.of(assumedExpiry(suite)), ScaleInSteps.withCallsUp(scenario));
    }

    /**
     * How long protection lasts when the task definition does not say: {@code protection-expiry} when
     * configured, else what the deployed agent hard-codes (its task definition states nothing).
     */
    static Preflight.AssumedExpiry assumedExpiry(Suite suite) {
        return suite.config().protectionExpiry()
                .map(d -> new Preflight.AssumedExpiry((int) d.toMinutes(), "protection-expiry as configured"))
                .orElseGet(() -> new Preflight.AssumedExpiry(Preflight.DEPLOYED_PROTECTION_EXPIRY_MINUTES,
                        "the deployed agent's hard-coded PROTECTION_EXPIRY_MINUTES, the default of protection-expiry"));
    }

    /** The scenario's longest call, with {@code within: scale-in-policy} bounded from the fullest fleet. */
    static LongestCall longestCall(Scenario scenario, ScalingConfiguration config, TargetGroupSettings targets) {
        Optional<Duration> scaleIn = ScaleInBound.of(config, targets, config.maxCapacity()).map(ScaleInBound::model);
        return LongestCalls.of(scenario, scaleIn);
    }

    /** What the console shows at the start of a scenario class. */
    static String show(String scenario, List<PreflightWarning> warnings) {
        if (warnings.isEmpty()) {
            return "scaling suite: preflight of " + scenario + ": no known trap in the live configuration";
        }
        StringBuilder text = new StringBuilder("scaling suite: preflight of " + scenario + ": " + warnings.size()
                + " warning(s); they do not fail the run");
        warnings.forEach(w -> text.append("\n  WARNING ").append(w));
        return text.toString();
    }
}
