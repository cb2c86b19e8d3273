package dev.scalingsuite.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * One poll of a load host while a run places calls from it: the host's load and CPU, and each of the
 * suite's SIPp instances there, as {@code /proc} and SIPp's own statistics showed them.
 *
 * @param at when the poll read the host
 * @param late how much later than planned the poll ran (the poller's own scheduling lag)
 * @param loadAverage the host's 1-minute load average; empty when it could not be read
 * @param hostCpu the share of all the host's CPUs busy since the previous poll; empty on the first
 * @param instances the suite's SIPp instances on the host
 */
public record GeneratorSample(Instant at, Duration late, OptionalDouble loadAverage, OptionalDouble hostCpu,
        List<Instance> instances) {

    public GeneratorSample {
        instances = List.copyOf(instances);
    }

    /**
     * One SIPp instance at a poll.
     *
     * @param runId the instance's run id
     * @param state its process state from {@code /proc/<pid>/stat} ({@code R}, {@code S}, {@code T} when
     *     stopped, ...), or {@code -} when it no longer runs
     * @param cpu the share of one core it used since the previous poll; empty on its first
     * @param placed the calls it has placed (SIPp's {@code OutgoingCall(C)})
     * @param due the calls its rate made due by then, or -1 when its rate does not apply (its concurrent
     *     calls at its limit, or every call placed)
     * @param retransmissions SIPp's {@code Retransmissions(C)}
     * @param watchdogMajor SIPp's {@code WatchdogMajor(C)}
     * @param watchdogMinor SIPp's {@code WatchdogMinor(C)}
     * @param lastWatchdog the latest watchdog message of its error log, or empty
     */
    public record Instance(String runId, String state, OptionalDouble cpu, long placed, long due,
            long retransmissions, long watchdogMajor, long watchdogMinor, String lastWatchdog) {
    }
}
