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

    @Test
    void eachLoadHostGetsANamespaceLinkAndAddressOfItsOwn() throws Exception {
        Optional<Ip> found = Ip.find();
        Assumptions.assumeTrue(found.isPresent(), "no ip command here");
        Ip ip = found.get();
        NetnsTopology t;
        try {
            t = NetnsTopology.create(ip, PID, 992, 2);
        } catch (NetnsTopology.Failed e) {
            Assumptions.abort("no network namespaces here: " + e.getMessage());
            return;
        }
        try {
            assertThat(t.loadNamespaces()).containsExactly(t.base() + "-load0", t.base() + "-load1");
            assertThat(t.namespaces()).as("load hosts first: they are deleted first")
                    .containsExactly(t.base() + "-load0", t.base() + "-load1", t.base() + "-stack");
            assertThat(t.loadHostAddress(0)).isEqualTo("198.18.0.2");
            assertThat(t.loadHostAddress(1)).isEqualTo("198.18.0.6");
            assertThat(ip.run("netns", "list").out()).contains(t.base() + "-load0", t.base() + "-load1");
            assertThat(ip.run("-n", t.stackNamespace(), "-o", "-4", "addr", "show").out())
                    .as("the stack's end of each load host's link")
                    .contains("load0    inet 198.18.0.1/30", "load1    inet 198.18.0.5/30");
            for (int k = 0; k < 2; k++) {
                String ns = t.loadNamespaces().get(k);
                assertThat(ip.run("-n", ns, "-o", "-4", "addr", "show", "dev", "stack0").out())
                        .contains("inet " + t.loadHostAddress(k) + "/30");
                assertThat(ip.run("-n", ns, "-o", "route", "get", t.sipAddress()).out())
                        .as("load host %d's route to the SIP entry: through its own link, from its own address", k)
                        .contains("via 198.18.0." + (4 * k + 1), "src " + t.loadHostAddress(k));
            }
            assertThat(t.deleteScript()).contains("netns del " + t.base() + "-load0", "netns del " + t.base() + "-load1",
                    "netns del " + t.base() + "-stack");
        } finally {
            t.delete();
        }
        assertThat(ip.run("netns", "list").out()).doesNotContain(t.base() + "-");
        assertThat(ip.run("link", "show", "dev", t.rootLinkName()).ok()).isFalse();
    }
}
