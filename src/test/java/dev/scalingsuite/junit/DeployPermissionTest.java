package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.config.SuiteConfig;
import dev.scalingsuite.scenario.Scenario;
import dev.scalingsuite.scenario.ScenarioLoader;
import dev.scalingsuite.testing.ScenarioResults;
import dev.scalingsuite.testing.ScenarioTestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scenario that deploys runs against {@code target: aws} only when the configuration allows
 * deployments; the refusal comes before the suite reaches anything remote.
 */
class DeployPermissionTest {

    private static final String DEPLOYS = """
            name: deploys
            steps:
              - place-calls: {count: 2}
              - deploy: {change: environment}
              - expect: {rollout: completed, within: 8m}
            """;
    private static final String REFUSAL = "Scenario deploys deploys: step 2 (deploy a new revision (environment value "
            + "SCALING_SUITE_DEPLOYMENT changed)) registers a new revision of the service's task definition and rolls "
            + "it out, and allow-deployments is false (the default for target aws), so the suite changes nothing. Set "
            + "allow-deployments: true (in config.yaml, or -Dscaling.allow-deployments=true) once a rolling deployment "
            + "of this service during the run is acceptable; the run deploys the original task definition back when "
            + "it ends.";

    @TempDir
    Path dir;

    private static Map<String, String> aws(String... more) {
        Map<String, String> p = new HashMap<>(Map.of("scaling.target", "aws", "scaling.region", "us-east-1",
                "scaling.sip", "10.0.1.5:5060", "scaling.load-hosts.0.host", "10.0.0.7",
                "scaling.load-hosts.0.user", "ec2-user", "scaling.load-hosts.0.private-key", "k.pem",
                "scaling.allowed-accounts", "123456789012"));
        for (int i = 0; i < more.length; i += 2) {
            p.put(more[i], more[i + 1]);
        }
        return p;
    }

    private Scenario deploys() {
        return ScenarioLoader.parse(DEPLOYS, "scenarios/deploys.yaml");
    }

    @Test
    void againstAwsADeployStepIsRefusedUnlessDeploymentsAreAllowed() {
        SuiteConfig refused = SuiteConfig.load(dir, aws());
        assertThat(refused.allowDeployments()).as("off by default for target aws").isFalse();
        assertThatThrownBy(() -> DeployPermission.check(refused, deploys())).isInstanceOf(AssertionError.class)
                .hasMessage(REFUSAL);

        SuiteConfig allowed = SuiteConfig.load(dir, aws("scaling.allow-deployments", "true"));
        assertThatCode(() -> DeployPermission.check(allowed, deploys())).doesNotThrowAnyException();
    }

    @Test
    void onATwinDeploymentsAreAllowedAndAScenarioWithoutDeployStepsNeedsNothing() {
        assertThat(SuiteConfig.defaults().allowDeployments()).isTrue();
        assertThatCode(() -> DeployPermission.check(SuiteConfig.defaults(), deploys())).doesNotThrowAnyException();
        Scenario plain = ScenarioLoader.parse("name: plain\nsteps:\n  - place-calls: {count: 1}\n", "plain.yaml");
        assertThatCode(() -> DeployPermission.check(SuiteConfig.load(dir, aws()), plain)).doesNotThrowAnyException();
    }

    @Test
    void aBadValueIsAConfigurationMistake() {
        assertThatThrownBy(() -> SuiteConfig.load(dir, aws("scaling.allow-deployments", "yes")))
                .hasMessageContaining("-Dscaling.allow-deployments: 'allow-deployments' must be true, false, was 'yes'");
    }

    /**
     * Through the engine, against an AWS account nothing here can reach: the class fails with the refusal
     * alone, so the suite was not built (no credentials, SSM, STS or run lock were asked for) and no step ran.
     */
    @Test
    void theRefusalComesBeforeTheSuiteReachesAnythingRemote() throws Exception {
        Path scenario = Files.writeString(dir.resolve("deploys.yaml"), DEPLOYS);
        ScenarioResults results = ScenarioTestKit.run(DeploysTestCases.class).withScenario(scenario.toString())
                .withConfig("""
                        target: aws
                        region: us-east-1
                        cluster: voice-agent-poc-cluster
                        sip: 10.0.1.5:5060
                        allowed-accounts: [123456789012]
                        recovery: {allow: true}
                        load-hosts:
                          - {host: 10.0.0.7, user: ec2-user, private-key: k.pem}
                        """).reportsIn(dir.resolve("reports")).execute();

        assertThat(results.classFailure()).isInstanceOf(AssertionError.class).hasMessage(REFUSAL);
        assertThat(results.startedSteps()).isEmpty();
        assertThat(dir.resolve("reports")).doesNotExist();
    }

    @ScalingScenario
    static class DeploysTestCases implements ScenarioSteps {
    }
}
