package dev.scalingsuite.twin.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code ip netns add} is the probe: where it fails, nothing is made and the failure says why in one line
 * (the suite then keeps its twin on loopback and prints it); where it works, everything made is deleted
 * again.
 */
class NetnsTopologyTest {

    private static final long PID = ProcessHandle.current().pid();

    @Test
    void aRefusedIpNetnsAddIsTheAnswerAndLeavesNothing() {
        Ip ip = Ip.find().orElse(null);
        Assumptions.assumeTrue(ip != null, "no ip command here");
        String taken = NetnsTopology.PREFIX + PID + "-990-stack";
        Assumptions.assumeTrue(ip.run("netns", "add", taken).ok(), "no network namespaces here");
        try {
            NetnsTopology.Failed failed = catchThrowableOfType(NetnsTopology.Failed.class,
                    () -> NetnsTopology.create(ip, PID, 990, 1));
            assertThat(failed.getMessage()).startsWith("`ip netns add` failed: ").doesNotContain("\n");
            assertThat(ip.run("netns", "list").out()).doesNotContain(NetnsTopology.PREFIX + PID + "-990-load0");
        } finally {
            ip.run("netns", "del", taken);
        }
    }

    @Test
    void whatItMakesItDeletes() throws Exception {
        Optional<Ip> found = Ip.find();
        Assumptions.assumeTrue(found.isPresent(), "no ip command here");
        Ip ip = found.get();
        NetnsTopology t;
        try {
            t = NetnsTopology.create(ip, PID, 991, 1);
        } catch (NetnsTopology.Failed e) {
            Assumptions.abort("no network namespaces here: " + e.getMessage());
            return;
        }
        try {
            assertThat(t.apiAddress()).startsWith("198.19.");
            assertThat(ip.run("-n", t.loadNamespaces().get(0), "-o", "route", "get", t.sipAddress()).out())
                    .as("the load host's route to the SIP entry").contains("src " + t.loadHostAddress(0));
            assertThat(ip.run("-n", t.stackNamespace(), "-o", "addr", "show").out())
                    .contains("inet 198.18.1.1/32", "inet 198.18.2.1/32", "inet 198.18.2.254/32", t.apiAddress() + "/30");
        } finally {
            t.delete();
        }
        assertThat(ip.run("netns", "list").out()).doesNotContain(t.base() + "-");
        assertThat(ip.run("link", "show", "dev", t.rootLinkName()).ok()).isFalse();
    }
}
