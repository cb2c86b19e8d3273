package dev.scalingsuite.fleet;

/**
 * Calls as the load generator counted them, the SIP view: answered (200 on INVITE), rejected with a
 * SIP 503, ended by the far end (its BYE before the suite ended the call), completed (ended by the
 * suite). Whether a call the far end ended was refused or dropped by the stack is not a SIP fact:
 * see {@link CallReconciliation}.
 */
public record CallTally(long placed, long answered, long rejected503, long endedByFarEnd, long completed) {

    public static final CallTally NONE = new CallTally(0, 0, 0, 0, 0);

    public CallTally plus(CallTally other) {
        return new CallTally(placed + other.placed, answered + other.answered, rejected503 + other.rejected503,
                endedByFarEnd + other.endedByFarEnd, completed + other.completed);
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
