package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ParameterVersionNotFoundException;
import software.amazon.awssdk.services.ssm.model.ValidationException;

class SsmApiTest {

    @RegisterExtension
    static final TwinFixture TWIN = new TwinFixture().with("sessionTable", "calls-table");

    private static final String TABLE = "/voice-agent/sessions/table-name";
    private static final String ARN_PREFIX = "arn:aws:ssm:us-east-1:123456789012:parameter";

    private static SsmClient ssm;

    @BeforeAll
    static void client() {
        ssm = TWIN.client(SsmClient.builder());
    }

    @AfterAll
    static void close() {
        ssm.close();
    }

    @Test
    void getParameterAnswersTheDeployedValue() {
        Parameter parameter = ssm.getParameter(b -> b.name(TABLE).withDecryption(true)).parameter();

        assertThat(parameter.name()).isEqualTo(TABLE);
        assertThat(parameter.value()).isEqualTo("calls-table");
        assertThat(parameter.type()).isEqualTo(ParameterType.STRING);
        assertThat(parameter.version()).isEqualTo(1L);
        assertThat(parameter.dataType()).isEqualTo("text");
        assertThat(parameter.arn()).isEqualTo(ARN_PREFIX + TABLE);
        assertThat(parameter.lastModifiedDate()).isBefore(Instant.now());
        assertThat(parameter.selector()).isNull();
    }

    @Test
    void getParameterAcceptsTheArnAndTheVersionSelector() {
        assertThat(ssm.getParameter(b -> b.name(ARN_PREFIX + TABLE)).parameter().value()).isEqualTo("calls-table");
        Parameter selected = ssm.getParameter(b -> b.name(TABLE + ":1")).parameter();
        assertThat(selected.value()).isEqualTo("calls-table");
        assertThat(selected.selector()).isEqualTo(":1");
        assertThat(selected.name()).isEqualTo(TABLE);
    }

    @Test
    void theEcsStackPublishesTheClusterAndTaskDefinitionArnsAndTheServiceEndpoint() {
        assertThat(ssm.getParameter(b -> b.name("/voice-agent/ecs/cluster-arn")).parameter().value())
                .isEqualTo("arn:aws:ecs:us-east-1:123456789012:cluster/voice-agent-poc-cluster");
        assertThat(ssm.getParameter(b -> b.name("/voice-agent/ecs/task-definition-arn")).parameter().value())
                .startsWith("arn:aws:ecs:us-east-1:123456789012:task-definition/voice-agent-poc-voice-agent:");
        assertThat(ssm.getParameter(b -> b.name("/voice-agent/ecs/service-endpoint")).parameter().value())
                .startsWith("http://internal-").endsWith(".elb.us-east-1.amazonaws.com");
    }

