package dev.scalingsuite.junit;

import dev.scalingsuite.fleet.AgentEvent;
import dev.scalingsuite.fleet.AgentEvents;
import dev.scalingsuite.fleet.CallOutcomes;
import dev.scalingsuite.fleet.CallReconciliation;
import dev.scalingsuite.fleet.LogEventsPort;
import dev.scalingsuite.fleet.SipCall;
import dev.scalingsuite.monitor.FleetMonitor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's calls in the stack's view: what SIPp saw (the counts, each answered call's times)
 * reconciled with the agents' call events ({@link CallReconciliation}). {@link #live()} judges as of
 * the monitors' last read of the agents' log, for every poll of a step; {@link #settled()} reads the
 * log once more when every hang-up can be judged, for the thresholds and the reports.
 */
final class CallJudge {

    private final LoadDriver load;
    private final FleetMonitor monitor;
    private final LogEventsPort logs;
    private final AgentEvents names;
    private final CallReconciliation.Settings settings;
    private final Instant startedAt;

    /** @param settings in wall time */
    CallJudge(LoadDriver load, FleetMonitor monitor, LogEventsPort logs, AgentEvents names,
            CallReconciliation.Settings settings, Instant startedAt) {
        this.load = load;
        this.monitor = monitor;
        this.logs = logs;
        this.names = names;
        this.settings = settings;
        this.startedAt = startedAt;
    }

    AgentEvents names() {
        return names;
    }

    /** As of the monitors' last read of the agents' log: a hang-up too recent for it is not judged yet. */
    CallOutcomes live() {
        LoadDriver.Seen seen = load.seen();
        Instant logsReadAt = monitor.readUpTo().getOrDefault("logs", startedAt);
        return CallReconciliation.reconcile(seen.tally(), seen.calls(), monitor.callEvents(), names, settings,
                logsReadAt);
    }

    /**
     * Waits until the agents' log can show the events of the latest hang-up (at most the clock skew
     * and the log's delay after it), then reads every call event since the start and judges. A hang-up
     * the wait cannot cover (SIPp's clock ahead of the suite's by more than it) stays not judged: the
     * thresholds fail on it, naming it and why, as they do on every hang-up when the log cannot be read
     * ({@link #unjudged}).
     */
    CallOutcomes settled() {
        LoadDriver.Seen seen = load.seen();
        Instant lastHangUp = seen.calls().stream().filter(c -> c.ending() == SipCall.Ending.BY_FAR_END)
                .map(c -> c.endedAt().orElseThrow()).max(Instant::compareTo).orElse(startedAt);
        Duration wait = Duration.between(Instant.now(), lastHangUp.plus(settings.judgedAfter()).plusMillis(1));
        if (wait.compareTo(settings.judgedAfter()) > 0) {
            wait = settings.judgedAfter(); // a load host whose clock runs ahead: judge with what there is
        }
        if (!wait.isNegative()) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Instant now = Instant.now();
        return CallReconciliation.reconcile(seen.tally(), seen.calls(), read(now), names, settings, now);
    }

    /** The SIP view alone, every far-end hang-up not judged: when the agents' log cannot be read, for {@code why}. */
    CallOutcomes unjudged(String why) {
        LoadDriver.Seen seen = load.seen();
        return CallReconciliation.unread(seen.tally(), seen.calls(), settings, why);
    }

    private List<AgentEvent> read(Instant to) {
        Instant from = startedAt.minus(settings.judgedAfter());
        List<AgentEvent> events = new ArrayList<>();
        for (String name : names.all()) {
            logs.occurrences(name, from, to).forEach(o -> events.add(new AgentEvent(name, o.at(), o.taskId())));
        }
        return events;
    }
}
