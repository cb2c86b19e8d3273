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
 * Before the class, {@link ScalingScenarioExtension} reads the configuration and the scenario (both
 * validated completely, so a mistake changes nothing), builds the resources once per launcher run
 * (configuration, AWS clients, load hosts, the twin), runs the preflight (warnings on known traps of
 * the live configuration; they do not fail the run), enforces the baseline (running = desired =
 * minimum, no sessions, no SIPp; recovered when allowed), and starts the run (monitors, load). The
 * steps run as dynamic tests of {@link ScenarioSteps#scenarioSteps}, before any other test method.
 * After the class the scenario's calls are ended by INFO, its SIPp instances and monitors stopped,
 * the reports written and the verdict printed, also when a step failed.
 * <p>
 * A dry run ({@code -Dscaling.dryRun=true}) reads every source once, runs the preflight and prints
 * the plan; its steps are reported as aborted, the class's other tests are disabled, and nothing is
 * changed.
 * <p>
 * Limits: one scenario class runs at a time (they share one service); an empty value takes the
 * scenario from {@code -Dscaling.scenario=NAME|PATH}, and a class that names none fails with an
 * {@link org.junit.jupiter.api.extension.ExtensionConfigurationException} saying what to write.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag("scaling-scenario")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ScalingScenarioExtension.class)
public @interface ScalingScenario {

    /** The scenario's name under {@code scenarios/}, or a path to a YAML file; empty: {@code -Dscaling.scenario}. */
    String value() default "";
}