    @Test
    void anUnknownParameterIsParameterNotFoundWithNoMessage() {
        assertThatThrownBy(() -> ssm.getParameter(b -> b.name("/voice-agent/nope")))
                .isInstanceOfSatisfying(ParameterNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ParameterNotFound");
                    assertThat(e.awsErrorDetails().errorMessage()).isNullOrEmpty();
                    // with no message from the service the SDK writes its own, as it does against AWS
                    assertThat(e.getMessage()).startsWith("Service returned error code ParameterNotFound "
                            + "(Service: Ssm, Status Code: 400");
                });
    }

    @Test
    void anUnknownVersionIsParameterVersionNotFound() {
        assertThatThrownBy(() -> ssm.getParameter(b -> b.name(TABLE + ":2")))
                .isInstanceOf(ParameterVersionNotFoundException.class)
                .hasMessageStartingWith("Systems Manager could not find version 2 of " + TABLE + ".");
    }

    @Test
    void getParametersSeparatesFoundFromInvalidNames() {
        var answer = ssm.getParameters(b -> b.names("/voice-agent/sip-server/ip", "/nope", "/voice-agent/sip-server/port"));

        assertThat(answer.parameters()).extracting(Parameter::name, Parameter::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/voice-agent/sip-server/ip", "127.0.0.1"),
                org.assertj.core.groups.Tuple.tuple("/voice-agent/sip-server/port", "5060"));
        assertThat(answer.invalidParameters()).containsExactly("/nope");
    }

    @Test
    void moreThanTenNamesIsAValidationException() {
        List<String> names = java.util.stream.IntStream.range(0, 11).mapToObj(i -> "/p" + i).toList();
        assertThatThrownBy(() -> ssm.getParameters(b -> b.names(names)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("at 'names' failed to satisfy constraint");
    }

    @Test
    void getParametersByPathListsDirectChildrenUnlessRecursive() {
        assertThat(ssm.getParametersByPath(b -> b.path("/voice-agent/sip-server")).parameters())
                .extracting(Parameter::name)
                .containsExactly("/voice-agent/sip-server/ip", "/voice-agent/sip-server/port");
        assertThat(ssm.getParametersByPath(b -> b.path("/voice-agent")).parameters()).isEmpty();
        assertThat(ssm.getParametersByPathPaginator(b -> b.path("/voice-agent/").recursive(true)).stream()
                .flatMap(page -> page.parameters().stream()).toList())
                .extracting(Parameter::name).containsExactly(
                        "/voice-agent/ecs/cluster-arn",
                        "/voice-agent/ecs/service-endpoint",
                        "/voice-agent/ecs/task-definition-arn",
                        "/voice-agent/sessions/table-name",
                        "/voice-agent/sip-server/ip",
                        "/voice-agent/sip-server/port");
    }

    @Test
    void getParametersByPathPagesWithMaxResults() {
        var first = ssm.getParametersByPath(b -> b.path("/voice-agent").recursive(true).maxResults(4));
        assertThat(first.parameters()).hasSize(4);
        assertThat(first.nextToken()).isNotNull();

        // the six parameters the twin publishes, as the deployed stacks do
        var pages = ssm.getParametersByPathPaginator(b -> b.path("/voice-agent").recursive(true).maxResults(4));
        assertThat(pages.stream().map(p -> p.parameters().size()).toList()).containsExactly(4, 2);
        assertThatThrownBy(() -> ssm.getParametersByPath(b -> b.path("/voice-agent").maxResults(11)))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("1 validation error detected: Value '11' at 'maxResults' failed to satisfy "
                        + "constraint: Member must have value less than or equal to 10");
    }

    @Test
    void aPathWithoutALeadingSlashIsAValidationException() {
        assertThatThrownBy(() -> ssm.getParametersByPath(b -> b.path("voice-agent")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("must begin with a forward slash");
    }

    @Test
    void putParameterCreatesOnlyIfAbsentUnlessOverwriting() {
        String name = "/scaling-suite/locks/test/put";
        assertThat(ssm.putParameter(b -> b.name(name).value("first").type(ParameterType.STRING)).version())
                .isEqualTo(1L);
        assertThatThrownBy(() -> ssm.putParameter(b -> b.name(name).value("second").type(ParameterType.STRING)))
                .isInstanceOf(software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException.class);
        assertThat(ssm.getParameter(b -> b.name(name)).parameter().value()).isEqualTo("first");

        assertThat(ssm.putParameter(b -> b.name(name).value("second").overwrite(true)).version()).isEqualTo(2L);
        Parameter written = ssm.getParameter(b -> b.name(name)).parameter();
        assertThat(written.value()).isEqualTo("second");
        assertThat(written.version()).isEqualTo(2L);
        assertThat(ssm.getParameter(b -> b.name(name + ":2")).parameter().value()).isEqualTo("second");
        assertThatThrownBy(() -> ssm.getParameter(b -> b.name(name + ":1")))
                .isInstanceOf(ParameterVersionNotFoundException.class);

        ssm.deleteParameter(b -> b.name(name));
        assertThatThrownBy(() -> ssm.getParameter(b -> b.name(name))).isInstanceOf(ParameterNotFoundException.class);
        assertThatThrownBy(() -> ssm.deleteParameter(b -> b.name(name))).isInstanceOf(ParameterNotFoundException.class);
        assertThat(ssm.putParameter(b -> b.name(name).value("again")).version()).as("a new parameter starts over")
                .isEqualTo(1L);
        ssm.deleteParameter(b -> b.name(name));
    }

    @Test
    void putParameterRefusesReservedNames() {
        assertThatThrownBy(() -> ssm.putParameter(b -> b.name("/aws/x").value("v")))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> ssm.putParameter(b -> b.name("/a b").value("v")))
                .isInstanceOf(ValidationException.class);
    }
}
