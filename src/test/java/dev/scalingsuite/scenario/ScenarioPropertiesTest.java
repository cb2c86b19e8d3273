package dev.scalingsuite.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.scalingsuite.scenario.YamlMutations.Mutation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Bad scenario files, generated: every one either loads into a consistent {@link Scenario} or fails
 * with one {@link ScenarioException} whose every problem names {@code <file>:<line>} (a line the file
 * has) and says what is allowed; nothing else ever escapes. The shipped scenarios are the seeds the
 * edits start from. A failure prints the seed; rerun it with {@code @Property(seed = "...")}.
 */
class ScenarioPropertiesTest {

    private static final String SOURCE = "scenarios/mutant.yaml";
    private static final Pattern PROBLEM = Pattern.compile("(\\d+): (.+)", Pattern.DOTALL);
    /** What a problem says to tell what is allowed; most say it after "; allowed:". */
    private static final List<String> SAYS_WHAT_IS_ALLOWED = List.of("allowed: ", " must be ", " must list ",
            " is required", "duplicate key", " takes ");

    /** A shipped scenario, by file. */
    record Seed(String file, String text) {
        @Override
        public String toString() {
            return file;
        }
    }

    private static List<Seed> seeds;
    private static Path tempDir;

    @BeforeContainer
    static void readSeeds() throws IOException {
        Path dir = Path.of(Scenarios.DIRECTORY);
        try (Stream<Path> files = Stream.concat(Files.list(dir), Files.list(dir.resolve("probes")))) {
            seeds = files.filter(f -> f.toString().endsWith(".yaml")).sorted()
                    .map(f -> new Seed(f.toString().replace('\\', '/'), read(f))).toList();
        }
        assertThat(seeds).hasSizeGreaterThanOrEqualTo(8);
        tempDir = Files.createTempDirectory("scenario-properties");
    }

