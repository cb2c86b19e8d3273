package dev.scalingsuite.twin.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/** Tree helpers and the mappers of the twin's wire protocols. */
public final class Wire {

    public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /** awsJson: timestamps as epoch seconds with milliseconds, never in exponent notation. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .addModule(timestamps())
            .build();

    /** Smithy RPC v2 CBOR: timestamps as tag 1 over epoch seconds. */
    public static final ObjectMapper CBOR = CBORMapper.builder().addModule(timestamps()).build();

    private Wire() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    public static POJONode timestamp(Instant instant) {
        return new POJONode(instant);
    }

    /**
     * Reads a request timestamp in any of the forms the protocols send: epoch seconds (number or
     * text) or ISO-8601 text.
     */
    public static Instant instant(JsonNode node, String member) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw ApiException.validation("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        if (node.isNumber()) {
            return Instant.ofEpochMilli(node.decimalValue().movePointRight(3).longValue());
        }
        String text = node.asText().trim();
        try {
            if (text.matches("-?\\d+(\\.\\d+)?")) {
                return Instant.ofEpochMilli(new BigDecimal(text).movePointRight(3).longValue());
            }
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (RuntimeException e) {
            try {
                return Instant.parse(text);
            } catch (RuntimeException again) {
                throw ApiException.validation("Value '" + text + "' at '" + member
                        + "' is not a valid timestamp");
            }
        }
    }

    /** The text of a required member, or a ValidationException naming it. */
    public static String required(JsonNode request, String member) {
        JsonNode value = request.get(member);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            throw ApiException.validation("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value.asText();
    }

    /** The text of an optional member, or null when absent. */
    public static String optional(JsonNode request, String member) {
        JsonNode value = request.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The elements of an optional list member, empty when absent. */
    public static Iterable<JsonNode> list(JsonNode request, String member) {
        JsonNode value = request.get(member);
        return value == null || !value.isArray() ? array() : value;
    }

    /**
     * An optional integer member such as a page size, {@code fallback} when absent, or the
     * ValidationException AWS words for a value out of range (it names the member in lower camel case).
     */
    public static int bounded(JsonNode request, String member, int min, int max, int fallback) {
        JsonNode value = request.get(member);
        if (value == null || value.isNull()) {
            return fallback;
        }
        int number = value.asInt();
        if (number < min || number > max) {
            throw ApiException.validation("1 validation error detected: Value '" + value.asText() + "' at '"
                    + Character.toLowerCase(member.charAt(0)) + member.substring(1)
                    + "' failed to satisfy constraint: Member must have value "
                    + (number < min ? "greater than or equal to " + min : "less than or equal to " + max));
        }
        return number;
    }

    private static SimpleModule timestamps() {
        return new SimpleModule("aws-timestamps").addSerializer(Instant.class, new InstantSerializer());
    }

    private static final class InstantSerializer extends StdSerializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            BigDecimal seconds = BigDecimal.valueOf(value.toEpochMilli(), 3);
            if (gen instanceof CBORGenerator cbor) {
                cbor.writeTag(1);
                cbor.writeNumber(seconds.doubleValue());
            } else {
                gen.writeNumber(seconds);
            }
        }
    }
}
