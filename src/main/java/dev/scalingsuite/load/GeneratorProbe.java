package dev.scalingsuite.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One read of a load host for {@link GeneratorWatch}, in one SSH command: the host's load average and CPU
 * counters ({@code /proc/loadavg}, {@code /proc/stat}), and for each SIPp instance of the suite its process
 * state and CPU time ({@code /proc/<pid>/stat}), the last row of its statistics ({@code -trace_stat}:
 * calls placed, retransmissions, watchdog trips) and the latest watchdog message of its error log
 * ({@code -trace_err}: SIPp writes {@code Overload warning: the minor watchdog timer 500ms has been tripped
 * (616), 119 trips remaining.} when its main loop ran late). Counters only: {@link GeneratorWatch} turns two
 * reads into rates.
 */
final class GeneratorProbe {

    /** The watchdog messages of SIPp's error log, whose entries SIPp does not end with a line break. */
    static final Pattern WATCHDOG = Pattern.compile("Overload (?:warning|error): [^.]*watchdog[^.]*");

    /** How much of the end of SIPp's error log a poll reads for the latest watchdog message. */
    static final int ERRORS_TAIL = 65536;

    private GeneratorProbe() {
    }

    /** What a read saw of one instance. */
    record InstanceReading(String state, OptionalLong cpuTicks, Optional<StatRow> stats, String lastWatchdog) {
    }

    /**
     * The last row of an instance's {@code -trace_stat} file, by the header's column names.
     *
     * @param elapsedSeconds {@code ElapsedTime(C)}
     * @param placed {@code OutgoingCall(C)}
     * @param current {@code CurrentCall}
     */
    record StatRow(long elapsedSeconds, long placed, long current, long retransmissions, long watchdogMajor,
            long watchdogMinor) {
    }

    /**
     * What a read saw of the host.
     *
     * @param ticksPerSecond the kernel's clock ticks per second ({@code CLK_TCK}), the unit of the CPU times
     * @param cpuBusy ticks all CPUs were busy since boot; empty when {@code /proc/stat} could not be read
     * @param cpuTotal ticks of all CPUs since boot
     */
    record HostReading(OptionalDouble loadAverage, long ticksPerSecond, OptionalLong cpuBusy, OptionalLong cpuTotal,
            Map<String, InstanceReading> instances) {
    }

    /** One SIPp instance to read: its run id, its pid and its run directory. */
    record Instance(String runId, long pid, String runDir) {

        static Instance of(SippRun run) {
            return new Instance(run.runId(), run.pid(), run.runDir());
        }
    }

    /** The command that reads the host and {@code runs} (each checked for being the instance it was). */
    static String script(List<Instance> runs) {
        StringBuilder s = new StringBuilder()
                .append("echo \"ticks $(getconf CLK_TCK 2>/dev/null || echo 100)\"\n")
                .append("echo \"loadavg $(cat /proc/loadavg 2>/dev/null)\"\n")
                .append("echo \"stat $(head -n 1 /proc/stat 2>/dev/null)\"\n");
        for (Instance run : runs) {
            String id = run.runId(); // letters, digits, _ and - (Shell.RUN_ID)
            String dir = Shell.quote(run.runDir());
            s.append("d=$(cd ").append(dir).append(" 2>/dev/null && pwd -P) && [ \"$(readlink /proc/")
                    .append(run.pid()).append("/cwd 2>/dev/null)\" = \"$d\" ] && echo \"proc ").append(id)
                    .append(" $(cat /proc/").append(run.pid()).append("/stat 2>/dev/null)\"\n")
                    .append("f=$(ls ").append(dir).append("/caller_*_.csv 2>/dev/null | head -n 1)\n")
                    .append("[ -n \"$f\" ] && echo \"stathead ").append(id).append(" $(head -n 1 \"$f\")\" && echo \"statrow ")
                    .append(id).append(" $(tail -n 1 \"$f\")\"\n")
                    // the log's tail only: a log flooded with other errors costs a poll no more than 64 KiB
                    .append("echo \"watchdog ").append(id).append(" $(tail -q -c ").append(ERRORS_TAIL).append(' ')
                    .append(dir).append("/*_errors.log 2>/dev/null | grep -oE 'Overload (warning|error): [^.]*watchdog[^.]*' "
                            + "| tail -n 1)\"\n");
        }
        return s.append("true\n").toString();
    }

