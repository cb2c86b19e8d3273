package dev.scalingsuite;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.scalingsuite.archfixtures.cycle.a.A;
import dev.scalingsuite.archfixtures.cycle.b.B;
import dev.scalingsuite.archfixtures.wiring.suite.Outsider;
import dev.scalingsuite.archfixtures.wiring.suite.Wiring;
import dev.scalingsuite.archfixtures.wiring.twin.Part;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link ArchitectureRules} fail on the deliberate violations in
 * {@code dev.scalingsuite.archfixtures}, naming the classes at fault, and pass where there is none.
 */
class ArchitectureRulesTest {

    private static final String FIXTURES = "dev.scalingsuite.archfixtures";
    private static final String TWIN_LIKE = FIXTURES + ".wiring.twin..";

    @Test
    void aPackageCycleFailsNamingTheSlicesAndTheClassesOnIt() {
        EvaluationResult result = ArchitectureRules.freeOfPackageCycles(FIXTURES + ".cycle").evaluate(fixtures("cycle"));

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("Cycle detected: Slice a -> ")
                .contains("Slice b -> ")
                .contains(A.class.getName())
                .contains(B.class.getName());
    }

    @Test
    void packagesThatDependOneWayPass() {
        JavaClasses classes = fixtures("wiring");
        assertThat(classes).isNotEmpty();

        assertThat(ArchitectureRules.freeOfPackageCycles(FIXTURES + ".wiring").evaluate(classes).hasViolation())
                .isFalse();
    }

    @Test
    void aClassOutsideTheWiringThatKnowsTheTwinFailsAndOnlyItIsNamed() {
        EvaluationResult result = ArchitectureRules.onlyTheseClassesDependOn(TWIN_LIKE, List.of(Wiring.class.getName()))
                .evaluate(fixtures("wiring"));

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("are none of [" + Wiring.class.getName() + "] (nor nested in them)");
        assertThat(result.getFailureReport().getDetails())
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains(Outsider.class.getName()).contains(Part.class.getName()));
    }

    @Test
    void theWiringAndItsNestedClassesMayKnowTheTwin() {
        JavaClasses classes = new ClassFileImporter().importClasses(Wiring.class, Wiring.Nested.class, Part.class);

        assertThat(ArchitectureRules.onlyTheseClassesDependOn(TWIN_LIKE, List.of(Wiring.class.getName()))
                .evaluate(classes).hasViolation()).isFalse();
    }

    @Test
    void theProductionImportSeesNoFixture() {
        assertThat(ArchitectureRules.importProduction()).isNotEmpty()
                .noneMatch(c -> c.getPackageName().startsWith(FIXTURES));
    }

    private static JavaClasses fixtures(String name) {
        return new ClassFileImporter().importPackages(FIXTURES + "." + name);
    }
}
