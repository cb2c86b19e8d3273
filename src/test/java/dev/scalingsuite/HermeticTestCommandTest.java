package dev.scalingsuite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HermeticTestCommandTest {

    @TempDir
    Path project;

    @Test
    void aCleanProjectAndNoSuitePropertyPass() {
        assertThat(HermeticTestCommand.findings(project, List.of("java.version", "user.home", "aborts.runs"))).isEmpty();
    }

    @Test
    void aStrayConfigFileAndInheritedPropertiesAreEachNamedWithoutTheirValues() throws Exception {
        Files.writeString(project.resolve("config.yaml"), "dry-run: true\n");

        List<String> found = HermeticTestCommand.findings(project,
                List.of("scaling.twin.faults", "java.version", "scaling.dryRun"));

        assertThat(HermeticTestCommand.message(found)).isEqualTo("The test command (./mvnw verify -Pfull) runs every "
                + "test on its own settings and refuses to start with " + project.toAbsolutePath().normalize()
                + "/config.yaml (a suite configuration), -Dscaling.dryRun (a system property, from the command line or "
                + "MAVEN_OPTS), -Dscaling.twin.faults (a system property, from the command line or MAVEN_OPTS). Move "
                + "the file away or drop the property; to run a scenario with them, use ./mvnw verify -Pscenario=NAME.");
    }
}
