package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.NotMeasuredError;
import dev.scalingsuite.fleet.Slo;
import dev.scalingsuite.fleet.SloAssert;
import dev.scalingsuite.fleet.finding.NotMeasured;
import java.util.List;
import java.util.Optional;

/**
 * The {@code slos} step's judgement: each SLO of the scenario on the run's KPIs. A KPI beyond its critical bound
 * fails, naming the KPI, its value and both bounds; a KPI the run did not measure is not measured, which fails
 * unless the scenario allows {@code slos} not to be measured ({@code allow-unmeasured}); a warning never fails.
 */
final class SloCheck {

    private SloCheck() {
    }

    /**
     * Fails as above, recording in {@code measurements} whether every KPI was measured; returns what was allowed
     * not to be measured ({@link Measurements#allowed}), or empty.
     */
    static String check(List<Slo.Result> results, Measurements measurements) {
        Optional<NotMeasured> notMeasured = SloAssert.notMeasured(results);
        measurements.slos(notMeasured);
        try {
            SloAssert.assertNoneCritical(results);
            return "";
        } catch (NotMeasuredError e) {
            return measurements.failUnlessAllowed("", notMeasured.stream().toList());
        }
    }

    /** {@code 1 critical, 1 warning, 0 not measured, 2 OK}: the step's actual. */
    static String summary(List<Slo.Result> results) {
        return SloAssert.of(results, Slo.Level.CRITICAL).size() + " critical, "
                + SloAssert.of(results, Slo.Level.WARNING).size() + " warning, "
                + SloAssert.of(results, Slo.Level.NOT_MEASURED).size() + " not measured, "
                + SloAssert.of(results, Slo.Level.OK).size() + " OK";
    }
}
