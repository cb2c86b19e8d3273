package dev.scalingsuite.testing.error;

import dev.scalingsuite.testing.StepResult;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;
import org.junit.platform.engine.TestExecutionResult.Status;

/** The failure messages of the step assertions: the step, how it was expected to end, and how and why it did. */
public final class ShouldHaveEnded extends BasicErrorMessageFactory {

    private ShouldHaveEnded(String format, Object... arguments) {
        super(format, arguments);
    }

    /** e.g. {@code Expecting step '3. is aborted' to have ended FAILED but it ended ABORTED (...: not run)}. */
    public static ErrorMessageFactory shouldHaveEnded(StepResult step, Status expected) {
        return new ShouldHaveEnded("%nExpecting step '%s' to have ended %s but it ended %s%s",
                unquotedString(step.name()), expected, step.status(),
                unquotedString(step.throwable().map(t -> " (" + t + ")").orElse("")));
    }

    /** e.g. {@code Expecting step '1. passes' to have thrown, but it ended SUCCESSFUL without a throwable}. */
    public static ErrorMessageFactory shouldHaveThrown(StepResult step) {
        return new ShouldHaveEnded("%nExpecting step '%s' to have thrown, but it ended %s without a throwable",
                unquotedString(step.name()), step.status());
    }
}
