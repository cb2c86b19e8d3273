package dev.scalingsuite.twin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The awsQuery protocol: a form body of flattened member paths ({@code A.member.1.B=v}) in, XML out.
 * Requests become the same tree shape the JSON protocols produce, so one handler serves both.
 */
final class QueryCodec {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

    private QueryCodec() {
    }

    static Map<String, String> parseForm(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            form.put(key, value);
        }
        return form;
    }

    /** Unflattens the form into a tree; {@code X.member.N} becomes the N-th element of list X. */
    static ObjectNode toTree(Map<String, String> form) {
        ObjectNode root = Wire.object();
        form.forEach((key, value) -> {
            if (key.equals("Action") || key.equals("Version")) {
                return;
            }
            put(root, key.split("\\."), 0, value);
        });
        return root;
    }

    private static void put(ObjectNode node, String[] path, int at, String value) {
        String name = path[at];
        boolean last = at == path.length - 1;
        if (last) {
            node.put(name, value);
            return;
        }
        if (path[at + 1].equals("member") && at + 2 < path.length && path[at + 2].matches("\\d+")) {
            ArrayNode list = node.has(name) && node.get(name).isArray()
                    ? (ArrayNode) node.get(name) : node.putArray(name);
            int index = Integer.parseInt(path[at + 2]) - 1;
            while (list.size() <= index) {
                list.addNull();
            }
            if (at + 3 == path.length) {
                list.set(index, Wire.NODES.textNode(value));
            } else {
                JsonNode element = list.get(index);
                ObjectNode child = element instanceof ObjectNode o ? o : Wire.object();
                list.set(index, child);
                put(child, path, at + 3, value);
            }
            return;
        }
        ObjectNode child = node.has(name) && node.get(name).isObject()
                ? (ObjectNode) node.get(name) : node.putObject(name);
        put(child, path, at + 1, value);
    }

    static String response(String action, String namespace, JsonNode result, String requestId) {
        StringBuilder xml = new StringBuilder(512);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(action).append("Response xmlns=\"")
                .append(namespace).append("\">");
        if (result != null && result.size() > 0) {
            xml.append('<').append(action).append("Result>");
            writeMembers(xml, result);
            xml.append("</").append(action).append("Result>");
        }
        xml.append("<ResponseMetadata><RequestId>").append(requestId)
                .append("</RequestId></ResponseMetadata></").append(action).append("Response>");
        return xml.toString();
    }

    static String error(ApiException error, String requestId) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse><Error><Type>"
                + (error.senderFault() ? "Sender" : "Receiver") + "</Type><Code>" + escape(error.queryCode())
                + "</Code><Message>" + escape(error.getMessage()) + "</Message></Error><RequestId>"
                + requestId + "</RequestId></ErrorResponse>";
    }

    private static void writeMembers(StringBuilder xml, JsonNode object) {
        object.fields().forEachRemaining(field -> writeElement(xml, field.getKey(), field.getValue()));
    }

    private static void writeElement(StringBuilder xml, String name, JsonNode value) {
        if (value == null || value.isNull()) {
            return;
        }
        xml.append('<').append(name).append('>');
        if (value.isObject()) {
            writeMembers(xml, value);
        } else if (value.isArray()) {
            value.forEach(element -> writeElement(xml, "member", element));
        } else if (value instanceof POJONode pojo && pojo.getPojo() instanceof Instant instant) {
            xml.append(ISO.format(instant));
        } else if (value.isBigDecimal()) {
            xml.append(value.decimalValue().toPlainString());
        } else {
            xml.append(escape(value.asText()));
        }
        xml.append("</").append(name).append('>');
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
