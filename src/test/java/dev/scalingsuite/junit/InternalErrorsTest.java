package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.config.ConfigException;
import dev.scalingsuite.scenario.ScenarioException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.launcher.TestIdentifier;
import org.opentest4j.TestAbortedException;

class InternalErrorsTest {

    private static final TestIdentifier CLASS = TestIdentifier.from(
            new EngineDescriptor(UniqueId.forEngine("junit-jupiter"), "SteadyStateIT"));

    private static String printed(boolean enabled, Throwable failure) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new InternalErrors(enabled, new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .executionFinished(CLASS, TestExecutionResult.failed(failure));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anInternalErrorGetsItsStackTrace() {
        String out = printed(true, new NullPointerException("boom"));
        assertThat(out).startsWith("scaling suite: an internal error in SteadyStateIT (a bug of the suite: please report "
                + "it with this trace):\njava.lang.NullPointerException: boom\n\tat dev.scalingsuite.junit.InternalErrorsTest");
    }

    @Test
    void theUsersMistakesFailedExpectationsAndStepsNotRunAreNotInternal() {
        for (Throwable e : List.of(new ScenarioException("x.yaml:1: bad"), new ConfigException(List.of("bad key")),
                new AssertionError("expected 2"), new TestAbortedException("not run"))) {
            assertThat(printed(true, e)).as(e.toString()).isEmpty();
        }
    }

    @Test
    void offUnlessAScenarioProfileTurnsItOn() {
        assertThat(printed(false, new NullPointerException("boom"))).isEmpty();
    }

    @Test
    void theUsersMistakesCarryNoFrames() {
        assertThat(new ScenarioException("x.yaml:1: bad").getStackTrace()).isEmpty();
        assertThat(new ConfigException(List.of("bad key")).getStackTrace()).isEmpty();
    }
}
