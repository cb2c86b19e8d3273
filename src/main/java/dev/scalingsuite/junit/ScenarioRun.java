package dev.scalingsuite.junit;

import static org.awaitility.Awaitility.await;

import dev.scalingsuite.config.Waits;
import dev.scalingsuite.fleet.CallTally;
import dev.scalingsuite.fleet.Timeline;
import dev.scalingsuite.monitor.FleetMonitor;
import dev.scalingsuite.scenario.Condition;
import dev.scalingsuite.scenario.Scenario;
import dev.scalingsuite.scenario.Step;
import io.qameta.allure.Allure;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

/**
 * One scenario being run: its steps in order against the monitors' latest snapshot and the load,
 * one Allure step each; after the first failure the rest are reported as not run. Lives in the test
 * class's store; closing ends the scenario's calls and stops its monitors.
 */
public final class ScenarioRun implements AutoCloseable {

    private final Scenario scenario;
    private final Suite suite;
    private final Timeline timeline;
    private final FleetMonitor monitor;
    private final LoadDriver load;
    private final Path runDir;
    private final Instant startedAt;
    private final Clock clock = Clock.systemUTC();
    private final List<StepResult> results = new ArrayList<>();
    private boolean failed;

    ScenarioRun(Scenario scenario, Suite suite, Timeline timeline, FleetMonitor monitor, LoadDriver load,
            Path runDir) {
        this.scenario = scenario;
        this.suite = suite;
        this.timeline = timeline;
        this.monitor = monitor;
        this.load = load;
        this.runDir = runDir;
        this.startedAt = Instant.now();
    }

    Scenario scenario() { return scenario; }
    FleetMonitor monitor() { return monitor; }
    Timeline timeline() { return timeline; }
    Path runDir() { return runDir; }
    Instant startedAt() { return startedAt; }
    TimeScale timeScale() { return suite.timeScale(); }
    String target() { return suite.target(); }
    CallTally calls() { return load.tally(); }

    synchronized List<StepResult> results() {
        return List.copyOf(results);
    }

    boolean failed() {
        return failed;
    }

    /** The steps as dynamic tests, plus the scenario's thresholds as a last one. */
    Stream<DynamicTest> dynamicSteps() {
        Stream<DynamicTest> steps = scenario.steps().stream()
                .map(step -> DynamicTest.dynamicTest(step.index() + ". " + step.describe(), () -> run(step)));
        return Stream.concat(steps, Stream.of(DynamicTest.dynamicTest("thresholds", this::checkThresholds)));
    }

    private void run(Step step) {
        String title = step.index() + ". " + step.describe();
        if (failed) {
            record(step.index(), step.describe(), StepResult.Status.NOT_RUN, 0, "an earlier step failed");
            Assumptions.abort("not run: an earlier step failed");
        }
        Instant start = clock.instant();
        timeline.append(start, "step", Map.of("index", step.index(), "step", step.describe(), "state", "started"));
        try {
            Allure.step(title, () -> execute(step));
            double took = timeScale().modelSeconds(Duration.between(start, clock.instant()));
            record(step.index(), step.describe(), StepResult.Status.PASSED, took, "");
            timeline.append(clock.instant(), "step", Map.of("index", step.index(), "step", step.describe(),
                    "state", "passed", "modelSeconds", took));
        } catch (Throwable e) {
            failed = true;
            double took = timeScale().modelSeconds(Duration.between(start, clock.instant()));
            record(step.index(), step.describe(), StepResult.Status.FAILED, took, String.valueOf(e.getMessage()));
            timeline.append(clock.instant(), "step", Map.of("index", step.index(), "step", step.describe(),
                    "state", "failed", "modelSeconds", took));
            throw e instanceof AssertionError a ? a : new AssertionError("step " + title + " failed: " + e, e);
        }
    }

    private synchronized void record(int index, String description, StepResult.Status status, double seconds,
            String message) {
        results.add(new StepResult(index, description, status, seconds, message));
    }

