package dev.scalingsuite;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The package rules of {@code docs/architecture.md}, as values: {@link ArchitectureTest} checks each
 * on the production classes, {@code ArchitectureRulesTest} shows on small fixtures that the general
 * ones catch what they are meant to. Build a rule for other packages with the factory methods.
 */
final class ArchitectureRules {

    static final String ROOT = "dev.scalingsuite";

    /**
     * The classes outside the twin that may know it. Only the wiring: it starts the twin in-process and
     * hands its endpoints to the suite, which then reaches it exactly as it reaches AWS.
     */
    static final List<String> TWIN_WIRING = List.of(ROOT + ".junit.SuiteWiring");

    /** No two packages (each subpackage counted as a package of its own) depend on each other, directly or not. */
    static final ArchRule NO_PACKAGE_CYCLES = freeOfPackageCycles(ROOT);

    static final ArchRule FLEET_IS_THE_PURE_DOMAIN = noClasses().that().resideInAPackage(pkg("fleet"))
            .should().dependOnClassesThat().resideInAnyPackage(
                    pkg("scenario"), pkg("config"), pkg("aws"), pkg("load"), pkg("monitor"),
                    pkg("report"), pkg("history"), pkg("junit"), pkg("twin"),
                    "software.amazon..", "net.schmizz..", "com.hierynomus..", "org.junit..",
                    "io.qameta..")
            .because("the domain knows no AWS, SSH or JUnit types");

    static final ArchRule SCENARIO_MODEL_IS_PURE = noClasses().that().resideInAPackage(pkg("scenario"))
            .should().dependOnClassesThat().resideInAnyPackage(
                    pkg("aws"), pkg("load"), pkg("monitor"), pkg("report"), pkg("history"), pkg("junit"),
                    pkg("twin"), pkg("config"), "software.amazon..", "net.schmizz..", "com.hierynomus..",
                    "org.junit..", "io.qameta..");

    static final ArchRule CONFIG_IS_PURE = noClasses().that().resideInAPackage(pkg("config"))
            .should().dependOnClassesThat().resideInAnyPackage(
                    pkg("scenario"), pkg("aws"), pkg("load"), pkg("monitor"), pkg("report"), pkg("history"),
                    pkg("junit"), pkg("twin"), "software.amazon..", "net.schmizz..", "com.hierynomus..", "org.junit..",
                    "io.qameta..")
            .because("configuration is read and validated before anything remote is touched; the endpoints "
                    + "file is read as JSON, not through the twin's types");

    static final ArchRule REPORTS_ARE_FUNCTIONS_OF_THE_RUN_RECORD = noClasses().that().resideInAPackage(pkg("report"))
            .should().dependOnClassesThat().resideInAnyPackage(
                    pkg("scenario"), pkg("config"), pkg("aws"), pkg("load"), pkg("monitor"), pkg("history"),
                    pkg("junit"), pkg("twin"), "software.amazon..", "net.schmizz..", "com.hierynomus..", "org.junit..")
            .because("a report is written from what the run recorded, so it can be tested against a recording");

    static final ArchRule THE_HISTORY_IS_FILES_OF_RECORDS = noClasses().that().resideInAPackage(pkg("history"))
            .should().dependOnClassesThat().resideInAnyPackage(
                    pkg("scenario"), pkg("aws"), pkg("load"), pkg("monitor"), pkg("junit"), pkg("twin"),
                    "software.amazon..", "net.schmizz..", "com.hierynomus..", "org.junit..", "io.qameta..")
            .because("the run history keeps what runs recorded (their KPIs, the reports' facts) in files, so it "
                    + "can be read and tested without a run");

    static final ArchRule ONLY_THE_WIRING_KNOWS_THE_TWIN = onlyTheseClassesDependOn(pkg("twin"), TWIN_WIRING)
            .because("the suite must reach the twin exactly as it reaches AWS");

    static final ArchRule ONLY_THE_WIRING_KNOWS_THE_AWS_ADAPTERS = noClasses()
            .that().resideOutsideOfPackages(pkg("aws"), pkg("junit"))
            .should().dependOnClassesThat().resideInAPackage(pkg("aws"))
            .because("the harness reads the world through the fleet ports");

    static final ArchRule THE_TWIN_DEPENDS_ON_NO_SUITE_PACKAGE = noClasses().that().resideInAPackage(pkg("twin"))
            .should().dependOnClassesThat().resideInAnyPackage(
                    pkg("fleet"), pkg("scenario"), pkg("aws"), pkg("load"), pkg("monitor"),
                    pkg("report"), pkg("junit"))
            .because("the twin stands for the deployed stack and must not share the suite's code");

    static final ArchRule WHAT_THE_TWINS_PARTS_SHARE_STANDS_ALONE = noClasses()
            .that().resideInAPackage(pkg("twin.stack"))
            .should().dependOnClassesThat(resideInAPackage(pkg("twin")).and(resideOutsideOfPackage(pkg("twin.stack"))))
            .because("every other package of the twin depends on twin.stack, so it depending on one would be a cycle");

    static final ArchRule ADAPTERS_DO_NOT_REACH_UPWARD = noClasses()
            .that().resideInAnyPackage(pkg("aws"), pkg("load"), pkg("monitor"), pkg("report"), pkg("history"))
            .should().dependOnClassesThat().resideInAPackage(pkg("junit"));

    private ArchitectureRules() {
    }

    /** The suite's own classes, without its tests (nor the fixtures among them). */
    static JavaClasses importProduction() {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    /** {@code ROOT.name} and its subpackages, as a package identifier. */
    static String pkg(String name) {
        return ROOT + "." + name + "..";
    }

    /**
     * No cycle among the packages under {@code root}: each package below it, subpackages included, is a
     * slice of its own, so {@code twin} and {@code twin.control} may not depend on each other either.
     */
    static ArchRule freeOfPackageCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }

    /**
     * Only the named classes (with their nested classes) may depend on {@code packageIdentifier} from
     * outside it; the classes inside it may depend on each other.
     *
     * @param allowedClassNames fully qualified names, as {@link Class#getName()} gives them
     */
    static ArchRule onlyTheseClassesDependOn(String packageIdentifier, List<String> allowedClassNames) {
        DescribedPredicate<JavaClass> notAllowed = DescribedPredicate.describe(
                "are none of " + allowedClassNames + " (nor nested in them)",
                c -> allowedClassNames.stream().noneMatch(n -> c.getName().equals(n) || c.getName().startsWith(n + "$")));
        return noClasses().that(resideOutsideOfPackage(packageIdentifier).and(notAllowed))
                .should().dependOnClassesThat().resideInAPackage(packageIdentifier);
    }
}
