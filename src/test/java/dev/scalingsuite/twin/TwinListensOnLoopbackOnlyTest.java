package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every socket this JVM listens on while a twin runs (its AWS endpoint, DynamoDB Local, the SSH load
 * host, the SIP front door, the NLB listener, the agents' HTTP ports, the tasks' SIP and RTP ports) is
 * bound to the loopback address, as the kernel reports it in {@code /proc/net}.
 */
@EnabledOnOs(OS.LINUX)
class TwinListensOnLoopbackOnlyTest {

    @RegisterExtension
    static final TwinFixture TWIN = new TwinFixture();

    private static final Set<String> LOOPBACK = Set.of("0100007F", "0000000000000000FFFF00000100007F",
            "00000000000000000000000001000000");

    @Test
    void everyListeningSocketOfTheTwinIsOnLoopback() throws IOException {
        String task;
        synchronized (TWIN.twin().stack()) {
            task = TWIN.twin().stack().ecs().tasksWithStatus("RUNNING").get(0).id();
        }
        int agentPort = TWIN.twin().sip().agentPort(task).orElseThrow();
        Set<String> ours = socketInodes();
        List<String> listening = new ArrayList<>();
        List<String> exposed = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            List<String> lines = Files.readAllLines(Path.of("/proc/net", table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                String local = f[1];
                boolean listens = table.startsWith("udp") ? f[2].endsWith(":0000") : f[3].equals("0A");
                if (listens && ours.contains(f[9])) {
                    String address = local.substring(0, local.indexOf(':'));
                    int port = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
                    listening.add(table.replace("6", "") + " " + port); // Java binds IPv4 as v4-mapped IPv6
                    if (!LOOPBACK.contains(address)) {
                        exposed.add(table + " " + address + ":" + port);
                    }
                }
            }
        }
        var endpoints = TWIN.twin().endpoints();
        assertThat(listening).as("the twin's own ports are among them").contains(
                "tcp " + endpoints.aws().getPort(), "tcp " + endpoints.dynamodb().getPort(),
                "tcp " + endpoints.ssh().port(), "udp " + endpoints.sip().substring(endpoints.sip().indexOf(':') + 1),
                "tcp " + TWIN.twin().sip().nlbPort(), "tcp " + agentPort);
        assertThat(exposed).as("sockets bound beyond loopback").isEmpty();
    }

    /** The inodes of this process's sockets, from its file descriptors. */
    private static Set<String> socketInodes() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closed) {
                    // closed while we listed
                }
            }
        }
        return inodes;
    }
}
