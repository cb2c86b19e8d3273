package dev.scalingsuite.junit;

import dev.scalingsuite.config.Bounds;
import dev.scalingsuite.fleet.CallOutcomes;
import dev.scalingsuite.fleet.GeneratorLoad;
import dev.scalingsuite.report.GeneratorText;
import dev.scalingsuite.fleet.RunCost;
import dev.scalingsuite.fleet.TaskMinutes;
import dev.scalingsuite.report.RunRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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

    /**
     * @param outcome the run's outcome as the reports give it ({@code INCONCLUSIVE} when a generator saturated)
     * @param calls the calls as the reports judged them, when they were written
     * @param taskMinutes the run's task-minutes as the reports give them, when they were written
     * @param cost their cost in dollars as the reports give it, when they were written
     */
    static String of(RunContext run, RunProgress progress, RunRecord.Outcome outcome, Optional<Path> report,
            Optional<CallOutcomes> calls, Optional<TaskMinutes> taskMinutes, Optional<RunCost> cost) {
        StringBuilder text = new StringBuilder();
        Duration wall = Duration.between(run.startedAt(), Instant.now());
        text.append("\n=== ").append(run.scenario().name()).append(": ").append(outcome)
                .append(" against ").append(run.suite().target()).append(", ")
                .append(TimeScale.show(run.timeScale().modelSeconds(wall))).append(" model time (")
                .append(TimeScale.show(wall.toMillis() / 1000.0)).append(" wall, time scale ")
                .append(run.timeScale().factor()).append(")\n");
        for (RunRecord.StepRecord r : progress.results()) {
            text.append(String.format("  %2d. %-8s %-70s %s%n", r.index(), r.status(), r.expectation(),
                    r.status() == RunRecord.StepRecord.Status.NOT_RUN ? "" : "in " + TimeScale.show(r.modelSeconds())));
        }
        List<String> notMeasured = run.measurements().records().stream()
                .filter(c -> c.measurement() == RunRecord.CheckRecord.Measurement.NOT_MEASURED)
                .map(c -> c.check() + " (" + c.scope() + (c.allowed() ? ", allowed" : "") + ")").toList();
        if (!notMeasured.isEmpty()) {
            text.append("  not measured: ").append(String.join(", ", notMeasured)).append('\n');
        }
        CallOutcomes seen;
        try {
            seen = calls.orElseGet(() -> run.calls().live());
        } catch (RuntimeException e) {
            seen = null;
        }
        text.append("  calls: ").append(seen == null ? "(counts unavailable)" : seen.toString()).append('\n');
        run.bounds().reached().ifPresent(bound -> text.append("  aborted: ").append(bound).append('\n'));
        for (GeneratorLoad load : run.generators().loads()) {
            text.append("  ").append(load.saturated() ? "INCONCLUSIVE: " + load.reason()
                    : "load generator on " + load.host() + " kept up: " + GeneratorText.summary(load)).append('\n');
        }
        taskMinutes.ifPresent(m -> text.append("  cost: ").append(m).append(cost.map(c -> c.usd().isPresent()
                        ? ", " + RunCost.dollars(c.usd().getAsDouble()) : ", in dollars not measured (the report says why)")
                        .orElse("")).append(" (max-task-minutes ")
                .append(run.bounds().bounds().maxTaskMinutes()).append("; max-run-time ")
                .append(Bounds.show(run.bounds().bounds().maxRunTime())).append(")\n"));
        text.append("  report: ").append(report.map(Object::toString)
                .orElse("not written (see the errors above); timeline in " + run.timelineFile()))
                .append('\n');
        text.append("  JVM heap peak: ").append(heapPeakMegabytes()).append(" MB (the twin's too when it runs in this JVM)\n");
        return text.toString();
    }
}
