package dev.scalingsuite.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A complete, immutable caller shape (see {@link Uac}). The {@code with...} methods return changed
 * copies. Every value is checked when it is set, so a bad one fails here, never on the load host.
 */
public final class UacSpec {

    /** The project's caller scenario, relative to sippHome. */
    public static final String DEFAULT_SCENARIO = "scenarios/uac.xml";
    /** How long a capture runs when nobody says: longer than any scenario the suite ships. */
    static final Duration DEFAULT_CAPTURE_LIMIT = Duration.ofHours(6);

    private final int count;
    private final int rate;
    private final Duration period;
    private final int limit;
    private final String targetHost;
    private final int targetPort;
    private final String scenario;
    private final String audio;
    private final String bindAddress;
    private final boolean messageTrace;
    private final Duration captureLimit;

    UacSpec(int count, int rate, Duration period, int limit, String targetHost, int targetPort, String scenario,
            String audio, String bindAddress, boolean messageTrace, Duration captureLimit) {
        this.count = count;
        this.rate = rate;
        this.period = period;
        this.limit = limit;
        this.targetHost = Shell.host(targetHost);
        this.targetPort = Shell.port("Target port", targetPort);
        this.scenario = Shell.require("Scenario", scenario, Shell.SCENARIO,
                "a .xml path relative to sippHome (letters, digits, _ . / -)");
        this.audio = audio == null ? null
                : Shell.require("Audio file", audio, Shell.AUDIO, "a .pcmu file name in audio/calls_pcmu");
        this.bindAddress = bindAddress == null ? null : Shell.host(bindAddress);
        this.messageTrace = messageTrace;
        if (captureLimit.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("The capture limit is at least 1 s, not " + captureLimit);
        }
        this.captureLimit = captureLimit;
    }

    /** The scenario file to run, relative to sippHome; default {@value #DEFAULT_SCENARIO}. */
    public UacSpec withScenario(String scenarioPath) {
        return new UacSpec(count, rate, period, limit, targetHost, targetPort, scenarioPath, audio, bindAddress,
                messageTrace, captureLimit);
    }

    /** The file in {@code audio/calls_pcmu/} the calls stream in a loop, instead of the scenario's. */
    public UacSpec withAudio(String pcmuFile) {
        return new UacSpec(count, rate, period, limit, targetHost, targetPort, scenario, pcmuFile, bindAddress,
                messageTrace, captureLimit);
    }

    /**
     * The load host's own address SIPp binds for SIP, media and its control port ({@code -i}, {@code -ci});
     * the soft quit and the INFOs that end calls go there too. Unset, the load host decides: its
     * configured {@code bind}, else the source address it reports for its route to the target
     * ({@link SippHost#bindFor}).
     */
    public UacSpec boundTo(String address) {
        return new UacSpec(count, rate, period, limit, targetHost, targetPort, scenario, audio, address,
                messageTrace, captureLimit);
    }

    /** Also write every SIP message ({@code -trace_msg}): large, for debugging. */
    public UacSpec withMessageTrace() {
        return new UacSpec(count, rate, period, limit, targetHost, targetPort, scenario, audio, bindAddress, true,
                captureLimit);
    }

    /**
     * The longest the capture beside this instance may run (see {@link SippRun#connectTimes()}): the run's
     * deadline. The load host ends it then by itself ({@code timeout}), so a suite that dies outright
     * leaves no capture running for long; the suite stops it sooner, with the instance. Default 6 hours.
     */
    public UacSpec withCaptureLimit(Duration deadline) {
        return new UacSpec(count, rate, period, limit, targetHost, targetPort, scenario, audio, bindAddress,
                messageTrace, deadline);
    }

    public int count() { return count; }
    public int rate() { return rate; }
    public Duration period() { return period; }
    public int limit() { return limit; }
    public String targetHost() { return targetHost; }
    public int targetPort() { return targetPort; }
    public String scenario() { return scenario; }
    public Optional<String> audio() { return Optional.ofNullable(audio); }
    /** The address SIPp binds, once set (see {@link #boundTo}). */
    public Optional<String> bindAddress() { return Optional.ofNullable(bindAddress); }
    public boolean messageTrace() { return messageTrace; }
    public Duration captureLimit() { return captureLimit; }

    /**
     * The sipp command line for these ports, run in the instance's run directory with the
     * scenario copied to {@code scenarioFile}.
     *
     * @throws IllegalStateException when no address is bound yet ({@link #boundTo})
     */
    List<String> commandLine(String scenarioFile, Ports ports) {
        if (bindAddress == null) {
            throw new IllegalStateException("No address to bind for " + this + ": the load host decides it");
        }
        List<String> args = new ArrayList<>(List.of("sipp", targetHost + ":" + targetPort,
                "-sf", scenarioFile,
                "-m", String.valueOf(count),
                "-r", String.valueOf(rate), "-rp", String.valueOf(period.toMillis()),
                "-l", String.valueOf(limit),
                "-i", bindAddress,
                "-p", String.valueOf(ports.sip()),
                "-mp", String.valueOf(ports.media()),
                "-cp", String.valueOf(ports.control()), "-ci", bindAddress,
                "-trace_stat", "-fd", "1",
                "-trace_counts",
                "-trace_rtt", "-rtt_freq", "1",
                "-trace_logs",
                "-trace_err",
                "-bg"));
        if (messageTrace) {
            args.add("-trace_msg");
        }
        return args;
    }

    @Override
    public String toString() {
        return count + " calls, " + rate + " per " + period.toMillis() + " ms, at most " + limit + " up, to "
                + targetHost + ":" + targetPort + (bindAddress == null ? "" : " from " + bindAddress) + " ("
                + scenario + (audio == null ? "" : ", " + audio) + ")";
    }

    /** The local ports of one instance on the load host. */
    record Ports(int sip, int media, int control) {
    }
}
