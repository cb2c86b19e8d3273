package dev.scalingsuite.load;

/** What one command on the load host printed and how it exited. */
public record ExecResult(String command, int exitStatus, String stdout, String stderr) {

    public boolean ok() {
        return exitStatus == 0;
    }

    /** This result, or an exception that shows the command, its status and its output. */
    public ExecResult orThrow() {
        if (!ok()) {
            throw new LoadHostException("Command on the load host failed with status " + exitStatus + ": " + command
                    + "\nstdout: " + stdout.strip() + "\nstderr: " + stderr.strip());
        }
        return this;
    }
}
