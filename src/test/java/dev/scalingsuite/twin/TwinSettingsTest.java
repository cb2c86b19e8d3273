package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.twin.stack.StackProfile;
import dev.scalingsuite.twin.stack.TwinConfigException;
import dev.scalingsuite.twin.stack.TwinSettings;
import dev.scalingsuite.twin.stack.WallTimeout;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwinSettingsTest {

    @Test
    void bothStackProfilesUseTheDeployedStacksNames() {
        for (StackProfile profile : StackProfile.values()) {
            TwinSettings s = TwinSettings.of(Map.of("twin.stack", profile.profileName()), "twin.");
            assertThat(s.cluster()).as(profile.profileName()).isEqualTo("voice-agent-poc-cluster");
            assertThat(s.service()).isEqualTo("voice-agent-poc-service");
            assertThat(s.environment()).isEqualTo("poc");
            assertThat(s.sessionTable()).isEqualTo("voice-agent-poc-sessions");
            assertThat(s.taskFamily()).isEqualTo("voice-agent-poc-voice-agent");
            assertThat(s.containerName()).isEqualTo("voice-agent");
            assertThat(s.logGroup()).isEqualTo("/ecs/voice-agent-poc");
            assertThat(s.logStreamPrefix()).isEqualTo("voice-agent");
            assertThat(s.ttlAttribute()).isEqualTo("TTL");
        }
        assertThat(TwinSettings.sources()).hasEntrySatisfying("logGroup",
                source -> assertThat(source).startsWith("infrastructure/src/stacks/ecs-stack.ts"));
        assertThat(TwinSettings.sources()).hasEntrySatisfying("ttlAttribute",
                source -> assertThat(source).startsWith("infrastructure/src/constructs/session-table-construct.ts"));
    }

    @Test
    void defaultsAreTheDeployedStacksValues() {
        TwinSettings settings = TwinSettings.defaults();

        assertThat(settings.timeScale()).isEqualTo(10);
        assertThat(settings.minCapacity()).isEqualTo(1);
        assertThat(settings.maxCapacity()).isEqualTo(12);
        assertThat(settings.targetSessionsPerTask()).isEqualTo(3.0);
        assertThat(settings.maxConcurrentCalls()).isEqualTo(10);
        assertThat(settings.deregistrationDelay()).isEqualTo(300);
        assertThat(settings.stopTimeout()).isEqualTo(120);
        assertThat(settings.taskProtection()).isTrue();
    }

    @Test
    void keysWithThePrefixOverrideDefaultsAndOtherKeysAreIgnored() {
        TwinSettings settings = TwinSettings.of(Map.of(
                "scaling.twin.timeScale", "30",
                "scaling.twin.maxCapacity", "4",
                "scaling.target", "local",
                "user.home", "/root"), "scaling.twin.");

        assertThat(settings.timeScale()).isEqualTo(30);
        assertThat(settings.maxCapacity()).isEqualTo(4);
    }

    @Test
    void anUnknownKeyNamesItselfAndListsTheKnownOnes() {
        assertThatThrownBy(() -> TwinSettings.of(Map.of("twin.timescale", "10"), "twin."))
                .isInstanceOf(TwinConfigException.class)
                .hasMessageStartingWith("Unknown twin setting 'twin.timescale'. Known settings: region, account,")
                .hasMessageContaining("timeScale");
    }

    @Test
    void aBadSettingIsThrownUnderTheNameTheSuiteKnowsItBy() {
        // junit.InternalErrors names it without importing it (only the wiring may), to print it as user input,
        // without a stack trace: moving the exception means changing that name too
        assertThat(TwinConfigException.class.getName()).isEqualTo("dev.scalingsuite.twin.stack.TwinConfigException");
    }

    @Test
    void loadHostsAreOneToEightEachInItsOwnNamespaceWhenNamespacesAreGiven() {
        assertThat(TwinSettings.of(Map.of(), "twin.").loadHosts()).isEqualTo(1);
        TwinSettings two = TwinSettings.of(Map.of("twin.loadHosts", "2", "twin.loadHostNetns", "ns-a,ns-b"), "twin.");
        assertThat(two.loadHosts()).isEqualTo(2);
        assertThat(two.loadHostNetns(0)).contains("ns-a");
        assertThat(two.loadHostNetns(1)).contains("ns-b");
        assertThat(TwinSettings.of(Map.of("twin.loadHosts", "8"), "twin.").loadHostNetns(7)).isEmpty();
        assertThatThrownBy(() -> TwinSettings.of(Map.of("twin.loadHosts", "9"), "twin."))
                .hasMessage("Twin setting 'twin.loadHosts' is '9'; allowed: an integer from 1 to 8: SSH load hosts, "
                        + "each on a port, with keys and a sippHome of its own (load host i > 0 on sshPort + i when "
                        + "sshPort is set, in workDir/load<i> when workDir is)");
        assertThatThrownBy(() -> TwinSettings.of(Map.of("twin.loadHosts", "0"), "twin."))
                .hasMessageStartingWith("Twin setting 'twin.loadHosts' is '0'; allowed: an integer from 1 to 8");
        assertThatThrownBy(() -> TwinSettings.of(Map.of("twin.loadHosts", "2", "twin.loadHostNetns", "ns-a"), "twin."))
                .hasMessage("Twin setting 'twin.loadHostNetns' names 1 network namespace(s), but 'twin.loadHosts' is 2; "
                        + "allowed: one namespace per load host, separated by commas, or none");
    }

    @Test
    void aTimeScaleThatDoesNotDivideSixtyIsRefusedWithWhatIsAllowed() {
        assertThatThrownBy(() -> TwinSettings.of(Map.of("twin.timeScale", "7"), "twin."))
                .hasMessage("Twin setting 'twin.timeScale' is '7'; allowed: "
                        + "a divisor of 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60)");
    }

    @Test
    void targetTrackingIsOnTheAverageUnlessConfiguredOnTheMaximum() {
        TwinSettings onMax = TwinSettings.of(Map.of("twin.targetTrackingMetric", "MaxSessionsPerTask"), "twin.");

        assertThat(TwinSettings.defaults().targetTrackingMetric()).isEqualTo("SessionsPerTask");
        assertThat(TwinSettings.defaults().targetTrackingStatistic()).isEqualTo("Average");
        assertThat(onMax.targetTrackingMetric()).isEqualTo("MaxSessionsPerTask");
        assertThat(onMax.targetTrackingStatistic()).isEqualTo("Maximum");
        assertThatThrownBy(() -> TwinSettings.of(Map.of("twin.targetTrackingMetric", "CPUUtilization"), "twin."))
                .hasMessage("Twin setting 'twin.targetTrackingMetric' is 'CPUUtilization'; allowed: the metric target "
                        + "tracking is configured on: SessionsPerTask (Average) or MaxSessionsPerTask (Maximum, the "
                        + "deployed stack's first policy, which overshoots)");
    }

    @Test
    void aNonNumberIsRefused() {
        assertThatThrownBy(() -> TwinSettings.of(Map.of("twin.coldStartFactor", "fast"), "twin."))
                .hasMessage("Twin setting 'twin.coldStartFactor' is 'fast'; allowed: a number > 0");
    }

    @Test
    void everyBadKeyIsReportedAtOnce() {
        assertThatThrownBy(() -> TwinSettings.of(Map.of("twin.a", "1", "twin.disableScaleIn", "yes"), "twin."))
                .hasMessageContaining("Unknown twin setting 'twin.a'")
                .hasMessageContaining("Twin setting 'twin.disableScaleIn' is 'yes'; allowed: true or false");
    }

    @Test
    void minimumAboveMaximumIsRefused() {
        assertThatThrownBy(() -> TwinSettings.of(Map.of("twin.minCapacity", "5", "twin.maxCapacity", "3"), "twin."))
                .hasMessage("Twin setting 'twin.minCapacity' (5) must not exceed 'twin.maxCapacity' (3)");
    }

    @Test
    void theEndpointsFileKeyIsNotASetting() {
        assertThat(TwinSettings.of(Map.of("twin.endpoints", "x.json"), "twin.").timeScale()).isEqualTo(10);
    }

    @Test
    void everySettingNamesWhereItsDefaultComesFrom() {
        Map<String, String> sources = TwinSettings.sources();

        assertThat(sources.keySet()).isEqualTo(TwinSettings.defaults().asMap().keySet())
                .isEqualTo(TwinSettings.descriptions().keySet());
        assertThat(sources).allSatisfy((key, source) -> assertThat(source).as(key).isNotBlank());
        assertThat(sources.get("scaleInEvaluationPeriods")).startsWith("infrastructure/src/stacks/ecs-stack.ts");
        assertThat(sources.get("rtpInactivityTimeout")).isEqualTo("twin assumption");
        assertThat(TwinSettings.descriptions().get("scaleInThreshold")).startsWith("1.0 (a number >= 0); "
                + "recommended: 1.0, as-deployed: 0; source: as-deployed: infrastructure/src/stacks/ecs-stack.ts");
        assertThat(TwinSettings.descriptions().get("workDir")).startsWith("empty (a directory");
        assertThat(TwinSettings.descriptions().get("healthCheckPath")).startsWith("/ready (").contains(
                "; recommended: /health, as-deployed: /ready; source: as-deployed: infrastructure/src/stacks/ecs-stack.ts");
        assertThat(sources.get("healthCheckGracePeriod")).startsWith("infrastructure/src/stacks/ecs-stack.ts")
                .contains("base-service.ts");
        assertThat(sources.get("unhealthyTaskRecovers")).startsWith("twin assumption: AWS documents no such case");
    }

    @Test
    void recommendedIsTheDefaultStackChecksHealthAndKeepsTheScaleInAlarmBelowOne() {
        TwinSettings settings = TwinSettings.defaults();

        assertThat(settings.stack()).isEqualTo(StackProfile.RECOMMENDED);
        assertThat(settings.healthCheckPath()).isEqualTo("/health");
        assertThat(settings.healthCheckGracePeriod()).isEqualTo(60);
        assertThat(settings.unhealthyTaskRecovers()).isFalse();
        assertThat(settings.scaleInComparison()).isEqualTo("LessThanThreshold");
        assertThat(settings.scaleInThreshold()).isEqualTo(1.0);
        assertThat(settings.scaleInEvaluationPeriods()).isEqualTo(2);
        assertThat(settings.scaleInAdjustment()).isEqualTo(-3);
        assertThat(settings.scaleInCooldown()).isEqualTo(30);
    }

    @Test
    void asDeployedChecksReadyHasTheScaleInAlarmCdkCreatesAWebhookWithoutRetriesAndNothingElseDiffers() {
        TwinSettings deployed = TwinSettings.of(Map.of("scaling.twin.stack", "as-deployed"), "scaling.twin.");

        assertThat(deployed.stack()).isEqualTo(StackProfile.AS_DEPLOYED);
        assertThat(deployed.healthCheckPath()).isEqualTo("/ready");
        assertThat(deployed.scaleInComparison()).isEqualTo("LessThanOrEqualToThreshold");
        assertThat(deployed.scaleInThreshold()).isEqualTo(0.0);
        Map<String, String> differences = new java.util.TreeMap<>();
        TwinSettings.defaults().asMap().forEach((key, value) -> {
            if (!value.equals(deployed.asMap().get(key))) {
                differences.put(key, deployed.asMap().get(key));
            }
        });
        assertThat(differences).isEqualTo(Map.of("stack", "as-deployed", "healthCheckPath", "/ready",
                "scaleInComparison", "LessThanOrEqualToThreshold", "scaleInThreshold", "0", "webhookRetries", "0"));
    }

    @Test
    void theCallPathSettingsNameWhereTheyComeFrom() {
        TwinSettings settings = TwinSettings.defaults();

        assertThat(settings.refusal()).as("the deployed stack's").isEqualTo(TwinSettings.Refusal.BYE_AFTER_ANSWER);
        assertThat(settings.webhookDelay()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(settings.webhookTimeout()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(settings.webhookRetries()).as("recommended: fix 1").isEqualTo(2);
        assertThat(TwinSettings.of(Map.of("twin.stack", "as-deployed"), "twin.").webhookRetries()).isZero();
        assertThat(TwinSettings.of(Map.of("twin.refusal", "sip-503", "twin.webhookDelay", "500ms"), "twin."))
                .satisfies(s -> {
                    assertThat(s.refusal()).isEqualTo(TwinSettings.Refusal.SIP_503);
                    assertThat(s.webhookDelay()).isEqualTo(java.time.Duration.ofMillis(500));
                });
        assertThat(TwinSettings.sources().get("refusal")).contains("bye-after-answer").contains("by inference");
        assertThat(TwinSettings.sources().get("webhookDelay")).startsWith("twin assumption");
        assertThat(TwinSettings.sources().get("webhookTimeout"))
                .startsWith("infrastructure/src/functions/bot-runner/service_client.py");
        assertThat(TwinSettings.descriptions().get("webhookRetries")).contains("recommended: 2, as-deployed: 0");
        assertThatThrownBy(() -> TwinSettings.of(Map.of("twin.refusal", "busy-here"), "twin."))
                .hasMessageStartingWith("Twin setting 'twin.refusal' is 'busy-here'; allowed: how the front door tells");
        assertThatThrownBy(() -> TwinSettings.of(Map.of("twin.webhookTimeout", "500ms"), "twin."))
                .hasMessageStartingWith("Twin setting 'twin.webhookTimeout' is '500ms'; allowed: a duration");
        assertThatThrownBy(() -> TwinSettings.of(Map.of("twin.webhookRetries", "9"), "twin."))
                .hasMessageStartingWith("Twin setting 'twin.webhookRetries' is '9'; allowed: an integer from 0 to 5");
        assertThat(settings.greetingDelay()).isEqualTo(java.time.Duration.ofMillis(1500));
        assertThat(TwinSettings.of(Map.of("twin.greetingDelay", "0"), "twin.").greetingDelay()).isZero();
        assertThat(TwinSettings.sources().get("greetingDelay")).startsWith("twin assumption for the value")
                .contains("backend/voice-agent/app/pipeline_ecs.py:523-544");
        assertThatThrownBy(() -> TwinSettings.of(Map.of("twin.greetingDelay", "2m"), "twin."))
                .hasMessageStartingWith("Twin setting 'twin.greetingDelay' is '2m'; allowed: a duration of model time "
                        + "from 0 to 60s");
    }

    @Test
    void theHealthCheckTimeoutIsSixModelSecondsAsAwsSetsItForHttpChecksAndNeverBelowTwoWallSeconds() {
        TwinSettings realTime = TwinSettings.of(Map.of("twin.timeScale", "1"), "twin.");
        TwinSettings fastest = TwinSettings.of(Map.of("twin.timeScale", "60"), "twin.");

        assertThat(realTime.healthCheckTimeout()).isEqualTo(java.time.Duration.ofSeconds(6));
        assertThat(WallTimeout.of(realTime.healthCheckTimeout(), realTime.timeScale()))
                .isEqualTo(java.time.Duration.ofSeconds(6));
        assertThat(WallTimeout.of(fastest.healthCheckTimeout(), fastest.timeScale())).as("6 s / 60 = 100 ms: floored")
                .isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(WallTimeout.of(fastest.healthCheckTimeout(), 120)).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(TwinSettings.of(Map.of("twin.healthCheckTimeout", "120"), "twin.").healthCheckTimeout())
                .isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(TwinSettings.sources().get("healthCheckTimeout"))
                .startsWith("infrastructure/src/stacks/ecs-stack.ts line 480")
                .contains("'timeout fixed at 6s for HTTP'").contains("CreateTargetGroup");
        assertThatThrownBy(() -> TwinSettings.of(Map.of("twin.healthCheckTimeout", "1"), "twin."))
                .hasMessage("Twin setting 'twin.healthCheckTimeout' is '1'; allowed: seconds of model time from 2 "
                        + "to 120 without an answer that fail a check; the NLB waits at least 2 s of wall time "
                        + "whatever the time scale");
        assertThatThrownBy(() -> TwinSettings.of(Map.of("twin.healthCheckTimeout", "6s"), "twin."))
                .hasMessageStartingWith("Twin setting 'twin.healthCheckTimeout' is '6s'");
    }

    @Test
    void aSettingGivenExplicitlyWinsOverTheProfile() {
        TwinSettings deployed = TwinSettings.of(Map.of("twin.scaleInThreshold", "0.5", "twin.stack", "as-deployed"),
                "twin.");
        TwinSettings recommended = TwinSettings.of(Map.of("twin.scaleInComparison", "LessThanOrEqualToThreshold"),
                "twin.");

        assertThat(deployed.scaleInThreshold()).isEqualTo(0.5);
        assertThat(deployed.scaleInComparison()).isEqualTo("LessThanOrEqualToThreshold");
        assertThat(recommended.stack()).isEqualTo(StackProfile.RECOMMENDED);
        assertThat(recommended.scaleInComparison()).isEqualTo("LessThanOrEqualToThreshold");
        assertThat(recommended.scaleInThreshold()).isEqualTo(1.0);
    }

    @Test
    void anUnknownStackOrComparisonIsRefusedWithWhatIsAllowed() {
        assertThatThrownBy(() -> TwinSettings.of(Map.of("twin.stack", "deployed"), "twin."))
                .hasMessage("Twin setting 'twin.stack' is 'deployed'; allowed: the stack configuration to reproduce, "
                        + "from: recommended, as-deployed; a setting given explicitly overrides the profile's value");
        assertThatThrownBy(() -> TwinSettings.of(Map.of("twin.scaleInComparison", "GreaterThanThreshold"), "twin."))
                .hasMessageStartingWith("Twin setting 'twin.scaleInComparison' is 'GreaterThanThreshold'; allowed: ");
    }
}
