package dev.scalingsuite.twin.api;

import static dev.scalingsuite.twin.api.Wire.object;
import static dev.scalingsuite.twin.api.Wire.optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingsuite.twin.model.LogStore.LogEvent;
import dev.scalingsuite.twin.model.StackModel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * CloudWatch Logs in awsJson 1.1: FilterLogEvents, which the monitors use to count the agent's
 * structured events (protection, drain, conversation turns), DescribeLogGroups, which operators
 * use to find the group, and CreateLogStream and PutLogEvents, the ingest path a log driver uses, on
 * which metrics embedded in Embedded Metric Format become CloudWatch metrics. Times on this API are
 * epoch milliseconds, not timestamps.
 */
final class LogsApi implements ApiService {

    /** FilterLogEvents' default and largest page. */
    private static final int MAX_EVENTS = 10_000;
    private static final int MAX_GROUPS = 50;

    /** Results come in time order; ingestion order breaks ties, as it does for events of one stream. */
    private static final Comparator<LogEvent> ORDER =
            Comparator.comparing(LogEvent::timestamp).thenComparingLong(LogEvent::sequence);

    private final StackModel stack;

    LogsApi(StackModel stack) {
        this.stack = stack;
    }

    @Override
    public String name() {
        return "logs";
    }

    @Override
    public Optional<String> jsonTargetPrefix() {
        return Optional.of("Logs_20140328");
    }

    @Override
    public JsonNode handle(String operation, JsonNode request) {
        return switch (operation) {
            case "FilterLogEvents" -> filterLogEvents(request);
            case "DescribeLogGroups" -> describeLogGroups(request);
            case "CreateLogStream" -> createLogStream(request);
            case "PutLogEvents" -> putLogEvents(request);
            default -> throw new ApiException(400, "UnknownOperationException", "Unknown operation " + operation);
        };
    }

    private JsonNode filterLogEvents(JsonNode request) {
        String group = logGroup(request);
        int limit = Wire.bounded(request, "limit", 1, MAX_EVENTS, MAX_EVENTS);
        LogFilterPattern pattern = LogFilterPattern.parse(optional(request, "filterPattern"));
        Predicate<LogEvent> selected = streams(request).and(window(request)).and(e -> pattern.test(e.message()));
        Predicate<LogEvent> afterToken = resumeAfter(optional(request, "nextToken"));
        List<LogEvent> matching = stack.logs().events(group).stream()
                .filter(selected.and(afterToken)).sorted(ORDER).toList();
        List<LogEvent> page = matching.subList(0, Math.min(limit, matching.size()));
        ObjectNode answer = object();
        ArrayNode events = answer.putArray("events");
        page.forEach(e -> events.add(event(e)));
        if (page.size() < matching.size()) {
            answer.put("nextToken", token(page.get(page.size() - 1)));
        }
        return answer;
    }

    /**
     * The group named by {@code logGroupName} or {@code logGroupIdentifier} (a name or an ARN, with or
     * without the trailing {@code :*}); exactly one of the two must be given.
     */
    private String logGroup(JsonNode request) {
        String name = optional(request, "logGroupName");
        String identifier = optional(request, "logGroupIdentifier");
        if (name != null && identifier != null) {
            throw invalidParameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
        }
        if (name == null && identifier == null) {
            throw invalidParameter("Should provide either name or ARN of the log group.");
        }
        String group = name != null ? name : groupName(identifier);
        if (!stack.logs().hasGroup(group)) {
            throw ApiException.client("ResourceNotFoundException", "The specified log group does not exist.");
        }
        return group;
    }

    private static String groupName(String identifier) {
        int at = identifier.indexOf(":log-group:");
        String name = at < 0 ? identifier : identifier.substring(at + ":log-group:".length());
        return name.endsWith(":*") ? name.substring(0, name.length() - 2) : name;
    }

