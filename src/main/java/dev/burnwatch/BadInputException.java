package dev.burnwatch;

/**
 * Input that cannot be used: a bad flag value, an unreadable file, a script that cannot be
 * patched. The message says what was wrong, where, and what to do; the CLI exits with 2.
 */
public class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
