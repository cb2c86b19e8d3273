package dev.scalingsuite.testing;

import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestExecutionResult.Status;
import org.junit.platform.testkit.engine.Event;

/**
 * How one step of a scenario run ended: a test of the run (a scenario step, or the closing
 * {@code thresholds} and {@code report}), by its display name.
 *
 * @param throwable what the step threw: the failure, or the reason it was aborted
 */
public record StepResult(String name, Status status, Optional<Throwable> throwable) {

    static StepResult of(Event finished) {
        var result = finished.getRequiredPayload(TestExecutionResult.class);
        return new StepResult(finished.getTestDescriptor().getDisplayName(), result.getStatus(), result.getThrowable());
    }

    /** The message of what the step threw; an {@link AssertionError} if it threw nothing. */
    public String message() {
        return throwable.map(Throwable::getMessage).orElseThrow(() -> new AssertionError(
                "Step '" + name + "' ended " + status + " without a throwable, so it has no message"));
    }

    /** {@code 3. expect running tasks >= 2 within 8m: FAILED (org.awaitility...: Condition with alias ...)}. */
    @Override
    public String toString() {
        return name + ": " + status + throwable.map(t -> " (" + t + ")").orElse("");
    }
}
