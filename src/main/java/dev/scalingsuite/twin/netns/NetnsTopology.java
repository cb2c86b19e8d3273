package dev.scalingsuite.twin.netns;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The network namespaces one twin runs in, all addressed in 198.18.0.0/15 (RFC 2544's benchmarking
 * range, never routed on the Internet):
 * <pre>
 *  root namespace                 stack namespace                         load namespace(s)
 *  sst&lt;pid&gt;-&lt;n&gt; 198.19.x.y/30 --veth-- api0 198.19.x.y+1/30 (APIs, SSH)
 *                                 tasks0 (dummy): 198.18.1.1/32 (SIP entry, NLB)
 *                                                 198.18.2.1-254/32 (one per task)
 *                                 load0 198.18.0.1/30 ------------veth--- stack0 198.18.0.2/30 (SIPp binds here)
 *                                                                          route 198.18.0.0/15 via 198.18.0.1
 *                                 load&lt;k&gt; 198.18.0.&lt;4k+1&gt;/30 -------veth--- stack0 198.18.0.&lt;4k+2&gt;/30 in load&lt;k&gt;
 *                                                                          route 198.18.0.0/15 via 198.18.0.&lt;4k+1&gt;
 * </pre>
 * Every namespace has {@code lo} up; none forwards (nothing needs to: each talks only to the stack's own
 * addresses, over a directly connected link or, from a load namespace, through the stack as its gateway,
 * where the address is local). The root namespace gets one /30 per twin, found free under a lock file,
 * so twins of concurrent runs never share one; everything else lives inside namespaces of the twin's own,
 * where the same addresses serve every twin. Where the kernel has no dummy interfaces (some VM kernels),
 * the stack's /32s go on its {@code lo}, which delivers them alike.
 *
 * <p>Names carry the prefix {@value #PREFIX}, the owning process id and a counter:
 * {@code sst<pid>-<n>-stack}, {@code sst<pid>-<n>-load0}, and the root namespace's link {@code sst<pid>-<n>}
 * (interface names have at most 15 characters). {@link #sweep} deletes only what a dead process left.
 */
final class NetnsTopology {

    static final String PREFIX = "sst";
    /** {@code sst<pid>-<n>-stack}, {@code sst<pid>-<n>-load<k>}. */
    static final Pattern NAMESPACE = Pattern.compile(PREFIX + "(\\d{1,10})-(\\d{1,4})-(stack|load\\d{1,2})");
    /** {@code sst<pid>-<n>}, as {@code ip -o link} lists it ({@code name@peer:}). */
    static final Pattern ROOT_LINK = Pattern.compile(PREFIX + "(\\d{1,10})-(\\d{1,4})");

    static final String SIP_ADDRESS = "198.18.1.1";
    static final String TASK_BLOCK = "198.18.2.0/24";
    static final String TASK_PREFIX = "198.18.2.";
    static final int TASKS = 254;
    /** /30 blocks for the root namespace's links: 198.19.0.0/16. */
    private static final int ROOT_BLOCKS = 1 << 14;
    private static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), "scaling-suite-netns.lock");
    private static final Object JVM_LOCK = new Object();
    /** The bases this JVM made and has not deleted: a name with this JVM's pid and another base is a dead JVM's. */
    private static final Set<String> OWNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Ip ip;
    private final String base;
    private final String stack;
    private final List<String> loads;
    private final String rootLink;
    private String rootAddress = "";
    private String apiAddress = "";
    private String taskDevice = "";
    private boolean rootLinkMade;

    private NetnsTopology(Ip ip, String base, int loadHosts) {
        this.ip = ip;
        this.base = base;
        this.stack = base + "-stack";
        List<String> l = new ArrayList<>();
        for (int k = 0; k < loadHosts; k++) {
            l.add(base + "-load" + k);
        }
        this.loads = List.copyOf(l);
        this.rootLink = base;
    }

    /** Thrown when a step of making the namespaces fails; the message says which and why, in one line. */
    static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Makes the namespaces, links and addresses of one twin; the first step, {@code ip netns add}, is the
     * probe: where it fails the machine has no namespace support (or no right to it). Anything it made is
     * deleted again before a failure is thrown.
     *
     * @param sequence this process's count of twins so far, so two twins of one process differ
     */
    static NetnsTopology create(Ip ip, long pid, int sequence, int loadHosts) throws Failed {
        NetnsTopology t = new NetnsTopology(ip, PREFIX + pid + "-" + sequence, loadHosts);
        OWNED.add(t.base);
        Ip.Result add = ip.run("netns", "add", t.stack);
        if (!add.ok()) {
            OWNED.remove(t.base);
            throw new Failed("`ip netns add` failed: " + add.why());
        }
        try {
            t.build();
            return t;
        } catch (Failed | RuntimeException e) {
            t.delete();
            throw e;
        }
    }

    private void build() throws Failed {
        for (String load : loads) {
            check("ip netns add " + load, ip.run("netns", "add", load));
        }
        rootLink();
        List<String> stackLines = new ArrayList<>(List.of("link set lo up",
                "addr add " + apiAddress + "/30 dev api0", "link set api0 up"));
        for (int k = 0; k < loads.size(); k++) {
            stackLines.add("link add load" + k + " type veth peer name stack0 netns " + loads.get(k));
            stackLines.add("addr add " + stackSide(k) + "/30 dev load" + k);
            stackLines.add("link set load" + k + " up");
        }
        taskDevice = ip.batch(Optional.of(stack), List.of("link add tasks0 type dummy", "link set tasks0 up")).ok()
                ? "tasks0" : "lo";
        stackLines.add("addr add " + SIP_ADDRESS + "/32 dev " + taskDevice);
        for (int i = 1; i <= TASKS; i++) {
            stackLines.add("addr add " + TASK_PREFIX + i + "/32 dev " + taskDevice);
        }
        check("the stack namespace's links and addresses", ip.batch(Optional.of(stack), stackLines));
        for (int k = 0; k < loads.size(); k++) {
            check("load namespace " + loads.get(k) + "'s link and route", ip.batch(Optional.of(loads.get(k)), List.of(
                    "link set lo up", "addr add " + loadAddress(k) + "/30 dev stack0", "link set stack0 up",
                    "route add 198.18.0.0/15 via " + stackSide(k))));
        }
    }

    /** The veth from the root namespace into the stack's, on a /30 no other twin's root link holds. */
    private void rootLink() throws Failed {
        synchronized (JVM_LOCK) {
            try (FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                Set<Integer> used = usedRootBlocks();
                int start = Math.floorMod(rootLink.hashCode(), ROOT_BLOCKS);
                int block = -1;
                for (int i = 0; i < ROOT_BLOCKS && block < 0; i++) {
                    int candidate = (start + i) % ROOT_BLOCKS;
                    if (!used.contains(candidate)) {
                        block = candidate;
                    }
                }
                if (block < 0) {
                    throw new Failed("no free /30 left in 198.19.0.0/16 for the root namespace's link");
                }
                int first = block * 4;
                rootAddress = "198.19." + (first >> 8) + "." + ((first & 255) + 1);
                apiAddress = "198.19." + (first >> 8) + "." + ((first & 255) + 2);
                check("the root namespace's link " + rootLink, ip.run("link", "add", rootLink, "type", "veth",
                        "peer", "name", "api0", "netns", stack));
                rootLinkMade = true;
                check("the root namespace's address " + rootAddress, ip.batch(Optional.empty(), List.of(
                        "addr add " + rootAddress + "/30 dev " + rootLink, "link set " + rootLink + " up")));
            } catch (IOException e) {
                throw new Failed("cannot lock " + LOCK + " to choose the root namespace's addresses: " + e.getMessage());
            }
        }
    }

    /** The /30 blocks of 198.19.0.0/16 that an address of the root namespace is in. */
    private Set<Integer> usedRootBlocks() throws Failed {
        Ip.Result addresses = ip.run("-o", "-4", "addr", "show");
        check("listing the root namespace's addresses", addresses);
        Set<Integer> used = new HashSet<>();
        Matcher m = Pattern.compile("inet 198\\.19\\.(\\d{1,3})\\.(\\d{1,3})").matcher(addresses.out());
        while (m.find()) {
            used.add((Integer.parseInt(m.group(1)) * 256 + Integer.parseInt(m.group(2))) / 4);
        }
        return used;
    }

    private static void check(String what, Ip.Result result) throws Failed {
        if (!result.ok()) {
            throw new Failed(what + " failed: " + result.why());
        }
    }

    private static String stackSide(int k) {
        return "198.18.0." + (4 * k + 1);
    }

    private static String loadAddress(int k) {
        return "198.18.0." + (4 * k + 2);
    }

    String base() { return base; }
    String stackNamespace() { return stack; }
    List<String> loadNamespaces() { return loads; }
    String rootLinkName() { return rootLink; }
    /** The root namespace's end of its link: where the harness's connections come from. */
    String rootAddress() { return rootAddress; }
    /** The stack's end of the root link: the AWS endpoint, DynamoDB Local and the SSH load host. */
    String apiAddress() { return apiAddress; }
    String sipAddress() { return SIP_ADDRESS; }
    /** Load host {@code k}'s address: what SIPp there binds. */
    String loadHostAddress(int k) { return loadAddress(k); }
    /** Where the task and SIP /32s are: a dummy interface, or {@code lo} on a kernel without dummies. */
    String taskDevice() { return taskDevice; }

    /** Every namespace, load hosts first (they are deleted first). */
    List<String> namespaces() {
        List<String> all = new ArrayList<>(loads);
        all.add(stack);
        return all;
    }

    /**
     * Deletes everything made: the processes still in the namespaces (a SIPp a killed run left), the root
     * link, the namespaces. Never throws; safe to run again.
     */
    void delete() {
        for (String ns : namespaces()) {
            killProcessesIn(ip, ns);
        }
        if (rootLinkMade || linkExists(rootLink)) {
            ip.run("link", "del", rootLink);
        }
        for (String ns : namespaces()) {
            ip.run("netns", "del", ns);
        }
        OWNED.remove(base);
    }

    private boolean linkExists(String name) {
        return ip.run("link", "show", "dev", name).ok();
    }

    /**
     * The shell lines that do what {@link #delete()} does, for the process that outlives the JVM
     * ({@code $IP} holds the {@code ip} program).
     */
    String deleteScript() {
        StringBuilder sh = new StringBuilder();
        for (String ns : namespaces()) {
            sh.append("for p in $(\"$IP\" netns pids ").append(ns).append(" 2>/dev/null); do kill -KILL \"$p\" 2>/dev/null; done\n");
        }
        sh.append("\"$IP\" link del ").append(rootLink).append(" 2>/dev/null\n");
        for (String ns : namespaces()) {
            sh.append("\"$IP\" netns del ").append(ns).append(" 2>/dev/null\n");
        }
        return sh.toString();
    }

    private static void killProcessesIn(Ip ip, String ns) {
        Ip.Result pids = ip.run("netns", "pids", ns);
        for (String pid : pids.out().split("\\s+")) {
            if (pid.matches("\\d+")) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /**
     * Deletes the namespaces and root links whose owning process is dead (a run killed outright, before
     * it could delete them), and only those: twins of live runs, concurrent ones included, are left alone.
     *
     * @return what was deleted
     */
    static List<String> sweep(Ip ip) {
        List<String> swept = new ArrayList<>();
        for (String line : ip.run("netns", "list").out().split("\n")) {
            String name = line.strip().split("\\s+")[0];
            Matcher m = NAMESPACE.matcher(name);
            if (m.matches() && !owned(m.group(1), m.group(2))) {
                killProcessesIn(ip, name);
                if (ip.run("netns", "del", name).ok()) {
                    swept.add(name);
                }
            }
        }
        for (String line : ip.run("-o", "link", "show").out().split("\n")) {
            String[] fields = line.strip().split(":\\s+", 3);
            if (fields.length < 2) {
                continue;
            }
            String name = fields[1].split("@")[0];
            Matcher m = ROOT_LINK.matcher(name);
            if (m.matches() && !owned(m.group(1), m.group(2)) && ip.run("link", "del", name).ok()) {
                swept.add(name);
            }
        }
        return swept;
    }

    /**
     * Whether a live process owns base {@code sst<pid>-<sequence>}: its pid is alive, and if that is this JVM,
     * this JVM made it (a dead JVM that had this pid before may have left one).
     */
    private static boolean owned(String pid, String sequence) {
        long p = Long.parseLong(pid);
        if (p == ProcessHandle.current().pid()) {
            return OWNED.contains(PREFIX + pid + "-" + sequence);
        }
        return ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false);
    }
}
