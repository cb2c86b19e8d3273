package dev.scalingsuite.twin.stack;

/**
 * A twin setting the twin cannot start with; the message names the key and what is allowed. The
 * user's input: no stack frames, so the message is printed alone.
 */
public final class TwinConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TwinConfigException(String message) {
        super(message, null, false, false);
    }
}
