package dev.scalingsuite.text;

import java.io.StringReader;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * What the scenario and configuration loaders both do with SnakeYAML's nodes: compose a text, every
 * syntax error becoming one {@code <file>:<line>} problem, and read where a node stands, its key and
 * its scalar value.
 * <pre>
 * Optional&lt;Node&gt; root = YamlNodes.compose(text, "config.yaml", Detail.NONE);  // YamlSyntaxException
 * problems.add(YamlNodes.at("config.yaml", node) + ": ...");                    // config.yaml:7: ...
 * </pre>
 */
public final class YamlNodes {

    /** How much of SnakeYAML's own words a syntax error shows where SnakeYAML names no problem. */
    public enum Detail {
        /** The first line of SnakeYAML's message. */
        FIRST_LINE,
        /** None of it: "unreadable", or only "invalid YAML". */
        NONE
    }

    private YamlNodes() {
    }

    /**
     * The root node of {@code text}; empty for an empty document or one that is only null.
     *
     * @throws YamlSyntaxException naming {@code source} and the line of the error, for text that is not YAML
     */
    public static Optional<Node> compose(String text, String source, Detail detail) {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 1 : mark.getLine() + 1;
            String problem = e.getProblem() != null ? e.getProblem()
                    : detail == Detail.FIRST_LINE ? firstLine(e.getMessage()) : "unreadable";
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            throw new YamlSyntaxException(source + ":" + line + ": YAML syntax error: "
                    + YamlText.oneLine(problem + context) + "; allowed: valid YAML");
        } catch (ReaderException e) {
            throw new YamlSyntaxException(source + ":" + YamlText.lineOfRefused(text, e.getPosition(), e.getCodePoint())
                    + ": character "
                    + String.format("U+%04X", e.getCodePoint()) + " is not allowed in YAML; allowed: printable "
                    + "characters, tabs and line breaks");
        } catch (YAMLException e) {
            throw new YamlSyntaxException(source + ":1: invalid YAML"
                    + (detail == Detail.FIRST_LINE ? ": " + firstLine(e.getMessage()) : "") + "; allowed: valid YAML");
        } catch (RuntimeException e) {
            // SnakeYAML's scanner lets a few errors out unwrapped, e.g. NumberFormatException for an escape cut short
            String what = e instanceof NumberFormatException
                    ? "an escape sequence (\\x, \\u or \\U) without all of its hex digits" : "an unreadable token";
            throw new YamlSyntaxException(source + ":" + YamlText.lastLine(text) + ": YAML syntax error: " + what
                    + " at the end of the file; allowed: valid YAML");
        }
        return root == null || isNull(root) ? Optional.empty() : Optional.of(root);
    }

    /** The line {@code node} starts on, counted from 1. */
    public static int line(Node node) {
        return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }

    /** Where {@code node} stands, as problems name it: {@code <source>:<line>}. */
    public static String at(String source, Node node) {
        return source + ":" + line(node);
    }

    /** Whether {@code node} is YAML's null ({@code ~}, {@code null} or nothing at all). */
    public static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** The value of a scalar that is not null; empty for a mapping, a list or null. */
    public static Optional<String> scalar(Node node) {
        return node instanceof ScalarNode s && !isNull(node) ? Optional.of(s.getValue()) : Optional.empty();
    }

    /** The key of {@code tuple} as written, if it is a scalar (even {@code ~}); empty for a mapping or list as key. */
    public static Optional<String> key(NodeTuple tuple) {
        return tuple.getKeyNode() instanceof ScalarNode s ? Optional.of(s.getValue()) : Optional.empty();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
