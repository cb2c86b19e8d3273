package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.twin.stack.TwinConfigException;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TwinLoadHostTest {

    @TempDir
    Path workDir;

    @Test
    void theTwinStartsTheLoadHostAndAdvertisesIt() throws Exception {
        TwinSettings settings = TwinSettings.of(Map.of("twin.workDir", workDir.toString(), "twin.sshUser",
                System.getProperty("user.name")), "twin.");
        try (Twin twin = Twin.start(settings)) {
            TwinEndpoints.Ssh ssh = twin.endpoints().ssh();
            assertThat(ssh.host()).isEqualTo("127.0.0.1");
            assertThat(ssh.port()).isEqualTo(twin.loadHost().port()).isPositive();
            assertThat(ssh.knownHosts()).exists().startsWith(workDir);
            assertThat(ssh.sippHome()).isEqualTo(workDir.resolve("sipp").toString());
            Path file = workDir.resolve("endpoints.json");
            twin.endpoints().write(file);
            assertThat(Files.readString(file)).contains("\"ssh\"", "\"knownHosts\"", "\"sippHome\"",
                    "\"port\" : " + ssh.port());
        }
    }

    @Test
    void aUserNameThatIsNoNameIsRejected() {
        assertThatThrownBy(() -> TwinSettings.of(Map.of("twin.sshUser", "root; id"), "twin."))
                .isInstanceOf(TwinConfigException.class)
                .hasMessageContaining("twin.sshUser");
        assertThat(TwinSettings.defaults().sshUser()).isEmpty();
        assertThat(TwinSettings.defaults().sshPort()).isZero();
    }
}
