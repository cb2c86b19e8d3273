package dev.scalingsuite.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Connect time: from a call's INVITE to the first RTP packet from its far end, when a caller first
 * hears the other side (the deployed agent speaks first). Paired per call from what the caller logged
 * (when its INVITE went out, where the far end's SDP said its audio comes from, when the call ended)
 * and what a capture on the load host saw (the first packet of each burst from each far-end address):
 * a call's connect is the first such packet from its far-end address at or after its INVITE and
 * before its end. A call whose far end never sent RTP while it was up (refused before the answer,
 * hung up before speaking) has none and is counted. Calls of a caller whose media could not be
 * captured are not here; {@link #notMeasured()} says why, one reason per place.
 *
 * @param calls every call of the measured callers, with its connect time when it has one
 * @param notMeasured why some callers' calls could not be measured; empty when every caller's were
 */
public record ConnectTimes(List<CallConnect> calls, List<String> notMeasured) {

    public static final ConnectTimes NONE = new ConnectTimes(List.of(), List.of());

    /** Where a far end's audio comes from: its SDP's connection address and audio port. */
    public record MediaAddress(String host, int port) {
        public MediaAddress {
            Objects.requireNonNull(host, "host");
        }
    }

    /**
     * One call as its caller logged it.
     *
     * @param farEnd empty when no answer with SDP came (a 503, a call not answered yet)
     * @param endedAt empty while the call is up or when it was never answered
     */
    public record PlacedCall(String callId, Instant invitedAt, Optional<MediaAddress> farEnd,
            Optional<Instant> endedAt) {
    }

    /** The first packet of a burst from one far-end address (a capture starts a new burst after a silence). */
    public record FirstPacket(MediaAddress from, Instant at) {
    }

    /** A call and its connect time; empty when its far end sent no RTP while it was up. */
    public record CallConnect(String callId, Instant invitedAt, Optional<Duration> connect) {
    }

    public ConnectTimes {
        calls = List.copyOf(calls);
        notMeasured = List.copyOf(notMeasured);
    }

    /** No call of a caller could be measured, for {@code why} (which names the place and the cause). */
    public static ConnectTimes notMeasured(String why) {
        return new ConnectTimes(List.of(), List.of(why));
    }

    /**
     * Each call's connect time: the earliest packet from its far-end address at or after its INVITE and
     * before its end. Packets before the INVITE belong to an earlier call that had the same address
     * (ports are reused), so they never count.
     */
    public static ConnectTimes pair(List<PlacedCall> calls, List<FirstPacket> packets) {
        List<FirstPacket> inOrder = packets.stream().sorted(Comparator.comparing(FirstPacket::at)).toList();
        List<CallConnect> out = new ArrayList<>();
        for (PlacedCall call : calls) {
            Optional<Duration> connect = call.farEnd().flatMap(farEnd -> inOrder.stream()
                    .filter(p -> p.from().equals(farEnd) && !p.at().isBefore(call.invitedAt())
                            && call.endedAt().map(p.at()::isBefore).orElse(true))
                    .findFirst()
                    .map(p -> Duration.between(call.invitedAt(), p.at())));
            out.add(new CallConnect(call.callId(), call.invitedAt(), connect));
        }
        return new ConnectTimes(out, List.of());
    }

    /** Both callers' calls and reasons; a reason given by several callers counts once. */
    public ConnectTimes plus(ConnectTimes other) {
        List<CallConnect> both = new ArrayList<>(calls);
        both.addAll(other.calls);
        LinkedHashSet<String> reasons = new LinkedHashSet<>(notMeasured);
        reasons.addAll(other.notMeasured);
        return new ConnectTimes(both, List.copyOf(reasons));
    }

    /** The connect times of the calls that have one, in the order of the calls. */
    public List<Duration> measured() {
        return calls.stream().flatMap(c -> c.connect().stream()).toList();
    }

    /** Calls whose far end sent no RTP while they were up. */
    public long withoutRtp() {
        return calls.stream().filter(c -> c.connect().isEmpty()).count();
    }

    /** Whether every caller's media could be captured. */
    public boolean measuredEverywhere() {
        return notMeasured.isEmpty();
    }

    /** The connect time of one call, if it was measured and had one. */
    public Optional<Duration> of(String callId) {
        return calls.stream().filter(c -> c.callId().equals(callId)).findFirst().flatMap(CallConnect::connect);
    }
}
