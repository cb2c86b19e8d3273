package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.NotMeasuredError;
import dev.scalingsuite.fleet.RegressionAssert;
import dev.scalingsuite.fleet.finding.Missing;
import dev.scalingsuite.fleet.finding.NotMeasured;
import dev.scalingsuite.report.PastRuns;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code regression} step's judgement: this run's KPIs against the baseline run's. A KPI worse than its
 * allowance fails, naming the KPI, both values and the allowance; a baseline run the history does not have,
 * or a KPI the baseline measured and this run did not, is not measured, which fails unless the scenario
 * allows {@code regression} not to be measured ({@code allow-unmeasured}).
 */
final class RegressionCheck {

    private RegressionCheck() {
    }

    /**
     * Fails as above, recording in {@code measurements} whether the comparison was measured; returns what was
     * allowed not to be measured ({@link Measurements#allowed}), or empty.
     *
     * @param missingBaseline what was looked for, when {@code past} has no comparison
     */
    static String check(PastRuns past, Supplier<Missing> missingBaseline,
            Measurements measurements) {
        try {
            if (past.regression().isEmpty()) {
                throw RegressionAssert.noBaseline(missingBaseline.get());
            }
            measurements.regression(Optional.empty());
            RegressionAssert.assertThat(past.regression().get()).isWithinAllowances();
            return "";
        } catch (NotMeasuredError e) {
            NotMeasured notMeasured = e.as(RegressionAssert.CHECK);
            measurements.regression(Optional.of(notMeasured));
            return measurements.failUnlessAllowed("", List.of(notMeasured));
        }
    }
}
