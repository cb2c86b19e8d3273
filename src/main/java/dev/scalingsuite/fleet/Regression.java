package dev.scalingsuite.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * A run's KPIs against those of a baseline run of the same scenario: per KPI both values, the change, the
 * allowance ({@link RegressionAllowances}) and a verdict. {@code differences} says what differed between
 * the two runs besides the stack's behaviour (the live scaling configuration, the scenario file, the task
 * definition, the target, the time scale), and every comparison carries it: a KPI that moved under a
 * changed configuration is no regression of the same stack.
 *
 * @param baselineRun the baseline run's id
 * @param differences each difference in one phrase, e.g. {@code the live scaling configuration (hash
 *     1a2b3c4d, the baseline's 9f8e7d6c)}; empty when none
 */
public record Regression(String baselineRun, List<String> differences, List<Change> changes) {

    public Regression {
        differences = List.copyOf(differences);
        changes = List.copyOf(changes);
    }

    /** How one KPI compared. */
    public enum Verdict {
        /** Within its allowance, or better. */
        WITHIN,
        /** Worse by more than its allowance: fails the run. */
        REGRESSED,
        /** The baseline run measured it and this run did not: it cannot be judged, which fails unless allowed. */
        NOT_MEASURED,
        /** The baseline run did not measure it: there is nothing to compare with. */
        NOT_COMPARED,
        /** Shown, never judged ({@link Allowance#reportedOnly}). */
        REPORTED
    }

    /**
     * One KPI of both runs.
     *
     * @param why for a KPI not measured or not compared, what was missing
     */
    public record Change(Kpi kpi, OptionalDouble baseline, OptionalDouble value, Allowance allowance, Verdict verdict,
            String why) {

        /** This run's value less the baseline's; empty unless both were measured. */
        public OptionalDouble change() {
            return both(b -> value.getAsDouble() - b);
        }

        /** The change as a share of the baseline's value, in percent; empty when the baseline's is 0. */
        public OptionalDouble percent() {
            return baseline.isPresent() && baseline.getAsDouble() != 0 ? both(b -> (value.getAsDouble() - b) / Math.abs(b)
                    * 100) : OptionalDouble.empty();
        }

        /** The change allowed the worse way, in the KPI's unit; empty when the baseline did not measure it. */
        public OptionalDouble allowed() {
            return allowance.judged() && baseline.isPresent() ? OptionalDouble.of(allowance.allowed(baseline.getAsDouble()))
                    : OptionalDouble.empty();
        }

        private OptionalDouble both(Function<Double, Double> of) {
            return baseline.isPresent() && value.isPresent() ? OptionalDouble.of(of.apply(baseline.getAsDouble()))
                    : OptionalDouble.empty();
        }

        /**
         * {@code cold-start.total.p95 121.4 s, baseline 80.9 s (+40.5 s, +50.1 %); allowance +15 s (15 %, at least
         * 15 s: ...)}.
         */
        public String describe() {
            Kpi.Unit unit = kpi.unit();
            String now = value.isPresent() ? unit.show(value.getAsDouble()) : "not measured";
            String then = baseline.isPresent() ? unit.show(baseline.getAsDouble()) : "not measured";
            String text = kpi.key() + " " + now + ", baseline " + then;
            if (change().isPresent()) {
                double d = change().getAsDouble();
                text += " (" + (d >= 0 ? "+" : "-") + unit.show(Math.abs(d))
                        + (percent().isPresent() ? ", " + signed(percent().getAsDouble()) + " %" : "") + ")";
            }
            if (baseline.isPresent()) {
                text += "; allowance " + allowance.describe(kpi, baseline.getAsDouble());
            }
            return why.isEmpty() ? text : text + "; " + why;
        }

        private static String signed(double percent) {
            double rounded = Math.round(percent * 10) / 10.0;
            return (rounded >= 0 ? "+" : "") + (rounded == Math.rint(rounded) ? String.valueOf((long) rounded)
                    : String.valueOf(rounded));
        }
    }

    /**
     * Compares every KPI of {@code current} with {@code baseline}'s under its allowance: worse by more than it
     * allows is {@link Verdict#REGRESSED}; measured by the baseline and not now, {@link Verdict#NOT_MEASURED}.
     */
    public static Regression compare(String baselineRun, Kpis baseline, Kpis current, List<String> differences) {
        List<Change> changes = new ArrayList<>();
        for (Kpi kpi : Kpi.values()) {
            changes.add(change(kpi, baseline.get(kpi), current.get(kpi)));
        }
        return new Regression(baselineRun, differences, changes);
    }

    private static Change change(Kpi kpi, Kpis.Reading then, Kpis.Reading now) {
        Allowance allowance = RegressionAllowances.of(kpi);
        if (!then.measured()) {
            return new Change(kpi, then.value(), now.value(), allowance, allowance.judged() ? Verdict.NOT_COMPARED
                    : Verdict.REPORTED, "the baseline run did not measure it: " + then.notMeasured());
        }
        if (!now.measured()) {
            return new Change(kpi, then.value(), now.value(), allowance, allowance.judged() ? Verdict.NOT_MEASURED
                    : Verdict.REPORTED, "this run did not measure it: " + now.notMeasured());
        }
        if (!allowance.judged()) {
            return new Change(kpi, then.value(), now.value(), allowance, Verdict.REPORTED, "");
        }
        double worse = kpi.higherIsWorse() ? now.value().getAsDouble() - then.value().getAsDouble()
                : then.value().getAsDouble() - now.value().getAsDouble();
        // a hair of rounding is no regression: the values are read back from JSON with a few decimals
        boolean regressed = worse > allowance.allowed(then.value().getAsDouble()) + 1e-6;
        return new Change(kpi, then.value(), now.value(), allowance, regressed ? Verdict.REGRESSED : Verdict.WITHIN, "");
    }

    /** The KPIs worse than their allowances. */
    public List<Change> regressed() {
        return of(Verdict.REGRESSED);
    }

    /** The KPIs the baseline run measured and this run did not. */
    public List<Change> notMeasured() {
        return of(Verdict.NOT_MEASURED);
    }

    public List<Change> of(Verdict verdict) {
        return changes.stream().filter(c -> c.verdict() == verdict).toList();
    }

    /**
     * What every comparison is made under: {@code the same configuration, scenario, task definition, target and
     * time scale}, or {@code differs from the baseline run: <difference>; ...}.
     */
    public String comparedUnder() {
        return differences.isEmpty() ? "the same configuration, scenario, task definition, target and time scale"
                : "differs from the baseline run: " + String.join("; ", differences);
    }
}
