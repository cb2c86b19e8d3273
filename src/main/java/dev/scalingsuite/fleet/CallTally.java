package dev.scalingsuite.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * Calls as the load generator counted them, the SIP view: answered (200 on INVITE), rejected with a
 * SIP 503, ended by the far end (its BYE before the suite ended the call), completed (ended by the
 * suite). Whether a call the far end ended was refused or dropped by the stack is not a SIP fact:
 * see {@link CallReconciliation}.
 *
 * @param uncounted the caller instances whose counts could not be read (SIPp had not written its counts
 *     file), each named as where its counts were looked for, e.g. {@code run 1-ab12 on ec2-user@10.0.0.7:22}:
 *     the totals leave their calls out, so a bound they meet is not measured
 */
public record CallTally(long placed, long answered, long rejected503, long endedByFarEnd, long completed,
        List<String> uncounted) {

    public static final CallTally NONE = new CallTally(0, 0, 0, 0, 0);

    public CallTally {
        uncounted = List.copyOf(uncounted);
    }

    /** Counts of instances that were all read. */
    public CallTally(long placed, long answered, long rejected503, long endedByFarEnd, long completed) {
        this(placed, answered, rejected503, endedByFarEnd, completed, List.of());
    }

    /** An instance whose counts could not be read, named {@code where}. */
    public static CallTally uncounted(String where) {
        return new CallTally(0, 0, 0, 0, 0, List.of(where));
    }

    public CallTally plus(CallTally other) {
        List<String> both = new ArrayList<>(uncounted);
        both.addAll(other.uncounted);
        return new CallTally(placed + other.placed, answered + other.answered, rejected503 + other.rejected503,
                endedByFarEnd + other.endedByFarEnd, completed + other.completed, both);
    }

    /** Calls answered and not yet ended, by either side. */
    public long up() {
        return Math.max(0, answered - endedByFarEnd - completed);
    }

    @Override
    public String toString() {
        return "placed " + placed + ", answered " + answered + ", 503 " + rejected503 + ", ended by the far end "
                + endedByFarEnd + ", completed " + completed;
    }
}