    /** Reads what {@link #script} printed, for {@code runIds}; lines it does not know are ignored. */
    static HostReading parse(String output, List<String> runIds) {
        OptionalDouble load = OptionalDouble.empty();
        long ticks = 100;
        OptionalLong busy = OptionalLong.empty();
        OptionalLong total = OptionalLong.empty();
        Map<String, String> state = new LinkedHashMap<>();
        Map<String, OptionalLong> cpu = new LinkedHashMap<>();
        Map<String, String> header = new LinkedHashMap<>();
        Map<String, String> row = new LinkedHashMap<>();
        Map<String, String> watchdog = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            String[] parts = line.split(" ", 2);
            String rest = parts.length > 1 ? parts[1] : "";
            switch (parts[0]) {
                case "ticks" -> ticks = number(rest.strip()).orElse(100);
                case "loadavg" -> load = loadAverage(rest);
                case "stat" -> {
                    long[] counters = cpuCounters(rest);
                    if (counters.length == 2) {
                        busy = OptionalLong.of(counters[0]);
                        total = OptionalLong.of(counters[1]);
                    }
                }
                case "proc", "stathead", "statrow", "watchdog" -> {
                    String[] idAndText = rest.split(" ", 2);
                    String text = idAndText.length > 1 ? idAndText[1] : "";
                    switch (parts[0]) {
                        case "proc" -> {
                            String[] process = processStat(text);
                            if (process.length == 2) {
                                state.put(idAndText[0], process[0]);
                                cpu.put(idAndText[0], number(process[1]));
                            }
                        }
                        case "stathead" -> header.put(idAndText[0], text);
                        case "statrow" -> row.put(idAndText[0], text);
                        default -> watchdog.put(idAndText[0], lastWatchdog(text));
                    }
                }
                default -> {
                    // not a line of the probe's (a login banner, say)
                }
            }
        }
        Map<String, InstanceReading> instances = new LinkedHashMap<>();
        for (String id : runIds) {
            Optional<StatRow> stats = header.containsKey(id) && row.containsKey(id)
                    ? statRow(header.get(id), row.get(id)) : Optional.empty();
            instances.put(id, new InstanceReading(state.getOrDefault(id, "-"), cpu.getOrDefault(id, OptionalLong.empty()),
                    stats, watchdog.getOrDefault(id, "")));
        }
        return new HostReading(load, ticks, busy, total, instances);
    }

    /** {@code 0.52 0.58 0.59 1/467 12345}: the first, the 1-minute load average. */
    static OptionalDouble loadAverage(String line) {
        String[] fields = line.strip().split("\\s+");
        try {
            return fields[0].isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(fields[0]));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /**
     * {@code cpu  user nice system idle iowait irq softirq steal guest guest_nice}: the ticks busy and the total
     * (guest time is counted in user already); an empty array when the line is not one.
     */
    static long[] cpuCounters(String line) {
        String[] fields = line.strip().split("\\s+");
        if (fields.length < 5 || !fields[0].equals("cpu")) {
            return new long[0];
        }
        long total = 0;
        long idle = 0;
        for (int i = 1; i < fields.length && i <= 8; i++) {
            OptionalLong value = number(fields[i]);
            if (value.isEmpty()) {
                return new long[0];
            }
            total += value.getAsLong();
            if (i == 4 || i == 5) { // idle, iowait
                idle += value.getAsLong();
            }
        }
        return new long[] {total - idle, total};
    }

    /**
     * {@code 6389 (sipp) S 0 ...}: the state and utime + stime, in clock ticks (fields 3, 14 and 15, counted
     * after the command name in parentheses, which may hold spaces); an empty array when the line is not one.
     */
    static String[] processStat(String line) {
        int close = line.lastIndexOf(')');
        if (close < 0) {
            return new String[0];
        }
        String[] fields = line.substring(close + 1).strip().split("\\s+");
        if (fields.length < 13) {
            return new String[0];
        }
        OptionalLong utime = number(fields[11]);
        OptionalLong stime = number(fields[12]);
        if (utime.isEmpty() || stime.isEmpty()) {
            return new String[0];
        }
        return new String[] {fields[0], String.valueOf(utime.getAsLong() + stime.getAsLong())};
    }

    /**
     * The last row of a {@code -trace_stat} file by its header's names; empty when a column is missing (a row
     * being written).
     */
    static Optional<StatRow> statRow(String header, String row) {
        String[] names = header.strip().split(";");
        String[] values = row.strip().split(";");
        Map<String, String> byName = new LinkedHashMap<>();
        for (int i = 0; i < names.length && i < values.length; i++) {
            byName.put(names[i], values[i].strip());
        }
        OptionalLong elapsed = seconds(byName.getOrDefault("ElapsedTime(C)", ""));
        OptionalLong placed = number(byName.getOrDefault("OutgoingCall(C)", ""));
        OptionalLong current = number(byName.getOrDefault("CurrentCall", ""));
        OptionalLong retransmissions = number(byName.getOrDefault("Retransmissions(C)", ""));
        OptionalLong major = number(byName.getOrDefault("WatchdogMajor(C)", ""));
        OptionalLong minor = number(byName.getOrDefault("WatchdogMinor(C)", ""));
        if (elapsed.isEmpty() || placed.isEmpty() || current.isEmpty() || retransmissions.isEmpty() || major.isEmpty()
                || minor.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StatRow(elapsed.getAsLong(), placed.getAsLong(), current.getAsLong(),
                retransmissions.getAsLong(), major.getAsLong(), minor.getAsLong()));
    }

    /** The latest watchdog message in an error log's text, or empty. */
    static String lastWatchdog(String errors) {
        Matcher m = WATCHDOG.matcher(errors);
        String last = "";
        while (m.find()) {
            last = m.group().strip();
        }
        return last;
    }

    /** SIPp's {@code HH:MM:SS} (or {@code HH:MM:SS:micros}) in whole seconds. */
    static OptionalLong seconds(String text) {
        String[] parts = text.split(":");
        if (parts.length < 3) {
            return OptionalLong.empty();
        }
        OptionalLong h = number(parts[0]);
        OptionalLong m = number(parts[1]);
        OptionalLong s = number(parts[2]);
        if (h.isEmpty() || m.isEmpty() || s.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(h.getAsLong() * 3600 + m.getAsLong() * 60 + s.getAsLong());
    }

    private static OptionalLong number(String text) {
        try {
            return OptionalLong.of(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
