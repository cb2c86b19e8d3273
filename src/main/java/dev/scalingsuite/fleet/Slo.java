package dev.scalingsuite.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A service level objective on one {@link Kpi}: a warning bound, which a run may pass and is reported, and a
 * critical bound, which fails the run; either may be absent, not both. A bound is the worst value still
 * allowed at its level: with {@code connect.p95} (higher is worse) at {@code warning 1500 ms}, 1500 ms is OK
 * and 1501 ms a warning; with {@code calls.answered} (lower is worse) at {@code warning 40}, 40 is OK and 39 a
 * warning. Values are in the KPI's unit ({@link Kpi.Unit}).
 *
 * @param source where it was set, {@code <file>:<line>}: the scenario's {@code slos:} or the shared SLO file
 */
public record Slo(Kpi kpi, OptionalDouble warning, OptionalDouble critical, String source) {

    public Slo {
        Objects.requireNonNull(kpi, "kpi");
        Objects.requireNonNull(warning, "warning");
        Objects.requireNonNull(critical, "critical");
        Objects.requireNonNull(source, "source");
        if (warning.isEmpty() && critical.isEmpty()) {
            throw new IllegalArgumentException(kpi.key() + ": an SLO has a warning bound, a critical bound or both");
        }
        if (warning.isPresent() && critical.isPresent() && !comesFirst(kpi, warning.getAsDouble(),
                critical.getAsDouble())) {
            throw new IllegalArgumentException(kpi.key() + ": the warning bound " + kpi.unit().show(
                    warning.getAsDouble()) + " is not " + (kpi.higherIsWorse() ? "below" : "above")
                    + " the critical bound " + kpi.unit().show(critical.getAsDouble()));
        }
    }

    /** How one SLO ended in a run. */
    public enum Level {
        /** Within every bound. */
        OK,
        /** Beyond the warning bound, within the critical one: reported, the run passes. */
        WARNING,
        /** Beyond the critical bound: fails the run. */
        CRITICAL,
        /** The run did not measure the KPI: fails unless the scenario allows {@code slos} not to be measured. */
        NOT_MEASURED
    }

    /**
     * Whether {@code warning} is reached before {@code critical} as the KPI gets worse: below it when higher is
     * worse, above it when lower is.
     */
    public static boolean comesFirst(Kpi kpi, double warning, double critical) {
        return kpi.higherIsWorse() ? warning < critical : warning > critical;
    }

    /** Whether {@code value} is worse than {@code bound}: above it when higher is worse, below it when lower is. */
    static boolean beyond(Kpi kpi, double value, double bound) {
        // a hair of rounding is within: the values may be read back from JSON with a few decimals
        return kpi.higherIsWorse() ? value > bound + 1e-6 : value < bound - 1e-6;
    }

    /** The level of {@code value}, as this SLO judges it. */
    public Level level(double value) {
        if (critical.isPresent() && beyond(kpi, value, critical.getAsDouble())) {
            return Level.CRITICAL;
        }
        if (warning.isPresent() && beyond(kpi, value, warning.getAsDouble())) {
            return Level.WARNING;
        }
        return Level.OK;
    }

    /** This SLO judged on {@code kpis}. */
    public Result judge(Kpis kpis) {
        Kpis.Reading reading = kpis.get(kpi);
        return new Result(this, reading, reading.measured() ? level(reading.value().getAsDouble()) : Level.NOT_MEASURED);
    }

    /** Each of {@code slos} judged on {@code kpis}, in the order given. */
    public static List<Result> judge(List<Slo> slos, Kpis kpis) {
        List<Result> results = new ArrayList<>();
        slos.forEach(s -> results.add(s.judge(kpis)));
        return List.copyOf(results);
    }

    /** {@code 1500 ms}, or {@code -} when the bound is not set. */
    public String showWarning() {
        return show(warning);
    }

    /** {@code 2500 ms}, or {@code -} when the bound is not set. */
    public String showCritical() {
        return show(critical);
    }

    private String show(OptionalDouble bound) {
        return bound.isPresent() ? kpi.unit().show(bound.getAsDouble()) : "-";
    }

    /** One SLO on a run: the KPI's reading and the level it reached. */
    public record Result(Slo slo, Kpis.Reading reading, Level level) {

        public Result {
            Objects.requireNonNull(slo, "slo");
            Objects.requireNonNull(reading, "reading");
            Objects.requireNonNull(level, "level");
        }

        /**
         * What it reached, one phrase: {@code connect.p95 1840 ms > warning 1500 ms (critical 2500 ms)}, {@code
         * calls.answered 3 calls < critical 4 calls (warning 5 calls)}, {@code connect.p95 1200 ms within warning
         * 1500 ms, critical 2500 ms}, {@code connect.p95 not measured: <why>}.
         */
        public String describe() {
            Kpi kpi = slo.kpi();
            String head = kpi.key() + " " + reading.show();
            String worse = kpi.higherIsWorse() ? " > " : " < ";
            return switch (level) {
                case CRITICAL -> head + worse + "critical " + slo.showCritical()
                        + (slo.warning().isPresent() ? " (warning " + slo.showWarning() + ")" : "");
                case WARNING -> head + worse + "warning " + slo.showWarning()
                        + (slo.critical().isPresent() ? " (critical " + slo.showCritical() + ")" : "");
                case OK -> head + " within " + String.join(", ", bounds());
                case NOT_MEASURED -> head;
            };
        }

        private List<String> bounds() {
            List<String> bounds = new ArrayList<>();
            slo.warning().ifPresent(w -> bounds.add("warning " + slo.showWarning()));
            slo.critical().ifPresent(c -> bounds.add("critical " + slo.showCritical()));
            return bounds;
        }
    }
}
