package dev.scalingsuite.junit;

import dev.scalingsuite.config.ConfigException;
import dev.scalingsuite.scenario.ScenarioException;
import java.io.PrintStream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.opentest4j.TestAbortedException;

/**
 * Prints the stack trace of an internal error, on the console a scenario run is watched on.
 *
 * <p>The scenario profiles ({@code -Pscenario=NAME}) have Maven print each failure once, as one line
 * in its summary: a mistake in a scenario or the configuration is the user's input and its message
 * is all there is to say (its exceptions carry no frames). A real internal error needs its frames,
 * so this listener prints them, once, when the system property {@value #ENABLED} is true (the
 * scenario profiles set it). Assertion failures and aborted steps are not internal errors: the
 * run's verdict already says what failed and why.
 */
public final class InternalErrors implements TestExecutionListener {

    static final String ENABLED = "suite.console.traces";

    private final boolean enabled;
    private final PrintStream out;

    public InternalErrors() {
        this(Boolean.getBoolean(ENABLED), System.err);
    }

    InternalErrors(boolean enabled, PrintStream out) {
        this.enabled = enabled;
        this.out = out;
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!enabled || result.getStatus() != TestExecutionResult.Status.FAILED) {
            return;
        }
        result.getThrowable().filter(InternalErrors::isInternal).ifPresent(e -> {
            out.println("scaling suite: an internal error in " + test.getDisplayName() + " (a bug of the suite: please "
                    + "report it with this trace):");
            e.printStackTrace(out);
        });
    }

    /** Not the user's input, not a failed expectation, not a step that did not run. */
    static boolean isInternal(Throwable e) {
        return !(e instanceof AssertionError || e instanceof ScenarioException || e instanceof ConfigException
                || e instanceof TestAbortedException || isTwinSetting(e));
    }

    /** The twin's settings are user input too; the twin is named, not imported, as only the wiring may. */
    private static boolean isTwinSetting(Throwable e) {
        return e.getClass().getName().equals("dev.scalingsuite.twin.stack.TwinConfigException");
    }
}
