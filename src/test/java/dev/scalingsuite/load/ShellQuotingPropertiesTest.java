package dev.scalingsuite.load;

import static dev.scalingsuite.scenario.YamlMutations.anyString;
import static dev.scalingsuite.scenario.YamlMutations.listOf;
import static dev.scalingsuite.scenario.YamlMutations.oneOf;
import static dev.scalingsuite.scenario.YamlMutations.pick;
import static dev.scalingsuite.scenario.YamlMutations.stringIn;
import static dev.scalingsuite.scenario.YamlMutations.stringOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.scenario.Tries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whatever a value holds, {@link Shell#quote} makes it one literal word for the shell: the real
 * {@code /bin/sh} prints it back byte for byte, and nothing in it runs. The load host's shell gets the
 * same text over SSH ({@code sh -c <command>}), so this is what keeps a configured value such as a
 * sipp-home from becoming a command. A failure prints the seed, the try and the value; rerun it with
 * {@code -Dproperties.seed=<seed>} (see {@link Tries}).
 */
class ShellQuotingPropertiesTest {

    private static Path dir;
    private static Path marker;

    @BeforeAll
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("shell-quoting");
        marker = dir.resolve("MARKER");
    }

    @AfterAll
    static void removeDir() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** Any text (but NUL, which no command line can carry): printf prints exactly it. */
    @Test
    void aQuotedValueIsOneLiteralWord() {
        Tries.check(200, t -> {
            String value = t.draw("value", ShellQuotingPropertiesTest::values);
            if (!theCommandLineCarries(value)) {
                t.outcome("not carried by a command line");
                return;
            }
            try {
                Result r = sh("printf %s " + Shell.quote(value));
                assertThat(r.exit()).as("exit of sh; stderr: %s", r.stderr()).isZero();
                assertThat(r.stdout()).isEqualTo(value);
                assertThat(marker).as("a file the value would have made if it ran").doesNotExist();
            } finally {
                Files.deleteIfExists(marker);
            }
        });
    }

    /** Several quoted words, joined as the load-host scripts join them: each comes back as it was, none runs. */
    @Test
    void joinedWordsStayWords() {
        Tries.check(100, t -> {
            List<String> words = t.draw("words", r -> listOf(r, 0, 5, ShellQuotingPropertiesTest::values));
            if (!words.stream().allMatch(ShellQuotingPropertiesTest::theCommandLineCarries)) {
                t.outcome("not carried by a command line");
                return;
            }
            try {
                Result r = sh("cd " + Shell.quote(dir.toString()) + " && printf '%s\\0' " + Shell.join(words));
                assertThat(r.exit()).as("exit of sh; stderr: %s", r.stderr()).isZero();
                List<String> back = new ArrayList<>(Arrays.asList(r.stdout().split("\0", -1)));
                assertThat(back.remove(back.size() - 1)).isEmpty();
                assertThat(back).isEqualTo(words.isEmpty() ? List.of("") : words);
                assertThat(marker).doesNotExist();
            } finally {
                Files.deleteIfExists(marker);
            }
        });
    }

    private static final List<String> PAYLOADS = List.of("$(touch %s)", "`touch %s`", "; touch %s", "&& touch %s",
            "| touch %s", "\ntouch %s\n", "'; touch %s; '", "\"; touch %s; \"", "'\"'\"'; touch %s #",
            "\\'; touch %s; echo '", "${IFS}$(touch${IFS}%s)", "$((1))$(touch %s)", "> %s", ">> %s",
            "< /dev/null > %s", "*; touch %s", "~; touch %s", "$'\\x27'; touch %s");

    static String values(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> noise(r);
            case 1 -> noise(r) + pick(r, PAYLOADS).replace("%s", marker.toString()) + noise(r);
            default -> pick(r, "", "'", "''", "\\", "\\\\", "-n", "--", "-", "%s", "%%", "$HOME", "$0", "!!", "*",
                    "\r", "\u00e9\u4e2d\uD83D\uDE00", "\u007f", "\u0001\u0002\u001b[2J");
        };
    }

    private static String noise(Random r) {
        return oneOf(r, x -> stringOf(x, "'\"`$\\;|&<>(){}[]*?~!# \t\n=%^-", 0, 12),
                x -> anyString(x, 0, 12),
                x -> stringIn(x, '\0', '\u007f', 0, 20));
    }

    // ---- running sh ----

    /** What a command line can carry: no NUL, no lone surrogates, and in the JVM's encoding for arguments. */
    private static boolean theCommandLineCarries(String value) {
        Charset arguments = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        return value.indexOf('\0') < 0
                && value.codePoints().noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)
                && (arguments.newEncoder().canEncode(value) && arguments.equals(StandardCharsets.UTF_8)
                        || value.chars().allMatch(c -> c < 128));
    }

    record Result(int exit, String stdout, String stderr) {
    }

    private static Result sh(String command) {
        try {
            Process p = new ProcessBuilder(List.of("/bin/sh", "-c", command)).directory(dir.toFile()).start();
            p.getOutputStream().close();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("sh did not end within 10 s: " + command);
            }
            return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in; ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            in.transferTo(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
