package dev.scalingsuite.twin.api;

/**
 * An error the twin answers in the AWS shape of the caller's protocol: an error code the SDKs map to
 * their modelled exceptions, a message, and whether the caller or the service is at fault.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
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

    public boolean senderFault() {
        return status < 500;
    }
}
