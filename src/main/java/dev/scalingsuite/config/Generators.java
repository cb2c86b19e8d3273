package dev.scalingsuite.config;

import dev.scalingsuite.fleet.GeneratorLimits;
import java.util.List;

/**
 * When a load generator counts as saturated ({@code generator.*}, {@link GeneratorLimits}), and whether a run
 * whose generator saturated may still let the build pass ({@code allow-inconclusive}); its outcome is
 * {@code INCONCLUSIVE} either way.
 */
public record Generators(GeneratorLimits limits, boolean allowInconclusive) {

    public static final Generators DEFAULTS = new Generators(GeneratorLimits.DEFAULTS, false);

    /** The lines the effective configuration shows: {@code generator.max-sipp-cpu: 0.95}, ... */
    public List<String> lines() {
        return List.of("generator.max-sipp-cpu: " + limits.maxSippCpu(),
                "generator.max-host-cpu: " + limits.maxHostCpu(),
                "generator.max-watchdog-major: " + limits.maxWatchdogMajor(),
                "generator.max-watchdog-minor: " + limits.maxWatchdogMinor(),
                "generator.max-rate-shortfall: " + limits.maxRateShortfall(),
                "allow-inconclusive: " + allowInconclusive);
    }
}
