package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees on the console for their own mistakes, from the command line as they run it
 * ({@code ./mvnw verify -Pscenario=custom -Dscaling.scenario=...}, offline, in this build's project):
 * the message, once, and no stack frame under it.
 */
class ConsoleErrorsIT {

    private static final Pattern FRAME = Pattern.compile("(?m)^\\s+at [\\w.$]+\\(");

    @TempDir
    Path dir;

    private String maven(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("./mvnw", "-o", "-q", "-B", "verify", "-Pscenario=custom",
                "-Dsuite.failsafe.reports=" + dir.resolve("reports")));
        command.addAll(List.of(args));
        Path out = dir.resolve("maven-" + System.nanoTime() + ".log");
        Process maven = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!maven.waitFor(3, TimeUnit.MINUTES)) {
            maven.destroyForcibly();
            throw new AssertionError("Maven did not finish in 3 minutes: " + String.join(" ", command));
        }
        assertThat(maven.exitValue()).as("the build fails").isNotZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static void printedOnceWithoutFrames(String output, String message) {
        assertThat(FRAME.matcher(output).find()).as("a stack frame in:%n%s", output).isFalse();
        assertThat(output.split(Pattern.quote(message), -1)).as("printed once in:%n%s", output).hasSize(2);
    }

    @Test
    void aScenarioWithSeveralMistakesAnUnknownScenarioAndAnUnknownKeyEachPrintTheirMessageAlone() throws Exception {
        Path scenario = dir.resolve("mistakes.yaml");
        Files.writeString(scenario, """
                name: mistakes
                description: three mistakes
                invariants:
                  no-flaping: 10m
                steps:
                  - place-calls: {count: 0, rate: 1, period: 5s}
                  - hold: {duration: banana}
                """);
        printedOnceWithoutFrames(maven("-Dscaling.scenario=" + scenario),
                "3 problems in " + scenario + ":\n" + scenario + ":4: unknown key 'no-flaping' in invariants");

        printedOnceWithoutFrames(maven("-Dscaling.scenario=no-such-scenario"),
                "scenario 'no-such-scenario' not found: looked for scenarios/no-such-scenario.yaml");

        printedOnceWithoutFrames(maven("-Dscaling.scenario=steady-state", "-Dscaling.regoin=eu-west-1"),
                "-Dscaling.regoin: unknown key 'regoin'; allowed: target, region,");
    }
}
