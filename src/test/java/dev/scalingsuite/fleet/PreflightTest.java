package dev.scalingsuite.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Each trap of the live configuration, and the deployed stack's healthy configuration that has none. */
class PreflightTest {

    private static final TargetGroupSettings NLB_10S = new TargetGroupSettings(10, 2, 2, 300);
    private static final LongestCall TWENTY_NINE_MINUTES = LongestCall.bounded(Duration.ofMinutes(29),
            "placed by step 1, ended by step 11");
    private static final ScalingConfiguration.TargetTracking AVERAGE = new ScalingConfiguration.TargetTracking(
            "sessions-tt", "SessionsPerTask", "Average", 3.0, 60, 300, true);

    private static ScalingConfiguration.StepPolicy scaleIn(String comparison, double threshold) {
        return new ScalingConfiguration.StepPolicy("scale-in", "ChangeInCapacity", List.of(-3), 30, "sessions-low",
                "SessionsPerTask", comparison, threshold, 60, 2, OptionalInt.empty());
    }

    private static ScalingConfiguration config(List<ScalingConfiguration.TargetTracking> tracking,
            List<ScalingConfiguration.StepPolicy> steps, OptionalInt maxCalls, OptionalInt expiry) {
        return new ScalingConfiguration(1, 12, tracking, steps, maxCalls, expiry);
    }

    /** As CDK creates the stack: the scale-in alarm is SessionsPerTask <= 0 over 2 periods, no DatapointsToAlarm. */
    private static ScalingConfiguration deployed() {
        return config(List.of(AVERAGE), List.of(scaleIn("LessThanOrEqualToThreshold", 0)), OptionalInt.of(10),
                OptionalInt.of(30));
    }

    /** The stack with the scale-in alarm its code comment means: SessionsPerTask < 1. */
    private static ScalingConfiguration recommended() {
        return config(List.of(AVERAGE), List.of(scaleIn("LessThanThreshold", 1)), OptionalInt.of(10),
                OptionalInt.of(30));
    }

    private static List<String> keys(List<PreflightWarning> warnings) {
        return warnings.stream().map(PreflightWarning::key).toList();
    }

    @Test
    void theDeployedStacksHealthyConfigurationHasNoWarning() {
        assertThat(Preflight.lint(deployed(), NLB_10S, TWENTY_NINE_MINUTES)).isEmpty();
        assertThat(Preflight.lint(recommended(), NLB_10S, TWENTY_NINE_MINUTES)).isEmpty();
    }

    private static final ScaleInWithCalls SURVIVORS = new ScaleInWithCalls(10, 31,
            "expect desired count = 1, active sessions >= 1 within 10m", 1, 1);

    @Test
    void aScenarioThatScalesInWithCallsUpCannotPassWhereScaleInNeedsAnIdleFleet() {
        List<PreflightWarning> warnings = Preflight.lint(deployed(), NLB_10S, TWENTY_NINE_MINUTES,
                Optional.empty(), Optional.of(SURVIVORS));

        assertThat(warnings).containsExactly(new PreflightWarning("scale-in-needs-idle-fleet",
                "alarm `sessions-low` of step policy `scale-in`: SessionsPerTask LessThanOrEqualToThreshold 0; step 10 "
                        + "(line 31, expect desired count = 1, active sessions >= 1 within 10m) expects 1 task(s) while 1 or "
                        + "more session(s) remain",
                "the only way to scale in is an alarm that breaches when the sessions metric is 0 for 2 period(s), "
                        + "that is when the fleet holds no session at all; while the scenario's calls survive, desired "
                        + "never falls, so that step can only time out",
                "on this configuration expect scale-in only after every call has ended; to scale in while calls "
                        + "remain, the alarm must breach with sessions left (e.g. SessionsPerTask < 1 over 2 periods), "
                        + "relying on task scale-in protection to keep the busy tasks"));
    }