    private static Predicate<LogEvent> streams(JsonNode request) {
        Set<String> names = new HashSet<>();
        Wire.list(request, "logStreamNames").forEach(n -> names.add(n.asText()));
        String prefix = optional(request, "logStreamNamePrefix");
        if (!names.isEmpty() && prefix != null) {
            throw invalidParameter("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
        }
        return e -> (names.isEmpty() || names.contains(e.stream())) && (prefix == null || e.stream().startsWith(prefix));
    }

    /** {@code startTime} and {@code endTime} are epoch milliseconds and both inclusive, as AWS documents. */
    private static Predicate<LogEvent> window(JsonNode request) {
        long start = request.path("startTime").asLong(Long.MIN_VALUE);
        long end = request.path("endTime").asLong(Long.MAX_VALUE);
        if (request.hasNonNull("startTime") && request.hasNonNull("endTime") && end < start) {
            throw invalidParameter("End time must not be before start time.");
        }
        return e -> e.timestamp().toEpochMilli() >= start && e.timestamp().toEpochMilli() <= end;
    }

    /**
     * The token is the position of the last event answered, not an offset, so events that arrive
     * between two pages do not shift or repeat the ones already read.
     */
    private static String token(LogEvent last) {
        String position = last.timestamp().toEpochMilli() + ":" + last.sequence();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    private static Predicate<LogEvent> resumeAfter(String token) {
        if (token == null) {
            return e -> true;
        }
        long millis;
        long sequence;
        try {
            String[] position = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":");
            millis = Long.parseLong(position[0]);
            sequence = Long.parseLong(position[1]);
        } catch (RuntimeException e) {
            throw invalidParameter("The specified nextToken is invalid.");
        }
        return e -> e.timestamp().toEpochMilli() > millis
                || e.timestamp().toEpochMilli() == millis && e.sequence() > sequence;
    }

    private static ObjectNode event(LogEvent e) {
        return object()
                .put("logStreamName", e.stream())
                .put("timestamp", e.timestamp().toEpochMilli())
                .put("message", e.message())
                .put("ingestionTime", e.ingestedAt().toEpochMilli())
                .put("eventId", e.eventId());
    }

    private JsonNode createLogStream(JsonNode request) {
        String group = existingGroup(Wire.required(request, "logGroupName"));
        if (!stack.logs().createStream(group, Wire.required(request, "logStreamName"))) {
            throw ApiException.client("ResourceAlreadyExistsException", "The specified log stream already exists");
        }
        return object();
    }

    /**
     * Ingests events into an existing stream, in chronological order as AWS requires; their embedded
     * metrics (EMF) are published as they are ingested. Sequence tokens are accepted and ignored, as
     * AWS does since 2023.
     */
    private JsonNode putLogEvents(JsonNode request) {
        String group = existingGroup(Wire.required(request, "logGroupName"));
        String stream = Wire.required(request, "logStreamName");
        if (!stack.logs().hasStream(group, stream)) {
            throw ApiException.client("ResourceNotFoundException", "The specified log stream does not exist.");
        }
        JsonNode events = request.path("logEvents");
        if (!events.isArray() || events.isEmpty() || events.size() > MAX_EVENTS) {
            throw invalidParameter("logEvents must hold 1 to " + MAX_EVENTS + " events.");
        }
        long previous = Long.MIN_VALUE;
        for (JsonNode event : events) {
            if (!event.path("timestamp").canConvertToLong() || !event.path("message").isTextual()) {
                throw invalidParameter("Each log event needs a timestamp and a message.");
            }
            long timestamp = event.path("timestamp").asLong();
            if (timestamp < previous) {
                throw invalidParameter("Log events in a single PutLogEvents request must be in chronological order.");
            }
            previous = timestamp;
        }
        for (JsonNode event : events) {
            stack.logs().append(group, stream, Instant.ofEpochMilli(event.path("timestamp").asLong()),
                    event.path("message").asText());
        }
        return object();
    }

    private String existingGroup(String group) {
        if (!stack.logs().hasGroup(group)) {
            throw ApiException.client("ResourceNotFoundException", "The specified log group does not exist.");
        }
        return group;
    }

    private JsonNode describeLogGroups(JsonNode request) {
        String prefix = optional(request, "logGroupNamePrefix");
        String pattern = optional(request, "logGroupNamePattern");
        if (prefix != null && pattern != null) {
            throw invalidParameter("LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.");
        }
        int limit = Wire.bounded(request, "limit", 1, MAX_GROUPS, MAX_GROUPS);
        ObjectNode answer = object();
        ArrayNode groups = answer.putArray("logGroups");
        stack.logs().groupNames().stream()
                .filter(g -> prefix == null || g.startsWith(prefix))
                .filter(g -> pattern == null || g.toLowerCase().contains(pattern.toLowerCase()))
                .limit(limit)
                .forEach(g -> groups.add(logGroupEntry(g)));
        return answer;
    }

    /** The group was created with the service, so it reports the service's creation time. */
    private ObjectNode logGroupEntry(String group) {
        String arn = "arn:aws:logs:" + stack.arns().region() + ":" + stack.arns().account() + ":log-group:" + group;
        long bytes = stack.logs().events(group).stream()
                .mapToLong(e -> e.message().getBytes(StandardCharsets.UTF_8).length).sum();
        return object()
                .put("logGroupName", group)
                .put("creationTime", stack.ecs().serviceCreatedAt().toEpochMilli())
                .put("metricFilterCount", 0)
                .put("arn", arn + ":*")
                .put("logGroupArn", arn)
                .put("storedBytes", bytes)
                .put("logGroupClass", "STANDARD");
    }

    private static ApiException invalidParameter(String message) {
        return ApiException.client("InvalidParameterException", message);
    }
}
