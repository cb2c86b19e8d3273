package dev.scalingsuite.fleet;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The KPIs of one run, every {@link Kpi} with its value or why it was not measured: a run keeps no gap
 * unexplained, so a comparison or a level can say what it could not judge. Immutable; built with
 * {@link #builder()}, where a KPI left unset is not measured, saying so.
 */
public final class Kpis {

    /** What a run left unset: an entry of the run history written by a suite that did not know the KPI yet. */
    public static final String NOT_RECORDED = "not recorded for this run";

    private final Map<Kpi, Reading> readings;

    private Kpis(Map<Kpi, Reading> readings) {
        this.readings = Collections.unmodifiableMap(new EnumMap<>(readings));
    }

    /**
     * One KPI of a run: its value in the KPI's unit, or not measured with why ({@code no task was started
     * during the run}).
     */
    public record Reading(Kpi kpi, OptionalDouble value, String notMeasured) {

        public Reading {
            Objects.requireNonNull(kpi, "kpi");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(notMeasured, "notMeasured");
            if (value.isPresent() == !notMeasured.isEmpty()) {
                throw new IllegalArgumentException(kpi.key() + ": a reading has a value or says why it has none");
            }
        }

        public static Reading of(Kpi kpi, double value) {
            return new Reading(kpi, OptionalDouble.of(value), "");
        }

        public static Reading notMeasured(Kpi kpi, String why) {
            return new Reading(kpi, OptionalDouble.empty(), why.isBlank() ? "no reason given" : why);
        }

        public boolean measured() {
            return value.isPresent();
        }

        /** {@code 81.3 s}, or {@code not measured: <why>}. */
        public String show() {
            return value.isPresent() ? kpi.unit().show(value.getAsDouble()) : "not measured: " + notMeasured;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Reading get(Kpi kpi) {
        return readings.get(kpi);
    }

    public OptionalDouble value(Kpi kpi) {
        return readings.get(kpi).value();
    }

    /** Every KPI, in {@link Kpi} order. */
    public List<Reading> all() {
        return List.copyOf(readings.values());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Kpis other && readings.equals(other.readings);
    }

    @Override
    public int hashCode() {
        return readings.hashCode();
    }

    @Override
    public String toString() {
        return readings.values().stream().map(r -> r.kpi().key() + "=" + r.show()).toList().toString();
    }

    /** Collects readings; each KPI once. */
    public static final class Builder {

        private final Map<Kpi, Reading> readings = new EnumMap<>(Kpi.class);

        private Builder() {
        }

        public Builder put(Reading reading) {
            if (readings.putIfAbsent(reading.kpi(), reading) != null) {
                throw new IllegalStateException(reading.kpi().key() + " was read twice");
            }
            return this;
        }

        public Builder measured(Kpi kpi, double value) {
            return put(Reading.of(kpi, value));
        }

        public Builder notMeasured(Kpi kpi, String why) {
            return put(Reading.notMeasured(kpi, why));
        }

        /** {@code value} when present, else not measured with {@code why}. */
        public Builder of(Kpi kpi, OptionalDouble value, String why) {
            return put(value.isPresent() ? Reading.of(kpi, value.getAsDouble()) : Reading.notMeasured(kpi, why));
        }

        public Kpis build() {
            Map<Kpi, Reading> all = new EnumMap<>(readings);
            for (Kpi kpi : Kpi.values()) {
                all.putIfAbsent(kpi, Reading.notMeasured(kpi, NOT_RECORDED));
            }
            return new Kpis(all);
        }
    }
}