    @Test
    void scaleInWithCallsUpIsNoTrapWhenSomeScaleInPathActsWithSessionsLeft() {
        var trackingScalesIn = config(List.of(new ScalingConfiguration.TargetTracking("tt", "SessionsPerTask",
                "Average", 3.0, 60, 300, false)), List.of(scaleIn("LessThanOrEqualToThreshold", 0)),
                OptionalInt.of(10), OptionalInt.of(30));
        var activeCountBelowOne = config(List.of(AVERAGE), List.of(new ScalingConfiguration.StepPolicy("scale-in",
                "ChangeInCapacity", List.of(-1), 30, "none-active", "ActiveCount", "LessThanThreshold", 1, 60, 2,
                OptionalInt.empty())), OptionalInt.of(10), OptionalInt.of(30));

        assertThat(Preflight.lint(recommended(), NLB_10S, TWENTY_NINE_MINUTES, Optional.empty(), Optional.of(SURVIVORS))).isEmpty();
        assertThat(Preflight.lint(trackingScalesIn, NLB_10S, TWENTY_NINE_MINUTES, Optional.empty(), Optional.of(SURVIVORS))).isEmpty();
        assertThat(keys(Preflight.lint(activeCountBelowOne, NLB_10S, TWENTY_NINE_MINUTES, Optional.empty(), Optional.of(SURVIVORS))))
                .containsExactly("scale-in-needs-idle-fleet");
        assertThat(Preflight.lint(deployed(), NLB_10S, TWENTY_NINE_MINUTES, Optional.empty(), Optional.empty())).isEmpty();
    }

    @Test
    void aConfigurationThatNeverScalesInCannotMeetAScaleInStep() {
        var never = config(List.of(AVERAGE), List.of(), OptionalInt.of(10), OptionalInt.of(30));

        List<PreflightWarning> warnings = Preflight.lint(never, NLB_10S, TWENTY_NINE_MINUTES, Optional.empty(), Optional.of(SURVIVORS));

        assertThat(keys(warnings)).containsExactly("scale-in-needs-idle-fleet");
        assertThat(warnings.get(0).read()).startsWith("no step scale-in policy, and target tracking has scale-in "
                + "disabled; step 10");
    }

    @Test
    void aScaleInAlarmWrittenAsAtLeastZeroIsAlwaysInAlarm() {
        var config = config(List.of(AVERAGE), List.of(scaleIn("GreaterThanOrEqualToThreshold", 0)),
                OptionalInt.of(10), OptionalInt.of(30));

        List<PreflightWarning> warnings = Preflight.lint(config, NLB_10S, TWENTY_NINE_MINUTES);

        assertThat(warnings).containsExactly(new PreflightWarning("step-alarm-always-in-alarm",
                "alarm `sessions-low` of step policy `scale-in`: SessionsPerTask GreaterThanOrEqualToThreshold 0",
                "SessionsPerTask is from 0 to MAX_CONCURRENT_CALLS 10, so the comparison holds for every value it "
                        + "can take: the alarm is in ALARM whenever there is data, CloudWatch re-sends its action every "
                        + "minute, and the policy applies -3 (ChangeInCapacity) over and over, undoing what the other "
                        + "policies do",
                "write the comparison the policy means (the scale-in alarm CDK creates for the deployed stack is "
                        + "SessionsPerTask <= 0: LessThanOrEqualToThreshold 0, EvaluationPeriods 2, no "
                        + "DatapointsToAlarm)"));
    }

    @Test
    void aThresholdAboveZeroOrBelowZeroOnTheOtherSideIsNoTrap() {
        var atLeastOne = config(List.of(AVERAGE), List.of(scaleIn("GreaterThanOrEqualToThreshold", 1),
                scaleIn("GreaterThanThreshold", 0), scaleIn("LessThanThreshold", 0)), OptionalInt.of(10),
                OptionalInt.of(30));

        assertThat(Preflight.lint(atLeastOne, NLB_10S, TWENTY_NINE_MINUTES)).isEmpty();
    }

    @Test
    void aNegativeThresholdIsAlwaysExceededByACount() {
        var config = config(List.of(AVERAGE), List.of(scaleIn("GreaterThanThreshold", -1)), OptionalInt.empty(),
                OptionalInt.of(30));

        List<PreflightWarning> warnings = Preflight.lint(config, NLB_10S, TWENTY_NINE_MINUTES);

        assertThat(keys(warnings)).containsExactly("step-alarm-always-in-alarm");
        assertThat(warnings.get(0).why()).startsWith("SessionsPerTask is 0 or more, so");
    }

