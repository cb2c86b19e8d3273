package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;

class TwinConsoleTest {

    @RegisterExtension
    static final TwinFixture TWIN = new TwinFixture();

    private final TwinConsole console = new TwinConsole(TWIN.twin());

    @AfterEach
    void allUp() {
        TWIN.twin().apiFaults().down(java.util.Set.of());
    }

    private CloudWatchLogsClient logs() {
        return TWIN.client(CloudWatchLogsClient.builder().overrideConfiguration(ClientOverrideConfiguration.builder()
                .apiCallTimeout(Duration.ofSeconds(10)).retryStrategy(b -> b.maxAttempts(1)).build()));
    }

    @Test
    void apiDownAnswersThatServiceWith503UntilApiUp() {
        try (CloudWatchLogsClient logs = logs()) {
            assertThat(console.execute("api-down logs,ssm")).isEqualTo("API down: logs, ssm");
            assertThatThrownBy(() -> logs.describeLogGroups()).isInstanceOf(CloudWatchLogsException.class)
                    .satisfies(e -> assertThat(((CloudWatchLogsException) e).statusCode()).isEqualTo(503));

            assertThat(console.execute("api-up")).isEqualTo("API up");
            assertThat(logs.describeLogGroups().logGroups()).isNotEmpty();
        }
    }

    @Test
    void restartSshKeepsThePort() {
        int port = TWIN.twin().loadHost().port();
        assertThat(console.execute("restart-ssh")).isEqualTo("SSH load host restarted on port " + port);
        assertThat(TWIN.twin().loadHost().isRunning()).isTrue();
    }

    @Test
    void unknownInputSaysWhatIsAllowedAndChangesNothing() {
        assertThat(console.execute("api-down lambda")).isEqualTo("unknown service 'lambda' in 'api-down lambda'; "
                + "allowed: " + TwinConsole.ALLOWED);
        assertThat(console.execute("reboot")).isEqualTo("unknown command 'reboot'; allowed: " + TwinConsole.ALLOWED);
        assertThat(TWIN.twin().apiFaults().down()).isEmpty();
    }

    @Test
    void commandsAreReadLineByLineFromTheInput() throws Exception {
        console.startReading(new ByteArrayInputStream("\napi-down sts\n".getBytes(StandardCharsets.UTF_8)));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (TWIN.twin().apiFaults().down().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(TWIN.twin().apiFaults().down()).containsExactly("sts");
    }
}
