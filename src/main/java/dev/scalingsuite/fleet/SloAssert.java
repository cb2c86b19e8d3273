package dev.scalingsuite.fleet;

import dev.scalingsuite.fleet.finding.Missing;
import dev.scalingsuite.fleet.finding.NotMeasured;
import dev.scalingsuite.fleet.finding.Source;
import java.util.List;
import java.util.Optional;

/**
 * The judgement of a run's SLOs ({@link Slo}): a KPI beyond its critical bound fails, naming the KPI, its value
 * and both bounds; then a KPI the run did not measure is not measured ({@link NotMeasuredError}) under the check
 * key {@value #CHECK}, which a scenario may allow ({@code allow-unmeasured}). A warning never fails: the caller
 * reports it.
 * <pre>
 * SloAssert.assertNoneCritical(Slo.judge(scenario.slos(), kpis));
 * </pre>
 */
public final class SloAssert {

    /** The key of the SLOs as a check: what {@code allow-unmeasured} lists to allow a KPI of theirs not measured. */
    public static final String CHECK = "slos";

    private SloAssert() {
    }

    /**
     * Fails with {@code slo: <describe>; <describe>} naming every SLO at critical, e.g. {@code slo: connect.p95
     * 2600 ms > critical 2500 ms (warning 1500 ms)}; else with every SLO not measured ({@link #notMeasured}).
     */
    public static void assertNoneCritical(List<Slo.Result> results) {
        List<String> critical = of(results, Slo.Level.CRITICAL).stream().map(Slo.Result::describe).toList();
        if (!critical.isEmpty()) {
            throw new AssertionError("slo: " + String.join("; ", critical));
        }
        Optional<NotMeasured> notMeasured = notMeasured(results);
        if (notMeasured.isPresent()) {
            throw new NotMeasuredError(notMeasured.get());
        }
    }

    /**
     * The SLOs whose KPI the run did not measure, as one check not measured, e.g. {@code not measured: slos: no
     * connect.p95 in this run (no call was placed)}; empty when every KPI was measured.
     */
    public static Optional<NotMeasured> notMeasured(List<Slo.Result> results) {
        List<Slo.Result> not = of(results, Slo.Level.NOT_MEASURED);
        return not.isEmpty() ? Optional.empty() : Optional.of(new NotMeasured(CHECK, not.stream()
                .map(r -> new Missing(Source.KPIS, r.slo().kpi().key(), "this run (" + r.reading().notMeasured() + ")",
                        "")).toList()));
    }

    /** The results at {@code level}, in order. */
    public static List<Slo.Result> of(List<Slo.Result> results, Slo.Level level) {
        return results.stream().filter(r -> r.level() == level).toList();
    }
}
