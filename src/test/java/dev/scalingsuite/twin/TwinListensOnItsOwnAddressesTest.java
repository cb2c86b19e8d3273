package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.config.Endpoints;
import dev.scalingsuite.twin.netns.NetnsTwin;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every socket the twin listens on (its AWS endpoint, DynamoDB Local, the SSH load host, the SIP front
 * door and its media, the NLB listener, the agents' HTTP ports, the tasks' SIP and RTP ports) is bound to
 * one of the twin's own addresses, as the kernel reports it in {@code /proc/<pid>/net}, in the topology
 * the suite runs its twin in here (docs/twin.md, Topology):
 * <ul>
 *   <li>in network namespaces: the APIs on the stack's end of the root namespace's link, the front door
 *       and the NLB on the SIP address, each task on an address of its own in 198.18.2.0/24; none on a
 *       wildcard or loopback address, and all in a namespace that is not the harness's;</li>
 *   <li>in-process, where namespaces cannot be made: every one on loopback.</li>
 * </ul>
 */
@EnabledOnOs(OS.LINUX)
class TwinListensOnItsOwnAddressesTest {

    private static final Pattern V4_MAPPED = Pattern.compile("0000000000000000FFFF0000([0-9A-F]{8})");

    /** One listening socket: {@code tcp 198.18.1.1:5060}. */
    record Listening(String protocol, String address, int port) {
        @Override
        public String toString() {
            return protocol + " " + address + ":" + port;
        }
    }

    @Test
    void everyListeningSocketOfTheTwinIsOnOneOfItsOwnAddresses(@TempDir Path dir) throws Exception {
        NetnsTwin twin;
        try {
            twin = NetnsTwin.start(Map.of("timeScale", "10"), dir, line -> { });
        } catch (NetnsTwin.Unavailable e) {
            onLoopback();
            return;
        }
        try (twin) {
            inNamespaces(twin);
        }
        assertThat(twin.leftNothing()).as("namespaces and root link deleted").isTrue();
    }

    private static void inNamespaces(NetnsTwin twin) throws Exception {
        long pid = ProcessHandle.of(twin.pid()).orElseThrow().descendants()
                .filter(p -> p.info().command().orElse("").endsWith("/java")).findFirst().orElseThrow().pid();
        assertThat(Files.readSymbolicLink(Path.of("/proc", String.valueOf(pid), "ns", "net")))
                .as("the twin's network namespace is not the harness's")
                .isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/net")));
        Endpoints endpoints = Endpoints.read(twin.endpoints());
        String api = twin.apiAddress();
        String sip = twin.sipAddress();
        Matcher nlb = awaitStartLine(twin.log());
        assertThat(nlb.find()).as("the twin's start line names its NLB listener").isTrue();
        List<Listening> listening = awaitTaskSocket(pid);
        assertThat(listening).as("the twin's own ports").contains(
                new Listening("tcp", api, endpoints.aws().getPort()),
                new Listening("tcp", api, endpoints.dynamodb().getPort()),
                new Listening("tcp", api, endpoints.ssh().port()),
                new Listening("udp", sip, Integer.parseInt(endpoints.sip().substring(endpoints.sip().indexOf(':') + 1))),
                new Listening("tcp", sip, Integer.parseInt(nlb.group(2))));
        assertThat(listening).as("sockets bound beyond the twin's own addresses (a wildcard, loopback, ...)")
                .allSatisfy(l -> assertThat(l.address()).matches(Pattern.quote(api) + "|" + Pattern.quote(sip)
                        + "|198\\.18\\.2\\.(\\d{1,3})"));
    }

    /**
     * The twin's log once its start line is there: the child writes its endpoints file before its output reaches
     * the log through the shell's redirection, which on a loaded machine can take a moment.
     */
    private static Matcher awaitStartLine(Path log) throws Exception {
        Pattern startLine = Pattern.compile("NLB tcp:([0-9.]+):(\\d+)");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Matcher nlb = startLine.matcher(Files.readString(log));
            if (nlb.find() || System.nanoTime() > deadline) {
                return nlb.reset();
            }
            Thread.sleep(200);
        }
    }

    /** The listening sockets once a task's agent listens on the task's own address (the NLB checks it within seconds). */
    private static List<Listening> awaitTaskSocket(long pid) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<Listening> listening = listening(pid);
            if (listening.stream().anyMatch(l -> l.protocol().equals("tcp") && l.address().startsWith("198.18.2."))
                    || System.nanoTime() > deadline) {
                return listening;
            }
            Thread.sleep(200);
        }
    }

    private static void onLoopback() throws IOException {
        try (Twin twin = Twin.start(TwinSettings.of(Map.of("twin.topology", "loopback"), "twin."))) {
            String task;
            synchronized (twin.stack()) {
                task = twin.stack().ecs().tasksWithStatus("RUNNING").get(0).id();
            }
            int agentPort = twin.sip().agentPort(task).orElseThrow();
            List<Listening> listening = listening(ProcessHandle.current().pid());
            var endpoints = twin.endpoints();
            assertThat(listening).as("the twin's own ports are among them").contains(
                    new Listening("tcp", "127.0.0.1", endpoints.aws().getPort()),
                    new Listening("tcp", "127.0.0.1", endpoints.dynamodb().getPort()),
                    new Listening("tcp", "127.0.0.1", endpoints.ssh().port()),
                    new Listening("udp", "127.0.0.1", twin.sip().port()),
                    new Listening("tcp", "127.0.0.1", twin.sip().nlbPort()),
                    new Listening("tcp", "127.0.0.1", agentPort));
            assertThat(listening).as("sockets bound beyond loopback").allSatisfy(l -> assertThat(l.address())
                    .isIn("127.0.0.1", "::1"));
        }
    }

    /** The sockets process {@code pid} listens on, from its own network namespace's tables. */
    private static List<Listening> listening(long pid) throws IOException {
        Set<String> ours = socketInodes(pid);
        List<Listening> listening = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            List<String> lines = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "net", table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                boolean listens = table.startsWith("udp") ? f[2].endsWith(":0000") : f[3].equals("0A");
                if (listens && ours.contains(f[9])) {
                    String local = f[1];
                    listening.add(new Listening(table.replace("6", ""), address(local.substring(0, local.indexOf(':'))),
                            Integer.parseInt(local.substring(local.indexOf(':') + 1), 16)));
                }
            }
        }
        return listening;
    }

    /** An address as {@code /proc/net} writes it (IPv4 in host byte order; IPv6, v4-mapped or not), as text. */
    static String address(String hex) {
        Matcher mapped = V4_MAPPED.matcher(hex);
        String v4 = hex.length() == 8 ? hex : mapped.matches() ? mapped.group(1) : null;
        if (v4 == null) {
            return hex.equals("00000000000000000000000001000000") ? "::1"
                    : hex.equals("00000000000000000000000000000000") ? "::" : hex;
        }
        long n = Long.parseLong(v4, 16);
        return (n & 255) + "." + (n >> 8 & 255) + "." + (n >> 16 & 255) + "." + (n >> 24 & 255);
    }

    /** The inodes of a process's sockets, from its file descriptors. */
    private static Set<String> socketInodes(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
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
