package dev.scalingsuite.fleet;

import static dev.scalingsuite.fleet.error.ShouldNotRegress.shouldNotRegress;

import dev.scalingsuite.fleet.finding.Missing;
import dev.scalingsuite.fleet.finding.NotMeasured;
import dev.scalingsuite.fleet.finding.Source;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a run's KPIs against a baseline run's ({@link Regression}):
 * <pre>
 * assertThat(Regression.compare("steady-state-2026-12-05-101500", baseline, kpis, differences))
 *         .isWithinAllowances();
 * </pre>
 * A KPI worse than its allowance fails, naming the KPI, both values and the allowance; then a KPI the
 * baseline measured and this run did not is not measured ({@link NotMeasuredError}) under the check key
 * {@value #CHECK}, which a scenario may allow ({@code allow-unmeasured}).
 */
public final class RegressionAssert extends AbstractAssert<RegressionAssert, Regression> {

    /** The key of the comparison as a check: what {@code allow-unmeasured} lists to allow it not measured. */
    public static final String CHECK = "regression";

    private RegressionAssert(Regression regression) {
        super(regression, RegressionAssert.class);
    }

    public static RegressionAssert assertThat(Regression regression) {
        return new RegressionAssert(regression);
    }

    /** No KPI is worse than its allowance, and every KPI the baseline measured was measured. */
    public RegressionAssert isWithinAllowances() {
        isNotNull();
        if (!actual.regressed().isEmpty()) {
            throw assertionError(shouldNotRegress(actual.baselineRun(), actual.regressed().stream()
                    .map(Regression.Change::describe).toList(), actual.comparedUnder()));
        }
        if (!actual.notMeasured().isEmpty()) {
            throw new NotMeasuredError(new NotMeasured(CHECK, actual.notMeasured().stream()
                    .map(c -> new Missing(Source.HISTORY, c.kpi().key(), "this run (" + c.why().substring(
                            "this run did not measure it: ".length()) + "), which baseline run " + actual.baselineRun()
                            + " measured (" + c.kpi().unit().show(c.baseline().getAsDouble()) + ")", ""))
                    .toList()));
        }
        return this;
    }

    /**
     * The comparison cannot be made: the run history has no baseline run, as {@code missing} says; fails as not
     * measured, e.g. {@code not measured: regression: no PASSED run of steady-state before this one in the run
     * history /work/scaling-history}.
     */
    public static NotMeasuredError noBaseline(Missing missing) {
        return new NotMeasuredError(new NotMeasured(CHECK, missing));
    }
}
