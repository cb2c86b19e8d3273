package dev.scalingsuite.scenario;

import static dev.scalingsuite.text.YamlNodes.isNull;
import static dev.scalingsuite.text.YamlNodes.line;
import static dev.scalingsuite.text.YamlNodes.scalar;

import dev.scalingsuite.fleet.Kpi;
import dev.scalingsuite.fleet.RolloutState;
import dev.scalingsuite.fleet.Slo;
import dev.scalingsuite.text.YamlNodes;
import dev.scalingsuite.text.YamlNodes.Detail;
import dev.scalingsuite.text.YamlSyntaxException;
import dev.scalingsuite.text.YamlText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a scenario file into a {@link Scenario}, checking all of it first: every problem found is
 * reported at once in one {@link ScenarioException}, each as {@code <file>:<line>: <what is wrong>;
 * allowed: <what is>}. Line numbers come from SnakeYAML's node marks.
 * <pre>
 * Scenario s = ScenarioLoader.load(Path.of("scenarios/burst.yaml"));
 * Scenario t = ScenarioLoader.parse(yamlText, "inline.yaml");
 * </pre>
 */
public final class ScenarioLoader {

    static final List<String> TOP_KEYS = List.of("name", "description", "thresholds", "invariants",
            "allow-unmeasured", "slos", "steps");
    /** An SLO's bounds. */
    static final List<String> SLO_KEYS = List.of("warning", "critical");
    /** What {@code slos:} holds, as messages offer it. */
    static final String SLOS_ALLOWED = "a mapping of KPI keys to {warning: <value>, critical: <value>}";
    /** A whole or decimal number, perhaps followed by its unit's symbol ({@code 4 tasks}, {@code 59.5 task-minutes}). */
    private static final Pattern SLO_NUMBER = Pattern.compile("(-?\\d{1,9}(?:\\.\\d{1,3})?)(?:\\s*([a-z-]+))?");
    static final List<String> THRESHOLD_KEYS = Thresholds.KEYS;
    static final List<String> PLACE_CALLS_KEYS = List.of("count", "rate", "period", "limit");
    static final List<String> HOLD_KEYS = List.of("duration", "expect");
    static final List<String> END_CALLS_KEYS = List.of("count");
    static final List<String> DEPLOY_KEYS = List.of("change", "name");
    /** An expect's keys besides its conditions. */
    static final List<String> EXPECT_KEYS = List.of("within", NotBefore.KEY);
    /** An environment variable's name as ECS and the shell take it. */
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
    /** A tag key as ECS takes it (TagResource): 1-128 of letters, digits, space and _ . : / = + - @, not aws:. */
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{N} _.:/=+@-]{1,128}");

    private final String source;
    private final List<String> problems = new ArrayList<>();

    private ScenarioLoader(String source) {
        this.source = source;
    }

    /** Loads {@code file}; messages name it as given. */
    public static Scenario load(Path file) {
        return load(file, file.toString());
    }

    /** Loads {@code file}; messages name it {@code source}. */
    public static Scenario load(Path file, String source) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ScenarioException("scenario file " + source + " not found");
        } catch (CharacterCodingException e) {
            throw new ScenarioException(source + ":1: the file is not UTF-8 text; allowed: a UTF-8 YAML file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario file " + source, e);
        }
        return parse(text, source);
    }

    /** Parses YAML {@code text}; messages name it {@code source}. */
    public static Scenario parse(String text, String source) {
        return new ScenarioLoader(source).read(text);
    }

    private Scenario read(String text) {
        Optional<Node> document;
        try {
            document = YamlNodes.compose(text, source, Detail.FIRST_LINE);
        } catch (YamlSyntaxException e) {
            throw new ScenarioException(source, List.of(e.problem()));
        }
        if (document.isEmpty()) {
            throw new ScenarioException(source, List.of(source + ":1: the file is empty; allowed: a mapping with "
                    + String.join(", ", TOP_KEYS)));
        }
        Node root = document.get();
        if (!(root instanceof MappingNode)) {
            throw new ScenarioException(source, List.of(problemText(root, "a scenario is a mapping, was "
                    + shown(root) + "; allowed: a mapping with " + String.join(", ", TOP_KEYS))));
        }
        Map<String, NodeTuple> top = fields((MappingNode) root, "the scenario", TOP_KEYS);
        String name = name(top.get("name"), root);
        String description = text(top.get("description")).orElse("");
        Thresholds thresholds = top.containsKey("thresholds") ? thresholds(top.get("thresholds")) : Thresholds.NONE;
        Invariants invariants = top.containsKey("invariants") ? invariants(top.get("invariants")) : Invariants.NONE;
        List<String> allowUnmeasured = top.containsKey("allow-unmeasured")
                ? allowUnmeasured(top.get("allow-unmeasured")) : List.of();
        List<Slo> slos = top.containsKey("slos") ? slos(top.get("slos")) : List.of();
        List<Step> steps = top.containsKey("steps") ? steps(top.get("steps")) : List.of();
        if (!top.containsKey("steps")) {
            problem(root, "'steps' is required; allowed: a list of " + String.join(", ", Step.KINDS));
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(this::lineOf));
            throw new ScenarioException(source, problems);
        }
        return new Scenario(name, description, source, thresholds, invariants, steps, allowUnmeasured, slos);
    }

    /**
     * Loads a shared SLO file ({@code slos-file}): a mapping with one key, {@code slos}, written as a scenario's.
     *
     * @throws ScenarioException listing every problem, each naming {@code source}:line
     */
    public static List<Slo> loadSlos(Path file, String source) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ScenarioException("SLO file " + source + " not found; allowed: a YAML file with slos: "
                    + SLOS_ALLOWED + ", or no slos-file");
        } catch (CharacterCodingException e) {
            throw new ScenarioException(source + ":1: the file is not UTF-8 text; allowed: a UTF-8 YAML file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SLO file " + source, e);
        }
        return new ScenarioLoader(source).readSlos(text);
    }

    /** Parses YAML {@code text} with one key, {@code slos}, as {@link #loadSlos} reads a file; messages name {@code source}. */
    public static List<Slo> parseSlos(String text, String source) {
        return new ScenarioLoader(source).readSlos(text);
    }

    private List<Slo> readSlos(String text) {
        Optional<Node> document;
        try {
            document = YamlNodes.compose(text, source, Detail.FIRST_LINE);
        } catch (YamlSyntaxException e) {
            throw new ScenarioException(source, List.of(e.problem()));
        }
        String allowed = "; allowed: a mapping with slos: " + SLOS_ALLOWED;
        if (document.isEmpty() || !(document.get() instanceof MappingNode root)) {
            throw new ScenarioException(source, List.of(document.map(d -> problemText(d, "an SLO file is a mapping, "
                    + "was " + shown(d) + allowed)).orElse(source + ":1: the file is empty" + allowed)));
        }
        Map<String, NodeTuple> top = fields(root, "the SLO file", List.of("slos"));
        List<Slo> slos = top.containsKey("slos") ? slos(top.get("slos")) : List.of();
        if (!top.containsKey("slos") && problems.isEmpty()) {
            problem(root, "'slos' is required" + allowed);
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(this::lineOf));
            throw new ScenarioException(source, problems);
        }
        return slos;
    }

    // ---- top level ----

    private String name(NodeTuple tuple, Node root) {
        String allowed = "; allowed: lower-case letters, digits and dashes, like steady-state";
        if (tuple == null) {
            String stem = stem(source);
            if (Scenario.NAME.matcher(stem).matches()) {
                return stem;
            }
            problem(root, "'name' is required" + allowed);
            return "invalid";
        }
        Optional<String> name = text(tuple);
        if (name.isPresent() && !Scenario.NAME.matcher(name.get()).matches()) {
            problem(tuple.getValueNode(), "'name' must be a scenario name, was '" + name.get() + "'" + allowed);
        }
        return name.filter(n -> Scenario.NAME.matcher(n).matches()).orElse("invalid");
    }

    private Optional<String> text(NodeTuple tuple) {
        if (tuple == null) {
            return Optional.empty();
        }
        Node value = tuple.getValueNode();
        Optional<String> text = scalar(value);
        if (text.isPresent()) {
            return text;
        }
        problem(value, "'" + key(tuple) + "' must be text, was " + shown(value));
        return Optional.empty();
    }

    private Thresholds thresholds(NodeTuple tuple) {
        Optional<MappingNode> mapping = mapping(tuple, "a mapping of " + String.join(", ", THRESHOLD_KEYS));
        if (mapping.isEmpty()) {
            return Thresholds.NONE;
        }
        Map<String, NodeTuple> f = fields(mapping.get(), "thresholds", THRESHOLD_KEYS);
        return new Thresholds(optionalInt(f.get("max-dropped"), 0), optionalInt(f.get("max-rejected"), 0),
                optionalInt(f.get("max-front-door-failures"), 0),
                Optional.ofNullable(f.get("max-e2e-p95")).flatMap(this::positiveDuration));
    }

    private Invariants invariants(NodeTuple tuple) {
        Optional<MappingNode> mapping = mapping(tuple, "a mapping of " + String.join(", ", Invariants.KEYS));
        if (mapping.isEmpty()) {
            return Invariants.NONE;
        }
        Map<String, NodeTuple> f = fields(mapping.get(), "invariants", Invariants.KEYS);
        return new Invariants(Optional.ofNullable(f.get("no-flapping")).flatMap(this::positiveDuration),
                optionalInt(f.get("no-overshoot"), 0), flag(f.get("calls-spread")),
                flag(f.get("busy-tasks-protected")), flag(f.get("no-busy-task-stopped")),
                optionalInt(f.get("max-dropped"), 0), optionalInt(f.get("max-front-door-failures"), 0),
                Optional.ofNullable(f.get("cold-start-at-most")).flatMap(this::positiveDuration),
                flag(f.get("health-checks-as-configured")), flag(f.get("metrics-every-period")));
    }

    /**
     * The checks that may end not measured: a list of check keys (a threshold's, an invariant's or a
     * condition's), each once.
     */
    private List<String> allowUnmeasured(NodeTuple tuple) {
        String allowed = "; allowed: a list of " + String.join(", ", Scenario.CHECK_KEYS);
        Node value = tuple.getValueNode();
        if (!(value instanceof SequenceNode sequence)) {
            problem(isNull(value) ? tuple.getKeyNode() : value,
                    "'allow-unmeasured' must be a list of checks, was " + shown(value) + allowed);
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Node item : sequence.getValue()) {
            Optional<String> key = scalar(item);
            if (key.isEmpty()) {
                problem(item, "'allow-unmeasured' lists checks by key, found " + shown(item) + allowed);
            } else if (!Scenario.CHECK_KEYS.contains(key.get())) {
                problem(item, "unknown check '" + key.get() + "' in allow-unmeasured; allowed: "
                        + String.join(", ", Scenario.CHECK_KEYS));
            } else if (seen.containsKey(key.get())) {
                problem(item, "'" + key.get() + "' is listed twice in allow-unmeasured (first on line "
                        + seen.get(key.get()) + "); allowed: each check once");
            } else {
                seen.put(key.get(), line(item));
                keys.add(key.get());
            }
        }
        return keys;
    }

    // ---- SLOs ----

    /** {@code slos:}: each KPI by its key, once, with a warning bound, a critical bound or both. */
    private List<Slo> slos(NodeTuple tuple) {
        Optional<MappingNode> mapping = mapping(tuple, SLOS_ALLOWED);
        if (mapping.isEmpty()) {
            return List.of();
        }
        List<Slo> slos = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (NodeTuple t : mapping.get().getValue()) {
            String key = key(t);
            Optional<Kpi> kpi = Kpi.byKey(key);
            if (kpi.isEmpty()) {
                problem(t.getKeyNode(), "unknown KPI '" + key + "' in slos; allowed: " + String.join(", ",
                        Arrays.stream(Kpi.values()).map(Kpi::key).toList()));
            } else if (seen.containsKey(key)) {
                problem(t.getKeyNode(), "duplicate KPI '" + key + "' in slos (first on line " + seen.get(key)
                        + "); allowed: each KPI once");
            } else {
                seen.put(key, line(t.getKeyNode()));
                slo(kpi.get(), t).ifPresent(slos::add);
            }
        }
        return slos;
    }

    private Optional<Slo> slo(Kpi kpi, NodeTuple tuple) {
        String where = "slo " + kpi.key();
        Node value = tuple.getValueNode();
        if (!(value instanceof MappingNode mapping)) {
            problem(isNull(value) ? tuple.getKeyNode() : value, "'" + kpi.key() + "' in slos must be a mapping, was "
                    + shown(value) + "; allowed: {warning: " + example(kpi, false) + ", critical: " + example(kpi, true)
                    + "}, either bound left out if not wanted");
            return Optional.empty();
        }
        int before = problems.size();
        Map<String, NodeTuple> f = fields(mapping, where, SLO_KEYS);
        if (f.isEmpty() && problems.size() == before) {
            problem(tuple.getKeyNode(), where + " needs a warning bound, a critical bound or both; allowed: "
                    + String.join(", ", SLO_KEYS));
        }
        OptionalDouble warning = bound(kpi, f.get("warning"));
        OptionalDouble critical = bound(kpi, f.get("critical"));
        if (warning.isPresent() && critical.isPresent()
                && !Slo.comesFirst(kpi, warning.getAsDouble(), critical.getAsDouble())) {
            String side = kpi.higherIsWorse() ? "below" : "above";
            problem(f.get("warning").getValueNode(), where + ": warning " + kpi.unit().show(warning.getAsDouble())
                    + " is not " + side + " critical " + kpi.unit().show(critical.getAsDouble()) + ", so the warning "
                    + "could never come first; allowed: a warning bound " + side + " the critical one (a "
                    + (kpi.higherIsWorse() ? "higher" : "lower") + " " + kpi.key() + " is worse)");
        }
        if (problems.size() != before) {
            return Optional.empty();
        }
        return Optional.of(new Slo(kpi, warning, critical, source + ":" + line(tuple.getKeyNode())));
    }

    /** A bound in the KPI's unit: a duration for times, a number (perhaps with its unit) for the rest. */
    private OptionalDouble bound(Kpi kpi, NodeTuple tuple) {
        if (tuple == null) {
            return OptionalDouble.empty();
        }
        Node value = tuple.getValueNode();
        Optional<String> text = scalar(value).map(String::trim);
        OptionalDouble bound = text.map(t -> parseBound(kpi, t)).orElse(OptionalDouble.empty());
        if (bound.isEmpty()) {
            String must = switch (kpi.unit()) {
                case SECONDS, MILLIS -> "a duration";
                case TASK_MINUTES -> "a number";
                default -> "a whole number";
            };
            problem(value, "'" + key(tuple) + "' of slo " + kpi.key() + " must be " + must + ", was " + shown(value)
                    + "; allowed: " + boundAllowed(kpi));
        }
        return bound;
    }

    private static OptionalDouble parseBound(Kpi kpi, String text) {
        Kpi.Unit unit = kpi.unit();
        if (unit == Kpi.Unit.SECONDS || unit == Kpi.Unit.MILLIS) {
            Optional<Duration> d = Durations.tryParse(text);
            return d.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(unit == Kpi.Unit.SECONDS
                    ? d.get().toMillis() / 1000.0 : d.get().toMillis());
        }
        Matcher m = SLO_NUMBER.matcher(text);
        boolean whole = unit != Kpi.Unit.TASK_MINUTES;
        if (!m.matches() || (whole && m.group(1).contains(".")) || (m.group(2) != null && (unit.symbol().isEmpty()
                || !m.group(2).equals(unit.symbol())))) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Double.parseDouble(m.group(1)));
    }

    /** What a bound of {@code kpi} may be, as a message offers it. */
    static String boundAllowed(Kpi kpi) {
        return switch (kpi.unit()) {
            case SECONDS, MILLIS -> "a duration like " + example(kpi, false) + " (" + kpi.key() + " is in "
                    + kpi.unit().symbol() + ")";
            case TASK_MINUTES -> "a number of task-minutes like 60 or 59.5 task-minutes";
            case COUNT -> "a whole number like 3";
            default -> "a whole number of " + kpi.unit().symbol() + " like 4 or 4 " + kpi.unit().symbol();
        };
    }

    private static String example(Kpi kpi, boolean critical) {
        return switch (kpi.unit()) {
            case SECONDS -> critical ? "2m" : "90s";
            case MILLIS -> critical ? "2500ms" : "1500ms";
            default -> kpi.higherIsWorse() == critical ? "6" : "4";
        };
    }

    /** {@code true} or {@code false}; absent is false. */
    private boolean flag(NodeTuple tuple) {
        if (tuple == null) {
            return false;
        }
        Node value = tuple.getValueNode();
        Optional<String> flag = scalar(value).filter(v -> v.equals("true") || v.equals("false"));
        if (flag.isPresent()) {
            return Boolean.parseBoolean(flag.get());
        }
        problem(value, "'" + key(tuple) + "' must be true or false, was " + shown(value));
        return false;
    }

    // ---- steps ----

    private List<Step> steps(NodeTuple tuple) {
        Node value = tuple.getValueNode();
        if (!(value instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
            String was = value instanceof SequenceNode ? "an empty list" : shown(value);
            problem(value, "'steps' must list at least one step, was " + was + "; allowed: a list of "
                    + String.join(", ", Step.KINDS));
            return List.of();
        }
        List<Step> steps = new ArrayList<>();
        int index = 0;
        int live = 0;
        boolean placed = false;
        boolean deployed = false;
        for (Node item : sequence.getValue()) {
            index++;
            Optional<Step> step = step(item, index);
            if (step.isEmpty()) {
                placed = true; // an invalid step may have placed calls or deployed; do not pile on
                deployed = true;
                live = Integer.MAX_VALUE / 2;
                continue;
            }
            Step s = step.get();
            steps.add(s);
            deployed |= s instanceof Step.Deploy;
            if (!deployed) {
                rolloutBeforeDeploy(s);
            }
            if (s instanceof Step.PlaceCalls p) {
                placed = true;
                live += p.count();
            } else if (s instanceof Step.EndCalls e) {
                if (!placed) {
                    problem(item, "end-calls before any place-calls: there are no calls to end; "
                            + "allowed: end-calls after a place-calls step");
                } else if (e.count() > live) {
                    problem(item, "end-calls " + e.count() + " ends more calls than the " + live
                            + " placed and not yet ended; allowed: a count from 1 to " + live);
                }
                live -= Math.min(live, e.count());
            } else if (s instanceof Step.EndAllCalls && !placed) {
                problem(item, "end-all-calls before any place-calls: there are no calls to end; "
                        + "allowed: end-all-calls after a place-calls step");
            } else if (s instanceof Step.EndAllCalls) {
                live = 0;
            }
        }
        return steps;
    }

    private Optional<Step> step(Node item, int index) {
        String allowedKinds = "; allowed: " + String.join(", ", Step.KINDS);
        if (!(item instanceof MappingNode mapping) || mapping.getValue().isEmpty()) {
            Optional<String> scalar = scalar(item);
            String was = scalar.map(s -> "'" + s + "'").orElseGet(() -> shown(item));
            if (scalar.isPresent() && !Step.KINDS.contains(scalar.get())) {
                problem(item, "unknown step '" + scalar.get() + "'" + allowedKinds);
            } else {
                problem(item, "a step is a mapping with one key, its kind, was " + was + allowedKinds);
            }
            return Optional.empty();
        }
        List<NodeTuple> tuples = mapping.getValue();
        if (tuples.size() > 1) {
            List<String> kinds = tuples.stream().map(ScenarioLoader::key).toList();
            problem(item, "a step has exactly one kind, found " + String.join(", ", kinds)
                    + " (indent the step's settings under its kind)" + allowedKinds);
            return Optional.empty();
        }
        NodeTuple tuple = tuples.get(0);
        String kind = key(tuple);
        int line = line(item);
        int before = problems.size();
        Step step = switch (kind) {
            case "place-calls" -> placeCalls(tuple, index, line);
            case "hold" -> hold(tuple, index, line);
            case "expect" -> expect(tuple, index, line);
            case "end-calls" -> endCalls(tuple, index, line);
            case "end-all-calls" -> endAllCalls(tuple, index, line);
            case "deploy" -> deploy(tuple, index, line);
            default -> {
                problem(tuple.getKeyNode(), "unknown step '" + kind + "'" + allowedKinds);
                yield null;
            }
        };
        return problems.size() == before ? Optional.ofNullable(step) : Optional.empty();
    }

    /** A rollout condition before any deploy step would judge a rollout the scenario never started. */
    private void rolloutBeforeDeploy(Step step) {
        List<Condition> conditions = step instanceof Step.Expect e ? e.conditions()
                : step instanceof Step.Hold h ? h.expect() : List.of();
        conditions.stream().filter(c -> c.kind() == ConditionKind.ROLLOUT).forEach(c -> problems.add(source + ":"
                + c.line() + ": rollout before any deploy step: there is no rollout to judge; allowed: rollout in a "
                + "step after a deploy step"));
    }

    private Step placeCalls(NodeTuple tuple, int index, int line) {
        Map<String, NodeTuple> f = stepFields(tuple, "place-calls", PLACE_CALLS_KEYS, "{count: 6, rate: 1, period: 5s}");
        if (f == null) {
            return null;
        }
        OptionalInt count = required(f, "count", "place-calls", tuple, 1);
        OptionalInt rate = f.containsKey("rate") ? optionalInt(f.get("rate"), 1) : OptionalInt.of(1);
        Optional<Duration> period = f.containsKey("period") ? positiveDuration(f.get("period"))
                : Optional.of(Duration.ofSeconds(1));
        OptionalInt limit = optionalInt(f.get("limit"), 1);
        if (count.isEmpty() || rate.isEmpty() || period.isEmpty()) {
            return null;
        }
        return new Step.PlaceCalls(index, line, count.getAsInt(), rate.getAsInt(), period.get(), limit);
    }

    private Step hold(NodeTuple tuple, int index, int line) {
        Map<String, NodeTuple> f = stepFields(tuple, "hold", HOLD_KEYS, "{duration: 2m, expect: {dropped: 0}}");
        if (f == null) {
            return null;
        }
        Optional<Duration> duration = Optional.empty();
        if (f.containsKey("duration")) {
            duration = positiveDuration(f.get("duration"));
        } else {
            problem(tuple.getKeyNode(), "'duration' is required for hold");
        }
        List<Condition> conditions = List.of();
        if (f.containsKey("expect")) {
            Optional<MappingNode> m = mapping(f.get("expect"), "a mapping of conditions like {running-at-least: 3}");
            if (m.isPresent()) {
                conditions = conditions(m.get(), "hold's expect", List.of());
                if (m.get().getValue().isEmpty()) {
                    problem(m.get(), "hold's expect needs at least one condition; allowed: "
                            + ConditionKind.allowedKeys());
                }
            }
        }
        return duration.isPresent() ? new Step.Hold(index, line, duration.get(), conditions) : null;
    }

    private Step expect(NodeTuple tuple, int index, int line) {
        Node value = tuple.getValueNode();
        if (!(value instanceof MappingNode mapping)) {
            problem(value, "'expect' takes a mapping like {running-at-least: 2, within: 8m}, was " + shown(value));
            return null;
        }
        List<Condition> conditions = conditions(mapping, "expect", EXPECT_KEYS);
        Optional<Duration> within = Optional.empty();
        NodeTuple w = field(mapping, "within");
        boolean scaleInPolicy = w != null && scalar(w.getValueNode()).filter(Step.Expect.SCALE_IN_POLICY::equals)
                .isPresent();
        if (w == null) {
            problem(tuple.getKeyNode(), "'within' is required for expect");
        } else if (scaleInPolicy) {
            within = Optional.of(Duration.ZERO);
        } else {
            within = positiveDuration(w, "; allowed: " + Durations.ALLOWED + ", or " + Step.Expect.SCALE_IN_POLICY
                    + " (the scale-in bound derived from the live scaling policy)");
        }
        NodeTuple n = field(mapping, NotBefore.KEY);
        Optional<NotBefore> notBefore = n == null ? Optional.empty() : notBefore(n);
        Optional<Duration> fixed = notBefore.filter(nb -> nb.policy().isEmpty()).map(NotBefore::duration);
        if (fixed.isPresent() && within.filter(d -> !d.isZero() && fixed.get().compareTo(d) >= 0).isPresent()) {
            problem(n.getValueNode(), "not-before " + notBefore.get().yaml() + " is not shorter than within "
                    + Durations.format(within.get()) + ", so the step could never pass; allowed: a not-before shorter "
                    + "than within");
            return null;
        }
        if (mapping.getValue().stream().noneMatch(t -> ConditionKind.ofKey(key(t)).isPresent())
                && mapping.getValue().stream().allMatch(t -> EXPECT_KEYS.contains(key(t)))) {
            problem(tuple.getKeyNode(), "expect needs at least one condition; allowed: " + ConditionKind.allowedKeys());
        }
        if (within.isEmpty() || conditions.isEmpty() || (n != null && notBefore.isEmpty())) {
            return null;
        }
        return new Step.Expect(index, line, conditions, within.get(), scaleInPolicy, notBefore);
    }

    /** The entry of {@code key} in a step's mapping (the first, if written twice: that is reported as a duplicate). */
    private static NodeTuple field(MappingNode mapping, String key) {
        return mapping.getValue().stream().filter(t -> key.equals(key(t))).findFirst().orElse(null);
    }

    /** {@code not-before}: a duration from the step's start, or a bound the live policy implies. */
    private Optional<NotBefore> notBefore(NodeTuple tuple) {
        String allowed = "; allowed: " + Durations.ALLOWED + " (from the step's start), or "
                + NotBefore.Policy.SCALE_OUT.key() + " (the earliest scale-out the live scaling policy allows), "
                + NotBefore.Policy.SCALE_IN.key() + " (the earliest scale-in it allows)";
        Optional<NotBefore.Policy> policy = scalar(tuple.getValueNode()).flatMap(NotBefore.Policy::ofKey);
        if (policy.isPresent()) {
            return Optional.of(NotBefore.of(policy.get()));
        }
        return positiveDuration(tuple, allowed).map(NotBefore::after);
    }

    private Step endCalls(NodeTuple tuple, int index, int line) {
        Map<String, NodeTuple> f = stepFields(tuple, "end-calls", END_CALLS_KEYS, "{count: 4}");
        if (f == null) {
            return null;
        }
        OptionalInt count = required(f, "count", "end-calls", tuple, 1);
        return count.isPresent() ? new Step.EndCalls(index, line, count.getAsInt()) : null;
    }

    private Step deploy(NodeTuple tuple, int index, int line) {
        Map<String, NodeTuple> f = stepFields(tuple, "deploy", DEPLOY_KEYS, "{change: environment}");
        if (f == null) {
            return null;
        }
        String changes = "environment (an environment value of every container), tag (a tag of the revision)";
        if (!f.containsKey("change")) {
            problem(tuple.getKeyNode(), "'change' is required for deploy; allowed: " + changes);
            return null;
        }
        Node value = f.get("change").getValueNode();
        Optional<Step.Deploy.Change> change = scalar(value).flatMap(Step.Deploy.Change::ofKey);
        if (change.isEmpty()) {
            problem(value, "'change' must be environment or tag, was " + shown(value) + "; allowed: " + changes);
            return null;
        }
        String name = change.get().defaultName();
        if (f.containsKey("name")) {
            Node n = f.get("name").getValueNode();
            Optional<String> given = scalar(n);
            boolean environment = change.get() == Step.Deploy.Change.ENVIRONMENT;
            boolean valid = given.filter(g -> environment ? ENV_NAME.matcher(g).matches()
                    : TAG_KEY.matcher(g).matches() && !g.toLowerCase(Locale.ROOT).startsWith("aws:")).isPresent();
            if (!valid) {
                problem(n, "'name' must be " + (environment ? "an environment variable name, was " + shown(n)
                        + "; allowed: letters, digits and _, not starting with a digit"
                        : "a tag key, was " + shown(n) + "; allowed: 1 to 128 letters, digits, spaces and _ . : / = + - @, "
                                + "not starting with aws:"));
                return null;
            }
            name = given.get();
        }
        return new Step.Deploy(index, line, change.get(), name);
    }

    private Step endAllCalls(NodeTuple tuple, int index, int line) {
        Node value = tuple.getValueNode();
        if (isNull(value)) {
            return new Step.EndAllCalls(index, line);
        }
        if (!(value instanceof MappingNode mapping)) {
            problem(value, "'end-all-calls' takes no settings, was " + shown(value) + "; allowed: {}");
            return null;
        }
        for (NodeTuple t : mapping.getValue()) {
            problem(t.getKeyNode(), "unknown key '" + key(t) + "' in end-all-calls; allowed: none, write end-all-calls: {}");
        }
        return mapping.getValue().isEmpty() ? new Step.EndAllCalls(index, line) : null;
    }

    // ---- conditions ----

    private List<Condition> conditions(MappingNode mapping, String where, List<String> otherKeys) {
        List<Condition> conditions = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            String key = key(t);
            if (seen.containsKey(key)) {
                problem(t.getKeyNode(), "duplicate key '" + key + "' in " + where + " (first on line " + seen.get(key) + ")");
                continue;
            }
            seen.put(key, line(t.getKeyNode()));
            if (otherKeys.contains(key)) {
                continue;
            }
            Optional<ConditionKind> kind = ConditionKind.ofKey(key);
            if (kind.isEmpty()) {
                String allowed = otherKeys.isEmpty() ? ConditionKind.allowedKeys()
                        : String.join(", ", otherKeys) + ", " + ConditionKind.allowedKeys();
                problem(t.getKeyNode(), (otherKeys.isEmpty() ? "unknown condition '" : "unknown key '") + key
                        + "' in " + where + "; allowed: " + allowed);
                continue;
            }
            OptionalInt value = kind.get() == ConditionKind.ROLLOUT ? rolloutState(t) : optionalInt(t, 0);
            if (value.isPresent()) {
                conditions.add(new Condition(kind.get(), value.getAsInt(), line(t.getKeyNode())));
            }
        }
        checkContradictions(conditions);
        return conditions;
    }

    private void checkContradictions(List<Condition> conditions) {
        Optional<Condition> atLeast = find(conditions, ConditionKind.RUNNING_AT_LEAST);
        Optional<Condition> atMost = find(conditions, ConditionKind.RUNNING_AT_MOST);
        if (atLeast.isPresent() && atMost.isPresent() && atLeast.get().value() > atMost.get().value()) {
            problems.add(source + ":" + atLeast.get().line() + ": running-at-least " + atLeast.get().value()
                    + " is more than running-at-most " + atMost.get().value() + ", so the step can never pass"
                    + "; allowed: running-at-least <= running-at-most");
        }
    }

    /** A {@code rollout} condition's state, by its ordinal. */
    private OptionalInt rolloutState(NodeTuple tuple) {
        Node value = tuple.getValueNode();
        Optional<RolloutState> state = scalar(value)
                .flatMap(RolloutState::ofWord).filter(ConditionKind.ROLLOUT_STATES::contains);
        if (state.isPresent()) {
            return OptionalInt.of(state.get().ordinal());
        }
        problem(value, "'rollout' must be in-progress or completed, was " + shown(value) + "; allowed: in-progress "
                + "(the rollout still runs), completed (the service reached a steady state on the new revision)");
        return OptionalInt.empty();
    }

    private static Optional<Condition> find(List<Condition> conditions, ConditionKind kind) {
        return conditions.stream().filter(c -> c.kind() == kind).findFirst();
    }

    // ---- values ----

    private Map<String, NodeTuple> stepFields(NodeTuple tuple, String kind, List<String> allowed, String example) {
        Node value = tuple.getValueNode();
        if (!(value instanceof MappingNode mapping)) {
            problem(isNull(value) ? tuple.getKeyNode() : value,
                    "'" + kind + "' takes a mapping like " + example + ", was " + shown(value));
            return null;
        }
        return fields(mapping, kind, allowed);
    }

    /** The mapping's entries by key; unknown and duplicate keys are problems. */
    private Map<String, NodeTuple> fields(MappingNode mapping, String where, List<String> allowed) {
        Map<String, NodeTuple> fields = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            String key = key(t);
            if (!allowed.contains(key)) {
                problem(t.getKeyNode(), "unknown key '" + key + "' in " + where + "; allowed: " + String.join(", ", allowed));
            } else if (fields.containsKey(key)) {
                problem(t.getKeyNode(), "duplicate key '" + key + "' in " + where + " (first on line "
                        + line(fields.get(key).getKeyNode()) + ")");
            } else {
                fields.put(key, t);
            }
        }
        return fields;
    }

    private Optional<MappingNode> mapping(NodeTuple tuple, String allowed) {
        Node value = tuple.getValueNode();
        if (value instanceof MappingNode m) {
            return Optional.of(m);
        }
        problem(isNull(value) ? tuple.getKeyNode() : value,
                "'" + key(tuple) + "' must be a mapping, was " + shown(value) + "; allowed: " + allowed);
        return Optional.empty();
    }

    private OptionalInt required(Map<String, NodeTuple> fields, String key, String kind, NodeTuple step, int min) {
        if (!fields.containsKey(key)) {
            problem(step.getKeyNode(), "'" + key + "' is required for " + kind);
            return OptionalInt.empty();
        }
        return optionalInt(fields.get(key), min);
    }

    /** The whole number at {@code tuple} if it is one >= min; empty (and a problem) if not; empty if absent. */
    private OptionalInt optionalInt(NodeTuple tuple, int min) {
        if (tuple == null) {
            return OptionalInt.empty();
        }
        Node value = tuple.getValueNode();
        Optional<String> digits = scalar(value).map(String::trim).filter(v -> v.matches("[+-]?\\d{1,9}"));
        if (digits.isPresent()) {
            int n = Integer.parseInt(digits.get());
            if (n >= min) {
                return OptionalInt.of(n);
            }
        }
        problem(value, "'" + key(tuple) + "' must be a whole number >= " + min + ", was " + shown(value));
        return OptionalInt.empty();
    }

    private Optional<Duration> positiveDuration(NodeTuple tuple) {
        return positiveDuration(tuple, "; allowed: " + Durations.ALLOWED);
    }

    private Optional<Duration> positiveDuration(NodeTuple tuple, String allowed) {
        Node value = tuple.getValueNode();
        Optional<String> text = scalar(value);
        if (text.isEmpty()) {
            problem(value, "'" + key(tuple) + "' must be a duration, was " + shown(value) + allowed);
            return Optional.empty();
        }
        Optional<Duration> d = Durations.tryParse(text.get());
        if (d.isEmpty()) {
            problem(value, "'" + key(tuple) + "' must be a duration, was " + shown(value) + allowed);
        } else if (d.get().isZero()) {
            problem(value, "'" + key(tuple) + "' must be longer than 0s, was " + shown(value) + allowed);
            return Optional.empty();
        }
        return d;
    }

    // ---- helpers ----

    private void problem(Node node, String what) {
        problems.add(problemText(node, what));
    }

    private String problemText(Node node, String what) {
        return YamlNodes.at(source, node) + ": " + YamlText.oneLine(what);
    }

    /** The line a problem names, to list problems in file order. */
    private int lineOf(String problem) {
        String rest = problem.substring(source.length() + 1);
        int colon = rest.indexOf(':');
        try {
            return Integer.parseInt(rest.substring(0, colon));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static String key(NodeTuple tuple) {
        return YamlNodes.key(tuple).orElseGet(() -> shown(tuple.getKeyNode()));
    }

    private static String shown(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(node)) {
            return "nothing";
        }
        return "'" + ((ScalarNode) node).getValue() + "'";
    }

    private static String stem(String source) {
        String file = source.replace('\\', '/');
        file = file.substring(file.lastIndexOf('/') + 1);
        return file.replaceFirst("\\.ya?ml$", "");
    }
}
