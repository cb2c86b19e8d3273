package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.CallOutcomes;
import dev.scalingsuite.report.ConsoleLine;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints one line every 10 s (wall) while a scenario runs: where it is, the fleet and the calls.
 * Reads only the monitors' snapshot and the cached call counts, so it costs the run nothing.
 */
final class LiveConsole implements AutoCloseable {

    static final Duration EVERY = Duration.ofSeconds(10);

    private final ScheduledExecutorService timer;

    private LiveConsole(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** @param cell the matrix cell the run is, if it is one: its line then shows the cell and its progress */
    static LiveConsole start(RunContext run, RunProgress progress, Optional<String> cell) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scaling-console");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> System.out.println(line(run, progress, cell)), EVERY.toMillis(),
                EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return new LiveConsole(timer);
    }

    static String line(RunContext run, RunProgress progress, Optional<String> cell) {
        CallOutcomes calls;
        try {
            calls = run.calls().live();
        } catch (RuntimeException e) {
            calls = null; // the line says "calls ?"; the run itself reports the failure
        }
        if (cell.isPresent()) {
            return ConsoleLine.cell(cell.get(), progress.results().size(), progress.checks(), run.monitor().latest(),
                    calls);
        }
        double model = run.timeScale().modelSeconds(Duration.between(run.startedAt(), Instant.now()));
        return ConsoleLine.format(run.scenario().name(), model, progress.currentStep(), progress.checks(),
                progress.currentText(), run.monitor().latest(), calls);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
