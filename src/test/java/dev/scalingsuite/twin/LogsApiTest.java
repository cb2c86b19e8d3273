package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.twin.model.StackModel;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ValidationException;

class LogsApiTest {

    @RegisterExtension
    static final TwinFixture TWIN = new TwinFixture();

    private static final String GROUP = "/ecs/voice-agent-poc";
    private static final String GROUP_ARN = "arn:aws:logs:us-east-1:123456789012:log-group:" + GROUP;
    private static final Instant T0 = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);

    /** The agent's structured events by a short label, for the filter pattern cases. */
    private static final Map<String, String> AGENT_EVENTS = new LinkedHashMap<>();

    static {
        AGENT_EVENTS.put("protectOn", "{\"event\":\"task_protection_updated\",\"protected\":true,\"task_id\":\"t1\"}");
        AGENT_EVENTS.put("protectOff", "{\"event\":\"task_protection_updated\",\"protected\":false,\"task_id\":\"t1\"}");
        AGENT_EVENTS.put("drainStart", "{\"event\":\"drain_started\",\"task_id\":\"t1\",\"active_sessions\":2}");
        AGENT_EVENTS.put("drainDone", "{\"event\":\"drain_complete\",\"task_id\":\"t1\"}");
        AGENT_EVENTS.put("turn", "{\"event\":\"conversation_turn\",\"task_id\":\"t2\",\"turn\":3}");
        AGENT_EVENTS.put("error", "{\"event\":\"pipeline_error\",\"task_id\":\"t2\",\"level\":\"ERROR\"}");
    }

    private static CloudWatchLogsClient logs;

    @BeforeAll
    static void clientAndEvents() {
        logs = TWIN.client(CloudWatchLogsClient.builder());
        int second = 0;
        for (String message : AGENT_EVENTS.values()) {
            append("patterns/" + (second % 2), T0.plusSeconds(second++), message);
        }
    }

    @AfterAll
    static void close() {
        logs.close();
    }

    private static void append(String stream, Instant at, String message) {
        StackModel stack = TWIN.twin().stack();
        synchronized (stack) {
            stack.logs().append(GROUP, stream, at, message);
        }
    }

    private static List<FilteredLogEvent> filter(FilterLogEventsRequest.Builder request) {
        return logs.filterLogEvents(request.logGroupName(GROUP).build()).events();
    }

    static Stream<Arguments> patterns() {
        return Stream.of(
                Arguments.of("", List.of("protectOn", "protectOff", "drainStart", "drainDone", "turn", "error")),
                Arguments.of("   ", List.of("protectOn", "protectOff", "drainStart", "drainDone", "turn", "error")),
                Arguments.of("task_protection_updated", List.of("protectOn", "protectOff")),
                Arguments.of("task_protection_updated t1", List.of("protectOn", "protectOff")),
                Arguments.of("task_protection_updated t2", List.of()),
                Arguments.of("task_protection_updated \"\\\"protected\\\":true\"", List.of("protectOn")),
                Arguments.of("\"drain_started\"", List.of("drainStart")),
                Arguments.of("drain", List.of("drainStart", "drainDone")),
                Arguments.of("\"drain_started t1\"", List.of()),
                Arguments.of("?drain_started ?drain_complete", List.of("drainStart", "drainDone")),
                Arguments.of("?drain_started ?\"conversation_turn\"", List.of("drainStart", "turn")),
                Arguments.of("t1 -task_protection_updated", List.of("drainStart", "drainDone")),
                Arguments.of("-t1", List.of("turn", "error")),
                Arguments.of("?drain_started ?conversation_turn -t2", List.of("drainStart")),
                Arguments.of("ERROR", List.of("error")),
                Arguments.of("Error", List.of()),
                Arguments.of("{ $.event = \"drain_started\" }", List.of("drainStart")),
                Arguments.of("{$.event=\"drain_complete\"}", List.of("drainDone")),
                Arguments.of("{ $.event = conversation_turn }", List.of("turn")),
                Arguments.of("{ $.protected = true }", List.of("protectOn")),
                Arguments.of("{ $.event = \"task_protection_updated\" && $.protected = false }", List.of("protectOff")),
                Arguments.of("{ $.turn = 3 }", List.of("turn")),
                Arguments.of("{ $.event != \"task_protection_updated\" }",
                        List.of("drainStart", "drainDone", "turn", "error")),
                Arguments.of("{ $.missing = \"x\" }", List.of()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("patterns")
    void filterPatternsSelectExactlyTheseEvents(String pattern, List<String> expected) {
        List<String> messages = filter(FilterLogEventsRequest.builder().logStreamNamePrefix("patterns/")
                .filterPattern(pattern)).stream().map(FilteredLogEvent::message).toList();

        assertThat(messages).containsExactlyElementsOf(expected.stream().map(AGENT_EVENTS::get).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[ip, user, status]", "{ $.turn > 2 }", "{ $.event = \"a\" || $.event = \"b\" }",
        "{ $.event = drain* }", "{ $.event = \"x\"", "\"unterminated", "-", "?\"\""})
    void unsupportedOrMalformedPatternsAreInvalid(String pattern) {
        assertThatThrownBy(() -> filter(FilterLogEventsRequest.builder().filterPattern(pattern)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("Invalid filter pattern");
    }

    @Test
    void eventsComeInTimeOrderAcrossStreamsWithAllTheirFields() {
        append("order/b", T0.plusSeconds(2), "{\"event\":\"third\"}");
        append("order/a", T0, "{\"event\":\"first\"}");
        append("order/b", T0.plusSeconds(1), "{\"event\":\"second\"}");

        List<FilteredLogEvent> events = filter(FilterLogEventsRequest.builder().logStreamNamePrefix("order/"));

        assertThat(events).extracting(FilteredLogEvent::message).containsExactly(
                "{\"event\":\"first\"}", "{\"event\":\"second\"}", "{\"event\":\"third\"}");
        assertThat(events.get(0).logStreamName()).isEqualTo("order/a");
        assertThat(events.get(0).timestamp()).isEqualTo(T0.toEpochMilli());
        assertThat(events.get(0).ingestionTime()).isEqualTo(T0.toEpochMilli());
        assertThat(events).extracting(FilteredLogEvent::eventId).doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void streamNamesSelectWholeStreams() {
        assertThat(filter(FilterLogEventsRequest.builder().logStreamNames("patterns/1")))
                .extracting(FilteredLogEvent::message)
                .containsExactly(AGENT_EVENTS.get("protectOff"), AGENT_EVENTS.get("drainDone"), AGENT_EVENTS.get("error"));
    }

    @Test
    void theInitialTaskLoggedItsStart() {
        assertThat(filter(FilterLogEventsRequest.builder().filterPattern("service_ready")))
                .singleElement().satisfies(e -> assertThat(e.logStreamName()).startsWith("voice-agent/voice-agent/"));
        assertThat(filter(FilterLogEventsRequest.builder().filterPattern("service_starting"))).hasSize(1);
    }

    @Test
    void putLogEventsIngestsIntoAStreamAndPublishesTheMetricsItEmbeds() {
        logs.createLogStream(b -> b.logGroupName(GROUP).logStreamName("emf/1"));
        long t = Instant.now().truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
        String emf = "{\"_aws\":{\"Timestamp\":" + t + ",\"CloudWatchMetrics\":[{\"Namespace\":\"LogsApiTest\","
                + "\"Dimensions\":[[\"Environment\"]],\"Metrics\":[{\"Name\":\"Lat\",\"Unit\":\"Milliseconds\"}]}]},"
                + "\"Environment\":\"poc\",\"Lat\":640}";
        logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("emf/1").logEvents(
                e -> e.timestamp(t).message("{\"event\":\"plain\"}"), e -> e.timestamp(t).message(emf)));

        assertThat(filter(FilterLogEventsRequest.builder().logStreamNames("emf/1"))).hasSize(2);
        StackModel stack = TWIN.twin().stack();
        synchronized (stack) {
            assertThat(stack.metrics().samples(new dev.scalingsuite.twin.model.MetricStore.MetricId("LogsApiTest",
                    "Lat", Map.of("Environment", "poc")), Instant.ofEpochMilli(t), Instant.ofEpochMilli(t + 1)))
                    .singleElement().satisfies(sample -> {
                        assertThat(sample.values()).containsExactly(640.0);
                        assertThat(sample.unit()).isEqualTo("Milliseconds");
                    });
        }
    }

    @Test
    void putLogEventsRefusesAMissingStreamAndEventsOutOfOrder() {
        assertThatThrownBy(() -> logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("emf/none")
                .logEvents(e -> e.timestamp(1L).message("x"))))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("log stream does not exist");
        logs.createLogStream(b -> b.logGroupName(GROUP).logStreamName("emf/order"));
        assertThatThrownBy(() -> logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("emf/order")
                .logEvents(e -> e.timestamp(2L).message("b"), e -> e.timestamp(1L).message("a"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("chronological order");
        assertThatThrownBy(() -> logs.createLogStream(b -> b.logGroupName(GROUP).logStreamName("emf/order")))
                .isInstanceOf(software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException.class);
    }

    @Test
    void startAndEndTimeAreInclusiveMilliseconds() {
        for (int i = 0; i < 4; i++) {
            append("window", T0.plusSeconds(i), "tick " + i);
        }
        long start = T0.plusSeconds(1).toEpochMilli();
        long end = T0.plusSeconds(2).toEpochMilli();

        assertThat(filter(FilterLogEventsRequest.builder().logStreamNames("window").startTime(start).endTime(end)))
                .extracting(FilteredLogEvent::message).containsExactly("tick 1", "tick 2");
        assertThat(filter(FilterLogEventsRequest.builder().logStreamNames("window").startTime(start)))
                .extracting(FilteredLogEvent::message).containsExactly("tick 1", "tick 2", "tick 3");
        assertThat(filter(FilterLogEventsRequest.builder().logStreamNames("window").endTime(end - 1)))
                .extracting(FilteredLogEvent::message).containsExactly("tick 0", "tick 1");
    }

    @Test
    void limitAndNextTokenPageThroughEveryEventOnce() {
        for (int i = 0; i < 25; i++) {
            append("paging", T0.plusMillis(i * 10L), "page event " + i);
        }
        List<Integer> sizes = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            FilterLogEventsResponse page = logs.filterLogEvents(b -> b.logGroupName(GROUP)
                    .logStreamNames("paging").limit(10).nextToken(next));
            sizes.add(page.events().size());
            page.events().forEach(e -> messages.add(e.message()));
            token = page.nextToken();
        } while (token != null);

        assertThat(sizes).containsExactly(10, 10, 5);
        assertThat(messages).hasSize(25).doesNotHaveDuplicates().startsWith("page event 0").endsWith("page event 24");
        assertThat(logs.filterLogEventsPaginator(b -> b.logGroupName(GROUP).logStreamNames("paging").limit(7))
                .events().stream().map(FilteredLogEvent::message).toList()).isEqualTo(messages);
    }

    @Test
    void anEventArrivingBetweenPagesIsNeitherLostNorRepeated() {
        for (int i = 0; i < 4; i++) {
            append("arrivals", T0.plusSeconds(i), "arrival " + i);
        }
        var first = logs.filterLogEvents(b -> b.logGroupName(GROUP).logStreamNames("arrivals").limit(2));
        append("arrivals", T0.plusSeconds(10), "arrival late");

        var rest = logs.filterLogEvents(b -> b.logGroupName(GROUP).logStreamNames("arrivals")
                .nextToken(first.nextToken()));

        assertThat(first.events()).extracting(FilteredLogEvent::message).containsExactly("arrival 0", "arrival 1");
        assertThat(rest.events()).extracting(FilteredLogEvent::message)
                .containsExactly("arrival 2", "arrival 3", "arrival late");
        assertThat(rest.nextToken()).isNull();
    }

    @Test
    void theLogGroupIdentifierMayBeTheArn() {
        for (String identifier : List.of(GROUP_ARN, GROUP_ARN + ":*", GROUP)) {
            assertThat(logs.filterLogEvents(b -> b.logGroupIdentifier(identifier).logStreamNames("patterns/0"))
                    .events()).hasSize(3);
        }
    }

    @Test
    void anUnknownLogGroupIsResourceNotFound() {
        assertThatThrownBy(() -> logs.filterLogEvents(b -> b.logGroupName("/ecs/other")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageStartingWith("The specified log group does not exist.");
        assertThatThrownBy(() -> logs.filterLogEvents(b -> b.logGroupIdentifier(GROUP_ARN + "-other")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void conflictingOrMissingSelectorsAreInvalidParameters() {
        assertThatThrownBy(() -> logs.filterLogEvents(b -> b.logGroupName(GROUP).logGroupIdentifier(GROUP_ARN)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
        assertThatThrownBy(() -> logs.filterLogEvents(b -> b.filterPattern("x")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> filter(FilterLogEventsRequest.builder().logStreamNames("a").logStreamNamePrefix("a")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("mutually exclusive");
        assertThatThrownBy(() -> filter(FilterLogEventsRequest.builder().startTime(2L).endTime(1L)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> filter(FilterLogEventsRequest.builder().nextToken("%%%")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("The specified nextToken is invalid.");
    }

    @Test
    void aLimitOutOfRangeIsAValidationException() {
        assertThatThrownBy(() -> filter(FilterLogEventsRequest.builder().limit(0)))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("1 validation error detected: Value '0' at 'limit' failed to satisfy "
                        + "constraint: Member must have value greater than or equal to 1");
        assertThatThrownBy(() -> filter(FilterLogEventsRequest.builder().limit(10_001)))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void describeLogGroupsFindsTheServiceGroupByPrefix() {
        List<LogGroup> groups = logs.describeLogGroups(b -> b.logGroupNamePrefix("/ecs/")).logGroups();

        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.logGroupName()).isEqualTo(GROUP);
            assertThat(g.arn()).isEqualTo(GROUP_ARN + ":*");
            assertThat(g.logGroupArn()).isEqualTo(GROUP_ARN);
            assertThat(g.creationTime()).isLessThan(Instant.now().toEpochMilli());
            assertThat(g.storedBytes()).isPositive();
        });
        assertThat(logs.describeLogGroups(b -> b.logGroupNamePrefix("/aws/")).logGroups())
                .extracting(LogGroup::logGroupName).as("the session counter Lambda's")
                .containsExactly("/aws/lambda/voice-agent-poc-session-counter");
        assertThat(logs.describeLogGroups(b -> b.logGroupNamePattern("VOICE")).logGroups()).hasSize(2);
        assertThat(logs.describeLogGroups(b -> b.limit(1)).logGroups()).hasSize(1);
    }
}