    @AfterContainer
    static void removeTempDir() throws IOException {
        try (Stream<Path> files = Files.walk(tempDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<Seed> seeds() {
        return Arbitraries.of(seeds);
    }

    @Provide
    Arbitrary<List<Mutation>> edits() {
        return YamlMutations.mutationLists();
    }

    // ---- the seeds ----

    @Example
    void everySeedLoadsAndIsConsistent() {
        for (Seed seed : seeds) {
            assertConsistent(ScenarioLoader.parse(seed.text(), seed.file()), seed.file(), seed.text());
        }
    }

    // ---- edited text ----

    @Property(tries = 1500)
    void anEditedScenarioLoadsOrFailsWithOneClearError(@ForAll("seeds") Seed seed, @ForAll("edits") List<Mutation> edits) {
        String text = YamlMutations.apply(seed.text(), edits);
        check(text, SOURCE, () -> ScenarioLoader.parse(text, SOURCE));
    }

    @Property(tries = 200)
    void sourceNamesDoNotConfuseTheLineNumbers(@ForAll("seeds") Seed seed, @ForAll("edits") List<Mutation> edits,
            @ForAll("sources") String source) {
        String text = YamlMutations.apply(seed.text(), edits);
        check(text, source, () -> ScenarioLoader.parse(text, source));
    }

    @Provide
    Arbitrary<String> sources() {
        return Arbitraries.oneOf(
                Arbitraries.of("x.yaml", "a:1:b.yaml", "dir with spaces/über.yml", "C:\\scenarios\\x.yaml", "1",
                        "scenarios/x.yaml:7", "-"),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(20));
    }

    /** A scalar replaced by a list or a mapping is wrong for every key: the problem names that line. */
    @Property(tries = 300)
    void aValueOfTheWrongShapeIsReportedOnItsLine(@ForAll("seeds") Seed seed,
            @ForAll @IntRange(min = 0, max = 10_000) int pick,
            @ForAll("wrongShapes") String replacement) {
        List<int[]> values = YamlMutations.valuePositions(seed.text());
        int[] at = values.get(pick % values.size());
        List<String> lines = new ArrayList<>(List.of(seed.text().split("\n", -1)));
        String line = lines.get(at[0]);
        lines.set(at[0], line.substring(0, at[1]) + replacement + line.substring(at[2]));
        String text = String.join("\n", lines);

        ScenarioException e = expectProblems(text, SOURCE, () -> ScenarioLoader.parse(text, SOURCE));
        assertThat(e.problems()).as("problems of %s after line %d became %s", seed, at[0] + 1, lines.get(at[0]))
                .anyMatch(p -> p.startsWith(SOURCE + ":" + (at[0] + 1) + ": "));
    }

    @Provide
    Arbitrary<String> wrongShapes() {
        return Arbitraries.of("[1, 2]", "[]", "{a: 1}", "{}", "[[]]", "{count: 1}");
    }

    /** Characters YAML does not allow anywhere (control characters, lone surrogates) are reported on their line. */
    @Property(tries = 300)
    void aCharacterYamlForbidsIsReportedOnItsLine(@ForAll("seeds") Seed seed,
            @ForAll @IntRange(min = 0, max = 100_000) int position, @ForAll("forbidden") char c) {
        int at = position % (seed.text().length() + 1);
        String text = seed.text().substring(0, at) + c + seed.text().substring(at);
        int line = YamlMutations.lineCount(seed.text().substring(0, at));

        ScenarioException e = expectProblems(text, SOURCE, () -> ScenarioLoader.parse(text, SOURCE));
        assertThat(e.problems()).as("character %s inserted on line %d", YamlMutations.visible(String.valueOf(c)), line)
                .singleElement().asString().startsWith(SOURCE + ":" + line + ": ");
    }

    @Provide
    Arbitrary<Character> forbidden() {
        return Arbitraries.chars().filter(c -> (c < ' ' && c != '\t' && c != '\n' && c != '\r') || c == '\u007f'
                || (c >= '\u0080' && c <= '\u009f' && c != '\u0085') || Character.isSurrogate(c)
                || c == '\uFFFE' || c == '\uFFFF');
    }

    // ---- files ----

    /** Files read from disk: edited, then bytes that are no UTF-8 put in, or another encoding. */
    @Property(tries = 300)
    void anEditedFileLoadsOrFailsWithOneClearError(@ForAll("seeds") Seed seed, @ForAll("edits") List<Mutation> edits,
            @ForAll("byteEdits") List<ByteEdit> byteEdits) throws IOException {
        String text = YamlMutations.apply(seed.text(), edits);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (ByteEdit b : byteEdits) {
            bytes = b.apply(bytes, text);
        }
        Path dir = Files.createTempDirectory(tempDir, "base");
        Files.createDirectories(dir.resolve(Scenarios.DIRECTORY));
        Files.write(dir.resolve("scenarios/mutant.yaml"), bytes);
        String decoded = new String(bytes, StandardCharsets.UTF_8);

        check(decoded, "scenarios/mutant.yaml", () -> Scenarios.in(dir).load("mutant"));
        check(decoded, "scenarios/mutant.yaml", () -> Scenarios.in(dir).load("scenarios/mutant.yaml"));
        check(decoded, "my.yaml", () -> ScenarioLoader.load(dir.resolve("scenarios/mutant.yaml"), "my.yaml"));
    }

    /** One change of a file's bytes; {@code toString} says what it does. */
    record ByteEdit(String description, int position, byte[] bytes, String encoding) {
        byte[] apply(byte[] in, String text) {
            if (encoding != null) {
                return text.getBytes(java.nio.charset.Charset.forName(encoding));
            }
            int at = position % (in.length + 1);
            byte[] out = new byte[in.length + bytes.length];
            System.arraycopy(in, 0, out, 0, at);
            System.arraycopy(bytes, 0, out, at, bytes.length);
            System.arraycopy(in, at, out, at + bytes.length, in.length - at);
            return out;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    @Provide
    Arbitrary<List<ByteEdit>> byteEdits() {
        Arbitrary<byte[]> bad = Arbitraries.oneOf(
                Arbitraries.of(new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xFE, (byte) 0xFF},
                        new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0x80}, new byte[] {(byte) 0xC3},
                        new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {0},
                        new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(6));
        Arbitrary<ByteEdit> insert = Combinators.combine(Arbitraries.integers().between(0, 100_000), bad)
                .as((at, b) -> new ByteEdit("insert bytes " + Arrays.toString(b) + " at ~" + at, at, b, null));
        Arbitrary<ByteEdit> encode = Arbitraries.of("UTF-16", "UTF-16LE", "UTF-32", "ISO-8859-1", "windows-1252")
                .map(cs -> new ByteEdit("encode as " + cs, 0, new byte[0], cs));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, insert), net.jqwik.api.Tuple.of(1, encode))
                .list().ofMinSize(0).ofMaxSize(3);
    }

    /** Whatever names a scenario: a name, a path, nonsense; it loads or fails with a ScenarioException. */
    @Property(tries = 300)
    void anyNameOrPathLoadsOrFailsWithAScenarioException(@ForAll("namesOrPaths") String nameOrPath) throws IOException {
        Path dir = tempDir.resolve("names");
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.resolve(Scenarios.DIRECTORY));
            Files.writeString(dir.resolve("scenarios/ok.yaml"), seeds.get(0).text());
        }
        try {
            Scenario s = Scenarios.in(dir).load(nameOrPath);
            assertThat(s.steps()).isNotEmpty();
        } catch (ScenarioException e) {
            assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).isNotBlank()
                    .satisfiesAnyOf(q -> assertThat(q).contains("; available: "),
                            ScenarioPropertiesTest::saysWhatIsAllowed));
        } catch (RuntimeException | Error e) {
            throw new AssertionError("Scenarios.load(" + YamlMutations.visible(String.valueOf(nameOrPath))
                    + ") threw " + e, e);
        }
    }

    @Provide
    Arbitrary<String> namesOrPaths() {
        return Arbitraries.oneOf(
                Arbitraries.of("ok", "scenarios/ok.yaml", "./scenarios/ok.yaml", "missing", "scenarios", ".", "..",
                        "/", "", " ", "\t", "scenarios/", "ok.yaml", "/dev/null", "a\0b", "ok\0", "Ok", "-ok",
                        "scenarios/../scenarios/ok.yaml", "~/ok.yaml", "C:\\x.yaml", "%s", "${x}"),
                Arbitraries.strings().all().ofMaxLength(20),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(20));
    }

    // ---- values of one key: exact oracles ----

    /** A duration is read as written or rejected on its line, whatever text it is. */
    @Property(tries = 600)
    void aDurationIsReadOrRejectedOnItsLine(@ForAll("durationSlots") DurationSlot slot,
            @ForAll("durationTexts") String value) {
        String text = slot.scenario(YamlMutations.doubleQuoted(value));
        Optional<Duration> expected = Durations.tryParse(value).filter(d -> !d.isZero());
        boolean scaleIn = slot.key().equals("within") && value.equals(Step.Expect.SCALE_IN_POLICY);
        if (expected.isPresent() || scaleIn) {
            Scenario s = parseOrFail(text);
            assertConsistent(s, SOURCE, text);
            Duration read = slot.read(s);
            assertThat(read).isEqualTo(scaleIn ? Duration.ZERO : expected.get());
        } else {
            ScenarioException e = expectProblems(text, SOURCE, () -> ScenarioLoader.parse(text, SOURCE));
            assertThat(e.problems()).singleElement().asString()
                    .startsWith(SOURCE + ":" + slot.line() + ": '" + slot.key() + "' must ")
                    .contains("allowed: " + Durations.ALLOWED);
        }
    }

    /** Where a duration goes in a scenario, and how to read it back. */
    record DurationSlot(String key, int line, String template, java.util.function.Function<Scenario, Duration> read) {
        String scenario(String value) {
            return fill(template, key, value, "1m");
        }

        Duration read(Scenario s) {
            return read.apply(s);
        }

        @Override
        public String toString() {
            return key;
        }
    }

    private static final String DURATIONS = """
            name: d
            thresholds:
              max-e2e-p95: <max-e2e-p95>
            invariants:
              no-flapping: <no-flapping>
              cold-start-at-most: <cold-start-at-most>
            steps:
              - place-calls: {count: 2, period: <period>}
              - expect: {running: 1, within: <within>}
              - hold: {duration: <duration>}
              - end-all-calls: {}
            """;

    @Provide
    Arbitrary<DurationSlot> durationSlots() {
        return Arbitraries.of(
                new DurationSlot("max-e2e-p95", 3, DURATIONS, s -> s.thresholds().maxE2eP95().orElseThrow()),
                new DurationSlot("no-flapping", 5, DURATIONS, s -> s.invariants().noFlapping().orElseThrow()),
                new DurationSlot("cold-start-at-most", 6, DURATIONS,
                        s -> s.invariants().coldStartAtMost().orElseThrow()),
                new DurationSlot("period", 8, DURATIONS, s -> ((Step.PlaceCalls) s.steps().get(0)).period()),
                new DurationSlot("within", 9, DURATIONS, s -> ((Step.Expect) s.steps().get(1)).within()),
                new DurationSlot("duration", 10, DURATIONS, s -> ((Step.Hold) s.steps().get(2)).duration()));
    }

    @Provide
    Arbitrary<String> durationTexts() {
        return Arbitraries.oneOf(YamlMutations.durations(), durationsWritten(),
                Arbitraries.strings().withChars("0123456789hms -+.eEPT").ofMaxLength(10),
                Arbitraries.strings().all().ofMaxLength(8));
    }

    /** Durations written as the docs allow: parts in the order h, m, s, ms, each at most once. */
    static Arbitrary<String> durationsWritten() {
        Arbitrary<Optional<Long>> part = Arbitraries.longs().between(0, 999_999).optional(0.5);
        return Combinators.combine(part, part, part, part).as((h, m, s, ms) ->
                h.map(v -> v + "h").orElse("") + m.map(v -> v + "m").orElse("") + s.map(v -> v + "s").orElse("")
                        + ms.map(v -> v + "ms").orElse(""));
    }

    /** A whole number is read as written or rejected on its line, whatever text it is. */
    @Property(tries = 600)
    void aWholeNumberIsReadOrRejectedOnItsLine(@ForAll("numberSlots") NumberSlot slot,
            @ForAll("numberTexts") String value, @ForAll boolean quoted) {
        String written = quoted ? YamlMutations.doubleQuoted(value) : value;
        String text = slot.scenario(written);
        String trimmed = value.trim();
        boolean plainNull = !quoted && (value.isBlank() || value.equals("~") || value.equals("null"));
        boolean valid = !plainNull && trimmed.matches("[+-]?\\d{1,9}") && Integer.parseInt(trimmed) >= slot.min();
        if (!quoted && !value.isBlank() && !value.matches(" *[+-]?[0-9a-zA-Z_][0-9a-zA-Z._ ]*")) {
            // not plain YAML text: whatever YAML makes of it, the file loads or fails clearly
            check(text, SOURCE, () -> ScenarioLoader.parse(text, SOURCE));
            return;
        }
        if (valid) {
            Scenario s = parseOrFail(text);
            assertConsistent(s, SOURCE, text);
            assertThat(slot.read(s)).isEqualTo(Integer.parseInt(trimmed));
        } else {
            ScenarioException e = expectProblems(text, SOURCE, () -> ScenarioLoader.parse(text, SOURCE));
            assertThat(e.problems()).singleElement().asString()
                    .startsWith(SOURCE + ":" + slot.line() + ": '" + slot.key() + "' must be a whole number >= "
                            + slot.min() + ", was ");
        }
    }

    /** Where a whole number goes in a scenario, its least value, and how to read it back. */
    record NumberSlot(String key, int line, int min, java.util.function.ToIntFunction<Scenario> read) {
        String scenario(String value) {
            return fill(NUMBERS, key, value, "1");
        }

        int read(Scenario s) {
            return read.applyAsInt(s);
        }

        @Override
        public String toString() {
            return key;
        }
    }

    private static final String NUMBERS = """
            name: n
            thresholds:
              max-dropped: <max-dropped>
            invariants:
              no-overshoot: <no-overshoot>
            steps:
              - place-calls: {count: <count>, rate: <rate>, limit: <limit>}
              - expect: {within: 1m, active-sessions-at-least: <active-sessions-at-least>}
              - hold: {duration: 1m, expect: {rejected: <rejected>}}
              - end-all-calls: {}
            """;

    @Provide
    Arbitrary<NumberSlot> numberSlots() {
        return Arbitraries.of(
                new NumberSlot("max-dropped", 3, 0, s -> s.thresholds().maxDropped().orElseThrow()),
                new NumberSlot("no-overshoot", 5, 0, s -> s.invariants().noOvershoot().orElseThrow()),
                new NumberSlot("count", 7, 1, s -> ((Step.PlaceCalls) s.steps().get(0)).count()),
                new NumberSlot("rate", 7, 1, s -> ((Step.PlaceCalls) s.steps().get(0)).rate()),
                new NumberSlot("limit", 7, 1, s -> ((Step.PlaceCalls) s.steps().get(0)).limit().orElseThrow()),
                new NumberSlot("active-sessions-at-least", 8, 0,
                        s -> ((Step.Expect) s.steps().get(1)).conditions().get(0).value()),
                new NumberSlot("rejected", 9, 0, s -> ((Step.Hold) s.steps().get(2)).expect().get(0).value()));
    }

    @Provide
    Arbitrary<String> numberTexts() {
        return Arbitraries.oneOf(YamlMutations.numbers(), Arbitraries.integers().between(-2, 20).map(String::valueOf),
                Arbitraries.strings().withChars("0123456789+-. ").ofMaxLength(12),
                Arbitraries.strings().all().ofMaxLength(6));
    }

    /** {@code template} with {@code <key>} replaced by {@code value} and every other {@code <slot>} by {@code others}. */
    static String fill(String template, String key, String value, String others) {
        Matcher m = Pattern.compile("<([a-z0-9-]+)>").matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1).equals(key) ? value : others));
        }
        return m.appendTail(out).toString();
    }

    // ---- valid scenarios, generated ----

    /** Scenarios written from scratch as the docs allow load, and read back as written. */
    @Property(tries = 300)
    void aValidScenarioLoadsAsWritten(@ForAll("validScenarios") Written written) {
        Scenario s = parseOrFail(written.text());
        assertConsistent(s, SOURCE, written.text());
        assertThat(s.name()).isEqualTo(written.name());
        assertThat(s.description()).isEqualTo(written.description());
        assertThat(s.thresholds()).isEqualTo(written.thresholds());
        assertThat(s.invariants()).isEqualTo(written.invariants());
        assertThat(s.steps()).isEqualTo(written.steps());
    }

    /** A generated scenario file and what it must load as. */
    record Written(String text, String name, String description, Thresholds thresholds, Invariants invariants,
            List<Step> steps) {
        @Override
        public String toString() {
            return "\n" + text;
        }
    }

    @Provide
    Arbitrary<Written> validScenarios() {
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.just("mutant"),
                Arbitraries.strings().withChars("abcxyz0123-").ofMinLength(1).ofMaxLength(12)
                        .filter(n -> Scenario.NAME.matcher(n).matches()));
        Arbitrary<String> description = Arbitraries.strings().all().ofMaxLength(30)
                .filter(d -> d.chars().noneMatch(c -> Character.isSurrogate((char) c)));
        Arbitrary<List<StepPlan>> plans = stepPlan().list().ofMinSize(1).ofMaxSize(12);
        Arbitrary<Optional<Integer>> count = Arbitraries.integers().between(0, 999_999_999).optional(0.5);
        Arbitrary<Optional<DurationText>> duration = durationText().optional(0.5);
        Arbitrary<List<Optional<Boolean>>> flags = Arbitraries.of(true, false).optional(0.5).list().ofSize(5);
        return Combinators.combine(name, Arbitraries.of(true, false), description, plans, count, count,
                        Combinators.combine(duration, duration, duration).as(List::of), flags)
                .as((n, named, d, p, c1, c2, ds, f) -> write(named ? n : null, d, p, c1, c2, ds, f));
    }

    /** A duration as written and its value. */
    record DurationText(String text, Duration value) {
    }

    static Arbitrary<DurationText> durationText() {
        Arbitrary<Optional<Long>> part = Arbitraries.longs().between(0, 999_999).optional(0.6);
        return Combinators.combine(part, part, part, part).as((h, m, s, ms) -> {
            String text = h.map(v -> v + "h").orElse("") + m.map(v -> v + "m").orElse("")
                    + s.map(v -> v + "s").orElse("") + ms.map(v -> v + "ms").orElse("");
            Duration d = Duration.ofHours(h.orElse(0L)).plusMinutes(m.orElse(0L)).plusSeconds(s.orElse(0L))
                    .plusMillis(ms.orElse(0L));
            return new DurationText(text, d);
        }).filter(d -> !d.value().isZero());
    }

    /** A step to write: its kind, numbers and durations; whether it is legal where it lands is decided later. */
    record StepPlan(String kind, int a, int b, Optional<Integer> c, DurationText duration, boolean flow,
            List<Map.Entry<ConditionKind, Integer>> conditions, boolean scaleInPolicy, boolean withRate,
            boolean withPeriod) {
    }

    static Arbitrary<StepPlan> stepPlan() {
        Arbitrary<List<Map.Entry<ConditionKind, Integer>>> conditions = Combinators
                .combine(Arbitraries.of(ConditionKind.class), Arbitraries.integers().between(0, 50))
                .as(Map::entry).list().ofMinSize(1).ofMaxSize(4)
                .map(l -> {
                    Map<ConditionKind, Integer> unique = new TreeMap<>();
                    l.forEach(e -> unique.putIfAbsent(e.getKey(), e.getValue()));
                    if (unique.containsKey(ConditionKind.RUNNING_AT_LEAST) && unique.containsKey(ConditionKind.RUNNING_AT_MOST)) {
                        unique.put(ConditionKind.RUNNING_AT_MOST, Math.max(unique.get(ConditionKind.RUNNING_AT_MOST),
                                unique.get(ConditionKind.RUNNING_AT_LEAST)));
                    }
                    return List.copyOf(unique.entrySet());
                });
        return Combinators.combine(
                Arbitraries.of("place-calls", "place-calls", "hold", "expect", "expect", "end-calls", "end-all-calls"),
                Arbitraries.integers().between(1, 1000), Arbitraries.integers().between(1, 100),
                Arbitraries.integers().between(1, 50).optional(0.5), durationText(), Arbitraries.of(true, false),
                conditions, Arbitraries.of(true, false).list().ofSize(3))
                .as((kind, a, b, c, d, flow, conds, bits) -> new StepPlan(kind, a, b, c, d, flow, conds, bits.get(0),
                        bits.get(1), bits.get(2)));
    }

    private static Written write(String name, String description, List<StepPlan> plans, Optional<Integer> maxDropped,
            Optional<Integer> maxRejected, List<Optional<DurationText>> durations, List<Optional<Boolean>> flags) {
        List<String> lines = new ArrayList<>();
        lines.add("# generated");
        if (name != null) {
            lines.add("name: " + name);
        }
        lines.add("description: " + YamlMutations.doubleQuoted(description));
        Optional<DurationText> p95 = durations.get(0);
        Thresholds thresholds = new Thresholds(maxDropped.map(OptionalInt::of).orElse(OptionalInt.empty()),
                maxRejected.map(OptionalInt::of).orElse(OptionalInt.empty()), p95.map(DurationText::value));
        if (!thresholds.isEmpty()) {
            lines.add("thresholds:");
            maxDropped.ifPresent(v -> lines.add("  max-dropped: " + v));
            maxRejected.ifPresent(v -> lines.add("  max-rejected: " + v));
            p95.ifPresent(v -> lines.add("  max-e2e-p95: " + v.text()));
        }
        Optional<DurationText> flapping = durations.get(1);
        Optional<DurationText> coldStart = durations.get(2);
        Invariants invariants = new Invariants(flapping.map(DurationText::value),
                maxDropped.map(OptionalInt::of).orElse(OptionalInt.empty()), flags.get(0).orElse(false),
                flags.get(1).orElse(false), flags.get(2).orElse(false),
                maxRejected.map(OptionalInt::of).orElse(OptionalInt.empty()), coldStart.map(DurationText::value),
                flags.get(3).orElse(false), flags.get(4).orElse(false));
        if (!invariants.isEmpty()) {
            lines.add("invariants:");
            flapping.ifPresent(v -> lines.add("  no-flapping: " + v.text()));
            maxDropped.ifPresent(v -> lines.add("  no-overshoot: " + v));
            String[] flagKeys = {"calls-spread", "busy-tasks-protected", "no-busy-task-stopped",
                    "health-checks-as-configured", "metrics-every-period"};
            for (int i = 0; i < 3; i++) {
                int k = i;
                flags.get(i).ifPresent(v -> lines.add("  " + flagKeys[k] + ": " + v));
            }
            maxRejected.ifPresent(v -> lines.add("  max-dropped: " + v));
            coldStart.ifPresent(v -> lines.add("  cold-start-at-most: " + v.text()));
            for (int i = 3; i < 5; i++) {
                int k = i;
                flags.get(i).ifPresent(v -> lines.add("  " + flagKeys[k] + ": " + v));
            }
        }
        lines.add("steps:");
        List<Step> steps = new ArrayList<>();
        int live = 0;
        boolean placed = false;
        for (StepPlan p : plans) {
            String kind = p.kind();
            if ((kind.equals("end-calls") && live == 0) || (kind.equals("end-all-calls") && !placed)) {
                kind = "place-calls";
            }
            int index = steps.size() + 1;
            int line = lines.size() + 1;
            Map<String, String> fields = new java.util.LinkedHashMap<>();
            switch (kind) {
                case "place-calls" -> {
                    fields.put("count", String.valueOf(p.a()));
                    if (p.withRate()) {
                        fields.put("rate", String.valueOf(p.b()));
                    }
                    if (p.withPeriod()) {
                        fields.put("period", p.duration().text());
                    }
                    p.c().ifPresent(v -> fields.put("limit", String.valueOf(v)));
                    steps.add(new Step.PlaceCalls(index, line, p.a(), p.withRate() ? p.b() : 1,
                            p.withPeriod() ? p.duration().value() : Duration.ofSeconds(1),
                            p.c().map(OptionalInt::of).orElse(OptionalInt.empty())));
                    placed = true;
                    live += p.a();
                }
                case "end-calls" -> {
                    int n = 1 + (p.a() - 1) % live;
                    fields.put("count", String.valueOf(n));
                    steps.add(new Step.EndCalls(index, line, n));
                    live -= n;
                }
                case "end-all-calls" -> {
                    steps.add(new Step.EndAllCalls(index, line));
                    live = 0;
                }
                case "expect" -> {
                    p.conditions().forEach(e -> fields.put(e.getKey().key(), String.valueOf(e.getValue())));
                    fields.put("within", p.scaleInPolicy() ? Step.Expect.SCALE_IN_POLICY : p.duration().text());
                    List<Condition> conditions = p.conditions().stream()
                            .map(e -> new Condition(e.getKey(), e.getValue(), -1)).toList();
                    steps.add(new Step.Expect(index, line, conditions,
                            p.scaleInPolicy() ? Duration.ZERO : p.duration().value(), p.scaleInPolicy()));
                }
                case "hold" -> {
                    fields.put("duration", p.duration().text());
                    List<Condition> conditions = p.scaleInPolicy() ? List.of() : p.conditions().stream()
                            .map(e -> new Condition(e.getKey(), e.getValue(), -1)).toList();
                    steps.add(new Step.Hold(index, line, p.duration().value(), conditions));
                }
                default -> throw new IllegalStateException(kind);
            }
            List<Condition> conditionLines = new ArrayList<>();
            if (p.flow() || kind.equals("end-all-calls")) {
                String body = fields.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                        .collect(java.util.stream.Collectors.joining(", "));
                if (kind.equals("hold") && !p.scaleInPolicy()) {
                    body += ", expect: {" + p.conditions().stream().map(e -> e.getKey().key() + ": " + e.getValue())
                            .collect(java.util.stream.Collectors.joining(", ")) + "}";
                }
                lines.add("  - " + kind + ": {" + body + "}");
                if (kind.equals("expect") || (kind.equals("hold") && !p.scaleInPolicy())) {
                    for (var e : p.conditions()) {
                        conditionLines.add(new Condition(e.getKey(), e.getValue(), line));
                    }
                }
            } else {
                lines.add("  - " + kind + ":");
                for (var e : fields.entrySet()) {
                    lines.add("      " + e.getKey() + ": " + e.getValue());
                    ConditionKind.ofKey(e.getKey()).ifPresent(k ->
                            conditionLines.add(new Condition(k, Integer.parseInt(e.getValue()), lines.size())));
                }
                if (kind.equals("hold") && !p.scaleInPolicy()) {
                    lines.add("      expect:");
                    for (var e : p.conditions()) {
                        lines.add("        " + e.getKey().key() + ": " + e.getValue());
                        conditionLines.add(new Condition(e.getKey(), e.getValue(), lines.size()));
                    }
                }
            }
            Step last = steps.remove(steps.size() - 1);
            if (last instanceof Step.Expect x) {
                last = new Step.Expect(x.index(), x.line(), conditionLines, x.within(), x.scaleInPolicy());
            } else if (last instanceof Step.Hold h) {
                last = new Step.Hold(h.index(), h.line(), h.duration(), conditionLines);
            }
            steps.add(last);
        }
        String text = String.join("\n", lines) + "\n";
        return new Written(text, name == null ? "mutant" : name, description, thresholds, invariants, steps);
    }

    // ---- checks ----

    /** Runs {@code load}: it returns a consistent scenario or throws one clear ScenarioException; nothing else. */
    static void check(String text, String source, java.util.function.Supplier<Scenario> load) {
        Scenario s;
        try {
            s = load.get();
        } catch (ScenarioException e) {
            assertClear(e, source, text);
            Statistics.label("outcome").collect(kind(e.problems().get(0)));
            return;
        } catch (RuntimeException | Error e) {
            throw new AssertionError("loading threw " + e + " instead of a ScenarioException for:\n" + text, e);
        }
        assertConsistent(s, source, text);
        Statistics.label("outcome").collect("loads");
    }

    /** What kind of problem comes first, for the statistics jqwik prints. */
    private static String kind(String problem) {
        if (problem.contains("YAML syntax error")) {
            return "YAML syntax error";
        } else if (problem.contains("is not allowed in YAML") || problem.contains("not UTF-8")) {
            return "character or encoding";
        } else if (problem.contains("invalid YAML")) {
            return "other YAML error";
        } else if (problem.contains("unknown") || problem.contains("duplicate")) {
            return "unknown or duplicate key";
        }
        return "invalid value or structure";
    }

    private static ScenarioException expectProblems(String text, String source, java.util.function.Supplier<Scenario> load) {
        try {
            Scenario s = load.get();
            return fail("expected problems, but it loaded as %s from:%n%s", s, text);
        } catch (ScenarioException e) {
            assertClear(e, source, text);
            return e;
        } catch (RuntimeException | Error e) {
            throw new AssertionError("loading threw " + e + " instead of a ScenarioException for:\n" + text, e);
        }
    }

    private static Scenario parseOrFail(String text) {
        try {
            return ScenarioLoader.parse(text, SOURCE);
        } catch (ScenarioException e) {
            return fail("expected it to load, but: %s%nfrom:%n%s", e.getMessage(), text);
        }
    }

    /** Every problem: {@code <source>:<line>: <what>}, a line the file has, one line of text, what is allowed. */
    static void assertClear(ScenarioException e, String source, String text) {
        int lines = YamlMutations.lineCount(text);
        List<String> problems = e.problems();
        assertThat(problems).isNotEmpty();
        assertThat(e.getMessage()).isEqualTo(problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems in " + source + ":\n" + String.join("\n", problems));
        for (String p : problems) {
            assertThat(p).as("problem of %s", YamlMutations.visible(text)).startsWith(source + ":");
            Matcher m = PROBLEM.matcher(p.substring(source.length() + 1));
            assertThat(m.matches()).as("'%s' names a line", p).isTrue();
            int line = Integer.parseInt(m.group(1));
            assertThat(line).as("line of '%s' in a file of %d lines:%n%s", p, lines, text).isBetween(1, lines);
            assertThat(p).as("one line of text").doesNotContain("\n", "\r", "\u0085", "\u2028", "\u2029");
            assertThat(p).doesNotContain("org.yaml.snakeyaml", "java.lang", "Exception");
            saysWhatIsAllowed(p);
        }
        List<Integer> order = problems.stream().map(p -> p.substring(source.length() + 1))
                .map(p -> Integer.parseInt(p.substring(0, p.indexOf(':')))).toList();
        assertThat(order).as("problems in file order").isSorted();
    }

    static void saysWhatIsAllowed(String problem) {
        assertThat(SAYS_WHAT_IS_ALLOWED).as("'%s' says what is allowed", problem).anyMatch(problem::contains);
    }

    /** What a loaded scenario always is: steps 1..n on lines of the file, calls ended only once placed. */
    static void assertConsistent(Scenario s, String source, String text) {
        int lines = YamlMutations.lineCount(text);
        assertThat(s.source()).isEqualTo(source);
        assertThat(s.name()).matches(Scenario.NAME);
        assertThat(s.description()).isNotNull();
        assertThat(s.steps()).isNotEmpty();
        int live = 0;
        boolean placed = false;
        int previousLine = 1;
        for (int i = 0; i < s.steps().size(); i++) {
            Step step = s.steps().get(i);
            assertThat(step.index()).isEqualTo(i + 1);
            assertThat(step.line()).isBetween(previousLine, lines);
            previousLine = step.line();
            assertThat(step.describe()).startsWith(step.kind());
            assertThat(Step.KINDS).contains(step.kind());
            if (step instanceof Step.PlaceCalls p) {
                placed = true;
                live += p.count();
            } else if (step instanceof Step.EndCalls e) {
                assertThat(e.count()).isBetween(1, live);
                live -= e.count();
            } else if (step instanceof Step.EndAllCalls) {
                assertThat(placed).isTrue();
                live = 0;
            } else if (step instanceof Step.Expect x) {
                assertThat(x.conditions()).isNotEmpty().allSatisfy(c -> assertThat(c.line()).isBetween(step.line(), lines));
                x.condition(ConditionKind.RUNNING_AT_LEAST).ifPresent(least -> x.condition(ConditionKind.RUNNING_AT_MOST)
                        .ifPresent(most -> assertThat(least.value()).isLessThanOrEqualTo(most.value())));
            } else if (step instanceof Step.Hold h) {
                assertThat(h.expect()).allSatisfy(c -> assertThat(c.line()).isBetween(step.line(), lines));
            }
        }
        assertThat(s.callsPlaced()).isGreaterThanOrEqualTo(0);
        assertThat(s.invariants().describe()).isNotNull();
    }
}
