package dev.scalingsuite.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingsuite.junit.ScalingScenario;
import dev.scalingsuite.junit.ScenarioSteps;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

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
        SecureRandom random = new SecureRandom();
        String accessKey = "AKIA" + HexFormat.of().formatHex(random.generateSeed(8)).toUpperCase();
        String secretKey = HexFormat.of().formatHex(random.generateSeed(20));
        try (StandaloneTwin twin = StandaloneTwin.start(dir.resolve("twin"), Map.of("timeScale", "30"))) {
            ObjectMapper json = new ObjectMapper();
            ObjectNode endpoints = (ObjectNode) json.readTree(twin.endpoints().toFile());
            ((ObjectNode) endpoints.get("credentials")).put("accessKeyId", accessKey).put("secretAccessKey", secretKey);
            Path planted = dir.resolve("planted-endpoints.json");
            json.writeValue(planted.toFile(), endpoints);
            List<String> secrets = new ArrayList<>(List.of(accessKey, secretKey));
            // the private key's body, line by line: any line of it in an artifact is a leak
            Files.readAllLines(Path.of(endpoints.get("ssh").get("privateKey").asText())).stream()
                    .filter(l -> !l.startsWith("-----") && l.length() >= 16).forEach(secrets::add);
            assertThat(secrets).hasSizeGreaterThan(3);

            Path allure = Path.of(System.getProperty("allure.results.directory", "allure-results"));
            long allureBefore = System.currentTimeMillis();
            String console = captureConsole(() -> {
                run(planted, "scenarios/probes/hold-calls.yaml", dir.resolve("reports-pass"));
                run(planted, "src/test/resources/probes/impossible.yaml", dir.resolve("reports-fail"));
            });

            assertThat(console).contains("hold-calls: PASSED", "impossible: FAILED");
            List<Path> artifacts = new ArrayList<>();
            collect(dir.resolve("reports-pass"), artifacts, 0);
            collect(dir.resolve("reports-fail"), artifacts, 0);
            collect(allure, artifacts, allureBefore);
            assertThat(artifacts).hasSizeGreaterThan(10);
            for (String secret : secrets) {
                assertThat(console).as("console output").doesNotContain(secret);
                for (Path file : artifacts) {
                    assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                            .doesNotContain(secret);
                }
            }
        }
    }

    private static void run(Path endpoints, String scenario, Path reports) {
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter("scaling.endpoints", endpoints.toString())
                .configurationParameter("scaling.scenario", scenario)
                .configurationParameter("scaling.reports-dir", reports.toString())
                .selectors(selectClass(AnyScenarioTestCases.class)).execute();
    }

    private static void collect(Path root, List<Path> into, long modifiedAfter) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (var files = Files.walk(root)) {
            files.filter(Files::isRegularFile)
                    .filter(f -> f.toFile().lastModified() >= modifiedAfter)
                    .forEach(into::add);
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
