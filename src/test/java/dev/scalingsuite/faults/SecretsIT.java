package dev.scalingsuite.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.junit.ScalingScenario;
import dev.scalingsuite.junit.ScenarioSteps;
import dev.scalingsuite.testing.ScenarioTestKit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants random credentials in an endpoints file (the twin takes any) and reads the SSH private key,
 * runs a passing and a failing scenario against a standalone twin, and finds none of the secrets in
 * anything the runs left: console output, reports, timelines, Allure results.
 */
class SecretsIT {

    @TempDir
    Path dir;

    @Test
    void noSecretAppearsInAnyArtifactOfAPassingOrAFailingRun() throws Exception {
        try (StandaloneTwin twin = StandaloneTwin.start(dir.resolve("twin"), Map.of("timeScale", "30"))) {
            PlantedSecrets planted = PlantedSecrets.plant(twin.endpoints(), dir);

            Path allure = Path.of(System.getProperty("allure.results.directory", "allure-results"));
            long allureBefore = System.currentTimeMillis();
            ScenarioTestKit kit = ScenarioTestKit.run(AnyScenarioTestCases.class).withEndpoints(planted.endpoints());
            String console = captureConsole(() -> {
                kit.withScenario("scenarios/probes/hold-calls.yaml").reportsIn(dir.resolve("reports-pass")).execute();
                kit.withScenario("src/test/resources/probes/impossible.yaml").reportsIn(dir.resolve("reports-fail"))
                        .execute();
            });

            assertThat(console).contains("hold-calls: PASSED", "impossible: FAILED");
            List<Path> artifacts = new ArrayList<>(PlantedSecrets.files(dir.resolve("reports-pass"), 0));
            artifacts.addAll(PlantedSecrets.files(dir.resolve("reports-fail"), 0));
            artifacts.addAll(PlantedSecrets.files(allure, allureBefore));
            assertThat(artifacts).hasSizeGreaterThan(10);
            planted.assertNoneIn(console, "console output");
            planted.assertNoneIn(artifacts);
        }
    }

    /** Everything written to System.out and System.err while {@code body} runs, still shown as it happens. */
    private static String captureConsole(ThrowingRunnable body) throws Exception {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(new PrintStream(new Tee(out, copy), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, copy), true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return copy.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        Tee(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }

    @ScalingScenario
    static class AnyScenarioTestCases implements ScenarioSteps {
    }
}
