package dev.scalingsuite.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Whether a SIPp instance that no longer runs, whose calls the suite had not ended, died rather than finished. */
final class HostHealth {

    private HostHealth() {
    }

    /**
     * Why instance {@code runId} died: it exited with calls up (answered, with no BYE in its log) or with calls
     * still to place of its {@code count}; empty when it finished as SIPp does once every call it placed is over
     * (the far end hung up on each, or refused it).
     *
     * @param placed the calls its counts file says it placed; empty when it wrote none (it died at once)
     * @param live its calls answered and not ended, by its log
     */
    static Optional<String> died(String runId, int count, Optional<Long> placed, int live) {
        List<String> left = new ArrayList<>();
        if (live > 0) {
            left.add(live + " call(s) up");
        }
        if (placed.isEmpty()) {
            left.add("no call counted of its " + count);
        } else if (placed.get() < count) {
            left.add((count - placed.get()) + " of its " + count + " call(s) still to place");
        }
        return left.isEmpty() ? Optional.empty()
                : Optional.of("its SIPp " + runId + " exited with " + String.join(" and ", left));
    }
}
