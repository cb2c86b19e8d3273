package dev.scalingsuite.fleet;

/**
 * Call outcomes as the load generator counted them: answered (200 on INVITE), rejected (503),
 * dropped (the far end hung up before the suite ended the call), completed (ended by the suite).
 */
public record CallTally(long placed, long answered, long rejected, long dropped, long completed) {

    public static final CallTally NONE = new CallTally(0, 0, 0, 0, 0);

    public CallTally plus(CallTally other) {
        return new CallTally(placed + other.placed, answered + other.answered, rejected + other.rejected,
                dropped + other.dropped, completed + other.completed);
    }

    /** Calls answered and not yet ended, by either side. */
    public long up() {
        return Math.max(0, answered - dropped - completed);
    }

    @Override
    public String toString() {
        return "placed " + placed + ", answered " + answered + ", rejected " + rejected + ", dropped " + dropped
                + ", completed " + completed;
    }
}
