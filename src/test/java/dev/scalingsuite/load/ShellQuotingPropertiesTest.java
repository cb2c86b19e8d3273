package dev.scalingsuite.load;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever a value holds, {@link Shell#quote} makes it one literal word for the shell: the real
 * {@code /bin/sh} prints it back byte for byte, and nothing in it runs. The load host's shell gets the
 * same text over SSH ({@code sh -c <command>}), so this is what keeps a configured value such as a
 * sipp-home from becoming a command. A failure prints the seed; rerun it with
 * {@code @Property(seed = "...")}.
 */
class ShellQuotingPropertiesTest {

    private static Path dir;
    private static Path marker;

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("shell-quoting");
        marker = dir.resolve("MARKER");
    }

    @AfterTry
    void noMarkerLeft() throws IOException {
        Files.deleteIfExists(marker);
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** Any text (but NUL, which no command line can carry): printf prints exactly it. */
    @Property(tries = 200)
    void aQuotedValueIsOneLiteralWord(@ForAll("values") String value) {
        assumeTheCommandLineCarries(value);
        Result r = sh("printf %s " + Shell.quote(value));
        assertThat(r.exit()).as("exit of sh; stderr: %s", r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo(value);
        assertThat(marker).as("a file the value would have made if it ran").doesNotExist();
    }

    /** Several quoted words, joined as the load-host scripts join them: each comes back as it was, none runs. */
    @Property(tries = 100)
    void joinedWordsStayWords(@ForAll("wordLists") List<String> words) {
        words.forEach(ShellQuotingPropertiesTest::assumeTheCommandLineCarries);
        Result r = sh("cd " + Shell.quote(dir.toString()) + " && printf '%s\\0' " + Shell.join(words));
        assertThat(r.exit()).as("exit of sh; stderr: %s", r.stderr()).isZero();
        List<String> back = new ArrayList<>(Arrays.asList(r.stdout().split("\0", -1)));
        assertThat(back.remove(back.size() - 1)).isEmpty();
        assertThat(back).isEqualTo(words.isEmpty() ? List.of("") : words);
        assertThat(marker).doesNotExist();
    }

    @Provide
    Arbitrary<String> values() {
        Arbitrary<String> payload = Arbitraries.of("$(touch %s)", "`touch %s`", "; touch %s", "&& touch %s",
                "| touch %s", "\ntouch %s\n", "'; touch %s; '", "\"; touch %s; \"", "'\"'\"'; touch %s #",
                "\\'; touch %s; echo '", "${IFS}$(touch${IFS}%s)", "$((1))$(touch %s)", "> %s", ">> %s",
                "< /dev/null > %s", "*; touch %s", "~; touch %s", "$'\\x27'; touch %s")
                .map(p -> p.replace("%s", marker.toString()));
        Arbitrary<String> noise = Arbitraries.oneOf(
                Arbitraries.strings().withChars("'\"`$\\;|&<>(){}[]*?~!# \t\n=%^-").ofMaxLength(12),
                Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.strings().ascii().ofMaxLength(20));
        return Arbitraries.oneOf(
                noise,
                Combinators.combine(noise, payload, noise).as((a, p, b) -> a + p + b),
                Arbitraries.of("", "'", "''", "\\", "\\\\", "-n", "--", "-", "%s", "%%", "$HOME", "$0", "!!", "*",
                        "\r", "\u00e9\u4e2d\uD83D\uDE00", "\u007f", "\u0001\u0002\u001b[2J"));
    }

    @Provide
    Arbitrary<List<String>> wordLists() {
        return values().list().ofMaxSize(5);
    }

    // ---- running sh ----

    /** What a command line can carry: no NUL, no lone surrogates, and in the JVM's encoding for arguments. */
    private static void assumeTheCommandLineCarries(String value) {
        Assume.that(value.indexOf('\0') < 0);
        Assume.that(value.codePoints().noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE));
        Charset arguments = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        Assume.that(arguments.newEncoder().canEncode(value) && arguments.equals(StandardCharsets.UTF_8)
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
