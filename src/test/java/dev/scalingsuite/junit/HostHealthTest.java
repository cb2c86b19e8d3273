package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostHealthTest {

    @Test
    void anInstanceThatPlacedEveryCallAndHasNoneUpFinished() {
        // as when the far end hung up on each call, or refused each
        assertThat(HostHealth.died("uac-1", 4, Optional.of(4L), 0)).isEmpty();
    }

    @Test
    void anInstanceGoneWithCallsUpOrToPlaceDied() {
        assertThat(HostHealth.died("uac-1", 4, Optional.of(4L), 2))
                .contains("its SIPp uac-1 exited with 2 call(s) up");
        assertThat(HostHealth.died("uac-2", 4, Optional.of(1L), 1))
                .contains("its SIPp uac-2 exited with 1 call(s) up and 3 of its 4 call(s) still to place");
        assertThat(HostHealth.died("uac-3", 4, Optional.empty(), 0))
                .contains("its SIPp uac-3 exited with no call counted of its 4");
    }
}
