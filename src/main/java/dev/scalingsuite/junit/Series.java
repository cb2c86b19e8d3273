package dev.scalingsuite.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.scalingsuite.config.ConfigLookup;
import dev.scalingsuite.config.SuiteConfig;
import dev.scalingsuite.report.AllureFiles;
import dev.scalingsuite.report.SeriesSummary;
import dev.scalingsuite.scenario.Scenarios;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A series of scenarios: {@code ./mvnw verify -Pscenario=all} runs every scenario class in a fixed order
 * ({@link #ORDER}), {@code -Dscaling.scenarios=burst,steady-state} the ones it names in its order. Each runs
 * through the JUnit Platform Launcher as a launcher run of its own, as {@code -Pscenario=NAME} would run it: its
 * own suite (a fresh in-process twin on the same settings), its preflight, its baseline enforced (so every
 * scenario starts from a clean one), its run and reports; Allure's listener records it. The names, the
 * configuration and every scenario file are validated before the first scenario starts. Afterwards the series'
 * {@code summary.md} and {@code summary.json} ({@link SeriesSummary}) go to {@code <reports-dir>/series-<time>/};
 * a series in which a scenario did not pass fails, naming each.
 */
public final class Series {

    /** The order of {@code -Pscenario=all}; a scenario class not named here runs after these, by name. */
    static final List<String> ORDER = List.of("steady-state", "burst", "scale-in-protection", "sustained-24",
            "deploy-under-load");
    /** {@code -Dscaling.scenarios=all}: every scenario class, as when the list is not given. */
    static final String ALL = "all";
    /** Where the scenario classes are: one {@code @ScalingScenario("<name>")} class per scenario. */
    static final String SCENARIO_CLASSES = "dev.scalingsuite.scenarios";
    /** Where {@code ./mvnw allure:report} writes the HTML report (allure-maven's default). */
    static final Path ALLURE_REPORT = Path.of("target", "site", "allure-maven-plugin", "index.html");
    /** How long the series waits for each thread its resources left, once interrupted. */
    private static final Duration LEFTOVER_WAIT = Duration.ofSeconds(5);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss")
            .withZone(ZoneOffset.UTC);

    /** One scenario of the series: its name and the class that runs it. */
    record Entry(String name, Class<?> testClass) {
    }

    private Series() {
    }

    /**
     * Runs the series {@code scaling.scenarios} names (all by default) against what the configuration
     * targets.
     *
     * @param args the package of the scenario classes, {@value #SCENARIO_CLASSES} if none is given
     */
    public static void main(String[] args) {
        Set<Thread> before = threads();
        try {
            series(args);
        } finally {
            endLeftovers(before);
        }
    }

    private static void series(String[] args) {
        Path project = Path.of("").toAbsolutePath();
        SuiteConfig config = SuiteConfig.load(project, ConfigLookup.systemPropertiesThen(key -> Optional.empty()));
        List<Entry> plan = prepare(config, project, scenarioClasses(args.length > 0 ? args[0] : SCENARIO_CLASSES));
        SeriesSummary.Written written = run(plan, Map.of(), config.reportsDir(), config.dryRun(), System.out,
                LauncherFactory.create());
        if (!written.passed()) {
            throw new Refused("the series did not pass; " + written.markdown());
        }
    }

    /**
     * The series the configuration asks for, each of its scenarios loaded (and refused if it deploys where
     * deployments are not allowed) before the first starts, so a mistake in the last stops the series before
     * anything changes.
     */
    static List<Entry> prepare(SuiteConfig config, Path project, Map<String, Class<?>> classes) {
        List<Entry> plan = plan(config.scenarios(), classes);
        Scenarios scenarios = Scenarios.in(project);
        plan.forEach(entry -> DeployPermission.check(config, ScalingScenarioExtension.withSharedSlos(
                scenarios.load(entry.name()), config)));
        return plan;
    }

    /** The threads of this thread's group and its subgroups, as they are now. */
    static Set<Thread> threads() {
        ThreadGroup group = Thread.currentThread().getThreadGroup();
        Thread[] threads = new Thread[group.activeCount() * 2 + 16];
        int count = group.enumerate(threads, true);
        return new HashSet<>(Arrays.asList(threads).subList(0, count));
    }

    /**
     * Interrupts the non-daemon threads the series' closed resources left running, and waits a little for them:
     * Maven's {@code exec:java} waits for every one of them before it ends the build, and DynamoDB Local's job
     * scheduler, left by the in-process twin, sleeps up to 5 minutes after its shutdown before it ends.
     */
    static void endLeftovers(Set<Thread> before) {
        List<Thread> left = threads().stream().filter(t -> !before.contains(t) && !t.isDaemon() && t.isAlive()
                && t != Thread.currentThread()).toList();
        left.forEach(Thread::interrupt);
        for (Thread thread : left) {
            try {
                thread.join(LEFTOVER_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive()) {
                System.err.println("scaling suite: thread " + thread.getName() + " still runs after the series; Maven "
                        + "waits for it before it ends");
            }
        }
    }

    /** A refusal or a failed series: its message is all there is to say, so it carries no stack frames. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The scenario classes of {@code packageName} by scenario name: each class annotated
     * {@code @ScalingScenario("<name>")} (one that names no scenario, the custom one, is not part of a series).
     */
    static Map<String, Class<?>> scenarioClasses(String packageName) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        ReflectionSupport.findAllClassesInPackage(packageName,
                        type -> AnnotationSupport.isAnnotated(type, ScalingScenario.class), name -> true).stream()
                .sorted(Comparator.comparing(Class::getName))
                .forEach(type -> AnnotationSupport.findAnnotation(type, ScalingScenario.class)
                        .map(ScalingScenario::value).filter(name -> !name.isBlank())
                        .ifPresent(name -> byName.put(name, type)));
        return byName;
    }

    /**
     * The series to run: {@code names} in their order (repeats allowed), or every class when they are empty or
     * {@value #ALL}, the known ones in {@link #ORDER}, then the others by name.
     *
     * @throws Refused naming every unknown name and what is allowed, before anything runs
     */
    static List<Entry> plan(List<String> names, Map<String, Class<?>> classes) {
        if (names.isEmpty() || names.equals(List.of(ALL))) {
            List<String> all = new ArrayList<>(ORDER.stream().filter(classes::containsKey).toList());
            classes.keySet().stream().filter(name -> !all.contains(name)).sorted().forEach(all::add);
            return all.stream().map(name -> new Entry(name, classes.get(name))).toList();
        }
        List<String> unknown = names.stream().filter(name -> !classes.containsKey(name)).distinct().toList();
        if (!unknown.isEmpty()) {
            List<String> allowed = new ArrayList<>(ORDER.stream().filter(classes::containsKey).toList());
            classes.keySet().stream().filter(name -> !allowed.contains(name)).sorted().forEach(allowed::add);
            throw new Refused("scaling.scenarios names " + (unknown.size() == 1 ? "an unknown scenario " : "unknown "
                    + "scenarios ") + String.join(", ", unknown.stream().map(n -> "'" + n + "'").toList())
                    + "; allowed: " + String.join(", ", allowed) + " (comma-separated, in the order to run them), or "
                    + ALL + "; nothing was run");
        }
        return names.stream().map(name -> new Entry(name, classes.get(name))).toList();
    }

    /**
     * Runs each scenario of {@code plan} through {@code launcher} (with its listeners: Allure's, registered by the
     * platform), one launcher run each, with {@code parameters} as its configuration parameters, then writes the
     * summary into {@code <reportsDir>/series-<time>/}.
     */
    static SeriesSummary.Written run(List<Entry> plan, Map<String, String> parameters, Path reportsDir,
            boolean dryRun, PrintStream out, Launcher launcher) {
        Clock clock = Clock.systemUTC();
        Instant started = clock.instant();
        List<SeriesSummary.Scenario> ran = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            Entry entry = plan.get(i);
            out.println("scaling suite: series " + (i + 1) + "/" + plan.size() + ": " + entry.name());
            ran.add(runOne(entry, parameters, dryRun, launcher));
        }
        Path dir = reportsDir.resolve("series-" + STAMP.format(started));
        SeriesSummary.Written written = SeriesSummary.write(new SeriesSummary.Series(dir, started, clock.instant(), ran,
                AllureFiles.resultsDir(), ALLURE_REPORT));
        out.println(written.console());
        return written;
    }

    /**
     * Runs one scenario class through {@code launcher} as a launcher run of its own, with {@code parameters} as its
     * configuration parameters: its own suite, its baseline enforced; what it did, as the summary reads it.
     */
    static SeriesSummary.Scenario runOne(Entry entry, Map<String, String> parameters, boolean dryRun,
            Launcher launcher) {
        Clock clock = Clock.systemUTC();
        ClassWatch watch = new ClassWatch();
        Instant start = clock.instant();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(entry.testClass()))
                .configurationParameters(parameters).build(), watch);
        return new SeriesSummary.Scenario(entry.name(), watch.runDir, watch.failure, dryRun, watch.tests, start,
                clock.instant());
    }

    /** What one scenario class did: where its run wrote, whether the class failed, how its tests ended. */
    private static final class ClassWatch implements TestExecutionListener {

        private Optional<Path> runDir = Optional.empty();
        private String failure = "";
        private final Map<String, Integer> tests = new LinkedHashMap<>();

        @Override
        public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
            String dir = entry.getKeyValuePairs().get(ScalingScenarioExtension.REPORTS_ENTRY);
            if (dir != null) {
                runDir = Optional.of(Path.of(dir));
            }
        }

        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest()) {
                tests.merge(result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? "passed"
                        : result.getStatus().name().toLowerCase(Locale.ROOT), 1, Integer::sum);
            } else if (result.getStatus() == TestExecutionResult.Status.FAILED
                    && test.getSource().filter(ClassSource.class::isInstance).isPresent() && failure.isEmpty()) {
                failure = result.getThrowable().map(e -> String.valueOf(e.getMessage())).orElse("the class failed");
            }
        }
    }
}
