package dev.scalingsuite.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Random AWS credentials planted in a copy of a twin's endpoints file (the twin takes any), with the
 * lines of the load host's private key: none of them may appear in anything a run leaves.
 */
record PlantedSecrets(Path endpoints, List<String> secrets) {

    static PlantedSecrets plant(Path twinEndpoints, Path dir) throws IOException {
        SecureRandom random = new SecureRandom();
        String accessKey = "AKIA" + HexFormat.of().formatHex(random.generateSeed(8)).toUpperCase();
        String secretKey = HexFormat.of().formatHex(random.generateSeed(20));
        ObjectMapper json = new ObjectMapper();
        ObjectNode endpoints = (ObjectNode) json.readTree(twinEndpoints.toFile());
        ((ObjectNode) endpoints.get("credentials")).put("accessKeyId", accessKey).put("secretAccessKey", secretKey);
        Files.createDirectories(dir);
        Path planted = dir.resolve("planted-endpoints.json");
        json.writeValue(planted.toFile(), endpoints);
        List<String> secrets = new ArrayList<>(List.of(accessKey, secretKey));
        // the private key's body, line by line: any line of it in an artifact is a leak
        Files.readAllLines(Path.of(endpoints.get("ssh").get("privateKey").asText())).stream()
                .filter(l -> !l.startsWith("-----") && l.length() >= 16).forEach(secrets::add);
        assertThat(secrets).hasSizeGreaterThan(3);
        return new PlantedSecrets(planted, List.copyOf(secrets));
    }

    /** Every regular file under {@code root} modified at or after {@code modifiedAfter} (epoch ms). */
    static List<Path> files(Path root, long modifiedAfter) throws IOException {
        List<Path> into = new ArrayList<>();
        if (Files.exists(root)) {
            try (var files = Files.walk(root)) {
                files.filter(Files::isRegularFile).filter(f -> f.toFile().lastModified() >= modifiedAfter)
                        .forEach(into::add);
            }
        }
        return into;
    }

    void assertNoneIn(String text, String what) {
        for (String secret : secrets) {
            assertThat(text).as(what).doesNotContain(secret);
        }
    }

    void assertNoneIn(List<Path> artifacts) throws IOException {
        for (Path file : artifacts) {
            assertNoneIn(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1), file.toString());
        }
    }
}
