package dev.burnwatch.cli;

/**
 * A command ran but its check failed or the operation was refused; exits with
 * {@link ExitCode#CHECK_FAILED}. The message is shown to the operator as it is.
 */
public class CheckFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CheckFailedException(String message) {
        super(message);
    }
}
