package dev.scalingsuite.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The sipp processes (and the captures beside them) on this machine whose working directory is under a
 * sipp home, as the kernel shows them (not as the suite's own status reads them): what a test may not
 * leave behind.
 */
public final class SippProcesses {

    private SippProcesses() {
    }

    public static List<ProcessHandle> under(Path sippHome) {
        return named("/sipp", sippHome);
    }

    /** The connect-time captures (tcpdump, and the timeout that bounds it) under a sipp home. */
    public static List<ProcessHandle> capturesUnder(Path sippHome) {
        List<ProcessHandle> out = new java.util.ArrayList<>(named("/tcpdump", sippHome));
        out.addAll(named("/timeout", sippHome));
        return out;
    }

    private static List<ProcessHandle> named(String commandSuffix, Path sippHome) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith(commandSuffix)).orElse(false))
                .filter(p -> cwd(p).map(cwd -> cwd.startsWith(sippHome)).orElse(false))
                .toList();
    }

    /** {@code pid cwd}, for messages. */
    public static String describe(ProcessHandle process) {
        return process.pid() + " " + cwd(process).map(Path::toString).orElse("(gone)");
    }

    private static Optional<Path> cwd(ProcessHandle process) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", String.valueOf(process.pid()), "cwd")));
        } catch (IOException | UnsupportedOperationException | SecurityException gone) {
            return Optional.empty(); // ended while we looked, or not ours to read
        }
    }
}
