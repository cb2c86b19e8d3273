package dev.scalingsuite.junit;

import dev.scalingsuite.report.RunRecord;
import dev.scalingsuite.report.RunRecord.StepRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * How far a run has got, as the live console, the verdict and the reports read it: the step in
 * progress, each step's result, and whether a failure (or an error, which aborts) has ended it.
 */
final class RunProgress {

    private final int checks;
    private final List<StepRecord> results = new ArrayList<>();
    private volatile boolean failed;
    private volatile boolean aborted;
    private volatile String failure = "";
    private volatile String boundReached = "";
    private volatile int currentStep;
    private volatile String currentText = "starting";

    /** @param checks the steps and the thresholds: what a complete run has a result for */
    RunProgress(int checks) {
        this.checks = checks;
    }

    void at(int index, String text) {
        currentStep = index;
        currentText = text;
    }

    /** Only the text changes, e.g. to {@code writing the reports}. */
    void doing(String text) {
        currentText = text;
    }

    synchronized void record(StepRecord result) {
        results.add(result);
    }

    /** The run has failed; an error that is not an assertion's aborts it. */
    void fail(String reason, boolean abort) {
        failed = true;
        aborted = aborted || abort;
        failure = reason;
    }

    /** A bound of the run was reached: the run is aborted, and says so. */
    void abort(String reason) {
        fail(reason, true);
        boundReached = reason;
    }

    /** Why the checks after a failure are not run: an earlier step failed, or the run was aborted by a bound. */
    String whyNotRun() {
        return boundReached.isEmpty() ? "an earlier step failed" : "the run was aborted: " + boundReached;
    }

    synchronized List<StepRecord> results() {
        return List.copyOf(results);
    }

    boolean failed() {
        return failed;
    }

    String failure() {
        return failure;
    }

    int currentStep() {
        return currentStep;
    }

    String currentText() {
        return currentText;
    }

    int checks() {
        return checks;
    }

    /** How the run ends if it ends now: passed only when every step and the thresholds passed. */
    RunRecord.Outcome outcome() {
        if (aborted) {
            return RunRecord.Outcome.ABORTED;
        }
        if (failed) {
            return RunRecord.Outcome.FAILED;
        }
        return results().size() == checks ? RunRecord.Outcome.PASSED : RunRecord.Outcome.ABORTED;
    }
}
