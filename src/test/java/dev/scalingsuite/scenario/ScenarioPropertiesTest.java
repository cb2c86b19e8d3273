package dev.scalingsuite.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static dev.scalingsuite.scenario.YamlMutations.anyChar;
import static dev.scalingsuite.scenario.YamlMutations.anyString;
import static dev.scalingsuite.scenario.YamlMutations.biased;
import static dev.scalingsuite.scenario.YamlMutations.listOf;
import static dev.scalingsuite.scenario.YamlMutations.maybe;
import static dev.scalingsuite.scenario.YamlMutations.oneOf;
import static dev.scalingsuite.scenario.YamlMutations.pick;
import static dev.scalingsuite.scenario.YamlMutations.string;
import static dev.scalingsuite.scenario.YamlMutations.stringIn;
import static dev.scalingsuite.scenario.YamlMutations.stringOf;
import static dev.scalingsuite.scenario.YamlMutations.weighted;
import static dev.scalingsuite.scenario.YamlMutations.where;

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
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad scenario files, generated: every one either loads into a consistent {@link Scenario} or fails
 * with one {@link ScenarioException} whose every problem names {@code <file>:<line>} (a line the file
 * has) and says what is allowed; nothing else ever escapes. The shipped scenarios are the seeds the
 * edits start from. A failure prints the seed, the try and what was drawn; rerun it with
 * {@code -Dproperties.seed=<seed>} (see {@link Tries}).
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

    @BeforeAll
    static void readSeeds() throws IOException {
        Path dir = Path.of(Scenarios.DIRECTORY);
        try (Stream<Path> files = Stream.concat(Files.list(dir), Files.list(dir.resolve("probes")))) {
            seeds = files.filter(f -> f.toString().endsWith(".yaml")).sorted()
                    .map(f -> new Seed(f.toString().replace('\\', '/'), read(f))).toList();
        }
        assertThat(seeds).hasSizeGreaterThanOrEqualTo(8);
        tempDir = Files.createTempDirectory("scenario-properties");
    }

    @AfterAll
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

    static Seed seed(Random r) {
        return pick(r, seeds);
    }

    // ---- the seeds ----

    @Test
    void everySeedLoadsAndIsConsistent() {
        for (Seed seed : seeds) {
            assertConsistent(ScenarioLoader.parse(seed.text(), seed.file()), seed.file(), seed.text());
        }
    }

    // ---- edited text ----

    @Test
    void anEditedScenarioLoadsOrFailsWithOneClearError() {
        Tries.check(1500, t -> {
            Seed seed = t.draw("seed", ScenarioPropertiesTest::seed);
            List<Mutation> edits = t.draw("edits", YamlMutations::mutationLists);
            String text = YamlMutations.apply(seed.text(), edits);
            t.outcome(check(text, SOURCE, () -> ScenarioLoader.parse(text, SOURCE)));
        });
    }

    @Test
    void sourceNamesDoNotConfuseTheLineNumbers() {
        Tries.check(200, t -> {
            Seed seed = t.draw("seed", ScenarioPropertiesTest::seed);
            List<Mutation> edits = t.draw("edits", YamlMutations::mutationLists);
            String source = t.draw("source", ScenarioPropertiesTest::sources);
            String text = YamlMutations.apply(seed.text(), edits);
            t.outcome(check(text, source, () -> ScenarioLoader.parse(text, source)));
        });
    }

    static String sources(Random r) {
        return r.nextBoolean()
                ? pick(r, "x.yaml", "a:1:b.yaml", "dir with spaces/über.yml", "C:\\scenarios\\x.yaml", "1",
                        "scenarios/x.yaml:7", "-")
                : stringIn(r, '!', '~', 1, 20);
    }

    /** A scalar replaced by a list or a mapping is wrong for every key: the problem names that line. */
    @Test
    void aValueOfTheWrongShapeIsReportedOnItsLine() {
        Tries.check(300, t -> {
            Seed seed = t.draw("seed", ScenarioPropertiesTest::seed);
            int pick = t.draw("pick", r -> r.nextInt(10_001));
            String replacement = t.draw("replacement",
                    r -> pick(r, "[1, 2]", "[]", "{a: 1}", "{}", "[[]]", "{count: 1}"));
            List<int[]> values = YamlMutations.valuePositions(seed.text());
            int[] at = values.get(pick % values.size());
            List<String> lines = new ArrayList<>(List.of(seed.text().split("\n", -1)));
            String line = lines.get(at[0]);
            lines.set(at[0], line.substring(0, at[1]) + replacement + line.substring(at[2]));
            String text = String.join("\n", lines);

            ScenarioException e = expectProblems(text, SOURCE, () -> ScenarioLoader.parse(text, SOURCE));
            assertThat(e.problems()).as("problems of %s after line %d became %s", seed, at[0] + 1, lines.get(at[0]))
                    .anyMatch(p -> p.startsWith(SOURCE + ":" + (at[0] + 1) + ": "));
        });
    }

    /** Characters YAML does not allow anywhere (control characters, lone surrogates) are reported on their line. */
    @Test
    void aCharacterYamlForbidsIsReportedOnItsLine() {
        Tries.check(300, t -> {
            Seed seed = t.draw("seed", ScenarioPropertiesTest::seed);
            int position = t.draw("position", r -> r.nextInt(100_001));
            char c = t.draw("c", ScenarioPropertiesTest::forbidden);
            int at = position % (seed.text().length() + 1);
            String text = seed.text().substring(0, at) + c + seed.text().substring(at);
            int line = YamlMutations.lineCount(seed.text().substring(0, at));

            ScenarioException e = expectProblems(text, SOURCE, () -> ScenarioLoader.parse(text, SOURCE));
            assertThat(e.problems()).as("character %s inserted on line %d", YamlMutations.visible(String.valueOf(c)),
                    line).singleElement().asString().startsWith(SOURCE + ":" + line + ": ");
        });
    }

    static char forbidden(Random r) {
        return where(r, YamlMutations::anyChar, c -> (c < ' ' && c != '\t' && c != '\n' && c != '\r')
                || c == '\u007f' || (c >= '\u0080' && c <= '\u009f' && c != '\u0085') || Character.isSurrogate(c)
                || c == '\uFFFE' || c == '\uFFFF');
    }

    // ---- files ----

    /** Files read from disk: edited, then bytes that are no UTF-8 put in, or another encoding. */
    @Test
    void anEditedFileLoadsOrFailsWithOneClearError() {
        Tries.check(300, t -> {
            Seed seed = t.draw("seed", ScenarioPropertiesTest::seed);
            List<Mutation> edits = t.draw("edits", YamlMutations::mutationLists);
            List<ByteEdit> byteEdits = t.draw("byteEdits", ScenarioPropertiesTest::byteEdits);
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
            t.outcome(check(decoded, "my.yaml",
                    () -> ScenarioLoader.load(dir.resolve("scenarios/mutant.yaml"), "my.yaml")));
        });
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

    private static final List<byte[]> BAD_BYTES = List.of(new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xFE, (byte) 0xFF}, new byte[] {(byte) 0xC0, (byte) 0xAF},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82},
            new byte[] {(byte) 0x80}, new byte[] {(byte) 0xC3},
            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {0},
            new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});

    static List<ByteEdit> byteEdits(Random r) {
        return listOf(r, 0, 3, ScenarioPropertiesTest::byteEdit);
    }

    static ByteEdit byteEdit(Random r) {
        if (weighted(r, 4, 1) == 1) {
            String cs = pick(r, "UTF-16", "UTF-16LE", "UTF-32", "ISO-8859-1", "windows-1252");
            return new ByteEdit("encode as " + cs, 0, new byte[0], cs);
        }
        int at = r.nextInt(100_001);
        byte[] b;
        if (r.nextBoolean()) {
            b = pick(r, BAD_BYTES);
        } else {
            b = new byte[r.nextInt(1, 7)];
            r.nextBytes(b);
        }
        return new ByteEdit("insert bytes " + Arrays.toString(b) + " at ~" + at, at, b, null);
    }

    /** Whatever names a scenario: a name, a path, nonsense; it loads or fails with a ScenarioException. */
    @Test
    void anyNameOrPathLoadsOrFailsWithAScenarioException() throws IOException {
        Path dir = tempDir.resolve("names");
        Files.createDirectories(dir.resolve(Scenarios.DIRECTORY));
        Files.writeString(dir.resolve("scenarios/ok.yaml"), seeds.get(0).text());
        Tries.check(300, t -> {
            String nameOrPath = t.draw("nameOrPath", ScenarioPropertiesTest::namesOrPaths);
            try {
                Scenario s = Scenarios.in(dir).load(nameOrPath);
                assertThat(s.steps()).isNotEmpty();
                t.outcome("loads");
            } catch (ScenarioException e) {
                assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).isNotBlank()
                        .satisfiesAnyOf(q -> assertThat(q).contains("; available: "),
                                ScenarioPropertiesTest::saysWhatIsAllowed));
                t.outcome("problems");
            } catch (RuntimeException | Error e) {
                throw new AssertionError("Scenarios.load(" + YamlMutations.visible(String.valueOf(nameOrPath))
                        + ") threw " + e, e);
            }
        });
    }

    static String namesOrPaths(Random r) {
        return oneOf(r,
                x -> pick(x, "ok", "scenarios/ok.yaml", "./scenarios/ok.yaml", "missing", "scenarios", ".", "..",
                        "/", "", " ", "\t", "scenarios/", "ok.yaml", "/dev/null", "a\0b", "ok\0", "Ok", "-ok",
                        "scenarios/../scenarios/ok.yaml", "~/ok.yaml", "C:\\x.yaml", "%s", "${x}"),
                x -> anyString(x, 0, 20),
                x -> stringIn(x, '!', '~', 0, 20));
    }

    // ---- values of one key: exact oracles ----

    /** A duration is read as written or rejected on its line, whatever text it is. */
    @Test
    void aDurationIsReadOrRejectedOnItsLine() {
        Tries.check(600, t -> {
            DurationSlot slot = t.draw("slot", r -> pick(r, DURATION_SLOTS));
            String value = t.draw("value", ScenarioPropertiesTest::durationTexts);
            String text = slot.scenario(YamlMutations.doubleQuoted(value));
            Optional<Duration> expected = Durations.tryParse(value).filter(d -> !d.isZero());
            boolean scaleIn = slot.key().equals("within") && value.equals(Step.Expect.SCALE_IN_POLICY);
            if (expected.isPresent() || scaleIn) {
                Scenario s = parseOrFail(text);
                assertConsistent(s, SOURCE, text);
                Duration read = slot.read(s);
                assertThat(read).isEqualTo(scaleIn ? Duration.ZERO : expected.get());
                t.outcome("read");
            } else {
                ScenarioException e = expectProblems(text, SOURCE, () -> ScenarioLoader.parse(text, SOURCE));
                assertThat(e.problems()).singleElement().asString()
                        .startsWith(SOURCE + ":" + slot.line() + ": '" + slot.key() + "' must ")
                        .contains("allowed: " + Durations.ALLOWED);
                t.outcome("rejected");
            }
        });
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

    private static final List<DurationSlot> DURATION_SLOTS = List.of(
                new DurationSlot("max-e2e-p95", 3, DURATIONS, s -> s.thresholds().maxE2eP95().orElseThrow()),
                new DurationSlot("no-flapping", 5, DURATIONS, s -> s.invariants().noFlapping().orElseThrow()),
                new DurationSlot("cold-start-at-most", 6, DURATIONS,
                        s -> s.invariants().coldStartAtMost().orElseThrow()),
                new DurationSlot("period", 8, DURATIONS, s -> ((Step.PlaceCalls) s.steps().get(0)).period()),
                new DurationSlot("within", 9, DURATIONS, s -> ((Step.Expect) s.steps().get(1)).within()),
                new DurationSlot("duration", 10, DURATIONS, s -> ((Step.Hold) s.steps().get(2)).duration()));

    static String durationTexts(Random r) {
        return oneOf(r, YamlMutations::durations, ScenarioPropertiesTest::durationsWritten,
                x -> stringOf(x, "0123456789hms -+.eEPT", 0, 10),
                x -> anyString(x, 0, 8));
    }

    /** Durations written as the docs allow: parts in the order h, m, s, ms, each at most once. */
    static String durationsWritten(Random r) {
        Function<Random, Long> part = x -> biased(x, 0, 999_999);
        Optional<Long> h = maybe(r, 0.5, part);
        Optional<Long> m = maybe(r, 0.5, part);
        Optional<Long> s = maybe(r, 0.5, part);
        Optional<Long> ms = maybe(r, 0.5, part);
        return h.map(v -> v + "h").orElse("") + m.map(v -> v + "m").orElse("") + s.map(v -> v + "s").orElse("")
                + ms.map(v -> v + "ms").orElse("");
    }

    /** A whole number is read as written or rejected on its line, whatever text it is. */
    @Test
    void aWholeNumberIsReadOrRejectedOnItsLine() {
        Tries.check(600, t -> {
            NumberSlot slot = t.draw("slot", r -> pick(r, NUMBER_SLOTS));
            String value = t.draw("value", ScenarioPropertiesTest::numberTexts);
            boolean quoted = t.draw("quoted", Random::nextBoolean);
            String written = quoted ? YamlMutations.doubleQuoted(value) : value;
            String text = slot.scenario(written);
            String trimmed = value.trim();
            // blank as YAML sees it: spaces, tabs and line breaks only (String.isBlank takes U+001C..U+001F too)
            boolean blank = value.chars().allMatch(c -> c == ' ' || c == '\t' || c == '\n' || c == '\r');
            boolean plainNull = !quoted && (blank || value.equals("~") || value.equals("null"));
            boolean valid = !plainNull && trimmed.matches("[+-]?\\d{1,9}") && Integer.parseInt(trimmed) >= slot.min();
            // a tab is separation YAML allows but SnakeYAML may refuse as the start of a token
            boolean tab = value.indexOf('\t') >= 0;
            if (!quoted && (tab || !blank && !value.matches(" *[+-]?[0-9a-zA-Z_][0-9a-zA-Z._ ]*"))) {
                // not plain YAML text: whatever YAML makes of it, the file loads or fails clearly
                t.outcome("not plain YAML text: " + check(text, SOURCE, () -> ScenarioLoader.parse(text, SOURCE)));
                return;
            }
            if (valid) {
                Scenario s = parseOrFail(text);
                assertConsistent(s, SOURCE, text);
                assertThat(slot.read(s)).isEqualTo(Integer.parseInt(trimmed));
                t.outcome("read");
            } else {
                ScenarioException e = expectProblems(text, SOURCE, () -> ScenarioLoader.parse(text, SOURCE));
                assertThat(e.problems()).singleElement().asString()
                        .startsWith(SOURCE + ":" + slot.line() + ": '" + slot.key() + "' must be a whole number >= "
                                + slot.min() + ", was ");
                t.outcome("rejected");
            }
        });
    }

    /**
     * Where a whole number goes in a scenario (the key, and the template's slot when the key is in more than
     * one section), its least value, and how to read it back.
     */
    record NumberSlot(String key, String slot, int line, int min, java.util.function.ToIntFunction<Scenario> read) {
        NumberSlot(String key, int line, int min, java.util.function.ToIntFunction<Scenario> read) {
            this(key, key, line, min, read);
        }

        String scenario(String value) {
            return fill(NUMBERS, slot, value, "1");
        }

        int read(Scenario s) {
            return read.applyAsInt(s);
        }

        @Override
        public String toString() {
            return slot;
        }
    }

    private static final String NUMBERS = """
            name: n
            thresholds:
              max-dropped: <max-dropped>
              max-front-door-failures: <threshold-max-front-door-failures>
            invariants:
              no-overshoot: <no-overshoot>
              max-front-door-failures: <invariant-max-front-door-failures>
            steps:
              - place-calls: {count: <count>, rate: <rate>, limit: <limit>}
              - expect: {within: 1m, active-sessions-at-least: <active-sessions-at-least>}
              - hold: {duration: 1m, expect: {rejected: <rejected>, front-door-failures: <front-door-failures>}}
              - end-all-calls: {}
            """;

    private static final List<NumberSlot> NUMBER_SLOTS = List.of(
                new NumberSlot("max-dropped", 3, 0, s -> s.thresholds().maxDropped().orElseThrow()),
                new NumberSlot("max-front-door-failures", "threshold-max-front-door-failures", 4, 0,
                        s -> s.thresholds().maxFrontDoorFailures().orElseThrow()),
                new NumberSlot("no-overshoot", 6, 0, s -> s.invariants().noOvershoot().orElseThrow()),
                new NumberSlot("max-front-door-failures", "invariant-max-front-door-failures", 7, 0,
                        s -> s.invariants().maxFrontDoorFailures().orElseThrow()),
                new NumberSlot("count", 9, 1, s -> ((Step.PlaceCalls) s.steps().get(0)).count()),
                new NumberSlot("rate", 9, 1, s -> ((Step.PlaceCalls) s.steps().get(0)).rate()),
                new NumberSlot("limit", 9, 1, s -> ((Step.PlaceCalls) s.steps().get(0)).limit().orElseThrow()),
                new NumberSlot("active-sessions-at-least", 10, 0,
                        s -> ((Step.Expect) s.steps().get(1)).conditions().get(0).value()),
                new NumberSlot("rejected", 11, 0, s -> ((Step.Hold) s.steps().get(2)).expect().get(0).value()),
                new NumberSlot("front-door-failures", 11, 0,
                        s -> ((Step.Hold) s.steps().get(2)).expect().stream()
                                .filter(c -> c.kind() == ConditionKind.FRONT_DOOR_FAILURES).findFirst().orElseThrow().value()));

    static String numberTexts(Random r) {
        return oneOf(r, YamlMutations::numbers, x -> String.valueOf(x.nextInt(-2, 21)),
                x -> stringOf(x, "0123456789+-. ", 0, 12),
                x -> anyString(x, 0, 6));
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
    @Test
    void aValidScenarioLoadsAsWritten() {
        Tries.check(300, t -> {
            Written written = t.draw("written", ScenarioPropertiesTest::validScenarios);
            Scenario s = parseOrFail(written.text());
            assertConsistent(s, SOURCE, written.text());
            assertThat(s.name()).isEqualTo(written.name());
            assertThat(s.description()).isEqualTo(written.description());
            assertThat(s.thresholds()).isEqualTo(written.thresholds());
            assertThat(s.invariants()).isEqualTo(written.invariants());
            assertThat(s.steps()).isEqualTo(written.steps());
        });
    }

    /** A generated scenario file and what it must load as. */
    record Written(String text, String name, String description, Thresholds thresholds, Invariants invariants,
            List<Step> steps) {
        @Override
        public String toString() {
            return "\n" + text;
        }
    }

    static Written validScenarios(Random r) {
        String name = r.nextBoolean() ? "mutant"
                : where(r, x -> stringOf(x, "abcxyz0123-", 1, 12), n -> Scenario.NAME.matcher(n).matches());
        boolean named = r.nextBoolean();
        String description = string(r, 0, 30, x -> where(x, YamlMutations::anyChar, c -> !Character.isSurrogate(c)));
        List<StepPlan> plans = listOf(r, 1, 12, ScenarioPropertiesTest::stepPlan);
        Function<Random, Integer> count = x -> (int) biased(x, 0, 999_999_999);
        Optional<Integer> maxDropped = maybe(r, 0.5, count);
        Optional<Integer> maxRejected = maybe(r, 0.5, count);
        List<Optional<Integer>> frontDoor = listOf(r, 2, 2, x -> maybe(x, 0.5, count));
        List<Optional<DurationText>> durations = listOf(r, 3, 3, x -> maybe(x, 0.5, ScenarioPropertiesTest::durationText));
        List<Optional<Boolean>> flags = listOf(r, 5, 5, x -> maybe(x, 0.5, Random::nextBoolean));
        return write(named ? name : null, description, plans, maxDropped, maxRejected, frontDoor, durations, flags);
    }

    /** A duration as written and its value. */
    record DurationText(String text, Duration value) {
    }

    static DurationText durationText(Random r) {
        return where(r, x -> {
            Function<Random, Long> part = y -> biased(y, 0, 999_999);
            Optional<Long> h = maybe(x, 0.6, part);
            Optional<Long> m = maybe(x, 0.6, part);
            Optional<Long> s = maybe(x, 0.6, part);
            Optional<Long> ms = maybe(x, 0.6, part);
            String text = h.map(v -> v + "h").orElse("") + m.map(v -> v + "m").orElse("")
                    + s.map(v -> v + "s").orElse("") + ms.map(v -> v + "ms").orElse("");
            Duration d = Duration.ofHours(h.orElse(0L)).plusMinutes(m.orElse(0L)).plusSeconds(s.orElse(0L))
                    .plusMillis(ms.orElse(0L));
            return new DurationText(text, d);
        }, d -> !d.value().isZero());
    }

    /** A step to write: its kind, numbers and durations; whether it is legal where it lands is decided later. */
    record StepPlan(String kind, int a, int b, Optional<Integer> c, DurationText duration, boolean flow,
            List<Map.Entry<ConditionKind, Integer>> conditions, boolean scaleInPolicy, boolean withRate,
            boolean withPeriod) {
    }

    /** The kinds whose value is a number: rollout takes a state after a deploy step (ScenarioLoaderTest). */
    private static final ConditionKind[] NUMERIC_KINDS = java.util.Arrays.stream(ConditionKind.values())
            .filter(k -> !k.quantity().named()).toArray(ConditionKind[]::new);

    static StepPlan stepPlan(Random r) {
        String kind = pick(r, "place-calls", "place-calls", "hold", "expect", "expect", "end-calls", "end-all-calls");
        int a = r.nextInt(1, 1001);
        int b = r.nextInt(1, 101);
        Optional<Integer> c = maybe(r, 0.5, x -> x.nextInt(1, 51));
        DurationText duration = durationText(r);
        boolean flow = r.nextBoolean();
        Map<ConditionKind, Integer> unique = new TreeMap<>();
        listOf(r, 1, 4, x -> Map.entry(pick(x, NUMERIC_KINDS), x.nextInt(0, 51)))
                .forEach(e -> unique.putIfAbsent(e.getKey(), e.getValue()));
        if (unique.containsKey(ConditionKind.RUNNING_AT_LEAST) && unique.containsKey(ConditionKind.RUNNING_AT_MOST)) {
            unique.put(ConditionKind.RUNNING_AT_MOST, Math.max(unique.get(ConditionKind.RUNNING_AT_MOST),
                    unique.get(ConditionKind.RUNNING_AT_LEAST)));
        }
        return new StepPlan(kind, a, b, c, duration, flow, List.copyOf(unique.entrySet()), r.nextBoolean(),
                r.nextBoolean(), r.nextBoolean());
    }

    /** @param frontDoor the threshold's and the invariant's {@code max-front-door-failures} */
    private static Written write(String name, String description, List<StepPlan> plans, Optional<Integer> maxDropped,
            Optional<Integer> maxRejected, List<Optional<Integer>> frontDoor, List<Optional<DurationText>> durations,
            List<Optional<Boolean>> flags) {
        List<String> lines = new ArrayList<>();
        lines.add("# generated");
        if (name != null) {
            lines.add("name: " + name);
        }
        lines.add("description: " + YamlMutations.doubleQuoted(description));
        Optional<DurationText> p95 = durations.get(0);
        Thresholds thresholds = new Thresholds(maxDropped.map(OptionalInt::of).orElse(OptionalInt.empty()),
                maxRejected.map(OptionalInt::of).orElse(OptionalInt.empty()),
                frontDoor.get(0).map(OptionalInt::of).orElse(OptionalInt.empty()), p95.map(DurationText::value));
        if (!thresholds.isEmpty()) {
            lines.add("thresholds:");
            maxDropped.ifPresent(v -> lines.add("  max-dropped: " + v));
            maxRejected.ifPresent(v -> lines.add("  max-rejected: " + v));
            frontDoor.get(0).ifPresent(v -> lines.add("  max-front-door-failures: " + v));
            p95.ifPresent(v -> lines.add("  max-e2e-p95: " + v.text()));
        }
        Optional<DurationText> flapping = durations.get(1);
        Optional<DurationText> coldStart = durations.get(2);
        Invariants invariants = new Invariants(flapping.map(DurationText::value),
                maxDropped.map(OptionalInt::of).orElse(OptionalInt.empty()), flags.get(0).orElse(false),
                flags.get(1).orElse(false), flags.get(2).orElse(false),
                maxRejected.map(OptionalInt::of).orElse(OptionalInt.empty()),
                frontDoor.get(1).map(OptionalInt::of).orElse(OptionalInt.empty()), coldStart.map(DurationText::value),
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
            frontDoor.get(1).ifPresent(v -> lines.add("  max-front-door-failures: " + v));
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

    /**
     * Runs {@code load}: it returns a consistent scenario or throws one clear ScenarioException; nothing else.
     * Returns what became of it: "loads" or the kind of the first problem.
     */
    static String check(String text, String source, java.util.function.Supplier<Scenario> load) {
        Scenario s;
        try {
            s = load.get();
        } catch (ScenarioException e) {
            assertClear(e, source, text);
            return kind(e.problems().get(0));
        } catch (RuntimeException | Error e) {
            throw new AssertionError("loading threw " + e + " instead of a ScenarioException for:\n" + text, e);
        }
        assertConsistent(s, source, text);
        return "loads";
    }

    /** What kind of problem comes first, for the outcomes a property prints. */
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
