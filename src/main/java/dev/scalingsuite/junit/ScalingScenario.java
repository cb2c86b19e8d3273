package dev.scalingsuite.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Binds a test class to a scaling scenario, {@code scenarios/<value>.yaml}, and runs it against the
 * configured target (by default a local twin of the stack):
 * <pre>
 * &#64;ScalingScenario("steady-state")
 * class SteadyStateIT implements ScenarioSteps {
 *
 *     &#64;Test
 *     void everyCallWasAnswered(ScenarioRun run) { ... }   // extra checks run after the steps
 * }
 * </pre>
 * The extensions run in this order: resources (configuration, AWS clients, load hosts, the twin),
 * preflight (warnings on known traps of the live configuration; they do not fail the run), baseline
 * (running = desired = minimum, no sessions, no SIPp; recovered when allowed), then the scenario
 * (monitors, load, steps). A dry run ({@code -Dscaling.dryRun=true}) reads every source once, runs the
 * preflight and prints the plan; its steps are reported as aborted and nothing is changed. After the class: the scenario's calls are ended by INFO, its SIPp
 * instances and monitors stopped, and the verdict printed, also when a step failed.
 * <p>
 * Limits: one scenario class runs at a time (they share one service); an empty value takes the
 * scenario from {@code -Dscaling.scenario=NAME|PATH}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag("scaling-scenario")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SuiteExtension.class)
@ExtendWith(PreflightExtension.class)
@ExtendWith(BaselineExtension.class)
@ExtendWith(ScenarioExtension.class)
public @interface ScalingScenario {

    /** The scenario's name under {@code scenarios/}, or a path to a YAML file; empty: {@code -Dscaling.scenario}. */
    String value() default "";
}
