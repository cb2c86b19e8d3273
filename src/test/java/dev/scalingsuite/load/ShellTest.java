package dev.scalingsuite.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ShellTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"plain", "a'b", "'", "''", "$(touch MARKER)", "`touch MARKER`", "; touch MARKER",
            "x && touch MARKER", "| touch MARKER", "$HOME", "a\nb; touch MARKER", "\\'; touch MARKER; echo '",
            "*", "~", "--", "-n", "\"; touch MARKER; \""})
    void aQuotedValueIsOneLiteralWordForTheShell(String value) throws Exception {
        Process sh = new ProcessBuilder(List.of("/bin/sh", "-c", "printf '%s' " + Shell.quote(value)))
                .directory(dir.toFile()).start();
        assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(value);
        assertThat(dir.resolve("MARKER")).doesNotExist();
    }

    @Test
    void joinQuotesEveryWord() {
        assertThat(Shell.join(List.of("sipp", "a b", "it's"))).isEqualTo("'sipp' 'a b' 'it'\"'\"'s'");
    }

    @Test
    void valuesAreCheckedBeforeTheyReachTheHost() {
        assertThatThrownBy(() -> Shell.host("127.0.0.1; reboot")).hasMessageContaining("Host '127.0.0.1; reboot'");
        assertThatThrownBy(() -> Shell.callId("1-2@h$(id)")).hasMessageContaining("Call-ID");
        assertThatThrownBy(() -> Uac.calls(1).perSecond(1).atMostConcurrent(1).to("h", 5060)
                .withScenario("scenarios/../../etc/passwd.xml")).hasMessageContaining("must not contain '..'");
        assertThatThrownBy(() -> Uac.calls(1).perSecond(1).atMostConcurrent(1).to("h", 5060)
                .withAudio("a|b.pcmu")).hasMessageContaining("Audio file 'a|b.pcmu' is not allowed");
        assertThat(Shell.callId("12-3456@127.0.0.1")).isEqualTo("12-3456@127.0.0.1");
    }
}
