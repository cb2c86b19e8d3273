package dev.scalingsuite.junit;

import dev.scalingsuite.config.SuiteConfig;
import dev.scalingsuite.history.AllureHistory;
import dev.scalingsuite.history.HistoryStore;
import java.nio.file.Path;

/**
 * Where Allure's results and report are, and the carry of its {@code history/} between them through the run
 * history ({@link AllureHistory}), once per launcher run, before the first run writes its results.
 */
final class AllureHistoryCarry {

    /** allure-java's own property for its results; the pom sets it to the project's {@code allure-results/}. */
    static final String RESULTS = "allure.results.directory";
    /** Where {@code ./mvnw allure:report} writes the report (allure-maven's default), from the project. */
    static final Path REPORT = Path.of("target", "site", "allure-maven-plugin");

    private AllureHistoryCarry() {
    }

    /** Carries the history; a failure is a line on the console, never the run's. Returns what was done. */
    static String carry(SuiteConfig config) {
        try {
            String done = AllureHistory.carry(new HistoryStore(HistoryKeeper.dir(config.history())),
                    Path.of(System.getProperty(RESULTS, "allure-results")), REPORT);
            if (!done.isEmpty()) {
                System.out.println("scaling suite: " + done);
            }
            return done;
        } catch (RuntimeException e) {
            System.err.println("scaling suite: Allure's history was not carried: " + e.getMessage());
            return "";
        }
    }
}
