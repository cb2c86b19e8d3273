package dev.scalingsuite.load;

import dev.scalingsuite.fleet.ConnectTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The far end's RTP as it reaches one SIPp instance, captured beside it on the load host, so that
 * each call's connect time can be measured. SIPp 3.6.1 cannot tell: it streams every call's audio
 * from its one {@code -mp} port and never reads that port. A capture can, since each far end sends
 * from the address and port its SDP answer named ({@code MEDIA} lines of the caller's log):
 * <pre>
 * tcpdump -l -n -tt -i any 'udp and dst port MP and dst host BIND' | awk (first packet per source) &gt; far-end-rtp.txt
 * </pre>
 * The awk filter ({@link #FIRST_PACKETS}) keeps one line per burst, {@code RTP <src addr> <src port>
 * <epoch ms>}: the first packet from each source, and again after that source was silent for
 * {@link #REARM_SILENCE} (a later call can get a port an earlier one had). tcpdump stamps packets in
 * microseconds; the lines keep milliseconds, the resolution of the caller's INVITE times.
 *
 * <p>It runs in the instance's run directory, in the background, bounded by {@code timeout} to the
 * run's deadline (so a suite that dies outright leaves nothing running for long), and is stopped with
 * the instance. tcpdump needs root or CAP_NET_RAW; when it cannot start, the run goes on exactly as
 * without it and its calls' connect times are not measured, with tcpdump's own reason.
 */
final class RtpCapture {

    /** The capture's lines in the run directory. */
    static final String OUTPUT = "far-end-rtp.txt";
    static final String ERRORS = "capture.err";
    /** The pid of the {@code timeout} that bounds tcpdump: stopping it stops tcpdump. */
    static final String PID = "capture.pid";
    /** The pid of the background pipeline: once it is gone, awk has written its last line. */
    static final String JOB = "capture.job";
    static final Duration REARM_SILENCE = Duration.ofSeconds(2);
    static final String NEEDS = "capture needs tcpdump with CAP_NET_RAW (root, or setcap cap_net_raw+ep)";
    /** How long tcpdump may take to say it listens. */
    private static final int START_POLLS = 50;
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    /**
     * The first packet of each burst per source, from tcpdump's {@code -n -tt} lines (on {@code -i any}
     * {@code <seconds.micros> <iface> In IP <src>.<port> > <dst>.<port>: UDP, length N}; older tcpdump
     * leaves out the interface). Plain POSIX awk: no {@code strtonum} (mawk has none), times kept as
     * text for the output, {@code fflush} after each line so the file is current while the run lasts.
     */
    static final String FIRST_PACKETS = """
            {
              for (i = 2; i < NF && $i != "IP"; i++) ;
              if ($i != "IP" || !match($(i + 1), /\\.[0-9]+$/)) next
              src = $(i + 1)
              t = $1 + 0
              if (!(src in last) || t - last[src] >= %d) {
                n = split($1, ts, ".")
                ms = (n > 1) ? substr(ts[2] "000", 1, 3) : "000"
                print "RTP " substr(src, 1, RSTART - 1) " " substr(src, RSTART + 1) " " ts[1] ms
                fflush()
              }
              last[src] = t
            }
            """.formatted(REARM_SILENCE.toSeconds());

    private final SippHost host;
    private final String runDir;
    private final Optional<String> unavailable;

    private RtpCapture(SippHost host, String runDir, Optional<String> unavailable) {
        this.host = host;
        this.runDir = runDir;
        this.unavailable = unavailable;
    }

    /**
     * Starts the capture of what reaches {@code bindAddress:mediaPort} and waits until tcpdump listens,
     * so no packet of the instance's first call is missed. Safe to run again after an SSH drop: it
     * stops the capture a cut-off start may have left first.
     *
     * @param limit the longest the capture may run; {@code timeout} ends it then
     */
    static RtpCapture start(SippHost host, String runDir, String bindAddress, int mediaPort, Duration limit) {
        ExecResult result = host.execIdempotent(startScript(runDir, bindAddress, mediaPort, limit));
        if (result.stdout().contains("capture=started")) {
            return new RtpCapture(host, runDir, Optional.empty());
        }
        String why = result.ok() ? reason(result.stdout())
                : "the capture's start failed (exit " + result.exitStatus() + "): " + result.stderr().strip();
        return new RtpCapture(host, runDir, Optional.of(SshLink.where(host.access()) + ": " + why + "; " + NEEDS));
    }

    /** Why the capture could not run, naming the load host; empty when it runs (or ran). */
    Optional<String> unavailable() {
        return unavailable;
    }

    /** The first packet of each burst per source so far. */
    List<ConnectTimes.FirstPacket> firstPackets() {
        if (unavailable.isPresent()) {
            return List.of();
        }
        return parse(host.execIdempotent("cat " + Shell.quote(runDir + "/" + OUTPUT) + " 2>/dev/null; true").stdout());
    }

    /** Whether the capture still runs. */
    boolean isRunning() {
        return unavailable.isEmpty() && host.execIdempotent(runningScript(runDir)).stdout().contains("running");
    }

    /**
     * Stops tcpdump (SIGTERM to its {@code timeout}, which passes it on) and waits until awk has written
     * its last line; a no-op when it is not running.
     */
    void stop() {
        if (unavailable.isPresent()) {
            return;
        }
        host.execIdempotent(stopScript(runDir), STOP_WAIT.plusSeconds(10));
    }

    static String runningScript(String runDir) {
        return ours(runDir, JOB) + "echo running\n";
    }

    static String stopScript(String runDir) {
        return ours(runDir, PID) + ALIVE + "kill -TERM \"$p\" 2>/dev/null\n"
                + "j=$(cat " + JOB + " 2>/dev/null)\n"
                + "i=0; while [ $i -lt " + STOP_WAIT.toMillis() / 100 + " ] && alive \"$j\"; do sleep 0.1; i=$((i+1)); done\n"
                + "alive \"$p\" && kill -KILL \"$p\" 2>/dev/null; true\n";
    }

    /**
     * {@code alive PID}: the process exists and is no zombie. A finished job of a shell that has exited
     * stays a zombie until its new parent reaps it, and {@code kill -0} takes a zombie for alive.
     */
    private static final String ALIVE = "alive() { [ -n \"$1\" ] && [ -d /proc/$1 ] "
            + "&& ! grep -q '^State:[[:space:]]*Z' /proc/$1/status 2>/dev/null; }\n";

    /**
     * A script prefix that sets {@code p} to the pid in {@code pidFile} of the run directory and goes
     * on only if that process is alive and works in the run directory (a pid reused by another process
     * is not the capture's).
     */
    private static String ours(String runDir, String pidFile) {
        return "cd " + Shell.quote(runDir) + " 2>/dev/null || exit 0\n"
                + "p=$(cat " + pidFile + " 2>/dev/null)\n"
                + "case \"$p\" in ''|*[!0-9]*) exit 0 ;; esac\n"
                + "[ \"$(readlink /proc/$p/cwd 2>/dev/null)\" = \"$(pwd -P)\" ] || exit 0\n"
                + "grep -q '^State:[[:space:]]*Z' /proc/$p/status 2>/dev/null && exit 0\n";
    }

    /** The tcpdump filter: UDP to the instance's media port on the address SIPp binds (works on lo with -i any). */
    static String filter(String bindAddress, int mediaPort) {
        return "udp and dst port " + Shell.port("Media port", mediaPort) + " and dst host " + Shell.host(bindAddress);
    }

    static String startScript(String runDir, String bindAddress, int mediaPort, Duration limit) {
        long seconds = Math.max(1, limit.toSeconds());
        String tcpdump = "echo $$ > " + PID + "; exec timeout " + seconds + " tcpdump -l -n -tt -i any \"$1\"";
        return "mkdir -p " + Shell.quote(runDir) + " && cd " + Shell.quote(runDir) + " || exit 1\n"
                // a start cut off by a drop may have left one running: stop it first
                + "p=$(cat " + PID + " 2>/dev/null)\n"
                + "case \"$p\" in ''|*[!0-9]*) ;; *) [ \"$(readlink /proc/$p/cwd 2>/dev/null)\" = \"$(pwd -P)\" ] "
                + "&& kill -TERM \"$p\" 2>/dev/null ;; esac\n"
                + "rm -f " + OUTPUT + " " + ERRORS + " " + PID + " " + JOB + "\n"
                + "if ! command -v tcpdump > /dev/null 2>&1; then echo 'capture=unavailable'; "
                + "echo 'tcpdump is not installed (not on PATH)'; exit 0; fi\n"
                // mawk reads a pipe in blocks, so lines would wait for the capture's end; -W interactive reads
                // them one by one (gawk and busybox awk read what is there, and know no -W interactive)
                + "case \"$(awk -W version 2>&1)\" in *mawk*) awk='awk -W interactive' ;; *) awk=awk ;; esac\n"
                + "( sh -c " + Shell.quote(tcpdump) + " sh " + Shell.quote(filter(bindAddress, mediaPort))
                + " 2> " + ERRORS + " | $awk " + Shell.quote(FIRST_PACKETS) + " > " + OUTPUT + " ) "
                + "< /dev/null > /dev/null 2>&1 &\n"
                + "j=$!; echo $j > " + JOB + "\n"
                + ALIVE
                + "i=0\n"
                + "while [ $i -lt " + START_POLLS + " ]; do\n"
                + "  grep -q 'listening on' " + ERRORS + " 2>/dev/null && { echo capture=started; exit 0; }\n"
                + "  alive $j || break\n"
                + "  sleep 0.1; i=$((i+1))\n"
                + "done\n"
                + "p=$(cat " + PID + " 2>/dev/null); [ -n \"$p\" ] && kill -TERM \"$p\" 2>/dev/null\n"
                + "echo capture=unavailable\n"
                + "cat " + ERRORS + " 2>/dev/null\n"
                + "true\n";
    }

    /**
     * tcpdump's own reason, from what the start script printed after {@code capture=unavailable}: its
     * error lines, without its informational ones.
     */
    static String reason(String out) {
        List<String> lines = new ArrayList<>();
        boolean after = false;
        for (String line : out.split("\n")) {
            String l = line.strip();
            if (l.equals("capture=unavailable")) {
                after = true;
            } else if (after && !l.isEmpty() && !l.startsWith("listening on") && !l.contains("verbose output suppressed")
                    && !l.startsWith("tcpdump: data link type") && !l.matches("\\d+ packets? .*")) {
                lines.add(l);
            }
        }
        return lines.isEmpty() ? "tcpdump did not start and said nothing" : String.join(" ", lines);
    }

    /** The capture's lines: {@code RTP <src addr> <src port> <epoch ms>}; anything else is skipped. */
    static List<ConnectTimes.FirstPacket> parse(String text) {
        List<ConnectTimes.FirstPacket> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length != 4 || !f[0].equals("RTP")) {
                continue;
            }
            try {
                out.add(new ConnectTimes.FirstPacket(new ConnectTimes.MediaAddress(f[1], Integer.parseInt(f[2])),
                        Instant.ofEpochMilli(Long.parseLong(f[3]))));
            } catch (NumberFormatException e) {
                // a line being written; it is whole on the next read
            }
        }
        return out;
    }
}
