package dev.scalingsuite.load;

/**
 * Calls of one UAC instance, from SIPp's per-message {@code -trace_counts} columns rather than
 * SuccessfulCall/FailedCall (which count a handled 503 or a far-end BYE as success).
 *
 * @param placed INVITEs sent
 * @param answered 200 received on the INVITE
 * @param rejected 503 received on the INVITE
 * @param dropped BYE received from the far end before the suite ended the call: ended by the far
 *     end, in SIP terms; whether the stack refused the call or dropped it only the agents' log events
 *     tell ({@link dev.scalingsuite.fleet.CallReconciliation})
 * @param completed calls the suite ended: 200 received on the caller's own BYE
 * @param timedOut INVITEs that got no final answer in time
 */
public record CallCounts(long placed, long answered, long rejected, long dropped, long completed, long timedOut) {

    public static final CallCounts NONE = new CallCounts(0, 0, 0, 0, 0, 0);

    /** Answered calls that have neither been dropped nor completed: held, or being ended. */
    public long up() {
        return Math.max(0, answered - dropped - completed);
    }

    /**
     * Reads the last row of a {@code -trace_counts} file. Columns are {@code <index>_<message>_<what>};
     * a response column belongs to the request last sent before it in the scenario.
     *
     * @param header the file's first line
     * @param row its last line (the latest counts)
     */
    public static CallCounts parse(String header, String row) {
        String[] names = header.strip().split(";");
        String[] values = row.strip().split(";");
        long placed = 0;
        long answered = 0;
        long rejected = 0;
        long dropped = 0;
        long completed = 0;
        long timedOut = 0;
        String lastRequestSent = "";
        for (int i = 0; i < names.length && i < values.length; i++) {
            String[] parts = names[i].split("_", 3);
            if (parts.length < 3) {
                continue;
            }
            String message = parts[1];
            String what = parts[2];
            long value = number(values[i]);
            boolean response = message.chars().allMatch(Character::isDigit);
            if (!response && what.equals("Sent")) {
                lastRequestSent = message;
                if (message.equals("INVITE")) {
                    placed += value;
                }
            } else if (response && what.equals("Recv")) {
                if (lastRequestSent.equals("INVITE") && message.equals("200")) {
                    answered += value;
                } else if (lastRequestSent.equals("INVITE") && message.equals("503")) {
                    rejected += value;
                } else if (lastRequestSent.equals("BYE") && message.equals("200")) {
                    completed += value;
                }
            } else if (response && what.equals("Timeout") && lastRequestSent.equals("INVITE")
                    && message.equals("200")) {
                timedOut += value;
            } else if (!response && message.equals("BYE") && what.equals("Recv")) {
                dropped += value;
            }
        }
        return new CallCounts(placed, answered, rejected, dropped, completed, timedOut);
    }

    private static long number(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
