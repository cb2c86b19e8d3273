package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.twin.stack.TwinConfigException;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    void twoLoadHostsEachHaveAPortKeysAndASippHomeOfTheirOwn() throws Exception {
        TwinSettings settings = TwinSettings.of(Map.of("twin.workDir", workDir.toString(), "twin.sshUser",
                System.getProperty("user.name"), "twin.loadHosts", "2"), "twin.");
        try (Twin twin = Twin.start(settings)) {
            List<TwinEndpoints.Ssh> hosts = twin.endpoints().loadHosts();
            assertThat(hosts).hasSize(2);
            assertThat(hosts.get(0)).isEqualTo(twin.endpoints().ssh());
            assertThat(hosts.get(0).sippHome()).isEqualTo(workDir.resolve("sipp").toString());
            assertThat(hosts.get(1).sippHome()).isEqualTo(workDir.resolve("load1/sipp").toString());
            assertThat(hosts.get(1).privateKey()).startsWith(workDir.resolve("load1"));
            assertThat(hosts.get(1).port()).isPositive().isNotEqualTo(hosts.get(0).port())
                    .isEqualTo(twin.loadHosts().get(1).port());
            Path file = workDir.resolve("endpoints.json");
            twin.endpoints().write(file);
            assertThat(Files.readString(file)).contains("\"loadHosts\"", "\"port\" : " + hosts.get(1).port());
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
