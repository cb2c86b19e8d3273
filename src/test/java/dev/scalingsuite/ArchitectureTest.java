package dev.scalingsuite;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package directions of DESIGN.md: everything depends inward on {@code fleet}; only the
 * wiring in {@code junit} knows that {@code aws} and {@code twin} exist.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.scalingsuite";
    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    private static String pkg(String name) {
        return ROOT + "." + name + "..";
    }

    @Test
    void fleetIsThePureDomain() {
        noClasses().that().resideInAPackage(pkg("fleet"))
                .should().dependOnClassesThat().resideInAnyPackage(
                        pkg("scenario"), pkg("config"), pkg("aws"), pkg("load"), pkg("monitor"),
                        pkg("report"), pkg("junit"), pkg("twin"),
                        "software.amazon..", "net.schmizz..", "com.hierynomus..", "org.junit..",
                        "io.qameta..")
                .because("the domain knows no AWS, SSH or JUnit types")
                .check(production);
    }

    @Test
    void theDomainsPackagesDependOneWay() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles()
                .because("the findings know no fleet type, the messages know the findings and the assertions know "
                        + "both, so each can be read and tested on its own")
                .check(production.that(resideInAPackage(pkg("fleet"))));
    }

    @Test
    void scenarioModelIsPure() {
        noClasses().that().resideInAPackage(pkg("scenario"))
                .should().dependOnClassesThat().resideInAnyPackage(
                        pkg("aws"), pkg("load"), pkg("monitor"), pkg("report"), pkg("junit"),
                        pkg("twin"), pkg("config"), "software.amazon..", "net.schmizz..", "com.hierynomus..",
                        "org.junit..", "io.qameta..")
                .check(production);
    }

    @Test
    void configIsPure() {
        noClasses().that().resideInAPackage(pkg("config"))
                .should().dependOnClassesThat().resideInAnyPackage(
                        pkg("scenario"), pkg("aws"), pkg("load"), pkg("monitor"), pkg("report"), pkg("junit"),
                        pkg("twin"), "software.amazon..", "net.schmizz..", "com.hierynomus..", "org.junit..",
                        "io.qameta..")
                .because("configuration is read and validated before anything remote is touched; the endpoints "
                        + "file is read as JSON, not through the twin's types")
                .check(production);
    }

    @Test
    void reportsAreFunctionsOfTheRunRecord() {
        noClasses().that().resideInAPackage(pkg("report"))
                .should().dependOnClassesThat().resideInAnyPackage(
                        pkg("scenario"), pkg("config"), pkg("aws"), pkg("load"), pkg("monitor"), pkg("junit"),
                        pkg("twin"), "software.amazon..", "net.schmizz..", "com.hierynomus..", "org.junit..")
                .because("a report is written from what the run recorded, so it can be tested against a recording")
                .check(production);
    }

    @Test
    void onlyTheWiringKnowsTheTwin() {
        noClasses().that().resideOutsideOfPackages(pkg("twin"), pkg("junit"))
                .should().dependOnClassesThat().resideInAPackage(pkg("twin"))
                .because("the suite must reach the twin exactly as it reaches AWS")
                .check(production);
    }

    @Test
    void onlyTheWiringKnowsTheAwsAdapters() {
        noClasses().that().resideOutsideOfPackages(pkg("aws"), pkg("junit"))
                .should().dependOnClassesThat().resideInAPackage(pkg("aws"))
                .because("the harness reads the world through the fleet ports")
                .check(production);
    }

    @Test
    void theTwinDependsOnNoSuitePackage() {
        noClasses().that().resideInAPackage(pkg("twin"))
                .should().dependOnClassesThat().resideInAnyPackage(
                        pkg("fleet"), pkg("scenario"), pkg("aws"), pkg("load"), pkg("monitor"),
                        pkg("report"), pkg("junit"))
                .because("the twin stands for the deployed stack and must not share the suite's code")
                .check(production);
    }

    @Test
    void adaptersDoNotReachUpward() {
        noClasses().that().resideInAnyPackage(pkg("aws"), pkg("load"), pkg("monitor"), pkg("report"))
                .should().dependOnClassesThat().resideInAPackage(pkg("junit"))
                .check(production);
    }
}