    @Test
    void lessThanAboveWhatATaskCanHoldIsAlwaysInAlarmWhenMaxConcurrentCallsIsKnown() {
        var above = config(List.of(AVERAGE), List.of(scaleIn("LessThanThreshold", 11),
                scaleIn("LessThanOrEqualToThreshold", 10)), OptionalInt.of(10), OptionalInt.of(30));
        var atTheLimit = config(List.of(AVERAGE), List.of(scaleIn("LessThanThreshold", 10)), OptionalInt.of(10),
                OptionalInt.of(30));
        var unknownLimit = config(List.of(AVERAGE), List.of(scaleIn("LessThanThreshold", 11)), OptionalInt.empty(),
                OptionalInt.of(30));

        assertThat(keys(Preflight.lint(above, NLB_10S, TWENTY_NINE_MINUTES)))
                .containsExactly("step-alarm-always-in-alarm", "step-alarm-always-in-alarm");
        assertThat(Preflight.lint(above, NLB_10S, TWENTY_NINE_MINUTES).get(0).read())
                .isEqualTo("alarm `sessions-low` of step policy `scale-in`: SessionsPerTask LessThanThreshold 11");
        assertThat(Preflight.lint(atTheLimit, NLB_10S, TWENTY_NINE_MINUTES)).isEmpty();
        assertThat(Preflight.lint(unknownLimit, NLB_10S, TWENTY_NINE_MINUTES)).isEmpty();
    }

    @Test
    void aMetricThatMayBeNegativeIsNotJudged() {
        var latency = new ScalingConfiguration.StepPolicy("p", "ChangeInCapacity", List.of(1), 30, "a",
                "LatencyDelta", "GreaterThanOrEqualToThreshold", 0, 60, 2, OptionalInt.of(2));

        assertThat(Preflight.lint(config(List.of(AVERAGE), List.of(latency), OptionalInt.of(10), OptionalInt.of(30)),
                NLB_10S, TWENTY_NINE_MINUTES)).isEmpty();
    }

    @Test
    void targetTrackingOnTheMaximumOvershootsWithStickyCalls() {
        var onMax = new ScalingConfiguration.TargetTracking("max-tt", "MaxSessionsPerTask", "Average", 3.0, 60, 300,
                true);
        var maximumStatistic = new ScalingConfiguration.TargetTracking("stat-tt", "SessionsPerTask", "Maximum", 3.0,
                60, 300, true);

        List<PreflightWarning> warnings = Preflight.lint(config(List.of(onMax, maximumStatistic, AVERAGE), List.of(),
                OptionalInt.of(10), OptionalInt.of(30)), NLB_10S, TWENTY_NINE_MINUTES);

        assertThat(keys(warnings)).containsExactly("target-tracking-on-max", "target-tracking-on-max");
        assertThat(warnings.get(0).read()).isEqualTo("target tracking `max-tt`: MaxSessionsPerTask Average, target 3");
        assertThat(warnings.get(1).read()).isEqualTo("target tracking `stat-tt`: SessionsPerTask Maximum, target 3");
        assertThat(warnings.get(0).why()).contains("7 tasks for 5 sessions");
        assertThat(warnings.get(0).todo()).isEqualTo("track the average per task (SessionsPerTask, Average)");
    }

    @Test
    void aHealthCheckIntervalBelowTenSecondsIsNotWhatTheNlbDoes() {
        List<PreflightWarning> at5 = Preflight.lint(deployed(), new TargetGroupSettings(5, 2, 2, 300),
                TWENTY_NINE_MINUTES);
        List<PreflightWarning> at9 = Preflight.lint(deployed(), new TargetGroupSettings(9, 3, 2, 300),
                TWENTY_NINE_MINUTES);

        assertThat(at5).containsExactly(new PreflightWarning("health-check-interval-below-nlb-minimum",
                "target group health-check interval 5s",
                "the NLB checks at most every 10s and silently used that when less was configured, so a new task "
                        + "becomes routable later than the configuration says (healthy threshold 2 x 10s, not x 5s)",
                "configure 10s or more, so the configuration says what the NLB does"));
        assertThat(keys(at9)).containsExactly("health-check-interval-below-nlb-minimum");
        assertThat(at9.get(0).why()).contains("healthy threshold 3 x 10s, not x 9s");
    }

    @Test
    void protectionThatExpiresBeforeTheLongestCallEndsIsATrap() {
        LongestCall fortyFive = LongestCall.bounded(Duration.ofMinutes(45), "placed by step 1, ended by step 11");

        List<PreflightWarning> warnings = Preflight.lint(deployed(), NLB_10S, fortyFive);

        assertThat(warnings).containsExactly(new PreflightWarning("protection-expiry-shorter-than-longest-call",
                "TASK_PROTECTION_EXPIRES_MINUTES 30; a call of this scenario can be up for 45m 00s (placed by step 1, "
                        + "ended by step 11)",
                "scale-in protection that expires while a call is up lets scale-in stop the task holding it and drop "
                        + "the call, unless the agent renews protection while its calls last",
                "make sure the agent renews protection while it holds calls, or ask for an ExpiresInMinutes above "
                        + "45m 00s (at most 2880)"));
    }

