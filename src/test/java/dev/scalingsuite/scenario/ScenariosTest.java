package dev.scalingsuite.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenariosTest {

    /** The project directory: surefire runs tests there. */
    private static final Scenarios PROJECT = Scenarios.in(Path.of(""));

    @Test
    void theFiveShippedScenariosLoadWithoutErrors() {
        assertThat(PROJECT.available()).contains("burst", "scale-in-protection", "steady-state", "sustained-24",
                "deploy-under-load");
        List<Scenario> all = PROJECT.loadAll();
        assertThat(all).extracting(Scenario::name).contains("burst", "scale-in-protection", "steady-state",
                "sustained-24", "deploy-under-load");
        assertThat(all).allSatisfy(s -> {
            assertThat(s.source()).isEqualTo("scenarios/" + s.name() + ".yaml");
            assertThat(s.description()).isNotBlank();
            assertThat(s.thresholds().maxDropped()).hasValue(0);
            assertThat(s.thresholds().maxFrontDoorFailures()).as("unset: the default applies").isEmpty();
            assertThat(s.thresholds().frontDoorFailuresAllowed()).isZero();
            assertThat(s.steps().get(s.steps().size() - 1)).isInstanceOfSatisfying(Step.Expect.class, last -> {
                assertThat(last.condition(ConditionKind.RUNNING)).map(Condition::value).contains(1);
                assertThat(last.condition(ConditionKind.ACTIVE_SESSIONS)).map(Condition::value).contains(0);
            });
        });
    }

    @Test
    void steadyStateScalesOutTwiceSpreadsAndComesBack() {
        Scenario s = PROJECT.load("steady-state");
        List<Step.Expect> expects = s.steps().stream().filter(Step.Expect.class::isInstance)
                .map(Step.Expect.class::cast).toList();
        assertThat(expects).anySatisfy(e -> assertThat(e.condition(ConditionKind.RUNNING_AT_LEAST))
                .map(Condition::value).contains(2));
        assertThat(expects).anySatisfy(e -> assertThat(e.condition(ConditionKind.RUNNING_AT_LEAST))
                .map(Condition::value).contains(3));
        assertThat(expects).anySatisfy(e -> assertThat(e.condition(ConditionKind.SPREAD_OVER)).isPresent());
        assertThat(s.thresholds().maxDropped()).hasValue(0);
        assertThat(s.thresholds().maxRejected()).hasValue(3);
        assertThat(expects).anySatisfy(e -> assertThat(e.condition(ConditionKind.ROUTABLE_AT_LEAST)).isPresent());
    }

    @Test
    void sustainedPlacesTwentyFourCalls() {
        assertThat(PROJECT.load("sustained-24").callsPlaced()).isEqualTo(24);
    }

    @Test
    void aMissingNameListsWhatIsAvailable(@TempDir Path base) throws IOException {
        Files.createDirectories(base.resolve("scenarios"));
        Files.writeString(base.resolve("scenarios/burst.yaml"), "steps: [{place-calls: {count: 1}}]");
        Files.writeString(base.resolve("scenarios/steady-state.yaml"), "steps: [{place-calls: {count: 1}}]");
        Files.writeString(base.resolve("scenarios/notes.txt"), "not a scenario");

        assertThatThrownBy(() -> Scenarios.in(base).load("nope"))
                .isInstanceOf(ScenarioException.class)
                .hasMessage("scenario 'nope' not found: looked for scenarios/nope.yaml; available: burst, steady-state");
    }

    @Test
    void noScenariosDirectoryAtAll(@TempDir Path base) {
        assertThatThrownBy(() -> Scenarios.in(base).load("nope"))
                .hasMessage("scenario 'nope' not found: looked for scenarios/nope.yaml; available: none in "
                        + base.toAbsolutePath().normalize().resolve("scenarios"));
    }

    @Test
    void aPathLoadsAnyYamlFile(@TempDir Path base) throws IOException {
        Files.createDirectories(base.resolve("mine"));
        Files.writeString(base.resolve("mine/quick.yaml"), "steps:\n  - place-calls: {count: 2}\n");

        Scenario s = Scenarios.in(base).load("mine/quick.yaml");
        assertThat(s.name()).isEqualTo("quick");
        assertThat(s.source()).isEqualTo("mine/quick.yaml");

        Scenario absolute = Scenarios.in(Path.of("/nonexistent")).load(base.resolve("mine/quick.yaml").toString());
        assertThat(absolute.name()).isEqualTo("quick");
    }

    @Test
    void aMissingPathSaysWhatIsAllowed(@TempDir Path base) {
        assertThatThrownBy(() -> Scenarios.in(base).load("mine/none.yaml"))
                .hasMessageStartingWith("scenario file mine/none.yaml not found; allowed: a scenario name (none in ")
                .hasMessageEndingWith(") or a path to a YAML file");
    }

    @Test
    void aPathTheFileSystemCannotHoldSaysWhatIsAllowed(@TempDir Path base) {
        // Found by ScenarioPropertiesTest: an InvalidPathException escaped instead.
        assertThatThrownBy(() -> Scenarios.in(base).load("mine/a\0b.yaml"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("scenario file mine/a\0b.yaml is not a valid path (Nul character not allowed); "
                        + "allowed: a scenario name (none in ")
                .hasMessageEndingWith(") or a path to a YAML file");
    }

    @Test
    void errorsNameTheFileAsScenariosSlashName(@TempDir Path base) throws IOException {
        Files.createDirectories(base.resolve("scenarios"));
        Files.writeString(base.resolve("scenarios/x.yaml"), "name: x\nsteps:\n  - place-call: {count: 6}\n");
        assertThatThrownBy(() -> Scenarios.in(base).load("x"))
                .hasMessage("scenarios/x.yaml:3: unknown step 'place-call'; "
                        + "allowed: place-calls, hold, expect, end-calls, end-all-calls, deploy");
    }

    @Test
    void aFileThatIsNotUtf8(@TempDir Path base) throws IOException {
        Path file = base.resolve("bad.yaml");
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0x41});
        assertThatThrownBy(() -> ScenarioLoader.load(file, "bad.yaml"))
                .hasMessage("bad.yaml:1: the file is not UTF-8 text; allowed: a UTF-8 YAML file");
    }
}
