package dev.scalingsuite.twin.api;

/** A kind of fault the AWS endpoint injects into the suite's API calls, as the fault counts name it. */
public enum ApiFault {

    /** HTTP 400 with the protocol's throttling code: the SDK backs off longer and retries. */
    THROTTLING("throttling"),
    /** HTTP 500 InternalFailure: the SDK retries with its normal backoff. */
    INTERNAL_FAILURE("5xx"),
    /** HTTP 503 ServiceUnavailable from a service that is down: every retry fails too. */
    SERVICE_UNAVAILABLE("down"),
    /** The answer waited {@code apiLatency}, whatever it was. */
    LATENCY("latency");

    private final String label;

    ApiFault(String label) {
        this.label = label;
    }

    /** The short name of the summary the twin logs when it closes. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
