package dev.scalingsuite.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;

/**
 * What a SIPp start cut off by an SSH drop left in its run directory, read after reconnecting. The
 * start script may still be running (a drop need not stop it: without a terminal, sshd sends it no
 * signal), may have started sipp, or may have stopped before sipp ran. Only in the last case may the
 * start run again; in the others a second sipp would place every call twice.
 */
final class InterruptedStart {

    /** The file in the run directory where the start script writes its shell's pid. */
    static final String SCRIPT_PID = "start.pid";
    /** Long enough for a start script that still runs to finish: sipp prints its pid within a second. */
    static final Duration SETTLE = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(200);

    private final SippHost host;
    private final String runDir;

    InterruptedStart(SippHost host, String runDir) {
        this.host = host;
        this.runDir = runDir;
    }

    /**
     * The pid of the background sipp the cut-off start launched, or empty if it launched none.
     *
     * @throws LoadHostException if the start has not settled within {@link #SETTLE}
     */
    OptionalLong sippStarted() {
        Seen seen = look();
        for (long polls = SETTLE.toMillis() / POLL.toMillis(); polls > 0; polls--) {
            if (seen.backgroundPid().isPresent()) {
                return seen.backgroundPid();
            }
            if (!seen.scriptRunning() && seen.sipps().isEmpty()) {
                return OptionalLong.empty();
            }
            SippHost.sleep(POLL);
            seen = look();
        }
        if (seen.backgroundPid().isPresent()) {
            return seen.backgroundPid();
        }
        throw new LoadHostException("A sipp start in " + runDir + " was cut off by an SSH drop and had not settled "
                + SETTLE.toSeconds() + " s later (" + (seen.scriptRunning() ? "its start script still runs"
                : "sipp " + seen.sipps() + " runs there without having printed its pid") + "); not starting "
                + "another sipp there, which would place the calls twice");
    }

    private Seen look() {
        String script = "cd " + Shell.quote(runDir) + " 2>/dev/null || exit 0\n"
                + "d=$(pwd -P)\n"
                + "p=$(cat " + SCRIPT_PID + " 2>/dev/null)\n"
                + "case \"$p\" in ''|*[!0-9]*) p= ;; esac\n"
                + "if [ -n \"$p\" ] && [ \"$p\" != \"$$\" ] && [ \"$(readlink /proc/$p/cwd 2>/dev/null)\" = \"$d\" ] "
                + "&& ! grep -q '^State:[[:space:]]*Z' /proc/$p/status 2>/dev/null; then echo script=running; fi\n"
                + "cat start.out 2>/dev/null\n"
                + "for x in /proc/[0-9]*; do "
                + "[ \"$(cat \"$x/comm\" 2>/dev/null)\" = sipp ] || continue; "
                + "[ \"$(readlink \"$x/cwd\" 2>/dev/null)\" = \"$d\" ] || continue; "
                + "grep -q '^State:[[:space:]]*Z' \"$x/status\" 2>/dev/null && continue; "
                + "echo \"sipp=${x#/proc/}\"; done\n"
                + "true\n";
        return Seen.parse(host.execIdempotent(script).stdout());
    }

    /** One look at the run directory. */
    record Seen(boolean scriptRunning, OptionalLong backgroundPid, List<Long> sipps) {
        static Seen parse(String out) {
            Matcher pid = SippHost.BACKGROUND_PID.matcher(out);
            OptionalLong background = pid.find() ? OptionalLong.of(Long.parseLong(pid.group(1))) : OptionalLong.empty();
            List<Long> sipps = new ArrayList<>();
            boolean script = false;
            for (String line : out.split("\n")) {
                if (line.equals("script=running")) {
                    script = true;
                } else if (line.matches("sipp=\\d+")) {
                    sipps.add(Long.parseLong(line.substring("sipp=".length())));
                }
            }
            return new Seen(script, background, List.copyOf(sipps));
        }
    }
}
