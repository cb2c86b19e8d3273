package dev.scalingsuite.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class UacTest {

    private final UacSpec spec = Uac.calls(24).every(Duration.ofMillis(500)).atMostConcurrent(30).to("10.0.1.5", 5060);

    @Test
    void theStagesBuildACompleteShape() {
        assertThat(spec.count()).isEqualTo(24);
        assertThat(spec.rate()).isEqualTo(1);
        assertThat(spec.period()).isEqualTo(Duration.ofMillis(500));
        assertThat(spec.limit()).isEqualTo(30);
        assertThat(spec.scenario()).isEqualTo("scenarios/uac.xml");
        assertThat(spec.audio()).isEmpty();
        assertThat(spec.withAudio("x.pcmu").audio()).contains("x.pcmu");
        assertThat(spec.audio()).as("immutable").isEmpty();
    }

    @Test
    void theCommandLineFollowsTheSippContract() {
        List<String> args = spec.boundTo("10.0.2.15").commandLine("caller.xml", new UacSpec.Ports(21000, 25000, 29000));
        assertThat(String.join(" ", args)).isEqualTo("sipp 10.0.1.5:5060 -sf caller.xml -m 24 -r 1 -rp 500 -l 30"
                + " -i 10.0.2.15 -p 21000 -mp 25000 -cp 29000 -ci 10.0.2.15 -trace_stat -fd 1 -trace_counts"
                + " -trace_rtt -rtt_freq 1 -trace_logs -trace_err -bg");
        assertThat(spec.boundTo("10.0.2.15").withMessageTrace().commandLine("c.xml", new UacSpec.Ports(1, 2, 3)))
                .endsWith("-trace_msg");
    }

    @Test
    void theLoadHostDecidesTheAddressUnlessTheSpecBindsOne() {
        assertThat(spec.bindAddress()).as("unbound: the load host's own address, decided there").isEmpty();
        assertThatThrownBy(() -> spec.commandLine("caller.xml", new UacSpec.Ports(1, 2, 3)))
                .hasMessageContaining("the load host decides it");
        assertThat(spec.boundTo("198.18.0.2").bindAddress()).contains("198.18.0.2");
        assertThatThrownBy(() -> spec.boundTo("1.2.3.4; reboot")).hasMessageContaining("1.2.3.4; reboot");
    }

    @Test
    void badShapesFailWithAMessage() {
        assertThatThrownBy(() -> Uac.calls(0)).hasMessageContaining("at least 1 call");
        assertThatThrownBy(() -> Uac.calls(1).at(0, Duration.ofSeconds(1))).hasMessageContaining("call rate");
        assertThatThrownBy(() -> Uac.calls(1).every(Duration.ZERO)).hasMessageContaining("at least 1 ms");
        assertThatThrownBy(() -> Uac.calls(1).perSecond(1).atMostConcurrent(0)).hasMessageContaining("limit");
        assertThatThrownBy(() -> Uac.calls(1).perSecond(1).atMostConcurrent(1).to("h", 70000))
                .hasMessageContaining("Target port 70000");
    }
}
