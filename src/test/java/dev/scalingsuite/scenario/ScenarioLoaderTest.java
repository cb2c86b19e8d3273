package dev.scalingsuite.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scalingsuite.fleet.RolloutState;
import dev.scalingsuite.scenario.Step.EndAllCalls;
import dev.scalingsuite.scenario.Step.EndCalls;
import dev.scalingsuite.scenario.Step.Expect;
import dev.scalingsuite.scenario.Step.Hold;
import dev.scalingsuite.scenario.Step.PlaceCalls;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {

    private static final String FILE = "scenarios/x.yaml";

    private static final String EXAMPLE = """
            name: steady-state
            description: Phased scale-out with a cold-start gap, then scale-in back to the minimum.
            thresholds:            # all optional
              max-dropped: 0
              max-rejected: 0
              max-e2e-p95: 2500ms
            steps:
              - place-calls: {count: 6, rate: 1, period: 5s}          # rate calls per period
              - expect: {running-at-least: 2, within: 8m}
              - place-calls: {count: 6, rate: 1, period: 5s}
              - expect: {running-at-least: 3, spread-over: 3, within: 8m}
              - hold: {duration: 2m, expect: {running-at-least: 3, dropped: 0}}
              - end-calls: {count: 4}
              - end-all-calls: {}
              - expect: {running: 1, active-sessions: 0, within: 15m}
            """;

    private static List<String> problems(String yaml) {
        return catchThrowableOfType(ScenarioException.class, () -> ScenarioLoader.parse(yaml, FILE)).problems();
    }

    private static String steps(String... lines) {
        return "name: x\nsteps:\n" + String.join("\n", lines) + "\n";
    }

    @Test
    void readsTheExample() {
        Scenario s = ScenarioLoader.parse(EXAMPLE, FILE);

        assertThat(s.name()).isEqualTo("steady-state");
        assertThat(s.description()).startsWith("Phased scale-out");
        assertThat(s.source()).isEqualTo(FILE);
        assertThat(s.thresholds()).isEqualTo(new Thresholds(OptionalInt.of(0), OptionalInt.of(0), OptionalInt.empty(),
                Optional.of(Duration.ofMillis(2500))));
        assertThat(s.thresholds().frontDoorFailuresAllowed()).as("the default").isZero();
        assertThat(s.steps()).containsExactly(
                new PlaceCalls(1, 8, 6, 1, Duration.ofSeconds(5), OptionalInt.empty()),
                new Expect(2, 9, List.of(new Condition(ConditionKind.RUNNING_AT_LEAST, 2, 9)), Duration.ofMinutes(8)),
                new PlaceCalls(3, 10, 6, 1, Duration.ofSeconds(5), OptionalInt.empty()),
                new Expect(4, 11, List.of(new Condition(ConditionKind.RUNNING_AT_LEAST, 3, 11),
                        new Condition(ConditionKind.SPREAD_OVER, 3, 11)), Duration.ofMinutes(8)),
                new Hold(5, 12, Duration.ofMinutes(2), List.of(new Condition(ConditionKind.RUNNING_AT_LEAST, 3, 12),
                        new Condition(ConditionKind.DROPPED, 0, 12))),
                new EndCalls(6, 13, 4),
                new EndAllCalls(7, 14),
                new Expect(8, 15, List.of(new Condition(ConditionKind.RUNNING, 1, 15),
                        new Condition(ConditionKind.ACTIVE_SESSIONS, 0, 15)), Duration.ofMinutes(15)));
        assertThat(s.callsPlaced()).isEqualTo(12);
    }

    @Test
    void describesStepsForReports() {
        List<String> described = ScenarioLoader.parse(EXAMPLE, FILE).steps().stream().map(Step::describe).toList();
        assertThat(described).containsExactly(
                "place-calls 6 at 1 per 5s",
                "expect running tasks >= 2 within 8m",
                "place-calls 6 at 1 per 5s",
                "expect running tasks >= 3, running tasks with sessions >= 3 within 8m",
                "hold 2m with running tasks >= 3, dropped calls <= 0",
                "end-calls 4",
                "end-all-calls",
                "expect running tasks = 1, active sessions = 0 within 15m");
    }

    @Test
    void appliesDefaultsAndTakesBlockStyle() {
        Scenario s = ScenarioLoader.parse("""
                steps:
                  - place-calls:
                      count: 3
                      limit: 2
                  - end-all-calls:
                """, "my-own.yaml");
        assertThat(s.name()).isEqualTo("my-own");
        assertThat(s.description()).isEmpty();
        assertThat(s.thresholds()).isEqualTo(Thresholds.NONE);
        assertThat(s.steps()).containsExactly(
                new PlaceCalls(1, 2, 3, 1, Duration.ofSeconds(1), OptionalInt.of(2)), new EndAllCalls(2, 5));
        assertThat(s.steps().get(0).describe()).isEqualTo("place-calls 3 at 1 per 1s, at most 2 at once");
    }

    @Test
    void everyConditionKeyIsRead() {
        String all = "{running-at-least: 1, running-at-most: 2, running: 3, desired: 4, desired-at-least: 5, "
                + "pending: 6, active-sessions: 7, active-sessions-at-least: 8, spread-over: 9, routable-at-least: 10, "
                + "dropped: 11, rejected: 12, front-door-failures: 13, rollout: completed, within: 1h}";
        Expect e = (Expect) ScenarioLoader.parse(steps("  - deploy: {change: tag}", "  - expect: " + all), FILE)
                .steps().get(1);
        assertThat(e.conditions()).extracting(Condition::kind).containsExactly(ConditionKind.values());
        assertThat(e.conditions()).extracting(Condition::value)
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, RolloutState.COMPLETED.ordinal());
        assertThat(e.condition(ConditionKind.PENDING)).map(Condition::yaml).contains("pending: 6");
        assertThat(e.condition(ConditionKind.FRONT_DOOR_FAILURES)).map(Condition::describe)
                .contains("front-door failures <= 13");
    }

    @Test
    void frontDoorFailuresAreBoundedByDefaultAndByEachSection() {
        Scenario unset = ScenarioLoader.parse(steps("  - place-calls: {count: 1}"), FILE);
        assertThat(unset.thresholds()).isEqualTo(Thresholds.NONE);
        assertThat(unset.thresholds().maxFrontDoorFailures()).isEmpty();
        assertThat(unset.thresholds().frontDoorFailuresAllowed()).isEqualTo(Thresholds.DEFAULT_MAX_FRONT_DOOR_FAILURES)
                .isZero();
        assertThat(unset.invariants().maxFrontDoorFailures()).as("no invariant unless asked for").isEmpty();

        Scenario set = ScenarioLoader.parse("""
                name: x
                thresholds:
                  max-front-door-failures: 2
                invariants:
                  max-front-door-failures: 1
                steps:
                  - place-calls: {count: 3}
                  - hold: {duration: 1m, expect: {front-door-failures: 0}}
                """, FILE);
        assertThat(set.thresholds().maxFrontDoorFailures()).hasValue(2);
        assertThat(set.thresholds().frontDoorFailuresAllowed()).isEqualTo(2);
        assertThat(set.thresholds().isEmpty()).isFalse();
        assertThat(set.invariants().maxFrontDoorFailures()).hasValue(1);
        assertThat(set.invariants().describe()).containsExactly("front-door failures <= 1");
        assertThat(set.steps().get(1).describe()).isEqualTo("hold 1m with front-door failures <= 0");
    }

    @Nested
    class Deployments {

        @Test
        void aDeployStepChangesAnEnvironmentValueOrATagAndRolloutConditionsJudgeIt() {
            Scenario s = ScenarioLoader.parse(steps(
                    "  - place-calls: {count: 2}",
                    "  - deploy: {change: environment}",
                    "  - hold: {duration: 1m, expect: {rollout: in-progress}}",
                    "  - deploy: {change: tag, name: 'team:release'}",
                    "  - expect: {rollout: completed, within: 8m}"), FILE);

            assertThat(s.steps().get(1)).isEqualTo(new Step.Deploy(2, 4, Step.Deploy.Change.ENVIRONMENT,
                    "SCALING_SUITE_DEPLOYMENT"));
            assertThat(s.steps().get(3)).isEqualTo(new Step.Deploy(4, 6, Step.Deploy.Change.TAG, "team:release"));
            assertThat(s.deploySteps()).hasSize(2);
            assertThat(s.steps().get(1).describe())
                    .isEqualTo("deploy a new revision (environment value SCALING_SUITE_DEPLOYMENT changed)");
            Expect done = (Expect) s.steps().get(4);
            assertThat(done.condition(ConditionKind.ROLLOUT)).map(Condition::yaml).contains("rollout: completed");
            assertThat(done.describe()).isEqualTo("expect rollout completed within 8m");
            assertThat(s.steps().get(2).describe()).isEqualTo("hold 1m with rollout in-progress");
            assertThat(ScenarioLoader.parse(steps("  - deploy: {change: tag}"), FILE).steps().get(0))
                    .isEqualTo(new Step.Deploy(1, 3, Step.Deploy.Change.TAG, "scaling-suite:deployment"));
        }

        @Test
        void whatADeployChangesIsRequiredAndChecked() {
            assertThat(problems(steps(
                    "  - deploy: {}",
                    "  - deploy: {change: image}",
                    "  - deploy: {change: environment, name: 1ST}",
                    "  - deploy: {change: tag, name: 'aws:cloudformation:stack'}",
                    "  - deploy: {change: environment, image: x}",
                    "  - deploy: environment"))).containsExactly(
                    "scenarios/x.yaml:3: 'change' is required for deploy; allowed: environment (an environment value "
                            + "of every container), tag (a tag of the revision)",
                    "scenarios/x.yaml:4: 'change' must be environment or tag, was 'image'; allowed: environment (an "
                            + "environment value of every container), tag (a tag of the revision)",
                    "scenarios/x.yaml:5: 'name' must be an environment variable name, was '1ST'; allowed: letters, "
                            + "digits and _, not starting with a digit",
                    "scenarios/x.yaml:6: 'name' must be a tag key, was 'aws:cloudformation:stack'; allowed: 1 to 128 "
                            + "letters, digits, spaces and _ . : / = + - @, not starting with aws:",
                    "scenarios/x.yaml:7: unknown key 'image' in deploy; allowed: change, name",
                    "scenarios/x.yaml:8: 'deploy' takes a mapping like {change: environment}, was 'environment'");
        }

        @Test
        void aRolloutConditionNamesAStateAndComesAfterADeploy() {
            assertThat(problems(steps(
                    "  - expect: {rollout: completed, within: 1m}",
                    "  - deploy: {change: environment}",
                    "  - expect: {rollout: done, within: 1m}",
                    "  - hold: {duration: 1m, expect: {rollout: failed}}",
                    "  - expect: {rollout: 2, within: 1m}"))).containsExactly(
                    "scenarios/x.yaml:3: rollout before any deploy step: there is no rollout to judge; allowed: "
                            + "rollout in a step after a deploy step",
                    "scenarios/x.yaml:5: 'rollout' must be in-progress or completed, was 'done'; allowed: in-progress "
                            + "(the rollout still runs), completed (the service reached a steady state on the new "
                            + "revision)",
                    "scenarios/x.yaml:6: 'rollout' must be in-progress or completed, was 'failed'; allowed: "
                            + "in-progress (the rollout still runs), completed (the service reached a steady state on "
                            + "the new revision)",
                    "scenarios/x.yaml:7: 'rollout' must be in-progress or completed, was '2'; allowed: in-progress "
                            + "(the rollout still runs), completed (the service reached a steady state on the new "
                            + "revision)");
        }
    }

    @Nested
    class Errors {

        @Test
        void anUnknownStepListsTheKinds() {
            assertThat(problems(steps("  - place-calls: {count: 1}", "  - place-call: {count: 6}")))
                    .containsExactly("scenarios/x.yaml:4: unknown step 'place-call'; "
                            + "allowed: place-calls, hold, expect, end-calls, end-all-calls, deploy");
        }

        @Test
        void expectNeedsWithin() {
            assertThat(problems(steps("  - expect: {running: 1}")))
                    .containsExactly("scenarios/x.yaml:3: 'within' is required for expect");
        }

        @Test
        void aBadNumberNamesItsKeyAndValue() {
            assertThat(problems(steps("  - place-calls: {count: 6, rate: fast}")))
                    .containsExactly("scenarios/x.yaml:3: 'rate' must be a whole number >= 1, was 'fast'");
            assertThat(problems(steps("  - place-calls: {count: 0}", "  - end-calls: {count: -1}",
                    "  - expect: {running: -1, within: 1m}", "  - place-calls: {count: 1, limit: [1]}")))
                    .containsExactly(
                            "scenarios/x.yaml:3: 'count' must be a whole number >= 1, was '0'",
                            "scenarios/x.yaml:4: 'count' must be a whole number >= 1, was '-1'",
                            "scenarios/x.yaml:5: 'running' must be a whole number >= 0, was '-1'",
                            "scenarios/x.yaml:6: 'limit' must be a whole number >= 1, was a list");
        }

        @Test
        void unknownKeysInStepsAndConditions() {
            assertThat(problems(steps(
                    "  - place-calls: {count: 6, rat: 1}",
                    "  - expect: {runing: 1, within: 1m}",
                    "  - hold: {duration: 1m, expect: {within: 1m}}",
                    "  - end-calls: {count: 1, all: true}",
                    "  - end-all-calls: {now: true}")))
                    .containsExactly(
                            "scenarios/x.yaml:3: unknown key 'rat' in place-calls; allowed: count, rate, period, limit",
                            "scenarios/x.yaml:4: unknown key 'runing' in expect; allowed: within, not-before, "
                                    + ConditionKind.allowedKeys(),
                            "scenarios/x.yaml:5: unknown condition 'within' in hold's expect; allowed: "
                                    + "running-at-least, running-at-most, running, desired, desired-at-least, pending, "
                                    + "active-sessions, active-sessions-at-least, spread-over, routable-at-least, dropped, rejected, "
                                    + "front-door-failures, rollout",
                            "scenarios/x.yaml:6: unknown key 'all' in end-calls; allowed: count",
                            "scenarios/x.yaml:7: unknown key 'now' in end-all-calls; allowed: none, write end-all-calls: {}");
        }

        @Test
        void badDurationsSayWhatADurationLooksLike() {
            assertThat(problems(steps(
                    "  - place-calls: {count: 1, period: 5 seconds}",
                    "  - expect: {running: 1, within: 0s}",
                    "  - hold: {duration: [1m]}")))
                    .containsExactly(
                            "scenarios/x.yaml:3: 'period' must be a duration, was '5 seconds'; "
                                    + "allowed: a duration like 90s, 8m, 1m30s, 500ms",
                            "scenarios/x.yaml:4: 'within' must be longer than 0s, was '0s'; "
                                    + "allowed: a duration like 90s, 8m, 1m30s, 500ms, or scale-in-policy (the scale-in "
                                    + "bound derived from the live scaling policy)",
                            "scenarios/x.yaml:5: 'duration' must be a duration, was a list; "
                                    + "allowed: a duration like 90s, 8m, 1m30s, 500ms");
        }

        @Test
        void invariantsAreCheckedKeyByKey() {
            assertThat(problems("name: x\ninvariants:\n  no-flapping: soon\n  calls-spread: yes\n  max-dropped: -1\n"
                    + "  no-overshot: 1\nsteps:\n  - place-calls: {count: 1}\n"))
                    .containsExactly(
                            "scenarios/x.yaml:3: 'no-flapping' must be a duration, was 'soon'; "
                                    + "allowed: a duration like 90s, 8m, 1m30s, 500ms",
                            "scenarios/x.yaml:4: 'calls-spread' must be true or false, was 'yes'",
                            "scenarios/x.yaml:5: 'max-dropped' must be a whole number >= 0, was '-1'",
                            "scenarios/x.yaml:6: unknown key 'no-overshot' in invariants; allowed: no-flapping, "
                                    + "no-overshoot, calls-spread, busy-tasks-protected, no-busy-task-stopped, max-dropped, "
                                    + "max-front-door-failures, cold-start-at-most, health-checks-as-configured, "
                                    + "metrics-every-period");
        }

        @Test
        void theFrontDoorKeysTakeWholeNumbersFromZero() {
            assertThat(problems("""
                    name: x
                    thresholds:
                      max-front-door-failures: -1
                    invariants:
                      max-front-door-failures: some
                    steps:
                      - place-calls: {count: 1}
                      - hold: {duration: 1m, expect: {front-door-failures: 0.5}}
                      - expect: {front-door-failure: 0, within: 1m}
                    """)).containsExactly(
                    "scenarios/x.yaml:3: 'max-front-door-failures' must be a whole number >= 0, was '-1'",
                    "scenarios/x.yaml:5: 'max-front-door-failures' must be a whole number >= 0, was 'some'",
                    "scenarios/x.yaml:8: 'front-door-failures' must be a whole number >= 0, was '0.5'",
                    "scenarios/x.yaml:9: unknown key 'front-door-failure' in expect; allowed: within, not-before, "
                            + ConditionKind.allowedKeys());
        }

        @Test
        void withinCanAskForTheLivePolicysScaleInBound() {
            Scenario s = ScenarioLoader.parse("name: x\ninvariants: {no-flapping: 10m, "
                    + "calls-spread: true}\nsteps:\n  - place-calls: {count: 1}\n"
                    + "  - expect: {running: 1, within: scale-in-policy}\n", FILE);
            Step.Expect expect = (Step.Expect) s.steps().get(1);
            assertThat(expect.scaleInPolicy()).isTrue();
            assertThat(expect.describe()).isEqualTo("expect running tasks = 1 within scale-in-policy");
            assertThat(s.invariants().noFlapping()).contains(java.time.Duration.ofMinutes(10));
            assertThat(s.invariants().describe()).containsExactly("no flapping within 10m", "calls spread over routable tasks");
        }

        @Test
        void notBeforeIsADurationFromTheStepsStartOrAPolicysEarliestScaling() {
            Scenario s = ScenarioLoader.parse(steps("  - place-calls: {count: 5}",
                    "  - expect: {desired-at-least: 2, not-before: scale-out-policy, within: 8m}",
                    "  - expect: {running-at-least: 2, not-before: 90s, within: 8m}",
                    "  - end-all-calls: {}",
                    "  - expect: {desired: 1, not-before: scale-in-policy, within: scale-in-policy}"), FILE);
            Step.Expect out = (Step.Expect) s.steps().get(1);
            assertThat(out.notBefore()).contains(NotBefore.of(NotBefore.Policy.SCALE_OUT));
            assertThat(out.describe()).isEqualTo("expect desired count >= 2 not before scale-out-policy within 8m");
            Step.Expect fixed = (Step.Expect) s.steps().get(2);
            assertThat(fixed.notBefore()).contains(NotBefore.after(Duration.ofSeconds(90)));
            assertThat(fixed.describe()).isEqualTo("expect running tasks >= 2 not before 1m30s within 8m");
            Step.Expect in = (Step.Expect) s.steps().get(4);
            assertThat(in.notBefore()).contains(NotBefore.of(NotBefore.Policy.SCALE_IN));
            assertThat(in.scaleInPolicy()).isTrue();
            assertThat(((Step.Expect) ScenarioLoader.parse(steps("  - expect: {running: 1, within: 1m}"), FILE)
                    .steps().get(0)).notBefore()).isEmpty();
        }

        @Test
        void notBeforeMustBeADurationShorterThanWithinOrAPolicy() {
            assertThat(problems(steps("  - expect: {running: 1, not-before: soon, within: 8m}",
                    "  - expect: {running: 1, not-before: 0s, within: 8m}",
                    "  - expect: {running: 1, not-before: 8m, within: 8m}",
                    "  - expect: {running: 1, not-before: scale-sideways-policy, within: 8m}",
                    "  - hold: {duration: 1m, not-before: 30s}")))
                    .containsExactly(
                            "scenarios/x.yaml:3: 'not-before' must be a duration, was 'soon'; allowed: a duration like "
                                    + "90s, 8m, 1m30s, 500ms (from the step's start), or scale-out-policy (the earliest "
                                    + "scale-out the live scaling policy allows), scale-in-policy (the earliest scale-in "
                                    + "it allows)",
                            "scenarios/x.yaml:4: 'not-before' must be longer than 0s, was '0s'; allowed: a duration like "
                                    + "90s, 8m, 1m30s, 500ms (from the step's start), or scale-out-policy (the earliest "
                                    + "scale-out the live scaling policy allows), scale-in-policy (the earliest scale-in "
                                    + "it allows)",
                            "scenarios/x.yaml:5: not-before 8m is not shorter than within 8m, so the step could never "
                                    + "pass; allowed: a not-before shorter than within",
                            "scenarios/x.yaml:6: 'not-before' must be a duration, was 'scale-sideways-policy'; allowed: "
                                    + "a duration like 90s, 8m, 1m30s, 500ms (from the step's start), or scale-out-policy "
                                    + "(the earliest scale-out the live scaling policy allows), scale-in-policy (the "
                                    + "earliest scale-in it allows)",
                            "scenarios/x.yaml:7: unknown key 'not-before' in hold; allowed: duration, expect");
        }

        @Test
        void requiredKeys() {
            assertThat(problems(steps("  - place-calls: {rate: 2}", "  - hold: {}", "  - end-calls: {}")))
                    .containsExactly(
                            "scenarios/x.yaml:3: 'count' is required for place-calls",
                            "scenarios/x.yaml:4: 'duration' is required for hold",
                            "scenarios/x.yaml:5: 'count' is required for end-calls");
        }

        @Test
        void anExpectWithoutConditions() {
            assertThat(problems(steps("  - expect: {within: 1m}", "  - hold: {duration: 1m, expect: {}}")))
                    .containsExactly(
                            "scenarios/x.yaml:3: expect needs at least one condition; allowed: "
                                    + ConditionKind.allowedKeys(),
                            "scenarios/x.yaml:4: hold's expect needs at least one condition; allowed: "
                                    + ConditionKind.allowedKeys());
        }

        @Test
        void malformedSteps() {
            assertThat(problems(steps(
                    "  - place-calls: {count: 1}",
                    "    hold: {duration: 1m}",
                    "  - end-calls",
                    "  - dance",
                    "  - place-calls: 5",
                    "  - expect: soon")))
                    .containsExactly(
                            "scenarios/x.yaml:3: a step has exactly one kind, found place-calls, hold (indent the "
                                    + "step's settings under its kind); allowed: place-calls, hold, expect, end-calls, "
                                    + "end-all-calls, deploy",
                            "scenarios/x.yaml:5: a step is a mapping with one key, its kind, was 'end-calls'; "
                                    + "allowed: place-calls, hold, expect, end-calls, end-all-calls, deploy",
                            "scenarios/x.yaml:6: unknown step 'dance'; allowed: place-calls, hold, expect, end-calls, "
                                    + "end-all-calls, deploy",
                            "scenarios/x.yaml:7: 'place-calls' takes a mapping like {count: 6, rate: 1, period: 5s}, "
                                    + "was '5'",
                            "scenarios/x.yaml:8: 'expect' takes a mapping like {running-at-least: 2, within: 8m}, "
                                    + "was 'soon'");
        }

        @Test
        void stepsMustBeAPresentNonEmptyList() {
            assertThat(problems("name: x\nsteps: []\n")).containsExactly("scenarios/x.yaml:2: 'steps' must list at "
                    + "least one step, was an empty list; allowed: a list of place-calls, hold, expect, end-calls, "
                    + "end-all-calls, deploy");
            assertThat(problems("name: x\nsteps:\n")).containsExactly("scenarios/x.yaml:2: 'steps' must list at "
                    + "least one step, was nothing; allowed: a list of place-calls, hold, expect, end-calls, "
                    + "end-all-calls, deploy");
            assertThat(problems("name: x\n")).containsExactly("scenarios/x.yaml:1: 'steps' is required; "
                    + "allowed: a list of place-calls, hold, expect, end-calls, end-all-calls, deploy");
        }

        @Test
        void topLevelAndThresholdKeys() {
            assertThat(problems("""
                    name: Steady State
                    descripton: typo
                    thresholds:
                      max-dropped: none
                      max-e2e: 1s
                      max-e2e-p95: quick
                    steps:
                      - end-all-calls: {}
                    """)).containsExactly(
                    "scenarios/x.yaml:1: 'name' must be a scenario name, was 'Steady State'; "
                            + "allowed: lower-case letters, digits and dashes, like steady-state",
                    "scenarios/x.yaml:2: unknown key 'descripton' in the scenario; "
                            + "allowed: name, description, thresholds, invariants, allow-unmeasured, slos, steps",
                    "scenarios/x.yaml:4: 'max-dropped' must be a whole number >= 0, was 'none'",
                    "scenarios/x.yaml:5: unknown key 'max-e2e' in thresholds; "
                            + "allowed: max-dropped, max-rejected, max-front-door-failures, max-e2e-p95",
                    "scenarios/x.yaml:6: 'max-e2e-p95' must be a duration, was 'quick'; "
                            + "allowed: a duration like 90s, 8m, 1m30s, 500ms",
                    "scenarios/x.yaml:8: end-all-calls before any place-calls: there are no calls to end; "
                            + "allowed: end-all-calls after a place-calls step");
        }

        @Test
        void allowUnmeasuredListsChecksByKey() {
            assertThat(problems("""
                    name: x
                    allow-unmeasured: [max-e2e-p95, metrics-every-period, max-e2e, active-sessions, max-e2e-p95]
                    steps:
                      - place-calls: {count: 1}
                    """)).containsExactly(
                    "scenarios/x.yaml:2: unknown check 'max-e2e' in allow-unmeasured; allowed: max-dropped, "
                            + "max-rejected, max-front-door-failures, max-e2e-p95, no-flapping, no-overshoot, calls-spread, "
                            + "busy-tasks-protected, no-busy-task-stopped, cold-start-at-most, health-checks-as-configured, "
                            + "metrics-every-period, " + ConditionKind.allowedKeys() + ", not-before, regression, slos",
                    "scenarios/x.yaml:2: 'max-e2e-p95' is listed twice in allow-unmeasured (first on line 2); "
                            + "allowed: each check once");
            assertThat(problems("name: x\nallow-unmeasured: max-e2e-p95\nsteps:\n  - place-calls: {count: 1}\n"))
                    .containsExactly("scenarios/x.yaml:2: 'allow-unmeasured' must be a list of checks, was "
                            + "'max-e2e-p95'; allowed: a list of " + String.join(", ", Scenario.CHECK_KEYS));
            assertThat(problems("name: x\nallow-unmeasured:\n  - {max-e2e-p95: true}\nsteps:\n  - place-calls: {count: 1}\n"))
                    .containsExactly("scenarios/x.yaml:3: 'allow-unmeasured' lists checks by key, found a mapping; "
                            + "allowed: a list of " + String.join(", ", Scenario.CHECK_KEYS));
        }

        @Test
        void allowUnmeasuredIsReadInBlockStyleAndDefaultsToNone() {
            Scenario allowing = ScenarioLoader.parse("name: x\nallow-unmeasured:\n  - max-e2e-p95\n  - routable-at-least\n"
                    + "steps:\n  - place-calls: {count: 1}\n", FILE);
            assertThat(allowing.allowUnmeasured()).containsExactly("max-e2e-p95", "routable-at-least");
            assertThat(allowing.allowsUnmeasured("routable-at-least")).isTrue();
            assertThat(allowing.allowsUnmeasured("max-dropped")).isFalse();
            assertThat(ScenarioLoader.parse(EXAMPLE, FILE).allowUnmeasured()).isEmpty();
            assertThat(ScenarioLoader.parse("name: x\nallow-unmeasured: []\nsteps:\n  - place-calls: {count: 1}\n", FILE)
                    .allowUnmeasured()).isEmpty();
        }

        @Test
        void aNameIsNeededWhenTheFileNameIsNotOne() {
            assertThat(catchThrowableOfType(ScenarioException.class,
                    () -> ScenarioLoader.parse("steps: [{end-all-calls: {}}]", "My File.yaml")).problems())
                    .contains("My File.yaml:1: 'name' is required; allowed: lower-case letters, digits and dashes, "
                            + "like steady-state");
        }

        @Test
        void duplicateKeys() {
            assertThat(problems(steps("  - place-calls: {count: 1, count: 2}", "  - expect: {running: 1, running: 2, within: 1m}")))
                    .containsExactly(
                            "scenarios/x.yaml:3: duplicate key 'count' in place-calls (first on line 3)",
                            "scenarios/x.yaml:4: duplicate key 'running' in expect (first on line 4)");
        }

        @Test
        void endingMoreCallsThanArePlaced() {
            assertThat(problems(steps("  - end-calls: {count: 1}", "  - place-calls: {count: 3}",
                    "  - end-calls: {count: 2}", "  - end-calls: {count: 2}")))
                    .containsExactly(
                            "scenarios/x.yaml:3: end-calls before any place-calls: there are no calls to end; "
                                    + "allowed: end-calls after a place-calls step",
                            "scenarios/x.yaml:6: end-calls 2 ends more calls than the 1 placed and not yet ended; "
                                    + "allowed: a count from 1 to 1");
        }

        @Test
        void contradictoryBounds() {
            assertThat(problems(steps("  - expect: {running-at-most: 2, running-at-least: 3, within: 1m}")))
                    .containsExactly("scenarios/x.yaml:3: running-at-least 3 is more than running-at-most 2, so the "
                            + "step can never pass; allowed: running-at-least <= running-at-most");
        }

        @Test
        void yamlSyntaxErrorsCarryTheLineOfTheMark() {
            assertThat(problems("name: x\nsteps:\n  - place-calls: {count: 1\n  - end-all-calls: {}\n"))
                    .singleElement().asString()
                    .startsWith("scenarios/x.yaml:4: YAML syntax error: ")
                    .endsWith("; allowed: valid YAML")
                    .doesNotContain("\tat ", "Exception");
            assertThat(problems("name: x\n\tsteps: []\n")).singleElement().asString()
                    .startsWith("scenarios/x.yaml:2: YAML syntax error: ");
        }

        @Test
        void aCharacterYamlForbidsIsReportedOnItsOwnLine() {
            // Found by ScenarioPropertiesTest: it was reported on line 1 with no word on what is allowed.
            assertThat(problems("name: x\nsteps:\n  - place-calls: {count: 1\u0007}\n")).containsExactly(
                    "scenarios/x.yaml:3: character U+0007 is not allowed in YAML; allowed: printable characters, "
                            + "tabs and line breaks");
            assertThat(problems("name: x\r\nsteps: [{end-all-calls: {}}]\r\n\r\n# \u0000\n")).singleElement().asString()
                    .startsWith("scenarios/x.yaml:4: character U+0000 is not allowed in YAML; ");
        }

        @Test
        void valuesWithLineBreaksStayOnTheProblemsOneLine() {
            // Found by ScenarioPropertiesTest: a quoted value's line break split the problem over two lines.
            assertThat(problems("name: \"a\\nb\"\nsteps:\n  - place-calls: {count: \"1\\r\\n2\\t\\u001b[0m\"}\n"))
                    .containsExactly(
                            "scenarios/x.yaml:1: 'name' must be a scenario name, was 'a\\nb'; allowed: lower-case "
                                    + "letters, digits and dashes, like steady-state",
                            "scenarios/x.yaml:3: 'count' must be a whole number >= 1, was '1\\r\\n2\\t\\u001B[0m'");
        }

        @Test
        void anEscapeCutShortAtTheEndIsAYamlSyntaxError() {
            // Found by ScenarioPropertiesTest and ConfigPropertiesTest: a file ending in "\\u (no hex digits left)
            // makes SnakeYAML's scanner throw NumberFormatException, which escaped both loaders.
            // The message named the exception's class, which ScenarioPropertiesTest caught later.
            assertThat(problems("name: \"\\u")).containsExactly("scenarios/x.yaml:1: YAML syntax error: an escape "
                    + "sequence (\\x, \\u or \\U) without all of its hex digits at the end of the file; allowed: valid YAML");
        }

        @Test
        void emptyAndNonMappingFiles() {
            assertThat(problems("")).containsExactly(
                    "scenarios/x.yaml:1: the file is empty; allowed: a mapping with name, description, thresholds, invariants, allow-unmeasured, slos, steps");
            assertThat(problems("- place-calls: {count: 1}\n")).containsExactly("scenarios/x.yaml:1: a scenario is a "
                    + "mapping, was a list; allowed: a mapping with name, description, thresholds, invariants, allow-unmeasured, slos, steps");
        }

        @Test
        void everyProblemOfAFileInOneException() {
            ScenarioException e = catchThrowableOfType(ScenarioException.class, () -> ScenarioLoader.parse(
                    steps("  - place-call: {count: 6}", "  - expect: {running: 1}"), FILE));
            assertThat(e).hasMessage("""
                    2 problems in scenarios/x.yaml:
                    scenarios/x.yaml:3: unknown step 'place-call'; allowed: place-calls, hold, expect, end-calls, end-all-calls, deploy
                    scenarios/x.yaml:4: 'within' is required for expect""");
        }
    }
}
