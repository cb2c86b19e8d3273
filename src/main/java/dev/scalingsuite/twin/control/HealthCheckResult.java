package dev.scalingsuite.twin.control;

/**
 * What one of the NLB's HTTP health checks got from a target: an HTTP status, or no answer at all.
 *
 * @param httpStatus the target's status code; 0 when no answer came
 * @param detail what went wrong on the wire, for logs and tests; empty for an answer
 */
public record HealthCheckResult(Outcome outcome, int httpStatus, String detail) {

    /** How a check ended. */
    public enum Outcome {
        /** The target answered with a status code, whichever. */
        ANSWERED,
        /** No complete answer within the health check timeout. */
        TIMEOUT,
        /** Nothing listened, or the connection was reset or closed before an answer. */
        CONNECTION_ERROR
    }

    public static HealthCheckResult answered(int httpStatus) {
        return new HealthCheckResult(Outcome.ANSWERED, httpStatus, "");
    }

    public static HealthCheckResult timedOut(String detail) {
        return new HealthCheckResult(Outcome.TIMEOUT, 0, detail);
    }

    public static HealthCheckResult connectionError(String detail) {
        return new HealthCheckResult(Outcome.CONNECTION_ERROR, 0, detail);
    }

    /**
     * Whether the check passed: an answer the NLB's default matcher for HTTP health checks takes, 200 to
     * 399 (the stack sets no matcher; Elastic Load Balancing API Reference, {@code Matcher}: "For Network
     * Load Balancers, ... the default value being 200-399"). A timeout or a connection error fails it.
     */
    public boolean passed() {
        return outcome == Outcome.ANSWERED && httpStatus >= 200 && httpStatus <= 399;
    }
}
