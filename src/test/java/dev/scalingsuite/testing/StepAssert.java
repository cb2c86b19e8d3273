package dev.scalingsuite.testing;

import static dev.scalingsuite.testing.error.ShouldHaveEnded.shouldHaveEnded;
import static dev.scalingsuite.testing.error.ShouldHaveEnded.shouldHaveThrown;

import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.Assertions;
import org.junit.platform.engine.TestExecutionResult.Status;

/**
 * AssertJ assertions on how a step ended, usually reached through
 * {@link ScenarioResults#assertThatStep(String)}:
 * <pre>
 * results.assertThatStep("03. expect running tasks &gt;= 2 within 8m").isFailed()
 *         .message().startsWith("Condition with alias 'step 3: running tasks &gt;= 2 within 8m'");
 * </pre>
 */
public final class StepAssert extends AbstractAssert<StepAssert, StepResult> {

    public StepAssert(StepResult actual) {
        super(actual, StepAssert.class);
    }

    public static StepAssert assertThat(StepResult actual) {
        return new StepAssert(actual);
    }

    public StepAssert isFailed() {
        return hasEnded(Status.FAILED);
    }

    public StepAssert isAborted() {
        return hasEnded(Status.ABORTED);
    }

    public StepAssert isSuccessful() {
        return hasEnded(Status.SUCCESSFUL);
    }

    /** The message of what the step threw, to assert as text; fails if it threw nothing. */
    public AbstractStringAssert<?> message() {
        isNotNull();
        if (actual.throwable().isEmpty()) {
            throw assertionError(shouldHaveThrown(actual));
        }
        return Assertions.assertThat(actual.message()).as("the message of step '%s'", actual.name());
    }

    private StepAssert hasEnded(Status expected) {
        isNotNull();
        if (actual.status() != expected) {
            throw assertionError(shouldHaveEnded(actual, expected));
        }
        return this;
    }
}
