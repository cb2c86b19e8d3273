package dev.scalingsuite.load;

import java.util.List;

/** The sipp processes running on a load host, the suite's own and any others. */
public record HostStatus(List<SippProcess> processes) {

    public HostStatus {
        processes = List.copyOf(processes);
    }

    public List<SippProcess> ours() {
        return processes.stream().filter(SippProcess::ours).toList();
    }

    /** Processes this API did not start: reported so a user can decide, never stopped by the suite. */
    public List<SippProcess> foreign() {
        return processes.stream().filter(p -> !p.ours()).toList();
    }

    public boolean idle() {
        return processes.isEmpty();
    }
}
