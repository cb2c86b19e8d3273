package dev.scalingsuite.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the suite writes into Allure's results directory besides the test results: {@code environment.properties}
 * (what the runs ran against, for the report's Environment widget) and {@code categories.json} (the suite's
 * own failure classes, for its Categories tab). Allure files a test result under every category whose
 * statuses include its status and whose regular expression matches its whole message (DOTALL).
 */
public final class AllureFiles {

    /** The file Allure's Environment widget reads: {@code key=value} lines. */
    public static final String ENVIRONMENT = "environment.properties";
    /** The file Allure's Categories tab reads: a JSON array of categories. */
    public static final String CATEGORIES = "categories.json";
    /** Where {@code allure-java} writes its results unless {@code allure.results.directory} says otherwise. */
    static final String DEFAULT_RESULTS = "allure-results";

    /**
     * One of the suite's failure classes, as Allure's categories.json spells it.
     *
     * @param statuses the Allure statuses it takes ({@code failed}, {@code broken}, {@code skipped})
     * @param messageRegex matched against a test's whole failure message
     */
    public record Category(String name, List<String> statuses, String messageRegex) {

        /** Whether a test result of {@code status} with {@code message} falls in this category, as Allure decides. */
        public boolean matches(String status, String message) {
            return statuses.contains(status) && message != null
                    && Pattern.compile(messageRegex, Pattern.DOTALL).matcher(message).matches();
        }
    }

    /**
     * A later step of a failed run is skipped with {@code not run: <why the run failed>}; it must not count
     * again in the category of the failure it quotes.
     */
    private static final String NOT_A_LATER_STEP = "(?!not run: )";
    /** Where several failures are joined into one message: a line break or {@code ; }. */
    private static final String ANY_PART = "(?:.*(?:\\n|; ))?";

    /**
     * The suite's failure classes, each matching the message it has been given
     * (docs/reports.md, "Allure"):
     * <ul>
     * <li>an invariant checked on every poll failed: {@code invariant 'no-flapping' violated: ...}
     * ({@code junit.InvariantGuard});</li>
     * <li>a check whose data never arrived: {@code not measured: max-e2e-p95: no ... datapoint ...}
     * ({@code fleet.finding.NotMeasured}), also behind a step's alias;</li>
     * <li>a KPI worse than the baseline run's beyond its allowance: a message (or a part of it) that starts
     * with {@code regression: };</li>
     * <li>a KPI beyond its SLO's critical bound: a message (or a part of it) that starts with {@code slo: };</li>
     * <li>a run whose load generator could not place the load it was asked for, which proves nothing
     * either way: {@code ... load generator saturated on <load host> ...}, failed, broken or skipped.</li>
     * </ul>
     */
    public static final List<Category> CATEGORY_LIST = List.of(
            new Category("Invariant violations", List.of("failed", "broken"), ".*invariant '[^']+' violated: .*"),
            new Category("Not measured", List.of("failed", "broken"), ".*\\bnot measured: .*"),
            new Category("Regressions against the baseline run", List.of("failed", "broken"),
                    ANY_PART + "regression: .*"),
            new Category("SLOs at critical", List.of("failed", "broken"), ANY_PART + "slo: .*"),
            new Category("INCONCLUSIVE: load generator saturated", List.of("failed", "broken", "skipped"),
                    NOT_A_LATER_STEP + ".*load generator saturated on .*"));

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AllureFiles() {
    }

    /** Allure's results directory: {@code allure.results.directory}, as {@code allure-java} reads it, or its default. */
    public static Path resultsDir() {
        return Path.of(System.getProperty("allure.results.directory", DEFAULT_RESULTS));
    }

    /** The categories, as Allure reads them from {@code categories.json}. */
    public static String categoriesJson() {
        ArrayNode array = JSON.createArrayNode();
        for (Category category : CATEGORY_LIST) {
            ObjectNode node = array.addObject();
            node.put("name", category.name());
            category.statuses().forEach(node.putArray("matchedStatuses")::add);
            node.put("messageRegex", category.messageRegex());
        }
        try {
            return JSON.writeValueAsString(array) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot render " + CATEGORIES, e);
        }
    }

    /** The names of the categories a test result of {@code status} with {@code message} falls in. */
    public static List<String> categoriesOf(String status, String message) {
        return CATEGORY_LIST.stream().filter(c -> c.matches(status, message)).map(Category::name).toList();
    }

    /**
     * {@code environment.properties}: one {@code key=value} line per entry, in order; keys are written
     * without spaces and values with the escapes {@link java.util.Properties#load} undoes.
     */
    public static String environmentProperties(Map<String, String> environment) {
        StringBuilder text = new StringBuilder();
        environment.forEach((key, value) -> text.append(escape(key.replace(' ', '-'), true)).append('=')
                .append(escape(value, false)).append('\n'));
        return text.toString();
    }

    private static String escape(String text, boolean key) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '=', ':', '#', '!' -> out.append(key || i == 0 ? "\\" + c : String.valueOf(c));
                case ' ' -> out.append(i == 0 ? "\\ " : " ");
                default -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.toString();
    }

    /**
     * Writes both files into {@code dir} (created if needed), replacing what an earlier run left: the
     * environment is the latest run's.
     */
    public static void write(Path dir, Map<String, String> environment) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(ENVIRONMENT), environmentProperties(environment), StandardCharsets.ISO_8859_1);
        Files.writeString(dir.resolve(CATEGORIES), categoriesJson(), StandardCharsets.UTF_8);
    }
}
