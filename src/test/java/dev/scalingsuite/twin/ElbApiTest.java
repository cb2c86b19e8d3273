package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.model.TargetGroupModel;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthReasonEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

class ElbApiTest {

    @RegisterExtension
    static final TwinFixture TWIN = new TwinFixture()
            .with("healthCheckInterval", "15")
            .with("healthyThreshold", "3")
            .with("unhealthyThreshold", "4")
            .with("healthCheckTimeout", "7")
            .with("deregistrationDelay", "45");

    private static final String OTHER_GROUP =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/other/0000000000000000";

    private static ElasticLoadBalancingV2Client elb;

    @BeforeAll
    static void client() {
        elb = TWIN.client(ElasticLoadBalancingV2Client.builder());
    }

    @AfterAll
    static void close() {
        elb.close();
    }

    /** Tests that add targets remove them again, so every test starts from the one healthy task. */
    @AfterEach
    void removeExtraTargets() {
        StackModel stack = stack();
        synchronized (stack) {
            List<String> extra = stack.targetGroup().targets().stream().map(TargetGroupModel.Target::taskId)
                    .filter(id -> id.startsWith("extra-")).collect(Collectors.toList());
            extra.forEach(stack.targetGroup()::remove);
        }
    }

    private static StackModel stack() {
        return TWIN.twin().stack();
    }

    private static String groupArn() {
        return stack().arns().targetGroup();
    }

    private static String firstIp() {
        StackModel stack = stack();
        synchronized (stack) {
            return stack.targetGroup().targets().iterator().next().ip();
        }
    }

    private static void addTarget(String taskId, String ip, String state, String reason, String description) {
        StackModel stack = stack();
        synchronized (stack) {
            stack.targetGroup().register(taskId, ip).state(state, reason, description);
        }
    }

    private static Map<String, TargetHealth> healthByIp() {
        return elb.describeTargetHealth(b -> b.targetGroupArn(groupArn())).targetHealthDescriptions().stream()
                .collect(Collectors.toMap(d -> d.target().id(), TargetHealthDescription::targetHealth));
    }