    private void execute(Step step) {
        if (step instanceof Step.PlaceCalls p) {
            load.place(p.count(), p.rate(), timeScale().wall(p.period()), p.limit().orElse(p.count()));
        } else if (step instanceof Step.Expect e) {
            expect(e.index(), e.conditions(), e.within());
        } else if (step instanceof Step.Hold h) {
            hold(h.index(), h.expect(), h.duration());
        } else if (step instanceof Step.EndCalls e) {
            load.end(e.count());
        } else if (step instanceof Step.EndAllCalls) {
            load.endAll();
        } else {
            throw new IllegalStateException("No runner for step " + step.describe());
        }
    }

    private Duration pollInterval() {
        return Duration.ofMillis(Math.max(50, Math.min(1000, timeScale().wall(Duration.ofSeconds(2)).toMillis())));
    }

    private void expect(int index, List<Condition> conditions, Duration within) {
        Duration atMost = timeScale().wall(within);
        String alias = "step " + index + ": " + describe(conditions) + " within " + show(within);
        if (suite.config().waits() == Waits.FIXED) {
            sleep(atMost);
            verify(alias, () -> Expectations.check(conditions, monitor.latest(), load::tally));
            return;
        }
        try {
            await().alias(alias).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(pollInterval())
                    .untilAsserted(() -> Expectations.check(conditions, monitor.latest(), load::tally));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + withTimeline(), e);
        }
    }

    private void hold(int index, List<Condition> conditions, Duration duration) {
        Duration wall = timeScale().wall(duration);
        if (conditions.isEmpty()) {
            sleep(wall);
            return;
        }
        String alias = "step " + index + ": " + describe(conditions) + " throughout " + show(duration);
        try {
            await().alias(alias).during(wall).atMost(wall.plus(pollInterval().multipliedBy(4)))
                    .pollDelay(Duration.ZERO).pollInterval(pollInterval())
                    .until(() -> holds(conditions));
        } catch (ConditionTimeoutException e) {
            verify(alias, () -> Expectations.check(conditions, monitor.latest(), load::tally));
            throw new AssertionError(e.getMessage() + withTimeline(), e);
        }
    }

    private boolean holds(List<Condition> conditions) {
        try {
            Expectations.check(conditions, monitor.latest(), load::tally);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    private void verify(String alias, Runnable check) {
        try {
            check.run();
        } catch (AssertionError e) {
            throw new AssertionError(alias + ": " + e.getMessage() + withTimeline(), e);
        }
    }

    private String withTimeline() {
        return System.lineSeparator() + "Last timeline events:" + System.lineSeparator() + timeline.excerpt(12);
    }

    private void checkThresholds() {
        if (failed) {
            Assumptions.abort("not run: an earlier step failed");
        }
        Allure.step("thresholds", () -> {
            CallTally calls = load.tally();
            scenario.thresholds().maxDropped().ifPresent(max ->
                    dev.scalingsuite.fleet.CallsAssert.assertThat(calls).hasDroppedAtMost(max));
            scenario.thresholds().maxRejected().ifPresent(max ->
                    dev.scalingsuite.fleet.CallsAssert.assertThat(calls).hasRejectedAtMost(max));
            scenario.thresholds().maxE2eP95().ifPresent(max -> {
                OptionalDouble worst = worstE2eP95();
                if (worst.isPresent() && worst.getAsDouble() > max.toMillis()) {
                    throw new AssertionError("Expected E2E latency p95 <= " + max.toMillis() + " ms but the worst "
                            + "period was " + Math.round(worst.getAsDouble()) + " ms");
                }
            });
        });
    }

    /** The worst E2E p95 any metrics poll saw during the run. */
    OptionalDouble worstE2eP95() {
        return timeline.events("metrics").stream()
                .map(e -> e.fields().get(dev.scalingsuite.fleet.SessionMetrics.E2E_P95))
                .filter(v -> v instanceof Number).mapToDouble(v -> ((Number) v).doubleValue()).max();
    }

    private static String describe(List<Condition> conditions) {
        List<String> parts = new ArrayList<>();
        conditions.forEach(c -> parts.add(c.kind().describe(c.value())));
        return String.join(" and ", parts);
    }

    private static String show(Duration model) {
        return TimeScale.show(model.toMillis() / 1000.0);
    }

    private static void sleep(Duration wall) {
        try {
            Thread.sleep(wall.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            load.close();
        } finally {
            monitor.close();
            timeline.close();
        }
    }
}
