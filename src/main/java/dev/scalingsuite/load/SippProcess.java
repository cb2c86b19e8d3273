package dev.scalingsuite.load;

/**
 * A sipp process seen on a load host.
 *
 * @param pid its process id
 * @param workingDirectory where it runs (the run directory, for the suite's own)
 * @param commandLine its arguments
 * @param ours whether this API started it (others are reported, never touched)
 */
public record SippProcess(long pid, String workingDirectory, String commandLine, boolean ours) {
}
