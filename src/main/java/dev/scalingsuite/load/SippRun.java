package dev.scalingsuite.load;

import dev.scalingsuite.fleet.ConnectTimes;
import dev.scalingsuite.fleet.SipCall;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One SIPp caller instance on a load host, in its own run directory. Calls are ended the way a
 * person hangs up (an in-dialog INFO makes the caller send BYE), never by killing SIPp, which would
 * send no BYE and leave ghost sessions on the far end; SIGTERM is the last resort of
 * {@link #endAllCalls()}.
 *
 * <p>The live calls come from the scenario's log lines ({@code -trace_logs}), each with SIPp's own
 * clock in epoch milliseconds: {@code UP <Call-ID> <ms>} once a call is answered, {@code ENDING}
 * when the INFO arrived, {@code DOWN <Call-ID> <ms>} when the suite's BYE ended it and
 * {@code DOWN-FAR <Call-ID> <ms>} when the far end's did. The log only grows: each read takes
 * what was added since the last.
 */
public final class SippRun {

    static final Duration END_WAIT = Duration.ofSeconds(20);
    static final Duration EXIT_WAIT = Duration.ofSeconds(30);
    private static final int INFO_ATTEMPTS = 5;
    /** The file in the run directory that says the soft quit was sent. */
    static final String QUIT_SENT = "quit.sent";
    /** How long INFOs of a sender cut off by an SSH drop may still take to arrive (it sends 50 a second). */
    static final Duration INFO_SETTLE = Duration.ofSeconds(5);

    private final SippHost host;
    private final String runId;
    private final String runDir;
    private final long pid;
    private final UacSpec.Ports ports;
    private final UacSpec spec;
    private final RtpCapture capture;
    private final Set<String> endRequested = new LinkedHashSet<>();
    private final AtomicInteger infoBatches = new AtomicInteger();
    private final CallLog.Reader log = new CallLog.Reader();
    private volatile boolean terminated;

    SippRun(SippHost host, String runId, String runDir, long pid, UacSpec.Ports ports, UacSpec spec,
            RtpCapture capture) {
        this.host = host;
        this.runId = runId;
        this.runDir = runDir;
        this.pid = pid;
        this.ports = ports;
        this.spec = spec;
        this.capture = capture;
    }

    public String runId() { return runId; }
    /** The run directory on the load host, with SIPp's trace files. */
    public String runDir() { return runDir; }
    /** The pid of the background sipp (the {@code -bg} child). */
    public long pid() { return pid; }
    public int sipPort() { return ports.sip(); }
    public int mediaPort() { return ports.media(); }
    public int controlPort() { return ports.control(); }
    /** The caller's shape, with the address SIPp binds. */
    public UacSpec spec() { return spec; }

    /** The address SIPp binds on the load host ({@code -i}, {@code -ci}); the soft quit and INFOs go there. */
    public String bindAddress() { return spec.bindAddress().orElseThrow(); }

    /** The sipp command line this instance was started with, as the load host's shell ran it (evidence). */
    public String commandLine() {
        return Shell.join(spec.commandLine("caller.xml", ports));
    }
    /** Whether {@link #endAllCalls()} had to fall back to SIGTERM (the far end may keep ghost sessions). */
    public boolean wasTerminated() { return terminated; }

    /** Whether this instance's sipp still runs (a zombie or a reused pid elsewhere does not count). */
    public boolean isRunning() {
        String script = "d=$(cd " + Shell.quote(runDir) + " 2>/dev/null && pwd -P) || exit 0; "
                + "[ \"$(readlink /proc/" + pid + "/cwd 2>/dev/null)\" = \"$d\" ] || exit 0; "
                + "grep -q '^State:[[:space:]]*Z' /proc/" + pid + "/status 2>/dev/null && exit 0; echo running";
        return host.execIdempotent(script).stdout().contains("running");
    }

    /** The latest per-message counts (SIPp writes them every second, and once more on exit); none yet as zeros. */
    public CallCounts counts() {
        return countsIfWritten().orElse(CallCounts.NONE);
    }

    /**
     * The latest per-message counts; empty while SIPp has written no counts file with a row (it writes the
     * first a second after it starts, and never when it could not start or its run directory is gone).
     */
    public Optional<CallCounts> countsIfWritten() {
        String script = "f=$(ls " + Shell.quote(runDir) + "/caller_*_counts.csv 2>/dev/null | head -n 1); "
                + "[ -n \"$f\" ] || exit 0; head -n 1 \"$f\"; tail -n 1 \"$f\"";
        String[] lines = host.execIdempotent(script).orThrow().stdout().split("\n");
        if (lines.length < 2 || lines[0].isBlank()) {
            return Optional.empty();
        }
        return Optional.of(CallCounts.parse(lines[0], lines[lines.length - 1]));
    }

    /** The load host this instance runs on, as messages name it: {@code user@host:port}. */
    public String hostName() {
        return SshLink.where(host.access());
    }

    /** Where this instance's files are, for messages: {@code run 1-ab12 on user@host:port (dir)}. */
    public String where() {
        return "run " + runId + " on " + SshLink.where(host.access()) + " (" + runDir + ")";
    }

    /** Call setup times (INVITE sent to 200 received), one per answered call, in order. */
    public List<Duration> setupTimes() {
        String out = host.execIdempotent("cat " + Shell.quote(runDir) + "/caller_*_rtt.csv 2>/dev/null; true").stdout();
        List<Duration> times = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] fields = line.strip().split(";");
            if (fields.length < 3 || fields[0].startsWith("Date")) {
                continue;
            }
            try {
                times.add(Duration.ofNanos(Math.round(Double.parseDouble(fields[1]) * 1_000_000)));
            } catch (NumberFormatException e) {
                // a row being written; it is complete on the next read
            }
        }
        return times;
    }

    /**
     * Each call's connect time: from its INVITE to the first RTP packet from the address its far end's
     * SDP named, while it was up, as the capture beside this instance saw it (tcpdump's timestamps,
     * kept in milliseconds like the INVITE times). Calls whose far end sent nothing have none. When the
     * capture could not run, no call is measured and the result says why.
     */
    public ConnectTimes connectTimes() {
        if (capture.unavailable().isPresent()) {
            return ConnectTimes.notMeasured(capture.unavailable().get());
        }
        List<ConnectTimes.PlacedCall> placed = callLog().placed();
        return ConnectTimes.pair(placed, capture.firstPackets());
    }

    /** Whether the capture beside this instance still runs. */
    public boolean isCapturing() {
        return capture.isRunning();
    }

    /** Stops the capture beside this instance (once its calls are over: a later packet is not seen). */
    public void stopCapture() {
        capture.stop();
    }

    /** The capture's lines ({@code RTP <addr> <port> <epoch ms>}), cut to the last {@code maxBytes}: evidence. */
    public String captureLines(int maxBytes) {
        return host.execIdempotent("tail -c " + maxBytes + " " + Shell.quote(runDir + "/" + RtpCapture.OUTPUT)
                + " 2>/dev/null; true").stdout();
    }

    /**
     * SIPp's CSV files of this run ({@code -trace_stat}, {@code -trace_rtt}, {@code -trace_counts}),
     * by file name, each cut to its last {@code maxBytes}: evidence for the reports.
     */
    public java.util.Map<String, String> csvFiles(int maxBytes) {
        String list = host.execIdempotent("cd " + Shell.quote(runDir) + " 2>/dev/null && ls -1 -- *.csv 2>/dev/null; true").stdout();
        java.util.Map<String, String> files = new java.util.LinkedHashMap<>();
        for (String name : list.split("\n")) {
            String file = name.strip();
            if (file.isEmpty() || !file.matches("[A-Za-z0-9_.-]+\\.csv")) {
                continue;
            }
            files.put(file, host.execIdempotent("tail -c " + maxBytes + " " + Shell.quote(runDir + "/" + file) + " 2>/dev/null; true")
                    .stdout());
        }
        return files;
    }

    /** Call-IDs of the calls that are up and that the suite has not asked to end, oldest first. */
    public List<String> liveCallIds() {
        CallLog log = callLog();
        List<String> live = new ArrayList<>(log.up());
        live.removeAll(log.ending());
        live.removeAll(log.down());
        synchronized (endRequested) {
            live.removeAll(endRequested);
        }
        return live;
    }

    /** Call-IDs of the calls that are over (ended by either end). */
    public List<String> endedCallIds() {
        return List.copyOf(callLog().down());
    }

    /**
     * Every answered call with SIPp's times for it (when it was answered, when and by whom it ended),
     * in the order they were answered. Calls the log gives no time for (a scenario other than the
     * project's) are left out.
     */
    public List<SipCall> calls() {
        return callLog().calls();
    }

    /** The scenario's log lines so far: what was added to the file since the last read, parsed on. */
    private CallLog callLog() {
        synchronized (log) {
            String script = "f=$(ls " + Shell.quote(runDir) + "/caller_*_logs.log 2>/dev/null | head -n 1); "
                    + "[ -n \"$f\" ] || exit 0; tail -c +" + (log.offset() + 1) + " \"$f\"";
            ExecResult result = host.execIdempotent(script);
            if (result.ok()) {
                log.add(result.stdout());
            }
            return log.snapshot();
        }
    }

    /**
     * Ends {@code n} live calls (the oldest) and waits until each is over.
     *
     * @return the Call-IDs ended
     * @throws LoadHostException if fewer than {@code n} calls are up, or they do not end in time
     */
    public List<String> endCalls(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("Cannot end " + n + " calls");
        }
        List<String> live = liveCallIds();
        if (live.size() < n) {
            throw new LoadHostException("Cannot end " + n + " calls of " + runId + ": only " + live.size()
                    + " are up");
        }
        List<String> chosen = List.copyOf(live.subList(0, n));
        sendInfo(chosen);
        awaitDown(chosen, END_WAIT);
        return chosen;
    }

    /**
     * Ends every call: stops new calls (soft quit on the control port), sends INFO to each live call
     * until none is left, and waits for sipp to exit; SIGTERM only if it does not within the bound.
     * Then stops the capture beside it.
     */
    public void endAllCalls() {
        softQuit();
        long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
        while (isRunning()) {
            if (System.nanoTime() > deadline) {
                terminate();
                throw new LoadHostException("sipp " + runId + " (pid " + pid + ") did not exit within " + EXIT_WAIT
                        + " after its calls were ended; it was sent SIGTERM, so the far end may keep "
                        + "sessions. Calls still up: " + liveCallIds() + "; call log: " + callLog()
                        + "; SIPp errors: " + host.errors(runDir));
            }
            List<String> live = liveCallIds();
            if (!live.isEmpty()) {
                sendInfo(live);
            }
            SippHost.sleep(Duration.ofMillis(300));
        }
        stopCapture(); // every call is over: no far end speaks to this instance any more
    }

    /**
     * Soft quit ({@code q} on the control port): no new calls; held calls stay up. Sent at most once
     * per instance, even when an SSH drop cuts the command and it runs again: a second {@code q}
     * would abort SIPp with its calls unended. The marker file on the host remembers it was sent; the
     * datagram goes from a child of its own, so a drop that ends the command cannot stop it halfway.
     */
    public void softQuit() {
        String datagram = "printf q > /dev/udp/" + bindAddress() + "/" + ports.control();
        String marker = Shell.quote(runDir + "/" + QUIT_SENT);
        host.execIdempotent("[ -e " + marker + " ] || { touch " + marker + " && bash -c " + Shell.quote(datagram)
                + " < /dev/null > /dev/null 2>&1 & }; true");
    }

    /**
     * Changes the rate new calls are placed at to {@code calls} per the instance's period ({@code -rp}), by
     * SIPp's remote control: {@code cset rate <calls>} on the control port, the way {@link #softQuit()}
     * sends {@code q}. A ramp thus needs no new instance (no new ports, no new capture); the calls already
     * up stay up. SIPp acknowledges nothing on the control port: the rate shows in when its next calls start.
     * Sending it twice sets the same rate, so an SSH drop that runs the command again changes nothing.
     *
     * @param calls new calls per period, at least 1 (to stop placing calls, {@link #softQuit()})
     */
    public void setRate(int calls) {
        if (calls < 1) {
            throw new IllegalArgumentException("The call rate is at least 1 call per period, not " + calls
                    + "; to place no more calls, soft-quit the instance");
        }
        String datagram = "printf 'cset rate " + calls + "' > /dev/udp/" + bindAddress() + "/" + ports.control();
        host.execIdempotent("bash -c " + Shell.quote(datagram)).orThrow();
    }

    /** SIGTERM, then SIGKILL: sends no BYE. Only for an instance that would not stop otherwise. */
    void terminate() {
        stopCapture();
        if (!isRunning()) {
            return;
        }
        terminated = true;
        host.execIdempotent("kill -TERM " + pid + " 2>/dev/null; true");
        for (int i = 0; i < 15 && isRunning(); i++) {
            SippHost.sleep(Duration.ofMillis(200));
        }
        if (isRunning()) {
            host.execIdempotent("kill -KILL " + pid + " 2>/dev/null; true");
        }
    }

    /** Sends one INFO per Call-ID with a short-lived second sipp fed an injection file. */
    private void sendInfo(List<String> callIds) {
        if (callIds.isEmpty()) {
            return;
        }
        callIds.forEach(Shell::callId);
        synchronized (endRequested) {
            endRequested.addAll(callIds);
        }
        List<String> pending = callIds;
        for (int drops = 0; !pending.isEmpty(); drops++) {
            try {
                injectInfo(pending);
                return;
            } catch (SshLink.Dropped drop) {
                if (drops >= SippHost.DROPS_SURVIVED) {
                    throw drop;
                }
                host.reconnectAfter(drop);
                // The cut-off sender may have delivered some INFOs, or still be delivering them. A second
                // INFO to a call already hanging up would abort it unanswered, so only calls that got none
                // are sent one again.
                pending = withoutInfo(pending, INFO_SETTLE);
            }
        }
    }

    /** The calls of {@code callIds} that have not logged an INFO (ENDING or DOWN) within {@code wait}. */
    private List<String> withoutInfo(List<String> callIds, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            CallLog log = callLog();
            List<String> missed = callIds.stream()
                    .filter(id -> !log.ending().contains(id) && !log.down().contains(id)).toList();
            if (missed.isEmpty() || System.nanoTime() > deadline) {
                return missed;
            }
            SippHost.sleep(Duration.ofMillis(200));
        }
    }

    /** One batch of INFOs from a short-lived sipp in the run directory; a bind failure tries other ports. */
    private void injectInfo(List<String> callIds) {
        int batch = infoBatches.incrementAndGet();
        String file = "end-" + batch + ".csv";
        StringBuilder lines = new StringBuilder("printf '%s\\n' SEQUENTIAL");
        callIds.forEach(id -> lines.append(' ').append(Shell.quote(id + ";")));
        String lastError = "";
        for (int attempt = 1; attempt <= INFO_ATTEMPTS; attempt++) {
            UacSpec.Ports senderPorts = SippHost.randomPorts();
            List<String> sipp = List.of("sipp", bindAddress() + ":" + ports.sip(),
                    "-sf", host.access().sippHome() + "/scenarios/info.xml",
                    "-inf", file,
                    "-i", bindAddress(),
                    "-p", String.valueOf(senderPorts.sip()),
                    "-mp", String.valueOf(senderPorts.media()),
                    "-cp", String.valueOf(senderPorts.control()), "-ci", bindAddress(),
                    "-m", String.valueOf(callIds.size()),
                    "-r", "50", "-rp", "1000",
                    "-l", String.valueOf(callIds.size()),
                    "-nr", "-nostdin",
                    "-timeout", "30s");
            String script = "cd " + Shell.quote(runDir) + " || exit 1\n"
                    + lines + " > " + file + "\n"
                    + Shell.join(sipp) + " > end-" + batch + ".out 2>&1 < /dev/null\n"
                    + "rc=$?; echo \"exit=$rc\"; cat end-" + batch + ".out\n";
            ExecResult result = host.exec(script, Duration.ofSeconds(45));
            if (result.stdout().contains("exit=0") || result.stdout().contains("exit=1")) {
                return;
            }
            lastError = result.stdout().strip();
            if (!lastError.contains("Unable to bind")) {
                break;
            }
        }
        throw new LoadHostException("Sending INFO to end calls of " + runId + " failed: " + lastError);
    }

    private void awaitDown(List<String> callIds, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<String> down = Set.copyOf(callLog().down());
            List<String> missing = callIds.stream().filter(id -> !down.contains(id)).toList();
            if (missing.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new LoadHostException("Calls of " + runId + " did not end within " + timeout
                        + " after INFO: " + missing + " (is the far end answering BYE?)");
            }
            SippHost.sleep(Duration.ofMillis(200));
        }
    }

    @Override
    public String toString() {
        return "sipp " + runId + " (pid " + pid + ", SIP port " + ports.sip() + "): " + spec;
    }

    /**
     * The scenario's log lines, grouped: Call-IDs answered, being ended and ended (by either end, in
     * the order they ended), the answered calls with their times, and every call placed with when its
     * INVITE went out, where its far end's audio comes from and when it ended (for connect times).
     */
    record CallLog(List<String> up, List<String> ending, List<String> down, List<SipCall> calls,
            List<ConnectTimes.PlacedCall> placed) {

        static CallLog parse(String text) {
            Reader reader = new Reader();
            reader.add(text.endsWith("\n") ? text : text + "\n");
            return reader.snapshot();
        }

        /** Parses the log on from where it stopped; only whole lines count, so a line being written waits. */
        static final class Reader {
            private long offset;
            private final Set<String> up = new LinkedHashSet<>();
            private final Set<String> ending = new LinkedHashSet<>();
            private final Set<String> down = new LinkedHashSet<>();
            private final Map<String, Instant> answeredAt = new LinkedHashMap<>();
            private final Map<String, SipCall> ended = new LinkedHashMap<>();
            private final Map<String, Instant> invitedAt = new LinkedHashMap<>();
            private final Map<String, ConnectTimes.MediaAddress> farEnd = new HashMap<>();
            private final Map<String, Instant> endedAt = new HashMap<>();

            /** The bytes of the file parsed so far. */
            long offset() {
                return offset;
            }

            /** Parses the whole lines of {@code text}, the file from {@link #offset()} on. */
            void add(String text) {
                int end = text.lastIndexOf('\n');
                if (end < 0) {
                    return;
                }
                String complete = text.substring(0, end + 1);
                offset += complete.getBytes(StandardCharsets.UTF_8).length;
                for (String line : complete.split("\n")) {
                    String[] parts = line.strip().split("\\s+");
                    if (parts.length < 2) {
                        continue;
                    }
                    String id = parts[1];
                    Optional<Instant> at = parts.length > 2 ? millis(parts[2]) : Optional.empty();
                    switch (parts[0]) {
                        case "INVITE" -> at.ifPresent(t -> invitedAt.putIfAbsent(id, t));
                        case "MEDIA" -> media(parts).ifPresent(address -> farEnd.putIfAbsent(id, address));
                        case "UP" -> {
                            up.add(id);
                            at.ifPresent(t -> answeredAt.putIfAbsent(id, t));
                        }
                        case "ENDING" -> ending.add(id);
                        case "DOWN", "DOWN-FAR" -> {
                            down.add(id);
                            at.ifPresent(t -> endedAt.putIfAbsent(id, t));
                            Instant answered = answeredAt.get(id);
                            if (answered != null && at.isPresent()) {
                                ended.putIfAbsent(id, parts[0].equals("DOWN")
                                        ? SipCall.endedBySuite(id, answered, at.get())
                                        : SipCall.endedByFarEnd(id, answered, at.get()));
                            }
                        }
                        default -> { }
                    }
                }
            }

            CallLog snapshot() {
                List<SipCall> calls = new ArrayList<>();
                answeredAt.forEach((id, at) -> calls.add(ended.getOrDefault(id, SipCall.up(id, at))));
                List<ConnectTimes.PlacedCall> placed = new ArrayList<>();
                invitedAt.forEach((id, at) -> placed.add(new ConnectTimes.PlacedCall(id, at,
                        Optional.ofNullable(farEnd.get(id)), Optional.ofNullable(endedAt.get(id)))));
                return new CallLog(List.copyOf(up), List.copyOf(ending), List.copyOf(down), List.copyOf(calls),
                        List.copyOf(placed));
            }

            /** {@code MEDIA <Call-ID> <addr> <port>}; a 200 without SDP logs both empty, so the line is shorter. */
            private static Optional<ConnectTimes.MediaAddress> media(String[] parts) {
                if (parts.length < 4) {
                    return Optional.empty();
                }
                try {
                    int port = Integer.parseInt(parts[3]);
                    return port > 0 && port <= 65_535 ? Optional.of(new ConnectTimes.MediaAddress(parts[2], port))
                            : Optional.empty();
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }

            private static Optional<Instant> millis(String text) {
                try {
                    return Optional.of(Instant.ofEpochMilli(Long.parseLong(text)));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
    }
}
