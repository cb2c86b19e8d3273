package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.RegressionAssert;
import dev.scalingsuite.fleet.SloAssert;
import dev.scalingsuite.fleet.finding.NotMeasured;
import dev.scalingsuite.report.RunRecord.CheckRecord;
import dev.scalingsuite.report.RunRecord.CheckRecord.Measurement;
import dev.scalingsuite.scenario.Condition;
import dev.scalingsuite.scenario.NotBefore;
import dev.scalingsuite.scenario.Scenario;
import dev.scalingsuite.scenario.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every check a scenario sets (its thresholds, its invariants, each step's conditions) and whether it was
 * measured, as the run goes. A check whose data never arrived is not measured: that fails the run, with
 * one message naming what was missing and where it was looked for, unless the scenario lists the check's
 * key under {@code allow-unmeasured}; either way the reports say so. A check starts as not run. A run
 * compared with a baseline run has one more check, {@code regression}: a missing baseline is not measured; a
 * scenario with SLOs one more, {@code slos}: a KPI of theirs the run did not measure is not measured.
 */
final class Measurements {

    static final String THRESHOLDS = "thresholds";
    static final String INVARIANTS = "invariants";
    /** The comparison with a baseline run: one check, {@value RegressionAssert#CHECK}, when a baseline is asked for. */
    static final String REGRESSION = RegressionAssert.CHECK;
    /** The SLOs: one check, {@value SloAssert#CHECK}, when the scenario has any. */
    static final String SLOS = SloAssert.CHECK;

    private final Scenario scenario;
    private final Map<String, CheckRecord> checks = new LinkedHashMap<>();
    /** What each check not measured missed, by the same id as {@link #checks}. */
    private final Map<String, NotMeasured> notMeasured = new LinkedHashMap<>();

    Measurements(Scenario scenario) {
        this(scenario, false);
    }

    /** @param baseline whether the run is compared with a baseline run, which is then a check of its own */
    Measurements(Scenario scenario, boolean baseline) {
        this.scenario = scenario;
        scenario.thresholds().enabledKeys().forEach(key -> notRun(THRESHOLDS, key));
        scenario.invariants().enabledKeys().forEach(key -> notRun(INVARIANTS, key));
        for (Step step : scenario.steps()) {
            StepText.conditions(step).forEach(c -> notRun(step(step.index()), c.kind().key()));
            if (step instanceof Step.Expect e && e.notBefore().isPresent()) {
                notRun(step(step.index()), NotBefore.KEY);
            }
        }
        if (!scenario.slos().isEmpty()) {
            notRun(SLOS, SLOS);
        }
        if (baseline) {
            notRun(REGRESSION, REGRESSION);
        }
    }

    /** Whether {@code check} was measured in one evaluation of an invariant; {@code notMeasured} when it was not. */
    synchronized void invariant(String key, Optional<NotMeasured> notMeasured) {
        record(INVARIANTS, key, notMeasured);
    }

    /** The thresholds were checked; those in {@code notMeasured} were not measured, the others were. */
    synchronized void thresholds(List<NotMeasured> notMeasured) {
        scenario.thresholds().enabledKeys().forEach(key -> record(THRESHOLDS, key, find(notMeasured, key)));
    }

    /** The comparison with the baseline run was made, or not measured with {@code notMeasured}. */
    synchronized void regression(Optional<NotMeasured> notMeasured) {
        record(REGRESSION, REGRESSION, notMeasured);
    }

    /** The SLOs were judged: every KPI of theirs measured, or not ({@code notMeasured}). */
    synchronized void slos(Optional<NotMeasured> notMeasured) {
        record(SLOS, SLOS, notMeasured);
    }

    /**
     * A step's conditions (and its not-before, if it has one) were judged at its end; those in
     * {@code notMeasured} were not measured.
     */
    synchronized void step(int index, List<Condition> conditions, List<NotMeasured> notMeasured) {
        conditions.forEach(c -> record(step(index), c.kind().key(), find(notMeasured, c.kind().key())));
        record(step(index), NotBefore.KEY, find(notMeasured, NotBefore.KEY));
    }

    /** A step's not-before was judged: measured, or not ({@code notMeasured}). */
    synchronized void notBefore(int index, Optional<NotMeasured> notMeasured) {
        record(step(index), NotBefore.KEY, notMeasured);
    }

    /**
     * A step ended with its conditions holding, or with those in {@code notMeasured} never measured (their
     * data missing at its last poll): records them, fails unless the scenario allows each, and returns what
     * was allowed not to be measured, or empty.
     *
     * @param alias the step as its failure names it, e.g. {@code step 2: active sessions = 5 within 2m}
     */
    String stepEnded(int index, String alias, List<Condition> conditions, List<NotMeasured> notMeasured) {
        step(index, conditions, notMeasured);
        return failUnlessAllowed(alias, notMeasured);
    }

    /** The invariants' checks not measured as of their last evaluation. */
    synchronized List<NotMeasured> invariantsNotMeasured() {
        return checks.values().stream().filter(c -> c.scope().equals(INVARIANTS))
                .filter(c -> c.measurement() == Measurement.NOT_MEASURED)
                .map(c -> notMeasured.get(INVARIANTS + "/" + c.check())).toList();
    }

    /**
     * Fails with one message naming each check of {@code notMeasured} the scenario does not allow to end
     * so, prefixed by {@code what} (a step's alias; empty for the thresholds); returns what the allowed
     * ones were, for the step's result, e.g. {@code not measured (allowed): max-e2e-p95: no ...}, or empty.
     */
    String failUnlessAllowed(String what, List<NotMeasured> notMeasured) {
        List<String> failing = notMeasured.stream().filter(n -> !scenario.allowsUnmeasured(n.check()))
                .map(NotMeasured::message).toList();
        if (!failing.isEmpty()) {
            throw new AssertionError((what.isEmpty() ? "" : what + ": ") + String.join("; ", failing));
        }
        return allowed(notMeasured);
    }

    /** {@code not measured (allowed): <check>: <what was missing>; ...}, or empty when nothing was. */
    static String allowed(List<NotMeasured> notMeasured) {
        return notMeasured.isEmpty() ? "" : "not measured (allowed): "
                + String.join("; ", notMeasured.stream().map(n -> n.message().substring("not measured: ".length()))
                        .toList());
    }

    /** How the checks of {@code scope} ended, one phrase for an Allure parameter: {@code yes}, or which were not. */
    synchronized String describe(String scope) {
        List<String> not = checks.values().stream().filter(c -> c.scope().equals(scope))
                .filter(c -> c.measurement() == Measurement.NOT_MEASURED)
                .map(c -> c.notMeasured() + (c.allowed() ? " (allowed)" : "")).toList();
        return not.isEmpty() ? "yes" : String.join("; ", not);
    }

    /**
     * Every check, thresholds first, then the invariants, then each step's conditions, then the SLOs, then the
     * regression.
     */
    synchronized List<CheckRecord> records() {
        return List.copyOf(checks.values());
    }

    static String step(int index) {
        return "step " + index;
    }

    private void notRun(String scope, String key) {
        checks.put(scope + "/" + key, new CheckRecord(key, scope, Measurement.NOT_RUN, scenario.allowsUnmeasured(key),
                ""));
    }

    private void record(String scope, String key, Optional<NotMeasured> not) {
        String id = scope + "/" + key;
        if (!checks.containsKey(id)) {
            return; // not a check the scenario sets
        }
        boolean allowed = scenario.allowsUnmeasured(key);
        if (not.isPresent()) {
            notMeasured.put(id, not.get());
            checks.put(id, new CheckRecord(key, scope, Measurement.NOT_MEASURED, allowed, not.get().message()));
        } else {
            notMeasured.remove(id);
            checks.put(id, new CheckRecord(key, scope, Measurement.MEASURED, allowed, ""));
        }
    }

    private static Optional<NotMeasured> find(List<NotMeasured> notMeasured, String key) {
        List<NotMeasured> of = notMeasured.stream().filter(n -> n.check().equals(key)).toList();
        return of.isEmpty() ? Optional.empty() : Optional.of(of.get(0));
    }
}
