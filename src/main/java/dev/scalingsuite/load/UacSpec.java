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
    static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

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

    UacSpec(int count, int rate, Duration period, int limit, String targetHost, int targetPort, String scenario,
            String audio, String bindAddress, boolean messageTrace) {
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
        this.bindAddress = Shell.host(bindAddress);
        this.messageTrace = messageTrace;
    }

    /** The scenario file to run, relative to sippHome; default {@value #DEFAULT_SCENARIO}. */
    public UacSpec withScenario(String scenarioPath) {
        return new UacSpec(count, rate, period, limit, targetHost, targetPort, scenarioPath, audio, bindAddress,
                messageTrace);
    }

    /** The file in {@code audio/calls_pcmu/} the calls stream in a loop, instead of the scenario's. */
    public UacSpec withAudio(String pcmuFile) {
        return new UacSpec(count, rate, period, limit, targetHost, targetPort, scenario, pcmuFile, bindAddress,
                messageTrace);
    }

    /** The local address SIPp binds for SIP, media and its control port's peer; default 127.0.0.1. */
    public UacSpec boundTo(String address) {
        return new UacSpec(count, rate, period, limit, targetHost, targetPort, scenario, audio, address,
                messageTrace);
    }

    /** Also write every SIP message ({@code -trace_msg}): large, for debugging. */
    public UacSpec withMessageTrace() {
        return new UacSpec(count, rate, period, limit, targetHost, targetPort, scenario, audio, bindAddress, true);
    }

    public int count() { return count; }
    public int rate() { return rate; }
    public Duration period() { return period; }
    public int limit() { return limit; }
    public String targetHost() { return targetHost; }
    public int targetPort() { return targetPort; }
    public String scenario() { return scenario; }
    public Optional<String> audio() { return Optional.ofNullable(audio); }
    public String bindAddress() { return bindAddress; }
    public boolean messageTrace() { return messageTrace; }

    /**
     * The sipp command line for these ports, run in the instance's run directory with the
     * scenario copied to {@code scenarioFile}.
     */
    List<String> commandLine(String scenarioFile, Ports ports) {
        List<String> args = new ArrayList<>(List.of("sipp", targetHost + ":" + targetPort,
                "-sf", scenarioFile,
                "-m", String.valueOf(count),
                "-r", String.valueOf(rate), "-rp", String.valueOf(period.toMillis()),
                "-l", String.valueOf(limit),
                "-i", bindAddress,
                "-p", String.valueOf(ports.sip()),
                "-mp", String.valueOf(ports.media()),
                "-cp", String.valueOf(ports.control()), "-ci", "127.0.0.1",
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
                + targetHost + ":" + targetPort + " (" + scenario + (audio == null ? "" : ", " + audio) + ")";
    }

    /** The local ports of one instance on the load host. */
    record Ports(int sip, int media, int control) {
    }
}