    @Test
    void describeTargetGroupsWithoutFiltersReportsTheServiceGroup() {
        List<TargetGroup> groups = elb.describeTargetGroups(b -> { }).targetGroups();

        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.targetGroupArn()).isEqualTo(groupArn());
            assertThat(g.targetGroupName()).isEqualTo("voice-agent-poc-service-sip");
            assertThat(g.protocol()).isEqualTo(ProtocolEnum.TCP_UDP);
            assertThat(g.port()).isEqualTo(5060);
            assertThat(g.vpcId()).startsWith("vpc-");
            assertThat(g.healthCheckProtocol()).isEqualTo(ProtocolEnum.HTTP);
            assertThat(g.healthCheckPort()).isEqualTo("8080");
            assertThat(g.healthCheckEnabled()).isTrue();
            assertThat(g.healthCheckPath()).as("the recommended stack checks the liveness path").isEqualTo("/health");
            assertThat(g.matcher().httpCode()).as("an NLB's default for HTTP checks").isEqualTo("200-399");
            assertThat(g.loadBalancerArns()).containsExactly(stack().arns().loadBalancer());
            assertThat(g.targetType()).isEqualTo(TargetTypeEnum.IP);
            assertThat(g.ipAddressTypeAsString()).isEqualTo("ipv4");
        });
    }

    @Test
    void healthCheckTimingComesFromTheSettings() {
        TargetGroup group = elb.describeTargetGroups(b -> { }).targetGroups().get(0);

        assertThat(group.healthCheckIntervalSeconds()).isEqualTo(15);
        assertThat(group.healthyThresholdCount()).isEqualTo(3);
        assertThat(group.unhealthyThresholdCount()).isEqualTo(4);
        assertThat(group.healthCheckTimeoutSeconds()).isEqualTo(7);
    }

    @Test
    void describeTargetGroupsFiltersByArnNameAndLoadBalancer() {
        assertThat(elb.describeTargetGroups(b -> b.targetGroupArns(groupArn())).targetGroups()).hasSize(1);
        assertThat(elb.describeTargetGroups(b -> b.names("voice-agent-poc-service-sip")).targetGroups()).hasSize(1);
        assertThat(elb.describeTargetGroups(b -> b.loadBalancerArn(stack().arns().loadBalancer()))
                .targetGroups()).extracting(TargetGroup::targetGroupArn).containsExactly(groupArn());
    }

    @Test
    void anUnknownTargetGroupArnIsTargetGroupNotFound() {
        assertThatThrownBy(() -> elb.describeTargetGroups(b -> b.targetGroupArns(OTHER_GROUP)))
                .isInstanceOf(TargetGroupNotFoundException.class)
                .hasMessageContaining("Target groups '" + OTHER_GROUP + "' not found")
                .satisfies(e -> assertThat(((TargetGroupNotFoundException) e).statusCode()).isEqualTo(400));
    }

    @Test
    void anUnknownTargetGroupNameIsTargetGroupNotFound() {
        assertThatThrownBy(() -> elb.describeTargetGroups(b -> b.names("voice-agent-poc-service-sip", "other")))
                .isInstanceOf(TargetGroupNotFoundException.class)
                .hasMessageContaining("One or more target groups not found");
    }

    @Test
    void anUnknownLoadBalancerIsLoadBalancerNotFound() {
        String other = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/other/1111111111111111";
        assertThatThrownBy(() -> elb.describeTargetGroups(b -> b.loadBalancerArn(other)))
                .isInstanceOf(LoadBalancerNotFoundException.class)
                .hasMessageContaining("One or more load balancers not found");
    }

    @Test
    void aMalformedTargetGroupArnIsAValidationError() {
        assertThatThrownBy(() -> elb.describeTargetHealth(b -> b.targetGroupArn("voice-agent-sip")))
                .isInstanceOf(ElasticLoadBalancingV2Exception.class)
                .hasMessageContaining("'voice-agent-sip' is not a valid target group ARN")
                .satisfies(e -> assertThat(((ElasticLoadBalancingV2Exception) e).awsErrorDetails().errorCode())
                        .isEqualTo("ValidationError"));
    }

    @Test
    void describeTargetHealthReportsTheRunningTaskHealthy() {
        List<TargetHealthDescription> targets =
                elb.describeTargetHealth(b -> b.targetGroupArn(groupArn())).targetHealthDescriptions();

        assertThat(targets).singleElement().satisfies(d -> {
            assertThat(d.target().id()).startsWith("10.0.");
            assertThat(d.target().port()).isEqualTo(5060);
            assertThat(d.target().availabilityZone()).isEqualTo("us-east-1a");
            assertThat(d.healthCheckPort()).isEqualTo("8080");
            assertThat(d.targetHealth().state()).isEqualTo(TargetHealthStateEnum.HEALTHY);
            assertThat(d.targetHealth().reason()).isNull();
            assertThat(d.targetHealth().description()).isNull();
        });
    }

    @Test
    void everyRegisteredTargetIsReportedWithItsState() {
        addTarget("extra-initial", "10.0.9.1", "initial", "Elb.RegistrationInProgress",
                "Target registration is in progress");
        addTarget("extra-unhealthy", "10.0.9.2", "unhealthy", "Target.FailedHealthChecks", "Health checks failed");
        addTarget("extra-draining", "10.0.9.3", "draining", "Target.DeregistrationInProgress",
                "Target deregistration is in progress");

        Map<String, TargetHealth> health = healthByIp();

        assertThat(health).hasSize(4);
        assertThat(health.get("10.0.9.1")).satisfies(h -> {
            assertThat(h.state()).isEqualTo(TargetHealthStateEnum.INITIAL);
            assertThat(h.reason()).isEqualTo(TargetHealthReasonEnum.ELB_REGISTRATION_IN_PROGRESS);
            assertThat(h.description()).isEqualTo("Target registration is in progress");
        });
        assertThat(health.get("10.0.9.2")).satisfies(h -> {
            assertThat(h.state()).isEqualTo(TargetHealthStateEnum.UNHEALTHY);
            assertThat(h.reason()).isEqualTo(TargetHealthReasonEnum.TARGET_FAILED_HEALTH_CHECKS);
            assertThat(h.description()).isEqualTo("Health checks failed");
        });
        assertThat(health.get("10.0.9.3")).satisfies(h -> {
            assertThat(h.state()).isEqualTo(TargetHealthStateEnum.DRAINING);
            assertThat(h.reason()).isEqualTo(TargetHealthReasonEnum.TARGET_DEREGISTRATION_IN_PROGRESS);
            assertThat(h.description()).isEqualTo("Target deregistration is in progress");
        });
    }

    @Test
    void aStateWithoutReasonGetsTheReasonElbWouldGive() {
        addTarget("extra-initial", "10.0.9.1", "initial", null, null);
        addTarget("extra-unhealthy", "10.0.9.2", "unhealthy", null, null);
        addTarget("extra-draining", "10.0.9.3", "draining", null, null);

        Map<String, TargetHealth> health = healthByIp();

        assertThat(health.get("10.0.9.1").reason()).isEqualTo(TargetHealthReasonEnum.ELB_REGISTRATION_IN_PROGRESS);
        assertThat(health.get("10.0.9.1").description()).isEqualTo("Target registration is in progress");
        assertThat(health.get("10.0.9.2").reason()).isEqualTo(TargetHealthReasonEnum.TARGET_FAILED_HEALTH_CHECKS);
        assertThat(health.get("10.0.9.2").description()).isEqualTo("Health checks failed");
        assertThat(health.get("10.0.9.3").reason())
                .isEqualTo(TargetHealthReasonEnum.TARGET_DEREGISTRATION_IN_PROGRESS);
    }

    @Test
    void aHealthyTargetHasNoReasonEvenIfTheModelKeptOne() {
        addTarget("extra-healthy", "10.0.9.4", "healthy", "Elb.RegistrationInProgress", "stale");

        TargetHealth health = healthByIp().get("10.0.9.4");

        assertThat(health.state()).isEqualTo(TargetHealthStateEnum.HEALTHY);
        assertThat(health.reason()).isNull();
        assertThat(health.description()).isNull();
    }

    @Test
    void aChangeOfStateInTheModelShowsInTheNextAnswer() {
        addTarget("extra-flip", "10.0.9.5", "initial", null, null);
        assertThat(healthByIp().get("10.0.9.5").state()).isEqualTo(TargetHealthStateEnum.INITIAL);

        StackModel stack = stack();
        synchronized (stack) {
            stack.targetGroup().target("extra-flip").orElseThrow().state("healthy", null, null);
        }

        assertThat(healthByIp().get("10.0.9.5").state()).isEqualTo(TargetHealthStateEnum.HEALTHY);
    }

    @Test
    void aGroupWithoutTargetsAnswersAnEmptyList() {
        StackModel stack = stack();
        List<TargetGroupModel.Target> saved;
        synchronized (stack) {
            saved = List.copyOf(stack.targetGroup().targets());
            saved.forEach(t -> stack.targetGroup().remove(t.taskId()));
        }
        try {
            assertThat(elb.describeTargetHealth(b -> b.targetGroupArn(groupArn())).targetHealthDescriptions())
                    .isEmpty();
        } finally {
            synchronized (stack) {
                saved.forEach(t -> stack.targetGroup().register(t.taskId(), t.ip())
                        .state(t.state(), t.reason(), t.description()));
            }
        }
    }

    @Test
    void theTargetsFilterNarrowsTheAnswer() {
        addTarget("extra-unhealthy", "10.0.9.2", "unhealthy", null, null);

        List<TargetHealthDescription> answer = elb.describeTargetHealth(b -> b.targetGroupArn(groupArn())
                .targets(t -> t.id("10.0.9.2").port(5060))).targetHealthDescriptions();

        assertThat(answer).singleElement().satisfies(d -> {
            assertThat(d.target().id()).isEqualTo("10.0.9.2");
            assertThat(d.targetHealth().state()).isEqualTo(TargetHealthStateEnum.UNHEALTHY);
        });
    }

    @Test
    void aTargetThatIsNotRegisteredIsUnusedWithReasonNotRegistered() {
        String ip = firstIp();
        List<TargetHealthDescription> answer = elb.describeTargetHealth(b -> b.targetGroupArn(groupArn())
                .targets(t -> t.id("10.0.250.250"), t -> t.id(ip).port(5061))).targetHealthDescriptions();

        assertThat(answer).hasSize(2).allSatisfy(d -> {
            assertThat(d.targetHealth().state()).isEqualTo(TargetHealthStateEnum.UNUSED);
            assertThat(d.targetHealth().reason()).isEqualTo(TargetHealthReasonEnum.TARGET_NOT_REGISTERED);
            assertThat(d.targetHealth().description()).isEqualTo("Target is not registered to the target group");
        });
        assertThat(answer.get(1).target().port()).isEqualTo(5061);
    }

    @Test
    void describeTargetHealthOfAnUnknownGroupIsTargetGroupNotFound() {
        assertThatThrownBy(() -> elb.describeTargetHealth(b -> b.targetGroupArn(OTHER_GROUP)))
                .isInstanceOf(TargetGroupNotFoundException.class)
                .hasMessageContaining("Target groups '" + OTHER_GROUP + "' not found");
    }

    @Test
    void describeTargetHealthWithoutAGroupIsAValidationError() {
        assertThatThrownBy(() -> elb.describeTargetHealth(b -> { }))
                .isInstanceOf(ElasticLoadBalancingV2Exception.class)
                .hasMessageContaining("Value null at 'targetGroupArn'")
                .satisfies(e -> assertThat(((ElasticLoadBalancingV2Exception) e).awsErrorDetails().errorCode())
                        .isEqualTo("ValidationError"));
    }

    @Test
    void describeTargetGroupAttributesCarriesTheDeregistrationDelay() {
        Map<String, String> attributes = elb.describeTargetGroupAttributes(b -> b.targetGroupArn(groupArn()))
                .attributes().stream().collect(Collectors.toMap(a -> a.key(), a -> a.value()));

        assertThat(attributes)
                .containsEntry("deregistration_delay.timeout_seconds", "45")
                .containsEntry("deregistration_delay.connection_termination.enabled", "false")
                .containsEntry("preserve_client_ip.enabled", "true")
                .containsEntry("stickiness.enabled", "false");
    }

    @Test
    void describeTargetGroupAttributesOfAnUnknownGroupIsTargetGroupNotFound() {
        assertThatThrownBy(() -> elb.describeTargetGroupAttributes(b -> b.targetGroupArn(OTHER_GROUP)))
                .isInstanceOf(TargetGroupNotFoundException.class)
                .hasMessageContaining("Target groups '" + OTHER_GROUP + "' not found");
    }

    @Test
    void anUnsupportedActionIsInvalidAction() {
        assertThatThrownBy(() -> elb.deleteTargetGroup(b -> b.targetGroupArn(groupArn())))
                .isInstanceOf(ElasticLoadBalancingV2Exception.class)
                .satisfies(e -> assertThat(((ElasticLoadBalancingV2Exception) e).awsErrorDetails().errorCode())
                        .isEqualTo("InvalidAction"));
    }

    /** The AWS CLI sends exactly this form; the answer must be the awsQuery XML shape botocore parses. */
    @Test
    void aRawAwsQueryFormGetsTheXmlShapeOfElb() throws IOException, InterruptedException {
        addTarget("extra-draining", "10.0.9.3", "draining", null, null);
        String form = "Action=DescribeTargetHealth&Version=2015-12-01&TargetGroupArn="
                + URLEncoder.encode(groupArn(), StandardCharsets.UTF_8)
                + "&Targets.member.1.Id=10.0.9.3&Targets.member.1.Port=5060";
        URI endpoint = TWIN.twin().endpoints().aws();

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/xml");
        assertThat(response.body())
                .contains("<DescribeTargetHealthResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">")
                .contains("<DescribeTargetHealthResult><TargetHealthDescriptions><member>"
                        + "<Target><Id>10.0.9.3</Id><Port>5060</Port><AvailabilityZone>us-east-1a</AvailabilityZone>"
                        + "</Target><HealthCheckPort>8080</HealthCheckPort><TargetHealth><State>draining</State>"
                        + "<Reason>Target.DeregistrationInProgress</Reason>"
                        + "<Description>Target deregistration is in progress</Description></TargetHealth>"
                        + "</member></TargetHealthDescriptions></DescribeTargetHealthResult>")
                .containsPattern("<ResponseMetadata><RequestId>[0-9a-f-]{36}</RequestId></ResponseMetadata>")
                .endsWith("</DescribeTargetHealthResponse>");
    }

    @Test
    void aRawFormForAnUnknownGroupGetsTheXmlErrorShape() throws IOException, InterruptedException {
        String form = "Action=DescribeTargetHealth&Version=2015-12-01&TargetGroupArn="
                + URLEncoder.encode(OTHER_GROUP, StandardCharsets.UTF_8);

        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(TWIN.twin().endpoints().aws())
                        .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("<ErrorResponse><Error><Type>Sender</Type>"
                + "<Code>TargetGroupNotFound</Code><Message>Target groups &apos;" + OTHER_GROUP
                + "&apos; not found</Message></Error>");
    }
}
