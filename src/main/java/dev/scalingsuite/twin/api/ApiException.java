package dev.scalingsuite.twin.api;

/**
 * An error the twin answers in the AWS shape of the caller's protocol: an error code the SDKs map to
 * their modelled exceptions, a message, and whether the caller or the service is at fault.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String queryCode;

    public ApiException(int status, String code, String message) {
        this(status, code, code, message);
    }

    /**
     * An error of an {@code awsQueryCompatible} service such as CloudWatch, whose errors have two codes:
     * the shape name the JSON and CBOR protocols put in {@code __type} (the SDKs pick the exception class
     * by it), and the older awsQuery code that awsQuery answers carry and the JSON protocols repeat in
     * the {@code x-amzn-query-error} header (the SDKs report it as the error code).
     */
    public ApiException(int status, String code, String queryCode, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.queryCode = queryCode;
    }

    public static ApiException validation(String message) {
        return new ApiException(400, "ValidationException", message);
    }

    public static ApiException client(String code, String message) {
        return new ApiException(400, code, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The awsQuery error code; the same as {@link #code()} unless the service is query-compatible. */
    public String queryCode() {
        return queryCode;
    }

    /** True when the awsQuery code differs from the shape name and must travel in a header. */
    public boolean queryCompatible() {
        return !queryCode.equals(code);
    }

    public boolean senderFault() {
        return status < 500;
    }
}
