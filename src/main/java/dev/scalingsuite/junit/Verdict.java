package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.CallTally;
import dev.scalingsuite.report.RunRecord;
import java.time.Duration;
import java.time.Instant;

/** The one-screen verdict printed after a scenario: each step with its time to hold, and the calls. */
final class Verdict {

    private Verdict() {
    }

    /** The sum of the heap pools' peak usage since the JVM started. */
    static long heapPeakMegabytes() {
        long bytes = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes / (1024 * 1024);
    }

    static String of(ScenarioRun run) {
        StringBuilder text = new StringBuilder();
        Duration wall = Duration.between(run.startedAt(), Instant.now());
        text.append("\n=== ").append(run.scenario().name()).append(": ").append(run.outcome())
                .append(" against ").append(run.target()).append(", ")
                .append(TimeScale.show(run.timeScale().modelSeconds(wall))).append(" model time (")
                .append(TimeScale.show(wall.toMillis() / 1000.0)).append(" wall, time scale ")
                .append(run.timeScale().factor()).append(")\n");
        for (RunRecord.StepRecord r : run.results()) {
            text.append(String.format("  %2d. %-8s %-70s %s%n", r.index(), r.status(), r.expectation(),
                    r.status() == RunRecord.StepRecord.Status.NOT_RUN ? "" : "in " + TimeScale.show(r.modelSeconds())));
        }
        CallTally calls;
        try {
            calls = run.calls();
        } catch (RuntimeException e) {
            calls = null;
        }
        text.append("  calls: ").append(calls == null ? "(counts unavailable)" : calls.toString()).append('\n');
        text.append("  report: ").append(run.report().map(Object::toString)
                .orElse("not written (see the errors above); timeline in " + run.runDir().resolve("timeline.ndjson")))
                .append('\n');
        text.append("  JVM heap peak: ").append(heapPeakMegabytes()).append(" MB (the twin's too when it runs in this JVM)\n");
        return text.toString();
    }
}
