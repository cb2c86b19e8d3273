package dev.scalingsuite.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingsuite.report.ReportFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestExecutionResult.Status;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * What one {@link ScenarioTestKit} run left: its steps (the tests of the run), the failure of its
 * class, the report entries its setup published, and the reports it wrote. Every look-up that finds
 * nothing fails with an {@link AssertionError} that says what there was instead.
 */
public final class ScenarioResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Class<?> testCases;
    private final EngineExecutionResults engine;
    private final Optional<Path> reportsDir;

    ScenarioResults(Class<?> testCases, EngineExecutionResults engine, Optional<Path> reportsDir) {
        this.testCases = testCases;
        this.engine = engine;
        this.reportsDir = reportsDir;
    }

    /** The engine test kit's events of the steps, e.g. for {@code assertStatistics}. */
    public Events testEvents() {
        return engine.testEvents();
    }

    /** The engine test kit's events of the containers: the engine, the class, the steps' factory. */
    public Events containerEvents() {
        return engine.containerEvents();
    }

    /** Every step that ended, in the order they ended. */
    public List<StepResult> steps() {
        return testEvents().finished().map(StepResult::of).toList();
    }

    public List<StepResult> failedSteps() {
        return steps(Status.FAILED);
    }

    public List<StepResult> abortedSteps() {
        return steps(Status.ABORTED);
    }

    private List<StepResult> steps(Status status) {
        return steps().stream().filter(step -> step.status() == status).toList();
    }

    /** The names of the steps that started; none when the class failed in its setup. */
    public List<String> startedSteps() {
        return testEvents().started().map(e -> e.getTestDescriptor().getDisplayName()).toList();
    }

    /**
     * The step named {@code name}; an {@link AssertionError} naming the steps that did end if none of
     * them has that name, and why the class failed if it did.
     */
    public StepResult step(String name) {
        List<StepResult> steps = steps();
        List<StepResult> named = steps.stream().filter(step -> step.name().equals(name)).toList();
        if (named.size() > 1) {
            throw new AssertionError(named.size() + " steps are named '" + name + "': " + named);
        }
        return named.stream().findFirst().orElseThrow(() -> new AssertionError("No step named '" + name
                + "' ended; " + (steps.isEmpty() ? "no step did" : "the steps that did: "
                        + steps.stream().map(StepResult::name).toList())
                + classFailed().map(why -> "; the class failed: " + failure(why)).orElse("")));
    }

    /** Assertions on the step named {@code name}, which must have ended (see {@link #step(String)}). */
    public StepAssert assertThatStep(String name) {
        return StepAssert.assertThat(step(name));
    }

    /**
     * What the test-cases class threw in its setup or teardown (a scenario it cannot load, a guard that
     * refused the run); an {@link AssertionError} saying so if it threw nothing.
     */
    public Throwable classFailure() {
        Event failed = classFailed().orElseThrow(() -> new AssertionError("No class failure: the setup and teardown "
                + "of " + testCases.getSimpleName() + " passed; the failed steps: " + failedSteps()));
        return result(failed).getThrowable().orElseThrow(() -> new AssertionError(failure(failed)));
    }

    private Optional<Event> classFailed() {
        return containerEvents().failed().filter(this::isTheClass).findFirst();
    }

    private boolean isTheClass(Event event) {
        return event.getTestDescriptor().getSource().filter(ClassSource.class::isInstance)
                .map(source -> ((ClassSource) source).getClassName().equals(testCases.getName())).orElse(false);
    }

    /** Every failed container, as {@code name: what it threw}: none when the class and the steps' factory passed. */
    public List<String> failedContainers() {
        return containerEvents().failed().map(ScenarioResults::failure).toList();
    }

    private static String failure(Event failed) {
        return failed.getTestDescriptor().getDisplayName() + ": "
                + result(failed).getThrowable().map(Throwable::toString).orElse("failed without a throwable");
    }

    private static TestExecutionResult result(Event finished) {
        return finished.getRequiredPayload(TestExecutionResult.class);
    }

    /** The value of the entry {@code key} a container published (a dry run's {@code plan}, {@code preflight}). */
    public String published(String key) {
        List<Map<String, String>> entries = containerEvents().reportingEntryPublished()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs()).toList();
        return entries.stream().filter(pairs -> pairs.containsKey(key)).map(pairs -> pairs.get(key)).findFirst()
                .orElseThrow(() -> new AssertionError("No report entry '" + key + "' was published; the keys that "
                        + "were: " + entries.stream().flatMap(pairs -> pairs.keySet().stream()).toList()));
    }

    /** The one run directory in the reports directory, whatever its scenario. */
    public Path runDir() {
        return onlyRunDir("", "a run directory");
    }

    /** The one run directory of {@code scenario} (its name, {@code <scenario>-<time>}), in the reports directory. */
    public Path runDir(String scenario) {
        return onlyRunDir(scenario + "-", "a run directory of scenario '" + scenario + "'");
    }

    private Path onlyRunDir(String prefix, String what) {
        Path reports = reportsDir.orElseThrow(() -> new AssertionError("No reports directory to look for " + what
                + " in: give the run one with reportsIn(dir)"));
        List<Path> all = list(reports);
        List<Path> matching = all.stream().filter(Files::isDirectory)
                .filter(dir -> dir.getFileName().toString().startsWith(prefix)).toList();
        if (matching.size() != 1) {
            throw new AssertionError("Expected " + what + " in " + reports + " but found " + matching.size()
                    + (Files.isDirectory(reports) ? "; it holds: " + names(all) : "; it does not exist"));
        }
        return matching.get(0);
    }

    /** The text of {@code report.md} in {@link #runDir()}. */
    public String report() {
        return read(runDir().resolve(ReportFiles.REPORT));
    }

    /** The text of {@code report.md} in {@link #runDir(String)}. */
    public String report(String scenario) {
        return read(runDir(scenario).resolve(ReportFiles.REPORT));
    }

    /** {@code results.json} in {@link #runDir()}. */
    public JsonNode resultsJson() {
        return json(runDir().resolve(ReportFiles.RESULTS));
    }

    /** {@code results.json} in {@link #runDir(String)}. */
    public JsonNode resultsJson(String scenario) {
        return json(runDir(scenario).resolve(ReportFiles.RESULTS));
    }

    private static String read(Path file) {
        try {
            return Files.readString(exists(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(Path file) {
        try {
            return JSON.readTree(exists(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path exists(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("No " + file.getFileName() + " in " + file.getParent() + "; it holds: "
                    + names(list(file.getParent())));
        }
        return file;
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(Path::getFileName).map(Path::toString).toList();
    }
}
