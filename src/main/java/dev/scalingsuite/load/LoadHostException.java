package dev.scalingsuite.load;

/** A load host could not be reached, or SIPp on it did not do what was asked; the message says what to check. */
public class LoadHostException extends RuntimeException {

    public LoadHostException(String message) {
        super(message);
    }

    public LoadHostException(String message, Throwable cause) {
        super(message, cause);
    }
}
