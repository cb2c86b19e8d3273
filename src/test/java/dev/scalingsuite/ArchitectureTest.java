package dev.scalingsuite;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package directions of {@code docs/architecture.md}: no package cycles; everything depends
 * inward on {@code fleet}; only the wiring in {@code junit} knows that {@code aws} exists, and only
 * {@code junit.SuiteWiring} that the twin does. The rules are {@link ArchitectureRules}' values.
 */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = ArchitectureRules.importProduction();
    }

    @Test
    void noPackageDependsOnItself() {
        ArchitectureRules.NO_PACKAGE_CYCLES.check(production);
    }

    @Test
    void fleetIsThePureDomain() {
        ArchitectureRules.FLEET_IS_THE_PURE_DOMAIN.check(production);
    }

    @Test
    void scenarioModelIsPure() {
        ArchitectureRules.SCENARIO_MODEL_IS_PURE.check(production);
    }

    @Test
    void configIsPure() {
        ArchitectureRules.CONFIG_IS_PURE.check(production);
    }

    @Test
    void reportsAreFunctionsOfTheRunRecord() {
        ArchitectureRules.REPORTS_ARE_FUNCTIONS_OF_THE_RUN_RECORD.check(production);
    }

    @Test
    void theHistoryIsFilesOfRecords() {
        ArchitectureRules.THE_HISTORY_IS_FILES_OF_RECORDS.check(production);
    }

    @Test
    void onlyTheWiringKnowsTheTwin() {
        // an allowed class that no longer exists (renamed, moved) is an exception nobody needs any more
        assertThat(ArchitectureRules.TWIN_WIRING).allSatisfy(name -> assertThat(production.contain(name))
                .as("%s, allowed to know the twin, exists", name).isTrue());
        ArchitectureRules.ONLY_THE_WIRING_KNOWS_THE_TWIN.check(production);
    }

    @Test
    void onlyTheWiringKnowsTheAwsAdapters() {
        ArchitectureRules.ONLY_THE_WIRING_KNOWS_THE_AWS_ADAPTERS.check(production);
    }

    @Test
    void theTwinDependsOnNoSuitePackage() {
        ArchitectureRules.THE_TWIN_DEPENDS_ON_NO_SUITE_PACKAGE.check(production);
    }

    @Test
    void whatTheTwinsPartsShareStandsAlone() {
        ArchitectureRules.WHAT_THE_TWINS_PARTS_SHARE_STANDS_ALONE.check(production);
    }

    @Test
    void adaptersDoNotReachUpward() {
        ArchitectureRules.ADAPTERS_DO_NOT_REACH_UPWARD.check(production);
    }
}
