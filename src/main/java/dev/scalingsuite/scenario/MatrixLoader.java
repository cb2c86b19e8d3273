package dev.scalingsuite.scenario;

import dev.scalingsuite.text.YamlNodes;
import dev.scalingsuite.text.YamlNodes.Detail;
import dev.scalingsuite.text.YamlSyntaxException;
import dev.scalingsuite.text.YamlText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads a matrix file ({@link MatrixFile}), collecting every problem with its file and line. */
final class MatrixLoader {

    static final List<String> TOP_KEYS = List.of("scenario", "axes", "slos", "allow-failing-cells");
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}\\n]*)}");
    private static final Pattern LOAD_AXIS = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final Pattern TWIN_AXIS = Pattern.compile("twin\\.[A-Za-z][A-Za-z0-9]*");
    private static final String AXIS_NAMES = "a placeholder name (letters, digits, '_' and '-', like calls) or "
            + "twin.<setting> (docs/twin.md, Settings)";
    private static final String VALUES = "a list of one or more distinct values, like [2, 4, 6]";
    /** A number of load hosts: a whole number from 1, short of what an int holds. */
    private static final Pattern HOST_COUNT = Pattern.compile("[1-9]\\d{0,8}");
    private static final String TWIN_LOAD_HOSTS = MatrixFile.TWIN_PREFIX + "loadHosts";
    private static final Pattern TOP_SLOS = Pattern.compile("(?m)^slos\\s*:");

    private final Path baseDir;
    private final String source;
    private final List<String> problems = new ArrayList<>();

    MatrixLoader(Path baseDir, String source) {
        this.baseDir = baseDir;
        this.source = source;
    }

    MatrixFile load() {
        String text = read(file(source, "matrix file"), source, "matrix file");
        Optional<Node> document;
        try {
            document = YamlNodes.compose(text, source, Detail.FIRST_LINE);
        } catch (YamlSyntaxException e) {
            throw new ScenarioException(source, List.of(e.problem()));
        }
        String allowed = "; allowed: a mapping with " + String.join(", ", TOP_KEYS);
        if (document.isEmpty() || !(document.get() instanceof MappingNode root)) {
            throw new ScenarioException(source, List.of(document.map(d -> at(d) + ": a matrix file is a mapping, was "
                    + shown(d) + allowed).orElse(source + ":1: the file is empty" + allowed)));
        }
        Map<String, NodeTuple> top = fields(root);
        Optional<Template> template = Optional.ofNullable(top.get("scenario")).flatMap(this::template);
        if (!top.containsKey("scenario")) {
            problems.add(source + ":" + YamlNodes.line(root) + ": 'scenario' is required; allowed: the path of a "
                    + "scenario file with ${name} placeholders, or a scenario name");
        }
        int before = problems.size();
        List<MatrixFile.Axis> axes = top.containsKey("axes") ? axes(top.get("axes")) : List.of();
        boolean axesRead = problems.size() == before && top.containsKey("axes");
        if (!top.containsKey("axes")) {
            problems.add(source + ":" + YamlNodes.line(root) + ": 'axes' is required; allowed: a mapping of axis "
                    + "names to " + VALUES);
        }
        boolean allowFailing = top.containsKey("allow-failing-cells") && flag(top.get("allow-failing-cells"));
        Optional<String> slos = Optional.ofNullable(top.get("slos")).flatMap(t -> slos(text, t, template));
        if (axesRead) {
            // with an axis unread, every placeholder of it would be named as well
            template.ifPresent(t -> placeholders(t, axes));
        }
        if (!problems.isEmpty()) {
            throw new ScenarioException(source, problems);
        }
        Template t = template.orElseThrow();
        List<MatrixFile.Cell> cells = cells(t, axes, slos);
        return new MatrixFile(source, t.source(), axes, allowFailing, cells);
    }

    /** The scenario with placeholders: its text and how messages name it. */
    private record Template(String source, String text, int line) {
    }

    private Path file(String name, String what) {
        try {
            return baseDir.resolve(name);
        } catch (InvalidPathException e) {
            throw new ScenarioException(what + " " + name + " is not a valid path (" + e.getReason() + ")");
        }
    }

    private static String read(Path file, String name, String what) {
        if (!Files.isRegularFile(file)) {
            throw new ScenarioException(what + " " + name + " not found; allowed: a path to a YAML file (relative "
                    + "to the project directory)");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ScenarioException(name + ":1: the file is not UTF-8 text; allowed: a UTF-8 YAML file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " " + name, e);
        }
    }

    private Map<String, NodeTuple> fields(MappingNode root) {
        Map<String, NodeTuple> fields = new LinkedHashMap<>();
        for (NodeTuple t : root.getValue()) {
            String key = YamlNodes.key(t).orElse(shown(t.getKeyNode()));
            if (!TOP_KEYS.contains(key)) {
                problem(t.getKeyNode(), "unknown key '" + key + "' in the matrix file; allowed: "
                        + String.join(", ", TOP_KEYS));
            } else if (fields.containsKey(key)) {
                problem(t.getKeyNode(), "duplicate key '" + key + "' in the matrix file (first on line "
                        + YamlNodes.line(fields.get(key).getKeyNode()) + ")");
            } else {
                fields.put(key, t);
            }
        }
        return fields;
    }

    private Optional<Template> template(NodeTuple tuple) {
        Node value = tuple.getValueNode();
        Optional<String> name = YamlNodes.scalar(value).filter(v -> !v.isBlank());
        String allowed = "; allowed: the path of a scenario file with ${name} placeholders (relative to the project "
                + "directory), or a scenario name";
        if (name.isEmpty()) {
            problem(YamlNodes.isNull(value) ? tuple.getKeyNode() : value, "'scenario' must be text, was "
                    + shown(value) + allowed);
            return Optional.empty();
        }
        String path = Scenarios.isName(name.get()) ? Scenarios.DIRECTORY + "/" + name.get() + ".yaml" : name.get();
        Path file;
        try {
            file = baseDir.resolve(path);
        } catch (InvalidPathException e) {
            problem(value, "scenario file " + path + " is not a valid path (" + e.getReason() + ")" + allowed);
            return Optional.empty();
        }
        if (!Files.isRegularFile(file)) {
            problem(value, "scenario file " + path + " not found" + allowed);
            return Optional.empty();
        }
        return Optional.of(new Template(path, read(file, path, "scenario file"), YamlNodes.line(value)));
    }

    private List<MatrixFile.Axis> axes(NodeTuple tuple) {
        Node value = tuple.getValueNode();
        if (!(value instanceof MappingNode mapping) || mapping.getValue().isEmpty()) {
            problem(YamlNodes.isNull(value) ? tuple.getKeyNode() : value, "'axes' must be a mapping of axis names to "
                    + "lists of values, was " + shown(value) + "; allowed: " + AXIS_NAMES + ", each to " + VALUES);
            return List.of();
        }
        List<MatrixFile.Axis> axes = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (NodeTuple axis : mapping.getValue()) {
            String name = YamlNodes.key(axis).orElse(shown(axis.getKeyNode()));
            if (!LOAD_AXIS.matcher(name).matches() && !TWIN_AXIS.matcher(name).matches()) {
                problem(axis.getKeyNode(), "axis '" + name + "' is not an axis name; allowed: " + AXIS_NAMES);
                continue;
            }
            if (!seen.add(name)) {
                problem(axis.getKeyNode(), "duplicate axis '" + name + "'");
                continue;
            }
            values(name, axis).ifPresent(values -> axes.add(new MatrixFile.Axis(name,
                    YamlNodes.line(axis.getKeyNode()), values)));
            lines.put(name, YamlNodes.line(axis.getKeyNode()));
        }
        if (lines.containsKey(MatrixFile.HOSTS) && lines.containsKey(TWIN_LOAD_HOSTS)) {
            boolean hostsFirst = lines.get(MatrixFile.HOSTS) < lines.get(TWIN_LOAD_HOSTS);
            String first = hostsFirst ? MatrixFile.HOSTS : TWIN_LOAD_HOSTS;
            String second = hostsFirst ? TWIN_LOAD_HOSTS : MatrixFile.HOSTS;
            problems.add(source + ":" + lines.get(second) + ": axis '" + second + "' and axis '" + first + "' (line "
                    + lines.get(first) + ") both set the number of load hosts; allowed: one of the two (on the "
                    + "suite's own twin, hosts sets twin.loadHosts)");
        }
        return axes;
    }

    private Optional<List<MatrixFile.Value>> values(String name, NodeTuple axis) {
        Node node = axis.getValueNode();
        if (!(node instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
            problem(YamlNodes.isNull(node) ? axis.getKeyNode() : node, "axis '" + name + "' must be a list of values, "
                    + "was " + shown(node) + "; allowed: " + VALUES);
            return Optional.empty();
        }
        List<MatrixFile.Value> values = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        boolean good = true;
        for (Node item : sequence.getValue()) {
            Optional<String> text = YamlNodes.scalar(item).map(String::trim).filter(v -> !v.isEmpty());
            if (text.isEmpty() || text.get().contains("${") || text.get().contains("\n")) {
                problem(item, "a value of axis '" + name + "' must be a single value on one line, was " + shown(item)
                        + "; allowed: " + VALUES);
                good = false;
            } else if (name.equals(MatrixFile.HOSTS) && !HOST_COUNT.matcher(text.get()).matches()) {
                problem(item, "a value of axis 'hosts' must be a whole number >= 1, was " + shown(item)
                        + "; allowed: the number of load hosts a cell uses, like [1, 2, 4]");
                good = false;
            } else if (seen.containsKey(text.get())) {
                problem(item, "axis '" + name + "' has the value '" + text.get() + "' twice (first on line "
                        + seen.get(text.get()) + "); allowed: " + VALUES);
                good = false;
            } else {
                seen.put(text.get(), YamlNodes.line(item));
                values.add(new MatrixFile.Value(text.get(), YamlNodes.line(item)));
            }
        }
        return good ? Optional.of(values) : Optional.empty();
    }

    private boolean flag(NodeTuple tuple) {
        Optional<String> value = YamlNodes.scalar(tuple.getValueNode());
        if (value.isPresent() && (value.get().equals("true") || value.get().equals("false"))) {
            return value.get().equals("true");
        }
        problem(tuple.getValueNode(), "'allow-failing-cells' must be true or false, was "
                + shown(tuple.getValueNode()) + "; allowed: true, false");
        return false;
    }

    /**
     * The matrix's own SLOs, validated as a scenario's are, as the text to add to each cell's scenario: the lines of
     * the {@code slos:} entry. They parse from the matrix's text with every other line blanked, so a problem
     * names the matrix file and its line.
     */
    private Optional<String> slos(String text, NodeTuple tuple, Optional<Template> template) {
        int from = YamlNodes.line(tuple.getKeyNode());
        org.yaml.snakeyaml.error.Mark end = tuple.getValueNode().getEndMark();
        int to = end.getColumn() == 0 ? end.getLine() : end.getLine() + 1;
        String[] lines = text.split("\n", -1);
        StringBuilder only = new StringBuilder();
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            boolean mine = i + 1 >= from && i + 1 <= to;
            only.append(mine ? lines[i] : "").append('\n');
            if (mine) {
                block.append(lines[i]).append('\n');
            }
        }
        try {
            ScenarioLoader.parseSlos(only.toString(), source);
        } catch (ScenarioException e) {
            problems.addAll(e.problems());
            return Optional.empty();
        }
        Optional<Template> own = template.filter(t -> TOP_SLOS.matcher(t.text()).find());
        if (own.isPresent()) {
            problem(tuple.getKeyNode(), "'slos' is set here and in the scenario " + own.get().source()
                    + "; allowed: slos in one of the two (the matrix's apply to a scenario that has none)");
            return Optional.empty();
        }
        return Optional.of(block.toString());
    }

    /**
     * Each placeholder of the scenario names an axis, and each load axis is a placeholder of the scenario
     * ({@code hosts} need not be: it takes effect through the load hosts, not the scenario's text).
     */
    private void placeholders(Template template, List<MatrixFile.Axis> axes) {
        Set<String> names = new LinkedHashSet<>();
        axes.forEach(a -> names.add(a.name()));
        Set<String> used = new LinkedHashSet<>();
        String[] lines = template.text().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = PLACEHOLDER.matcher(lines[i]);
            while (m.find()) {
                used.add(m.group(1));
                if (!names.contains(m.group(1))) {
                    problems.add(template.source() + ":" + (i + 1) + ": placeholder ${" + m.group(1) + "} names no "
                            + "axis of " + source + "; allowed: " + (names.isEmpty() ? "an axis of the matrix file"
                            : String.join(", ", names.stream().map(n -> "${" + n + "}").toList())));
                }
            }
        }
        for (MatrixFile.Axis axis : axes) {
            if (!axis.twin() && !axis.hosts() && !used.contains(axis.name())) {
                problems.add(source + ":" + axis.line() + ": axis '" + axis.name() + "' is no placeholder of "
                        + template.source() + "; allowed: a load axis the scenario uses as ${" + axis.name()
                        + "}, or a twin.<setting> axis");
            }
        }
    }

    /**
     * Every cell with its scenario text, each loaded as a scenario: a problem is named once, with the first cell
     * it appears in.
     */
    private List<MatrixFile.Cell> cells(Template template, List<MatrixFile.Axis> axes, Optional<String> slos) {
        List<Map<String, String>> combinations = MatrixFile.combinations(axes);
        List<MatrixFile.Cell> cells = new ArrayList<>();
        Map<String, String> firstSeen = new LinkedHashMap<>();
        for (Map<String, String> values : combinations) {
            String text = substitute(template.text(), values);
            if (slos.isPresent()) {
                text = (text.endsWith("\n") ? text : text + "\n") + slos.get();
            }
            MatrixFile.Cell cell = new MatrixFile.Cell(cells.size() + 1, combinations.size(), values, text);
            try {
                ScenarioLoader.parse(text, template.source());
            } catch (ScenarioException e) {
                e.problems().forEach(p -> firstSeen.putIfAbsent(p, cell.label()));
            }
            cells.add(cell);
        }
        if (!firstSeen.isEmpty()) {
            firstSeen.forEach((problem, label) -> problems.add(problem + " (in " + label + ")"));
            throw new ScenarioException(source, problems);
        }
        return cells;
    }

    static String substitute(String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private void problem(Node node, String what) {
        problems.add(at(node) + ": " + YamlText.oneLine(what));
    }

    private String at(Node node) {
        return YamlNodes.at(source, node);
    }

    private static String shown(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return node instanceof SequenceNode s && s.getValue().isEmpty() ? "an empty list" : "a list";
        }
        if (YamlNodes.isNull(node)) {
            return "nothing";
        }
        return "'" + YamlNodes.scalar(node).orElse("") + "'";
    }
}
