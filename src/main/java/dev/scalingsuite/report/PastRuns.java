package dev.scalingsuite.report;

import dev.scalingsuite.fleet.Kpis;
import dev.scalingsuite.fleet.Regression;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the run history says about a run, for its reports: its KPIs against a baseline run's (when one was
 * asked for), and the KPIs of the last runs of its scenario, this one last, for the trends.
 *
 * @param regression the comparison with the baseline run; empty when none was asked for or none was found
 * @param noBaseline when a baseline run was asked for and the history has none: the not-measured message
 *     saying what was looked for where; empty otherwise
 * @param trend the last runs of the scenario, oldest first, this run last; empty without a run history
 */
public record PastRuns(Optional<Regression> regression, String noBaseline, List<Run> trend) {

    /** A run with no history: nothing compared, no trend. */
    public static final PastRuns NONE = new PastRuns(Optional.empty(), "", List.of());

    public PastRuns {
        trend = List.copyOf(trend);
    }

    /** One run of the trend: its id, when it started, its outcome and its KPIs. */
    public record Run(String id, Instant startedAt, String outcome, Kpis kpis) {
    }

    /** Whether a baseline run was asked for: there is a comparison, or a reason there is none. */
    public boolean baselineAsked() {
        return regression.isPresent() || !noBaseline.isEmpty();
    }
}
