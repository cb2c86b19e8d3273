package dev.scalingsuite.twin.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch's Embedded Metric Format, as CloudWatch Logs extracts it from a log event: a JSON object
 * whose {@code _aws} member holds {@code Timestamp} (epoch milliseconds) and {@code CloudWatchMetrics},
 * a list of directives, each a {@code Namespace}, a list of {@code Dimensions} sets (names of root
 * members holding string values) and a list of {@code Metrics} ({@code Name}, optional {@code Unit});
 * a metric's value is the root member of its name, a number or a list of numbers. Each metric is
 * published once per dimension set (with no set, once without dimensions), stamped with
 * {@code Timestamp}. A log event that is not EMF, or a directive that breaks the format, yields nothing;
 * the event itself is stored either way, as in CloudWatch. (AWS documentation: "Specification:
 * Embedded metric format".)
 */
public final class EmbeddedMetrics {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** At most this many values in a metric's list, and dimensions in a set, as the specification allows. */
    private static final int MAX_VALUES = 100;
    private static final int MAX_DIMENSIONS = 30;

    /** One datapoint an EMF event carries. */
    public record Datapoint(MetricStore.MetricId id, MetricStore.Sample sample) {
    }

    private EmbeddedMetrics() {
    }

    /** The datapoints of one log event's message; none unless it is a valid EMF object. */
    public static List<Datapoint> extract(String message) {
        if (message == null || !message.stripLeading().startsWith("{") || !message.contains("\"_aws\"")) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(message);
        } catch (JsonProcessingException e) {
            return List.of();
        }
        JsonNode aws = root.path("_aws");
        JsonNode timestamp = aws.path("Timestamp");
        JsonNode directives = aws.path("CloudWatchMetrics");
        if (!aws.isObject() || !timestamp.isIntegralNumber() || !directives.isArray()) {
            return List.of();
        }
        Instant at = Instant.ofEpochMilli(timestamp.asLong());
        List<Datapoint> out = new ArrayList<>();
        for (JsonNode directive : directives) {
            out.addAll(directive(root, directive, at));
        }
        return out;
    }

    private static List<Datapoint> directive(JsonNode root, JsonNode directive, Instant at) {
        JsonNode namespace = directive.path("Namespace");
        JsonNode sets = directive.path("Dimensions");
        JsonNode metrics = directive.path("Metrics");
        if (!namespace.isTextual() || namespace.asText().isBlank() || !sets.isArray() || !metrics.isArray()) {
            return List.of();
        }
        List<Map<String, String>> dimensions = new ArrayList<>();
        for (JsonNode set : sets) {
            if (!set.isArray() || set.size() > MAX_DIMENSIONS) {
                return List.of();
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (JsonNode name : set) {
                JsonNode value = name.isTextual() ? root.get(name.asText()) : null;
                if (value == null || !value.isTextual()) {
                    return List.of();
                }
                values.put(name.asText(), value.asText());
            }
            dimensions.add(values);
        }
        if (dimensions.isEmpty()) {
            dimensions.add(Map.of());
        }
        List<Datapoint> out = new ArrayList<>();
        for (JsonNode metric : metrics) {
            JsonNode name = metric.path("Name");
            JsonNode unit = metric.path("Unit");
            if (!name.isTextual() || name.asText().isBlank() || !(unit.isMissingNode() || unit.isTextual())) {
                return List.of();
            }
            MetricStore.Sample sample = sample(root.get(name.asText()), at, unit.isTextual() ? unit.asText() : "None");
            if (sample != null) {
                dimensions.forEach(d -> out.add(new Datapoint(new MetricStore.MetricId(namespace.asText(),
                        name.asText(), d), sample)));
            }
        }
        return out;
    }

    /** A number, or a list of 1 to 100 numbers; anything else is no value (the metric is not published). */
    private static MetricStore.Sample sample(JsonNode value, Instant at, String unit) {
        if (value != null && value.isNumber()) {
            return MetricStore.Sample.of(at, value.asDouble(), unit);
        }
        if (value == null || !value.isArray() || value.isEmpty() || value.size() > MAX_VALUES) {
            return null;
        }
        List<Double> values = new ArrayList<>();
        for (JsonNode v : value) {
            if (!v.isNumber()) {
                return null;
            }
            values.add(v.asDouble());
        }
        return MetricStore.Sample.ofValues(at, values, null, unit);
    }
}
