package dev.scalingsuite.scenario;

import dev.scalingsuite.fleet.LongestCall;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * How long a call of a scenario can be up, at most, read from its steps alone. The suite's calls are
 * held until the suite ends them, so a call placed by step {@code i} and ended by step {@code j} is
 * up no longer than steps {@code i..j} take together, and each step takes at most its bound:
 * <ul>
 * <li>{@code expect}: its {@code within} (a passing step ends sooner; a step past it fails the run);
 *     {@code within: scale-in-policy}: the bound the live policy implies, when the caller knows it;</li>
 * <li>{@code hold}: its duration;</li>
 * <li>{@code place-calls}, {@code end-calls}, {@code end-all-calls}: no time, since they only start SIPp
 *     or send INFO (seconds of wall time) and the calls' pacing runs on in the background.</li>
 * </ul>
 * Which step ends a call: {@code end-calls n} ends the oldest calls first, as the load driver does;
 * assuming every call placed is still up is the latest each batch can end (a rejected or dropped call
 * only lets later batches end sooner). A batch that is still being placed when an {@code end-calls}
 * runs (its pacing, or a {@code limit} below its count, can outlast the holds in between), and every
 * call no step ends, ends at the next {@code end-all-calls} or with the run after the last step.
 */
public final class LongestCalls {

    private LongestCalls() {
    }

    /**
     * @param scaleInPolicyBound the bound of {@code within: scale-in-policy} from the live policy; empty
     *     when there is none, and then a call spanning such a step has no bound
     */
    public static LongestCall of(Scenario scenario, Optional<Duration> scaleInPolicyBound) {
        List<Step> steps = scenario.steps();
        List<Span> spans = spans(steps);
        LongestCall longest = LongestCall.bounded(Duration.ZERO, "the scenario places no calls");
        for (Span span : spans) {
            LongestCall call = bound(steps, span, scaleInPolicyBound);
            if (call.upTo().isEmpty()) {
                return call;
            }
            if (call.upTo().get().compareTo(longest.upTo().orElseThrow()) > 0) {
                longest = call;
            }
        }
        return longest;
    }

    /**
     * How long a run of the scenario takes at most, from its steps alone: every step's bound added up
     * (as above); empty when a step has none.
     */
    public static Optional<Duration> run(Scenario scenario, Optional<Duration> scaleInPolicyBound) {
        Duration total = Duration.ZERO;
        for (Step step : scenario.steps()) {
            Optional<Duration> bound = bound(step, scaleInPolicyBound);
            if (bound.isEmpty()) {
                return Optional.empty();
            }
            total = total.plus(bound.get());
        }
        return Optional.of(total);
    }

    /** From the step that placed each batch of calls to the step that ends its last call. */
    private static List<Span> spans(List<Step> steps) {
        Deque<Batch> up = new ArrayDeque<>();
        List<Span> spans = new ArrayList<>();
        for (Step step : steps) {
            if (step instanceof Step.PlaceCalls p) {
                up.addLast(new Batch(p, p.count()));
            } else if (step instanceof Step.EndCalls e) {
                endOldest(up, e, steps, spans);
            } else if (step instanceof Step.EndAllCalls) {
                up.forEach(batch -> spans.add(new Span(batch.placedBy().index(), step.index())));
                up.clear();
            }
        }
        int last = steps.get(steps.size() - 1).index();
        up.forEach(batch -> spans.add(new Span(batch.placedBy().index(), last)));
        return spans;
    }

    /** Ends {@code e.count()} calls from the oldest batches, adding the span of each batch it finishes. */
    private static void endOldest(Deque<Batch> up, Step.EndCalls e, List<Step> steps, List<Span> spans) {
        int left = e.count();
        for (var batches = up.iterator(); batches.hasNext() && left > 0; ) {
            Batch batch = batches.next();
            if (!fullyPlacedBy(batch.placedBy(), e, steps)) {
                continue; // the driver may end fewer of its calls now; the rest end later
            }
            int ended = Math.min(batch.up(), left);
            left -= ended;
            batch.up(batch.up() - ended);
            if (batch.up() == 0) {
                batches.remove();
                spans.add(new Span(batch.placedBy().index(), e.index()));
            }
        }
    }

    /** Whether a batch's every call was surely placed before {@code end}: its pacing fits in the holds between. */
    private static boolean fullyPlacedBy(Step.PlaceCalls place, Step end, List<Step> steps) {
        if (place.limit().isPresent() && place.limit().getAsInt() < place.count()) {
            return false; // calls wait for earlier ones to end before they are placed
        }
        Duration pacing = place.period().multipliedBy((place.count() + place.rate() - 1) / place.rate());
        Duration surelyElapsed = Duration.ZERO;
        for (Step s : steps.subList(place.index(), end.index() - 1)) {
            if (s instanceof Step.Hold h) {
                surelyElapsed = surelyElapsed.plus(h.duration());
            }
        }
        return surelyElapsed.compareTo(pacing) >= 0;
    }

    private static LongestCall bound(List<Step> steps, Span span, Optional<Duration> scaleInPolicyBound) {
        Duration total = Duration.ZERO;
        for (Step step : steps.subList(span.from() - 1, span.to())) {
            Optional<Duration> bound = bound(step, scaleInPolicyBound);
            if (bound.isEmpty()) {
                return LongestCall.unbounded("step " + step.index() + " (" + step.describe() + ") lies between "
                        + "placing calls (step " + span.from() + ") and ending them (step " + span.to()
                        + "), and the live configuration has no scale-in policy to bound it");
            }
            total = total.plus(bound.get());
        }
        return LongestCall.bounded(total, "placed by step " + span.from() + ", ended by step " + span.to()
                + ": the bounds of steps " + span.from() + " to " + span.to() + " add up to that");
    }

    private static Optional<Duration> bound(Step step, Optional<Duration> scaleInPolicyBound) {
        if (step instanceof Step.Expect e) {
            return e.scaleInPolicy() ? scaleInPolicyBound : Optional.of(e.within());
        }
        if (step instanceof Step.Hold h) {
            return Optional.of(h.duration());
        }
        return Optional.of(Duration.ZERO);
    }

    private record Span(int from, int to) {
    }

    /** The calls one place-calls step placed that no step has ended yet. */
    private static final class Batch {
        private final Step.PlaceCalls placedBy;
        private int up;

        Batch(Step.PlaceCalls placedBy, int up) {
            this.placedBy = placedBy;
            this.up = up;
        }

        Step.PlaceCalls placedBy() { return placedBy; }
        int up() { return up; }
        void up(int calls) { up = calls; }
    }
}
