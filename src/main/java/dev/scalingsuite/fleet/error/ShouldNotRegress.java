package dev.scalingsuite.fleet.error;

import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** KPIs of a run were worse than a baseline run's by more than their allowances. */
public final class ShouldNotRegress extends TextMessage {

    private ShouldNotRegress(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * e.g. {@code Expected every KPI within its allowance of baseline run steady-state-2026-12-05-101500 but 1
     * regressed: cold-start.total.p95 121.4 s, baseline 80.9 s (+40.5 s, +50.1 %); allowance +15 s (15 %, at
     * least 15 s: ...) (compared under the same configuration, scenario, task definition, target and time
     * scale)}.
     *
     * @param regressed each regressed KPI, described with both values, the change and the allowance
     * @param comparedUnder what differed from the baseline run, or that nothing did
     */
    public static ErrorMessageFactory shouldNotRegress(String baselineRun, List<String> regressed, String comparedUnder) {
        return new ShouldNotRegress("Expected every KPI within its allowance of baseline run %s but %s regressed: %s "
                + "(compared under %s)", baselineRun, regressed.size(), String.join("; ", regressed), comparedUnder);
    }
}
