package dev.scalingsuite.scenario;

import dev.scalingsuite.fleet.Kpi;
import dev.scalingsuite.fleet.RegressionAssert;
import dev.scalingsuite.fleet.Slo;
import dev.scalingsuite.fleet.SloAssert;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A scenario as its YAML file describes it: load to place, fleet conditions to wait for, limits over
 * the whole run. {@code source} names the file it came from (as the user named it) for messages.
 *
 * @param allowUnmeasured the checks (threshold, invariant or condition keys) that may end not measured
 *     without failing the run: a check whose data never arrived fails the run unless it is listed here
 * @param slos the run's service level objectives, at most one per KPI, in {@link Kpi}
 *     order: the scenario's own {@code slos:} and those of the shared SLO file it does not set
 *     ({@link #withSharedSlos})
 */
public record Scenario(String name, String description, String source, Thresholds thresholds, Invariants invariants,
        List<Step> steps, List<String> allowUnmeasured, List<Slo> slos) {

    /** The names scenarios may have: lower-case letters, digits and dashes, starting with a letter or digit. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    /**
     * Every key of a check, as {@code allow-unmeasured} may list it: the thresholds', the invariants' (a key
     * both have, like {@code max-dropped}, names both), the conditions', an expect's {@code not-before} and
     * {@code regression} (the comparison with a baseline run, not measured when the run history has none) and
     * {@code slos} (the service level objectives, not measured when the run did not measure a KPI of theirs).
     */
    public static final List<String> CHECK_KEYS = checkKeys();

    public Scenario(String name, String description, String source, Thresholds thresholds, List<Step> steps) {
        this(name, description, source, thresholds, Invariants.NONE, steps);
    }

    public Scenario(String name, String description, String source, Thresholds thresholds, Invariants invariants,
            List<Step> steps) {
        this(name, description, source, thresholds, invariants, steps, List.of());
    }

    public Scenario(String name, String description, String source, Thresholds thresholds, Invariants invariants,
            List<Step> steps, List<String> allowUnmeasured) {
        this(name, description, source, thresholds, invariants, steps, allowUnmeasured, List.of());
    }

    public Scenario {
        if (invariants == null) {
            throw new IllegalArgumentException("invariants are required (Invariants.NONE for none)");
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("scenario name must match " + NAME + ", was '" + name + "'");
        }
        description = description == null ? "" : description;
        if (thresholds == null) {
            throw new IllegalArgumentException("thresholds are required (Thresholds.NONE for none)");
        }
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a scenario needs at least one step");
        }
        allowUnmeasured = List.copyOf(allowUnmeasured);
        slos = slos.stream().sorted(Comparator.comparing(Slo::kpi)).toList();
        if (slos.stream().map(Slo::kpi).distinct().count() != slos.size()) {
            throw new IllegalArgumentException("a scenario has at most one SLO per KPI, was " + slos);
        }
        for (String key : allowUnmeasured) {
            if (!CHECK_KEYS.contains(key)) {
                throw new IllegalArgumentException("allow-unmeasured lists '" + key + "', which is no check's key");
            }
        }
    }

    /**
     * The scenario with the SLOs of a shared SLO file added: a KPI the scenario's own {@code slos:} sets keeps the
     * scenario's (both bounds of it: the shared entry is replaced, not merged), every other KPI takes the shared one.
     */
    public Scenario withSharedSlos(List<Slo> shared) {
        Map<Kpi, Slo> merged = new LinkedHashMap<>();
        shared.forEach(s -> merged.put(s.kpi(), s));
        slos.forEach(s -> merged.put(s.kpi(), s));
        return new Scenario(name, description, source, thresholds, invariants, steps, allowUnmeasured,
                List.copyOf(merged.values()));
    }

    /** Whether the check {@code key} may end not measured without failing the run. */
    public boolean allowsUnmeasured(String key) {
        return allowUnmeasured.contains(key);
    }

    private static List<String> checkKeys() {
        Set<String> keys = new LinkedHashSet<>(Thresholds.KEYS);
        keys.addAll(Invariants.KEYS);
        Arrays.stream(ConditionKind.values()).map(ConditionKind::key).forEach(keys::add);
        keys.add(NotBefore.KEY);
        keys.add(RegressionAssert.CHECK); // the comparison with a baseline run, when one is asked for
        keys.add(SloAssert.CHECK); // the SLOs, when the scenario has any
        return List.copyOf(new ArrayList<>(keys));
    }

    /** The scenario's {@code deploy} steps, which change the service's task definition. */
    public List<Step.Deploy> deploySteps() {
        return steps.stream().filter(Step.Deploy.class::isInstance).map(Step.Deploy.class::cast).toList();
    }

    /** Calls placed by all {@code place-calls} steps together. */
    public int callsPlaced() {
        return steps.stream().filter(Step.PlaceCalls.class::isInstance).map(Step.PlaceCalls.class::cast)
                .mapToInt(Step.PlaceCalls::count).sum();
    }
}