    @Test
    void protectionThatLastsExactlyAsLongAsTheLongestCallIsEnough() {
        assertThat(Preflight.lint(deployed(), NLB_10S, LongestCall.bounded(Duration.ofMinutes(30), "x"))).isEmpty();
        assertThat(keys(Preflight.lint(deployed(), NLB_10S, LongestCall.bounded(Duration.ofSeconds(1801), "x"))))
                .containsExactly("protection-expiry-shorter-than-longest-call");
    }

    @Test
    void anUnknownExpiryIsReportedAsNotCheckedRatherThanPassed() {
        var noExpiry = config(List.of(AVERAGE), List.of(scaleIn("LessThanThreshold", 1)), OptionalInt.of(10),
                OptionalInt.empty());

        List<PreflightWarning> warnings = Preflight.lint(noExpiry, NLB_10S, TWENTY_NINE_MINUTES);

        assertThat(keys(warnings)).containsExactly("protection-expiry-not-checked");
        assertThat(warnings.get(0).read()).isEqualTo("no TASK_PROTECTION_EXPIRES_MINUTES in the task definition's "
                + "environment; a call of this scenario can be up for 29m 00s (placed by step 1, ended by step 11)");
        assertThat(warnings.get(0).why()).endsWith("how long protection lasts is unknown, so this was not checked");
    }

    @Test
    void withoutTheVariableTheAssumedExpiryIsCheckedAndSaysWhereItCameFrom() {
        var noExpiry = config(List.of(AVERAGE), List.of(scaleIn("LessThanThreshold", 1)), OptionalInt.of(10),
                OptionalInt.empty());
        var deployedAgent = Optional.of(new Preflight.AssumedExpiry(Preflight.DEPLOYED_PROTECTION_EXPIRY_MINUTES,
                "the deployed agent's hard-coded PROTECTION_EXPIRY_MINUTES"));

        assertThat(Preflight.lint(noExpiry, NLB_10S, TWENTY_NINE_MINUTES, deployedAgent)).isEmpty();
        List<PreflightWarning> warnings = Preflight.lint(noExpiry, NLB_10S,
                LongestCall.bounded(Duration.ofMinutes(45), "placed by step 1, ended by step 11"), deployedAgent);
        assertThat(keys(warnings)).containsExactly("protection-expiry-shorter-than-longest-call");
        assertThat(warnings.get(0).read()).isEqualTo("no TASK_PROTECTION_EXPIRES_MINUTES in the task definition's "
                + "environment, so 30 minutes (the deployed agent's hard-coded PROTECTION_EXPIRY_MINUTES); a call of "
                + "this scenario can be up for 45m 00s (placed by step 1, ended by step 11)");
        assertThat(keys(Preflight.lint(deployed(), NLB_10S, LongestCall.bounded(Duration.ofMinutes(45), "x"),
                Optional.of(new Preflight.AssumedExpiry(60, "configured")))))
                .as("the task definition's variable wins over an assumption")
                .containsExactly("protection-expiry-shorter-than-longest-call");
    }

    @Test
    void aCallWithoutABoundIsReportedAsNotChecked() {
        List<PreflightWarning> warnings = Preflight.lint(deployed(), NLB_10S,
                LongestCall.unbounded("step 14 has no bound"));

        assertThat(keys(warnings)).containsExactly("protection-expiry-not-checked");
        assertThat(warnings.get(0).read()).isEqualTo("TASK_PROTECTION_EXPIRES_MINUTES 30; a call of this scenario "
                + "has no bound: step 14 has no bound");
    }

    @Test
    void everyTrapAtOnceInTheOrderOfTheConfiguration() {
        var onMax = new ScalingConfiguration.TargetTracking("max-tt", "MaxSessionsPerTask", "Maximum", 3.0, 60, 300,
                true);
        var config = config(List.of(onMax), List.of(scaleIn("GreaterThanOrEqualToThreshold", 0)), OptionalInt.of(10),
                OptionalInt.of(30));

        assertThat(keys(Preflight.lint(config, new TargetGroupSettings(5, 2, 2, 300),
                LongestCall.bounded(Duration.ofHours(1), "x")))).containsExactly("step-alarm-always-in-alarm",
                        "target-tracking-on-max", "health-check-interval-below-nlb-minimum",
                        "protection-expiry-shorter-than-longest-call");
    }
}
